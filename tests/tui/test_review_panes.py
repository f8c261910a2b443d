"""The review screen's tabs are panes that own their keys; the screen keeps the keys of every tab."""

from __future__ import annotations

from ilt_kit.tui.review.followup_pane import FollowUpPane
from ilt_kit.tui.review.sessions_pane import SessionsPane
from ilt_kit.tui.screens.review import ReviewScreen


def test_each_review_tab_is_a_pane_that_owns_its_keys():
    def ids(owner: type) -> set[str]:
        return {binding.id for binding in owner.BINDINGS}

    assert ids(SessionsPane) == {"review.open", "review.filter", "review.sort", "review.finished"}
    assert ids(FollowUpPane) == {"review.done"}
    screen = ids(ReviewScreen)
    assert {"review.school", "review.back"} <= screen and not screen & (ids(SessionsPane) | ids(FollowUpPane))


def test_the_panes_announce_what_changed():
    from pathlib import Path

    from ilt_kit.review.entry import BadEntry

    saved = FollowUpPane.Saved(Path("a.toml"), BadEntry(Path("a.toml"), ()))
    assert saved.path == Path("a.toml") and isinstance(saved.entry, BadEntry)
    assert SessionsPane.Opened.handler_name == "on_sessions_pane_opened"
    assert FollowUpPane.Saved.handler_name == "on_follow_up_pane_saved"

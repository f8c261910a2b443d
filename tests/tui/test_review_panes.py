"""The review screen's tabs are panes that own their keys; the screen keeps the keys of every tab."""

from __future__ import annotations

from ilt_kit.tui.review.followup_pane import FollowUpPane
from ilt_kit.tui.review.sessions_pane import SessionsPane
from ilt_kit.tui.screens.review import ReviewScreen
from tests.tui.conftest import driven


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


async def test_the_help_on_the_sessions_tab_lists_its_keys_once_and_tab_keeps_the_focus_in_the_tab_so_its_keys_still_work(make_app, make_session):
    """The help on the sessions tab lists its keys once and not the other tabs'. Then (the help
    closed) the tabs are switched with their digits; Tab never parks the focus on the tab bar,
    where the shown tab's own keys (o, /, f, x) would do nothing."""
    from tests.tui.conftest import plain
    from tests.tui.test_home_and_review import _saved_sessions

    handles = _saved_sessions(make_session)
    app, _ = make_app(scenario_id=None)
    app.start = lambda a: ReviewScreen(handles[0].path.parent, use_index=False)
    async with driven(app, size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        review, focused = app.screen, app.focused
        await pilot.press("question_mark")
        lines = [line.split() for w in app.screen.query("Static") for line in plain(w).splitlines() if line.strip()]
        keys = [words[0] for words in lines]
        assert keys.count("enter") == 1 and {"/", "o", "f", "escape"} <= set(keys)
        assert "x" not in keys  # the follow-up tab's key: it does nothing here
        await pilot.press("escape")  # the help closes: the review as it was, still sorted by date
        assert app.screen is review and app.focused is focused
        assert "sorted by date" in " ".join(plain(w) for w in app.screen.query("Static"))
        await pilot.press("tab", "o")
        await pilot.pause()
        status = " ".join(plain(w) for w in app.screen.query("Static"))
    assert "sorted by date" not in status and "sorted by" in status

"""Shared helpers for the review and report tests (this module holds no tests itself).

``run_meeting`` drives a whole ``test-all-kinds`` session through the engine with the fake clock,
the way a facilitator would, so the review tests read real engine-made records.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from ilt_kit.review.entry import SessionEntry
from ilt_kit.review.scan import load_entry

DANA, MARCUS, PRIYA, LUIS = "Dana Whitfield", "Marcus Chen", "Priya Raman", "Luis Ortega"
MEMBERS = [DANA, MARCUS, PRIYA, LUIS]


def run_meeting(
    session,
    clock,
    *,
    levels: dict[str, int] | None = None,
    evidence: dict[str, str] | None = None,
    ballots: dict[str, list[int]] | None = None,
    survey: dict[str, list[int]] | None = None,
    ideas: list[tuple[str, str, str]] | None = None,
    dots: list[tuple[str, int]] | None = None,
    hidden_dots: bool = False,
    rating: tuple[int, int] | None = (4, 5),
    actions: list[tuple[str, str, date | None]] | None = None,
    decisions: list[str] | None = None,
    finish: bool = True,
) -> None:
    """Run every segment of ``test-all-kinds``; each argument fills one segment.

    ``levels``: criterion -> agreed level; ``ballots``: criterion -> one level per member (in
    MEMBERS order) for round 1; ``survey``: statement -> one level per member; ``ideas``: (text,
    author, theme); ``dots``: (member, idea id), never revealed if ``hidden_dots``; ``rating``: the agreed (likelihood, impact) of
    'funding'; ``actions``: (what, owner, due).
    """
    levels = levels if levels is not None else {"shared-vision": 2, "efficacy": 1}
    evidence = evidence or {}
    ballots = ballots or {}
    s = session
    s.start()
    clock.advance(240)
    s.next()  # -> ideas
    for text, author, theme in ideas if ideas is not None else [("Peer visits every month", MARCUS, "Trust"), ("Protect PLC time", PRIYA, "Time")]:
        s.brainstorm.add(text, author, theme)
        s.speak(author or DANA)
        clock.advance(45)
    s.speak(None)
    clock.advance(300)
    s.next()  # -> score
    for criterion, level in levels.items():
        votes = ballots.get(criterion, [level, level, max(level - 1, 0), level])
        for member, vote in zip(MEMBERS, votes):
            s.rated.cast(criterion, member, vote)
        s.rated.reveal(criterion)
        clock.advance(200)
        s.rated.agree(criterion, level, evidence.get(criterion, ""))
    s.next()  # -> survey
    for statement, votes in (survey if survey is not None else {"trust": [5, 4, 4, 2]}).items():
        for member, vote in zip(MEMBERS, votes):
            s.rated.cast(statement, member, vote)
        s.rated.reveal(statement)
        clock.advance(60)
    s.next()  # -> futures
    if rating is not None:
        s.forecast.rate("funding", MARCUS, rating[0], rating[1])
        s.forecast.reveal()
        s.forecast.rate("funding", "team", rating[0], rating[1])
    clock.advance(500)
    s.next()  # -> dots
    s.segment.hidden = hidden_dots  # the scenario shows them as they are placed
    for member, idea in dots if dots is not None else [(MARCUS, 1), (MARCUS, 1), (PRIYA, 1), (DANA, 2)]:
        s.dots.place(member, idea)
    clock.advance(200)
    s.next()  # -> next-steps
    for what, owner, due in actions if actions is not None else [("Schedule peer visits", PRIYA, date(2026, 12, 15))]:
        s.actions.add(what, owner, due)
    for decision in decisions or []:
        s.add_decision(decision)
    clock.advance(600)
    if finish:
        s.finish()


def entry_of(path: Path) -> SessionEntry:
    loaded = load_entry(path)
    assert isinstance(loaded, SessionEntry), loaded
    return loaded


def make_meeting(make_session, clock, title: str, *, days_later: int = 0, min_group_size: int = 3, **kwargs) -> SessionEntry:
    """Advance the fake clock ``days_later`` days, then create, run and save one meeting (role
    groups smaller than ``min_group_size`` are not shown on their own)."""
    clock.advance(days_later * 86400)
    session, handle = make_session(title=title)
    session.record.min_group_size = min_group_size
    run_meeting(session, clock, **kwargs)
    return entry_of(handle.path)


def own_copy(made, tmp_path: Path, clock) -> Path:
    """A test's own copy of the sessions ``made_once`` made (a ``Made``), at ``tmp_path / "sessions"``
    where ``make_session`` saves, with the test's ``clock`` moved on as far as the one that made
    them, as if the test had made them itself. Returns the copy's folder."""
    folder = tmp_path / "sessions"
    shutil.copytree(made.folder, folder, symlinks=True)
    clock.advance(made.advanced)
    return folder

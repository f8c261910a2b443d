"""Review's compare tab: calibration per criterion, and the facilitator's private view behind ``p``."""

from __future__ import annotations

import pytest

from ilt_kit.review.second_rounds import PRIVATE_NOTE, PRIVATE_TITLE
from ilt_kit.tui.screens.review import ReviewScreen
from tests.tui.conftest import keyed, plain

ROUNDS = [
    # round 1, round 2 (Dana, the principal, first): round 1's median 2, exact 50%, adjacent 75%
    ([4, 1, 2, 2], [4, 2, 2, 3]),
    # round 1's median 3: exact 75%, adjacent 100%
    ([3, 3, 3, 2], None),
]


def _sessions(make_session):
    handles = []
    for n, (first, second) in enumerate(ROUNDS):
        session, handle = make_session(title=f"Vision {n + 1}")
        session.goto(2)
        for member, level in zip(session.member_names, first):
            session.rated.cast("shared-vision", member, level)
        session.rated.reveal("shared-vision")
        if second:
            session.rated.new_round("shared-vision")
            for member, level in zip(session.member_names, second):
                session.rated.cast("shared-vision", member, level)
            session.rated.reveal("shared-vision")
        session.rated.agree("shared-vision", 2 + n, "evidence")
        handles.append(handle)
    return handles


def test_private_view_says_when_no_principal_is_recorded_or_nothing_moved():
    from rich.console import Console

    from ilt_kit.review.second_rounds import PrivateView, SecondRounds
    from ilt_kit.tui.review.calibration_tables import private_parts
    from ilt_kit.tui.review.trend_tables import Palette

    def shown(view: PrivateView) -> str:
        console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        for part in private_parts(view, Palette()):
            console.print(part)
        return console.export_text()

    nobody = shown(PrivateView(False, []))
    assert PRIVATE_NOTE in nobody and "No principal is recorded" in nobody
    same = SecondRounds("c1", "Vision", 0, 2, 0, 0.0, 0.0, 0.0, 0.0, 0, 0)
    assert "the principal's first ballot was the median" in shown(PrivateView(True, [same]))
    assert "no criterion had a second round" in shown(PrivateView(True, []))
    absent = shown(PrivateView(True, [], absent=2))
    assert "the principal cast no rated first ballot" in absent and "no criterion had a second round" not in absent


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_compare_shows_calibration_and_the_private_view_only_after_p_snapshot(snap_compare, make_app, make_session, tmp_path, monkeypatch, size):
    """The compare tab's calibration, then the private view shown by ``p`` (and hidden again by
    it), and the picture of the private view."""
    from pathlib import Path

    from tests.tui.test_screens_snapshots import _settle

    _sessions(make_session)
    monkeypatch.chdir(tmp_path)  # the folder shows as "sessions": the same on every run
    app, _ = make_app(scenario_id=None)
    app.start = lambda a: ReviewScreen([Path("sessions")], use_index=False)

    async def run_before(pilot) -> None:
        await _settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        compare = plain(app.screen.query_one("#compare"))
        assert "Calibration · Test rubric" in compare
        assert "50% → 75%" in compare and "75% → 100%" in compare and "converging" in compare
        assert PRIVATE_NOTE not in compare and PRIVATE_TITLE not in compare

        await pilot.press("p")
        await pilot.pause()
        private = plain(app.screen.query_one("#compare"))
        assert PRIVATE_TITLE in private and PRIVATE_NOTE in private
        # the others moved 1->2, 2->2, 2->3: round 2 is 1/3 from the median 2 and 5/3 from Dana's 4
        assert "0.3→0.3" in private and "2.3→1.7" in private
        assert "1/3" in private and "2/3" in private and "Of 3 second ballots of other members: 1 moved toward the median, 2 toward the principal" in private
        assert "Dana" not in private.split(PRIVATE_NOTE, 1)[1].split("Movement", 1)[0]

        if size == (120, 36):  # hidden again by p (checked at one size), then shown again for the picture
            await pilot.press("p")
            await pilot.pause()
            assert PRIVATE_NOTE not in plain(app.screen.query_one("#compare"))
            await pilot.press("p")
            await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))

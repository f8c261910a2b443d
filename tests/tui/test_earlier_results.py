"""`shows = [...]`: every pane that can show earlier results shows them beside its own work,
from the summary section of the shown segment's kind (the same figures as the reports)."""

from __future__ import annotations

from tests.conftest import CONTENT, FakeClock
from tests.tui.conftest import driven, plain
from tests.tui.test_snapshots import ACTIONS, IDEAS, ROOM

SCENARIO = """\
id = "test-shows"
title = "Every kind shows"
purpose = "Each segment shows the results of an earlier one."
minutes = 70

[source]
framework = "Test framework"

[[segments]]
id = "ideas"
title = "Imagine"
kind = "brainstorm"
minutes = 10
themes = ["Time", "Trust"]

[[segments]]
id = "survey"
title = "Where are we now?"
kind = "survey"
minutes = 10
survey = "test-survey"

[[segments]]
id = "score"
title = "Score the vision"
kind = "rubric"
minutes = 10
rubric = "test-rubric"
shows = ["survey"]

[[segments]]
id = "futures"
title = "Forces"
kind = "forecast"
minutes = 10
shows = ["score"]

[[segments.items]]
id = "funding"
title = "Funding cuts"

[[segments]]
id = "dots"
title = "Vote"
kind = "prioritize"
minutes = 10
source = "ideas"
dots = 3
shows = ["futures"]

[[segments]]
id = "next-steps"
title = "Next steps"
kind = "actions"
minutes = 10
shows = ["dots", "score"]

[[segments]]
id = "more"
title = "More ideas"
kind = "brainstorm"
minutes = 5
shows = ["next-steps"]

[[segments]]
id = "close"
title = "Close"
kind = "briefing"
minutes = 5
shows = ["survey"]
"""

# What each segment's pane shows of the segments it names (the pane's earlier-results widget id).
EXPECTED = {
    "close": ("#shown", ["From “Where are we now?”", "agree: everyone"]),
    "more": ("#brainstorm-shown", ["From “Next steps”", "○ Visit two classrooms a week — Marcus Oyelaran-Fitzgerald"]),
    "next-steps": ("#actions-shown", ["From “Vote”", "dots not revealed: 0 of 8 members placed their dots", "From “Score the vision”", "3 Established"]),
    "dots": ("#prioritize-shown", ["From “Forces”", "Funding cuts"]),
    "futures": ("#forecast-shown", ["From “Score the vision”", "Shared vision for student learning"]),
    "score": ("#rated-shown", ["From “Where are we now?”", "agree: everyone"]),
}


def _app(tmp_path, start: int = 7):
    from ilt_kit.content.library import load_library, load_team
    from ilt_kit.tui.app import IltApp

    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "test-shows.toml").write_text(SCENARIO, encoding="utf-8")
    library = load_library([CONTENT, tmp_path], cwd=tmp_path)
    assert library.problems == []
    team = load_team(ROOM)
    clock = FakeClock()
    app = IltApp(library, sessions_dir=tmp_path / "sessions", team=team, clock=clock, wall=clock.wall)
    session, handle = app.new_session(library.scenario("test-shows"), team, "Blue sky — Lincoln MS", "Dana Whitfield")
    names = session.member_names
    for text, theme in IDEAS[:4]:
        session.brainstorm.add(text, theme=theme)
    session.goto(1)  # the survey: one statement revealed
    statement = session.segment.criteria[0].id
    for name, level in zip(names, [4, 5, 4, 2, 4, 1, 5, 3]):
        session.rated.cast(statement, name, level)
    session.rated.reveal(statement)
    session.goto(2)  # the rubric: a level agreed
    criterion = session.segment.criteria[0].id
    for name in names:
        session.rated.cast(criterion, name, 3)
    session.rated.reveal(criterion)
    session.rated.agree(criterion, 3)
    session.goto(3)
    session.forecast.rate("funding", names[0], 4, 5)
    session.goto(4)
    for name, idea in zip(names, [1, 1, 2, 3, 1, 2, 4, 2]):
        session.dots.place(name, idea)
    session.goto(5)
    for what, owner, due, link in ACTIONS:
        session.actions.add(what, owner, due, link)
    session.goto(start)
    app.start = lambda a: a.run_screen(session, handle)
    return app


async def _walk_back(app, pilot, at_next_steps=None, at_score=None) -> None:
    """From the last segment back to the survey by ``p``: on each pane that shows earlier results,
    what it shows of the segments it names; ``at_next_steps(pilot)`` and ``at_score(pilot)`` run
    on those panes, after their own checks (they end on the same segment they began on)."""
    seen = []
    for segment_id in ["close", "more", "next-steps", "dots", "futures", "score"]:
        assert app.session.segment.id == segment_id
        widget_id, wanted = EXPECTED[segment_id]
        widget = app.screen.pane.query_one(widget_id)
        assert widget.display and widget.region.width >= 12, (segment_id, widget.region)
        text = " ".join(plain(widget, widget.region.width).split())
        for words in wanted:
            assert words in text, (segment_id, words, text)
        seen.append(segment_id)
        extra = {"next-steps": at_next_steps, "score": at_score}.get(segment_id)
        if extra is not None:
            await extra(pilot)
            assert app.session.segment.id == segment_id
        await pilot.press("p")  # back to the segment before
        await pilot.pause()
    assert len(seen) == len(EXPECTED)


async def test_every_pane_shows_the_earlier_results_it_names_at_80x24(tmp_path):
    app = _app(tmp_path)
    async with driven(app, size=(80, 24)) as pilot:
        await pilot.pause()
        await _walk_back(app, pilot)


async def test_every_pane_shows_the_earlier_results_it_names_a_dot_vote_only_once_revealed_and_a_pane_without_shows_none_at_120x36(tmp_path):
    """The walk back from the last segment at 120x36; on its way, on the actions: a dot vote shows
    its ranking beside a later segment only once revealed (before 'r', the actions beside the vote
    say only how many placed their dots). On the rubric: it shows the survey; the survey before it
    (a survey cannot show earlier results) shows none. Back on the survey, the room reveals its
    second statement; forward on the rubric again, the rubric's earlier results show it (the same
    pane: nothing kept from the first visit)."""
    app = _app(tmp_path)

    async def dot_vote_revealed(pilot) -> None:
        shown = plain(app.screen.pane.query_one("#actions-shown"))
        assert "dots not revealed" in shown and "Every student has an adult" not in shown and "3 dots" not in shown
        await pilot.press("p")  # back to the vote
        await pilot.pause()
        assert app.session.segment.id == "dots"
        await pilot.press("r", "n")  # reveal, and on to the actions
        await pilot.pause()
        assert app.session.segment.id == "next-steps"
        text = " ".join(plain(app.screen.pane.query_one("#actions-shown")).split())
        assert "1. #1 Every student has an adult" in text and "3 dots" in text and "not revealed" not in text

    async def survey_shows_none_and_its_second_statement_follows(pilot) -> None:
        shown = app.screen.pane.query_one("#rated-shown")
        assert shown.display  # the rubric shows the survey
        assert "Partnership" not in plain(shown)  # only the first statement was revealed
        await pilot.press("p")  # the survey opens where the room left it: its first statement
        await pilot.pause()
        assert app.session.segment.id == "survey"
        assert not app.screen.pane.query_one("#rated-shown").display
        await pilot.press("right", *"45424153", "r")  # the second statement, not yet revealed
        await pilot.pause()
        assert app.session.segment.id == "survey"
        await pilot.press("n", "y")  # next, and yes to leaving the survey with no level agreed
        await pilot.pause()
        assert app.session.segment.id == "score"
        assert "Partnership" in plain(app.screen.pane.query_one("#rated-shown"))

    async with driven(app, size=(120, 36)) as pilot:
        await pilot.pause()
        await _walk_back(app, pilot, dot_vote_revealed, survey_shows_none_and_its_second_statement_follows)

"""Drive a whole session of every segment kind through the keyboard and check the saved record."""

from __future__ import annotations

from datetime import date, datetime

from ilt_kit.store.files import load_record
from ilt_kit.tui.screens.run import RunScreen
from tests.tui.conftest import driven, plain, type_text, wait_until

SIZE = (120, 36)


async def test_full_session_of_every_kind(make_app):
    app, clock = make_app()
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RunScreen)
        path = app.session_file.path

        # briefing: start the timer, let 4 minutes pass, write a note
        await pilot.press("space")
        clock.advance(240)
        await pilot.press("w")
        await type_text(pilot, "Norms agreed")
        await pilot.press("ctrl+s")
        await pilot.press("n")

        # brainstorm: three ideas fast, a theme, talk time
        await pilot.press("i")
        for idea in ("Common planning time", "Peer visits", "Coaching cycles"):
            await type_text(pilot, idea)
            await pilot.press("enter")
        await pilot.press("escape")
        await pilot.press("t")
        await type_text(pilot, "Feedback")
        await pilot.press("enter")
        await pilot.press("f2")
        clock.advance(30)
        await pilot.press("f3")
        clock.advance(10)
        await pilot.press("full_stop")
        await pilot.press("n")

        # rubric: four hidden ballots, reveal, another round, agree a level
        await pilot.press(*"3314")
        shown = plain(screen.query_one("#rubric-ballots"))
        assert "4 of 4 answered" in shown and "Established" not in shown and "3" not in shown.split("answered")[1]
        assert "↑↓ member · type a level" in plain(screen.query_one("#vote"))
        await pilot.press("r")
        await pilot.press("v")
        await pilot.press(*"3333")
        await pilot.press("r")
        await pilot.press("a")
        await type_text(pilot, "3")
        await pilot.press("enter")
        await type_text(pilot, "Plans cite student work")
        await pilot.press("ctrl+s")
        await pilot.press("right")
        await pilot.press("t")  # tally for the second criterion
        await pilot.press("down", "2")  # level 1: 2 hands, and on to level 2
        await pilot.press("down", "2")  # level 3: 2 hands (four in all: the team has four members)
        await pilot.press("r")
        await pilot.press("n")
        assert app.screen.__class__.__name__ == "Confirm"  # the second criterion has no agreed level
        await pilot.press("y")

        # survey split by role
        await pilot.press(*"4542")
        await pilot.press("r")
        await pilot.press("n")
        if app.screen.__class__.__name__ == "Confirm":  # statements without answers: asked once
            await pilot.press("y")

        # forecast: rate the seeded force as the first member, then as the team
        await pilot.press("4", "5")
        await pilot.press(*["right_square_bracket"] * 4)
        await pilot.press("2", "5")
        await pilot.press("r", "n")  # reveal the ratings, then move on

        # prioritize: dots from the first member
        await pilot.press("enter", "enter", "down", "enter")
        await pilot.press("n")

        # actions: one action with a due date, marked done later
        await pilot.press("a")
        await type_text(pilot, "Schedule peer visits")
        await pilot.press("enter")
        await type_text(pilot, "Priya Raman")
        await pilot.press("enter")
        await type_text(pilot, "2026-12-15")
        await pilot.press("enter")
        await type_text(pilot, "idea 2")
        await pilot.press("enter")
        await pilot.press("n")

        # reflection is last: n asks to finish
        await pilot.press("n")
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "SummaryScreen"
        assert app.flush_saves()

    record = load_record(path)
    by_id = {s.id: s for s in record.segments}
    assert record.status == "finished"
    assert by_id["welcome"].notes == "Norms agreed"
    assert by_id["welcome"].elapsed_seconds == 240
    ideas = by_id["ideas"].ideas
    assert [i.text for i in ideas] == ["Common planning time", "Peer visits", "Coaching cycles"]
    assert ideas[2].theme == "Feedback"
    assert {t.member: t.seconds for t in by_id["ideas"].talk} == {"Marcus Chen": 30, "Priya Raman": 10}
    vision = by_id["score"].criteria[0]
    assert [[b.level for b in r.ballots] for r in vision.rounds] == [[3, 3, 1, 4], [3, 3, 3, 3]]
    assert all(r.revealed for r in vision.rounds)
    assert (vision.agreed, vision.evidence) == (3, "Plans cite student work")
    tally = by_id["score"].criteria[1].rounds[0]
    assert tally.mode == "tally" and {t.level: t.count for t in tally.tally} == {1: 2, 3: 2}
    survey = by_id["survey"].criteria[0].rounds[0]
    assert {b.member: b.level for b in survey.ballots} == {
        "Dana Whitfield": 4, "Marcus Chen": 5, "Priya Raman": 4, "Luis Ortega": 2,
    }
    funding = by_id["futures"].items[0]
    assert [(r.member, r.likelihood, r.impact) for r in funding.ratings] == [("Dana Whitfield", 4, 5)]
    assert (funding.likelihood, funding.impact) == (2, 5)
    assert sorted((d.idea, d.count) for d in by_id["dots"].dots) == [(1, 2), (2, 1)]
    action = by_id["next-steps"].actions[0]
    assert (action.what, action.owner, action.due, action.link) == ("Schedule peer visits", "Priya Raman", date(2026, 12, 15), "idea 2")


async def test_refused_input_is_a_notification_the_help_lists_the_fixed_keys_and_ballots_are_never_shown_before_reveal(make_app):
    app, _ = make_app(done=2)  # on the rubric: its pane's keys and the screen's
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        # refused input is a notification, not a crash
        await pilot.press("7")  # not on the 0-4 scale
        await pilot.pause()
        assert any("not on this scale" in n.message for n in app._notifications)
        assert app.session.rated.voted("shared-vision") == set()
        # the help lists the fixed keys
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(plain(w) for w in app.screen.query("Static"))
        keys = {line.split()[0] for line in text.splitlines() if line.strip()}
        for key in ("space", "n", "p", "+", "-", "r", "0-9", "up", "down", "?", "q", "F1-F9", "ctrl+p"):
            assert key in keys, key
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        # ballots are never shown before the reveal
        await pilot.press("4")
        await pilot.pause()
        text = plain(app.screen.query_one("#rubric-ballots"))
        assert "1 of 4 answered" in text and "● answered" in text
        assert "Sustaining" not in text and "4" not in text.split("answered")[1]
        await pilot.press("r")
        await pilot.pause()
        text = plain(app.screen.query_one("#vote"))
        assert "REVEALED" in text and "4 Sustaining" in text


async def test_the_projected_end_moves_on_while_paused_timer_label_and_bell_follow_the_clock_and_a_finished_session_reopens(make_app):
    """Paused, the segment's minutes are still to come: every minute the room waits, the agenda's
    "Ends" is a minute later, without a key pressed. Then the timer runs: its label and the bell
    follow the clock. Then the session is finished and reopened."""
    from datetime import timedelta

    app, clock = make_app()
    bells = []
    app.bell = lambda: bells.append(True)
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()

        def ends() -> str:
            lines = ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]
            return next(line.split("Ends ≈ ", 1)[1][:5] for line in lines if "Ends ≈ " in line)

        first = ends()
        assert first == app.session.projection().projected_end.strftime("%H:%M")
        clock.advance(10 * 60)  # ten minutes of talk before anyone starts the timer
        later = (datetime.strptime(first, "%H:%M") + timedelta(minutes=10)).strftime("%H:%M")
        await wait_until(pilot, lambda: ends() == later, f"the agenda ending at {later}")
        assert plain(app.screen.query_one("#phase")).strip() == "READY · space starts"
        # the timer's label and the bell follow the clock
        assert app.session.timer().elapsed == 0
        await pilot.press("space")
        phase = app.screen.query_one("#phase")
        shows = lambda label: lambda: plain(phase).strip() == label  # noqa: E731
        clock.advance(250)  # 50 s of 300 left: under 20 %
        await wait_until(pilot, shows("UNDER 20% LEFT"), "under 20 % left")
        clock.advance(40)
        await wait_until(pilot, shows("UNDER 5% LEFT"), "under 5 % left")
        clock.advance(20)
        await wait_until(pilot, shows("OVERTIME"), "overtime")
        assert app.screen.query_one("#topbar").has_class("-overtime")
        await pilot.pause(0.3)
        assert len(bells) == 1  # one bell at zero, not one per tick
        # a finished session can be reopened
        await pilot.press("F", "y")  # finish: the summary
        await pilot.pause()
        await pilot.press("escape")  # back to the run screen
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "Confirm"
        await pilot.press("y")
        await pilot.pause()
        assert not app.session.finished
        await pilot.press("space")
        assert app.session.running


async def test_a_screen_is_made_with_the_breakpoint_classes_of_the_terminal(make_app):
    """Styled once as it opens: the classes its first resize would set are there when it is made,
    and later resizes still move them."""
    from ilt_kit.tui.screens.home import HomeScreen

    app, _ = make_app()
    async with driven(app, size=(80, 24)) as pilot:
        await pilot.pause()
        assert RunScreen(app.session).has_class("-narrow", "-short")
        assert HomeScreen().has_class("-narrow")
        assert app.screen.has_class("-narrow", "-short")
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert RunScreen(app.session).has_class("-wide", "-tall")
        assert app.screen.has_class("-wide", "-tall") and not app.screen.has_class("-narrow", "-short")


async def test_command_palette_offers_the_screen_actions_and_quit_asks_first_and_keeps_the_file(make_app):
    app, _ = make_app()
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Timer (space)" in titles
        assert "Next (n)" in titles
        assert not any(t.startswith("Reveal") for t in titles)  # a briefing has nothing to reveal
        await pilot.press("n", "n")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Reveal (r)" in titles
        # quit asks first and keeps the file
        path = app.session_file.path
        await pilot.press("q")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "Confirm"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        await pilot.press("q", "y")
        await pilot.pause()
    assert path.exists() and load_record(path).status == "in progress"


async def test_resume_continues_where_it_was_left(make_app, library, team, tmp_path):
    app, clock = make_app()
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")
        clock.advance(100)
        await pilot.press("n")
        clock.advance(50)
        await pilot.press("q", "y")
    path = app.session_file.path

    from ilt_kit.tui.app import IltApp

    second = IltApp(library, sessions_dir=path.parent, clock=clock, wall=clock.wall)
    opened = second.open_session(path)
    second.start = lambda a: a.run_screen(*opened)
    async with driven(second, size=SIZE) as pilot:
        await pilot.pause()
        assert second.session.index == 1
        assert not second.session.running
        assert plain(second.screen.query_one("#phase")).strip() == "PAUSED"
        assert second.session.timer().elapsed == 50


def test_keys_that_do_one_thing_with_different_values_are_one_binding_group():
    """The help shows a level's digits, a forecast's ratings and the speakers' F-keys on one line
    each because their bindings share a group (Textual's ``Binding.Group``), not by their ids."""
    from ilt_kit.tui.panes.forecast import ForecastPane
    from ilt_kit.tui.panes.rated import RatedPane
    from ilt_kit.tui.screens.run import SPEAKER_BINDINGS

    for bindings, keys, count in ((RatedPane.BINDINGS, "0-9", 10), (ForecastPane.BINDINGS, "1-5", 5), (SPEAKER_BINDINGS, "F1-F9", 9)):
        groups = [b.group for b in bindings if b.group is not None]
        assert len(groups) == count and len(set(groups)) == 1, keys
        assert groups[0].keys == keys and groups[0].description


def test_binding_ids_are_unique_for_keymaps():
    from collections import Counter

    from ilt_kit.tui.app import IltApp

    ids = Counter(b.id for b in [*RunScreen.BINDINGS, *IltApp.BINDINGS])
    assert all(ids.values()) and [k for k, n in ids.items() if n > 1] == []
    assert None not in ids


async def test_the_footer_is_drawn_again_only_when_its_keys_change(library, tmp_path):
    """Closing the help gives the run screen its keys back, the same as before: the footer keeps
    its key widgets (Textual's would mount them all again). A reveal changes the keys: the footer
    follows at once."""
    from tests.tui.test_snapshots import _app

    app, _ = _app(library, tmp_path, 2)  # the rubric, ballots hidden
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        before = list(app.screen.query("FooterKey"))
        assert [k.description for k in before if k.description][:2] == ["Score", "Reveal"]
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert list(app.screen.query("FooterKey")) == before  # the very same widgets
        await pilot.press(*"3333", "r")
        await pilot.pause()
        shown = [k.description for k in app.screen.query("FooterKey")]
        assert "Revote" in shown and "Reveal" not in shown


async def test_a_kinds_pane_is_mounted_when_its_first_segment_begins_and_takes_the_keys_at_once(make_app):
    """The run screen opens with the current segment's pane only; moving on mounts the next kind's
    pane, which has the keys pressed right after the move (a ballot typed with the ``n``); going back
    finds the earlier pane as it was left, entered again."""
    from ilt_kit.tui.panes.base import Pane

    app, _ = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert [pane.id for pane in screen.query(Pane)] == ["prompt"]
        await pilot.press("n", "n", "3")  # to the brainstorm, to the rubric, and the first member's ballot
        assert [pane.id for pane in screen.query(Pane)] == ["prompt", "brainstorm", "rated"]
        assert screen.focused is screen.pane and screen.pane.id == "rated"
        first = screen.session.segment.criteria[0]
        assert [(b.member, b.level) for b in first.rounds[-1].ballots] == [(screen.session.member_names[0], 3)]
        await pilot.press("p", "a")  # back to the brainstorm: its keys (a: the quick idea box)
        assert screen.pane.id == "brainstorm" and "-open" in screen.query_one("#quick").classes
        assert len(screen.query(Pane)) == 3

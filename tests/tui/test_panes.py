"""Each run-screen pane, driven by keys with a realistic room (eight members, long texts), at the
sizes a projector gives: what the room must read is on the screen, whole, and nothing misleads."""

from __future__ import annotations

import re

import pytest
from textual.widgets import OptionList

from tests.conftest import FIXTURES
from tests.tui.conftest import driven, plain, wait_until
from tests.tui.test_hostile_text import screen_cells
from tests.tui.test_snapshots import ACTIONS, IDEAS, _app

SMALL, LARGE = (80, 24), (120, 36)
SIZES = [SMALL, LARGE]


def lines(app) -> list[str]:
    return screen_cells(app)[0].splitlines()


def flat(app) -> str:
    return " ".join(" ".join(lines(app)).split())


def body(app) -> str:
    """The screen right of the agenda column, its lines joined (words that wrap join again)."""
    text = []
    for line in lines(app)[6:-1]:
        parts = line.split("│", 1)
        text.append(parts[1] if len(parts) > 1 else line)
    return " ".join(" ".join(text).split())


async def start(app, pilot, *keys: str) -> None:
    await pilot.pause()
    if keys:
        await pilot.press(*keys)
    await pilot.pause()


# ------------------------------------------------------------------------------------- actions


# The checks of what a pane shows on the screen of a snapshot (``test_snapshots.py`` runs each on
# the snapshot's app, in the state and at the sizes it names): one app start for both.


def actions_what_owner_due_and_status_are_readable(app) -> None:  # noqa: ANN001
    """Run on the actions' snapshot at both sizes."""
    text = body(app).replace("│", " ")
    text = " ".join(text.split())
    words = set(text.split())
    for what, owner, due, _link in ACTIONS:
        assert set(what.split()) <= words, (what, text)  # the 90-character action whole, wrapped, not cut
        assert set(owner.split()) <= words, owner  # the two-word owner whole
        if due:
            assert due.isoformat() in text
    assert "…" not in text
    assert text.count("open") >= len(ACTIONS)


# ------------------------------------------------------------------------------------- rubric


async def test_rubric_title_levels_and_voters_in_sight_at_120x36_a_changed_ballot_said_a_new_themes_colours_and_a_resize(library, tmp_path):
    """One rubric at 120x36, in turn: what the room reads while voting; the voters' lines (kept
    drawn between ballots) take a new theme's colours; changing a cast ballot is said on screen;
    moving on to the next criterion resets it to its top; the terminal can be resized."""

    def answered_colours() -> set[str]:
        strips = app.screen._compositor.render_strips()
        return {
            seg.style.color.triplet.hex for strip in strips for seg in strip
            if "●" in seg.text and seg.style and seg.style.color and seg.style.color.triplet
        }

    app, _ = _app(library, tmp_path, 2)
    async with driven(app, size=LARGE, notifications=True) as pilot:
        await start(app, pilot, "3")
        text = flat(app)
        rubric = library.rubric("test-rubric")
        assert "Shared vision for student learning" in text
        for level in rubric.scale.levels:
            assert f"{level.value} {level.label}" in text
        assert "Each teacher works from a private picture." in text  # a descriptor of this criterion
        for member in app.session.member_names:
            assert member[:8] in text
        assert "1 of 8 answered" in text
        # the voters' lines take a new theme's colours
        before = app.get_css_variables()["success"].lower()
        assert answered_colours() == {before}
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        after = app.get_css_variables()["success"].lower()
        assert after != before
        assert answered_colours() == {after}
        # changing a cast ballot is said on screen
        assert not any("ballot is changed" in n.message for n in app._notifications)
        await pilot.press("up", "2")  # back to the first member, who has voted
        await pilot.pause()
        assert any("ballot is changed" in n.message for n in app._notifications)
        assert "1 of 8 answered" in flat(app)
        # moving on resets the criterion to its top
        box = app.screen.query_one("#criterion-box")
        await pilot.press("pagedown")
        await pilot.press("right")
        await pilot.pause()
        assert box.scroll_y == 0
        # the terminal can be resized on the rubric's pane
        await resizes_both_ways(app, pilot)


async def test_digits_are_ballots_on_the_rubric_pane_and_text_in_a_dialog_and_leaving_with_criteria_unagreed_asks_once(library, tmp_path):
    """A pane's keys are acted on as the app gets them, before the focused widget sees them: that
    must not take the digits typed into a dialog over the pane. Then, with no level agreed on any
    criterion, leaving asks once, naming how many."""
    app, _ = _app(library, tmp_path, 2)
    async with driven(app, size=LARGE) as pilot:
        await start(app, pilot, "t", "c")  # a show of hands, then a count typed out: a text prompt
        assert app.screen.__class__.__name__ == "TextPrompt"
        await pilot.press("0", "7", "enter")  # (no more hands than the room's eight members)
        await pilot.pause()
        rnd = app.screen.current_criterion().rounds[-1]
        assert {t.level: t.count for t in rnd.tally} == {0: 7}
        assert "7 hands" in flat(app)
        await pilot.press("right", "3")  # the next criterion: hidden ballots
        await pilot.pause()
        assert "1 of 8 answered" in flat(app)
        assert len(app.screen.current_criterion().rounds[-1].ballots) == 1
        # leaving: asked once
        assert all(c.agreed is None for c in app.session.segment.criteria)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "Confirm"
        assert "3 of 3 criteria have no agreed level yet" in flat(app)
        await pilot.press("n")  # stay
        await pilot.pause()
        assert app.session.index == 2
        await pilot.press("n")  # asked once: the second n moves on
        await pilot.pause()
        assert app.session.index == 3


async def test_resume_opens_at_the_criterion_in_progress_on_the_first_member_without_a_ballot(library, tmp_path):
    def prepare(session):
        session.goto(2)
        criteria = session.segment.criteria
        session.rated.agree(criteria[0].id, 3, "seen in plans")
        for name in session.member_names[:3]:
            session.rated.cast(criteria[1].id, name, 2)
        session.segment.focus = ""  # as a file from before the focus was kept

    app, _ = _app(library, tmp_path, 2, prepare=prepare)
    async with driven(app, size=LARGE) as pilot:
        await start(app, pilot)
        session = app.session
        criteria = session.segment.criteria
        assert app.screen.current_criterion().id == criteria[1].id
        assert "3 of 8 answered" in flat(app)
        await pilot.press("4")  # the fourth member, who had no ballot
        await pilot.pause()
        assert session.rated.voted(criteria[1].id) == set(session.member_names[:4])
        assert {b.member: b.level for b in criteria[1].rounds[-1].ballots}[session.member_names[3]] == 4


async def test_moving_between_criteria_moves_the_engines_focus_and_the_screen_draws_from_it(library, tmp_path):
    app, _ = _app(library, tmp_path, 2)
    async with driven(app, size=LARGE) as pilot:
        await start(app, pilot, "right")
        session = app.session
        second = session.segment.criteria[1]
        assert session.focus.item == second.id and session.segment.focus == second.id
        assert second.title in flat(app)
        session.focus_step(-1)  # the engine moves: the screen follows
        await pilot.press("3")
        await pilot.pause()
        assert session.segment.criteria[0].rounds[-1].ballots and not second.rounds[-1].ballots


async def test_a_show_of_hands_moves_to_the_next_level_and_counts_one_hand(library, tmp_path):
    app, _ = _app(library, tmp_path, 2)
    async with driven(app, size=LARGE) as pilot:
        await start(app, pilot, "t", "1", "2")  # level 0: 1 hand, level 1: 2 hands
        await pilot.pause()
        tally = app.screen.current_criterion().rounds[-1].tally
        assert {t.level: t.count for t in tally} == {0: 1, 1: 2}
        text = flat(app)
        assert "1 hand " in text + " " and "1 hands" not in text and "2 hands" in text


async def test_dot_vote_shows_rank_and_the_brainstorm_number_apart_and_the_selected_rows_dots_in_every_theme(library, tmp_path):
    """The rank and the brainstorm's number are shown apart. Then finding 6 of the mixed-rooms
    issue: on the projector theme the cursor's colour is the accent, the dots' colour too, so the
    selected row's dots vanished."""

    def contrast(one: str, two: str) -> float:
        """The WCAG contrast ratio of two colours ('#rrggbb')."""

        def luminance(hex_colour: str) -> float:
            channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
            r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
            return 0.2126 * r + 0.7152 * g + 0.0722 * b

        high, low = sorted((luminance(one), luminance(two)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    def dots_on_the_cursor(app) -> list[tuple[str, str]]:
        ranking = app.screen.query_one("#ranking")
        cursor = ranking.get_component_rich_style("option-list--option-highlighted").bgcolor.triplet.hex
        found = []
        for y in range(ranking.size.height):
            for seg in ranking.render_line(y):
                style = seg.style
                if "●" in seg.text and style and style.bgcolor and style.bgcolor.triplet.hex == cursor:
                    found.append((style.color.triplet.hex if style.color and style.color.triplet else "", cursor))
        return found

    app, _ = _app(library, tmp_path, 5)
    async with driven(app, size=LARGE) as pilot:
        # the rank and the brainstorm's number shown apart
        await start(app, pilot, "down", "down", "enter")  # a dot on idea 3
        await pilot.pause()
        assert re.search(r"1\. #3 A schedule with protected time", flat(app))
        ranking = app.screen.query_one("#ranking", OptionList)
        assert ranking.highlighted_option.id == "3"  # the selection moved with the idea
        # the selected row's dots in every theme
        await pilot.press("enter")  # a dot on the selected idea, which stays selected
        await pilot.pause()
        assert ranking.highlighted_option.id == "3"
        for theme in ("projector", "textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            await pilot.pause()
            found = dots_on_the_cursor(app)
            assert found, theme
            assert all(contrast(colour, cursor) >= 3 for colour, cursor in found), (theme, found)


# ------------------------------------------------------------------------------------- survey


def survey_says_share_agreeing_and_everyone_once(app) -> None:  # noqa: ANN001
    """Run on the revealed survey's snapshot at 120x36."""
    text = flat(app)
    assert "62% agree or strongly agree" in text  # 5 of 8
    assert "within one level" not in text.lower()
    assert text.count("Everyone") == 1
    for glyph in ("Strongly disagree", "No opinion", "Strongly agree"):
        assert glyph in text  # the legend, always
    assert "2 disagree · 1 no opinion · 5 agree" in text


async def test_a_tally_split_by_role_shows_everyone_once_and_changing_a_survey_ballot_names_no_one(library, tmp_path):
    """A show of hands on the first statement, split by role, shows everyone once. Then finding 6
    of the mixed-rooms issue: the toast named the member on the wall in every mode; a survey's
    answers are anonymous, so its toast names no one (on the next statement)."""
    app, _ = _app(library, tmp_path, 3)
    async with driven(app, size=LARGE, notifications=True) as pilot:
        await start(app, pilot, "t", "0", "1", "2", "3", "r")
        assert flat(app).count("Everyone") == 1
        assert not app._notifications
        await pilot.press("right", "3", "up", "2")  # the next statement: the first member answers, then changes it
        await pilot.pause()
        messages = [f"{n.title} {n.message}" for n in app._notifications]
        assert any("A ballot is changed" in m for m in messages)
        assert not [m for m in messages for name in app.session.member_names if name in m]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_central_office_of_one_is_not_shown_alone_at_the_reveal(library, tmp_path, size):
    """Finding 2 of the mixed-rooms issue: with one central-office member on a team of seven, her
    exact answer was a bar of its own after the reveal. Now neither group is split out (building
    would be everyone but her) and the screen says why."""
    app, _ = _app(library, tmp_path, 3, team_file=FIXTURES / "teams" / "room-of-seven.toml")
    async with driven(app, size=size) as pilot:
        await start(app, pilot, *"4542415", "r")
        text = " ".join(plain(app.screen.query_one("#vote"), size[0]).split())
        assert "Everyone" in text
        assert "Central Office" not in text and "Building" not in text  # no bar of a group
        assert "central office: fewer than 3 people, not shown separately" in text


# ------------------------------------------------------------------------------------- brainstorm


async def test_ideas_follow_screen_order_themes_merge_by_case_a_phones_idea_adds_its_row_alone_and_a_resize(library, tmp_path):
    """Up/Down go in screen order, an idea keeps its number and themes merge by case. Then finding 2
    of the join issue: every idea rebuilt the whole list (``BrainstormPane.show``), so a phone
    sending ideas back to back froze the projected screen. The rows already shown stay as they
    are; the new idea's row is added, and an edited idea's row alone is drawn again. Last, the
    terminal can be resized on the brainstorm's pane."""
    from ilt_kit.tui.panes.base import SessionChanged

    def prepare(session):
        session.goto(1)
        for text, theme in IDEAS:
            session.brainstorm.add(text, theme=theme)

    app, _ = _app(library, tmp_path, 1, prepare=prepare)
    async with driven(app, size=LARGE) as pilot:
        await start(app, pilot)
        session = app.session
        ideas = app.screen.query_one("#ideas", OptionList)
        order = []
        for _ in range(len(IDEAS)):
            order.append(int(ideas.highlighted_option.id))
            await pilot.press("down")
        # grouped by theme on screen (Time, Trust, then no theme): Up/Down go in that order
        assert order == [2, 3, 1, 4, 5, 6]
        assert re.search(r"\b2\. Teachers plan together", flat(app))
        await pilot.press("home", "t")  # idea 2
        await pilot.pause()
        assert "Trust" in flat(app)  # the suggestions and the themes in use are offered
        await pilot.press(*"tRUST", "enter")
        await pilot.pause()
        assert {i.theme for i in session.segment.ideas} == {"Time", "Trust", ""}
        # an idea from a phone adds its row and rebuilds no other
        before = list(ideas.options)
        added = session.brainstorm.add("Phones in the staff room", author=session.member_names[0])
        app.screen.post_message(SessionChanged())
        await pilot.pause()
        after = list(ideas.options)
        assert len(after) == len(before) + 1 and all(a is b for a, b in zip(before, after))
        assert after[-1].id == str(added)
        session.brainstorm.edit(added, text="Phones in the hall")
        app.screen.post_message(SessionChanged())
        await pilot.pause()
        again = list(ideas.options)
        assert all(a is b for a, b in zip(after[:-1], again[:-1]))
        assert "Phones in the hall" in flat(app)
        # the terminal can be resized on the brainstorm's pane
        await resizes_both_ways(app, pilot)


async def test_an_idea_from_a_phone_below_the_fold_scrolls_into_view(library, tmp_path):
    """Finding 6 of the mixed-rooms issue: a phone's idea landed below the fold and the list did not
    follow it. The list scrolls to it (the selection stays on the idea the facilitator is on)."""
    from ilt_kit.tui.panes.base import SessionChanged

    def prepare(session):
        session.goto(1)
        for text, theme in IDEAS * 2:
            session.brainstorm.add(text, theme=theme)

    app, _ = _app(library, tmp_path, 1, prepare=prepare)
    async with driven(app, size=SMALL) as pilot:
        await start(app, pilot)
        session = app.session
        ideas = app.screen.query_one("#ideas", OptionList)
        selected = ideas.highlighted_option.id
        for text in ("Phones in the staff room", "A quiet room for planning"):  # one after another
            session.brainstorm.add(text, author=session.member_names[0])
            app.screen.post_message(SessionChanged())
            await pilot.pause()
            assert text in flat(app)
        assert ideas.highlighted_option.id == selected


# ------------------------------------------------------------------------------------- dots, forecast


async def test_down_on_the_forecast_list_moves_the_engines_focus(library, tmp_path):
    def prepare(session):
        session.goto(4)
        session.forecast.add_item("Enrolment falls")

    app, _ = _app(library, tmp_path, 4, prepare=prepare)
    async with driven(app, size=LARGE) as pilot:
        await start(app, pilot, "down", "4", "5")
        session = app.session
        second = session.segment.items[1]
        assert session.focus.item == second.id
        assert [(r.likelihood, r.impact) for r in second.ratings] == [(4, 5)]


# ------------------------------------------------------------------------------------- prompts, clock


def a_reflection_shows_the_results_it_refers_to(app) -> None:  # noqa: ANN001
    """Run on the reflection's snapshot at 120x36."""
    text = flat(app)
    assert "From “Vote”" in text and "#1 Every student has an adult" in text and "3 dots" in text
    assert "From “Where are we now?”" in text and "everyone 62%" in text
    assert "No prompt for this segment" not in text


async def test_the_countdown_is_five_rows_of_solid_blocks_at_120x36_and_overtime_reads_plus(library, tmp_path):
    app, clock = _app(library, tmp_path, 0)
    async with driven(app, size=LARGE) as pilot:
        await start(app, pilot, "space")
        clock.advance(5 * 60 + 9)
        clock_widget = app.screen.query_one("#clock")
        await wait_until(pilot, lambda: clock_widget.text == "+0:09", "nine seconds over")
        await pilot.pause()
        assert clock_widget.size.height >= 5
        assert clock_widget.text == "+0:09"
        rows = lines(app)[: clock_widget.size.height]
        assert all("█" in row for row in rows)


# ------------------------------------------------------------------------------------- layout


def no_column_or_text_block_of_a_pane_is_narrower_than_12_cells(app) -> None:  # noqa: ANN001
    """Run at 80x24 on the snapshot of every pane but the briefing's (the rubric's also after
    its first ballot)."""
    from textual.containers import ScrollableContainer
    from textual.widgets import Static

    pane = app.screen.pane
    blocks = [w for w in pane.query("*") if isinstance(w, (Static, OptionList, ScrollableContainer)) and w.display and w.is_on_screen]
    assert blocks
    for widget in blocks:
        if widget.size.height and widget.region.width:
            assert widget.content_region.width >= 12, (widget, widget.content_region.width)
    text = re.sub(r"\b\d+…", "", body(app).replace("more…", ""))  # the strip's "voting" mark
    for name in app.session.member_names:  # a name in a side list may be cut to its line, never a text
        for cut in range(3, len(name)):
            text = text.replace(name[:cut] + "…", "")
    assert "…" not in text


def test_every_kind_has_its_pane_from_the_registry():
    from ilt_kit.content.kinds import KINDS
    from ilt_kit.tui.panes import PANES
    from ilt_kit.tui.panes.base import Pane

    assert set(PANES) == {kind.pane for kind in KINDS.values()}
    assert all(issubclass(pane, Pane) for pane in PANES.values())
    keys_of = {name: {b.key for b in pane.BINDINGS} for name, pane in PANES.items()}
    assert "r" in keys_of["rated"] and "r" not in keys_of["brainstorm"]  # a key belongs to the pane it means something in


async def resizes_both_ways(app, pilot) -> None:  # noqa: ANN001
    """The terminal made narrow, then wide again, on the pane showing: the screen takes each size's
    class and still shows the segment."""
    await pilot.resize_terminal(*SMALL)
    await pilot.pause()
    assert app.screen.has_class("-narrow")
    await pilot.resize_terminal(*LARGE)
    await pilot.pause()
    assert app.screen.has_class("-wide") and app.session.segment.title in flat(app)


@pytest.mark.parametrize("index", [6])  # the brainstorm's and the rubric's: in their own tests above
async def test_the_terminal_can_be_resized_on_any_pane(library, tmp_path, index):
    app, _ = _app(library, tmp_path, index)
    async with driven(app, size=LARGE) as pilot:
        await start(app, pilot)
        await resizes_both_ways(app, pilot)


# --------------------------------------------------------------------------------- the agenda


def the_agenda_shows_titles_cut_at_a_word_and_the_voters_whole_names(app) -> None:  # noqa: ANN001
    """80x24: the agenda column is 20 cells, the voters' about 25: a title keeps more than its first
    word, and the members' names are not cut to their first name. Run on the rubric's snapshot at
    both sizes, after two ballots."""
    side = [line.split("│", 1)[0] for line in lines(app)[4:14]]
    agenda = " ".join(" ".join(side).split())
    assert "3 Score the" in agenda, agenda
    assert "4 Where are" in agenda, agenda
    assert "7 Next steps" in agenda, agenda
    shown = body(app)
    for name in ("Dana Whitfield", "Priya Raman", "Tomás Villanueva", "Jerome Baptiste", "Sam Kowalczyk"):
        assert name in shown, (name, shown)
    assert "2 of 8 answered" in flat(app)


@pytest.mark.parametrize(
    "burst, member, criterion",
    [(("down", "down", "4"), 2, 0), (("right", "1", "2", "3"), 0, 1), (("r", "right", "1", "2", "3"), 0, 1)],
    ids=["down-down-4", "right-1-2-3", "r-right-1-2-3"],
)
async def test_keys_typed_ahead_in_one_burst_act_in_the_order_typed(library, tmp_path, burst, member, criterion):
    """Keys the terminal hands over faster than the app acts on them: arrows, r and digits all
    wait in one queue, so ``down down 4`` is the third member's ballot, never the first's."""
    from textual import events

    app, _ = _app(library, tmp_path, 2)
    async with driven(app, size=LARGE) as pilot:
        await start(app, pilot)
        criteria = app.screen.session.segment.criteria
        for key in burst:  # as the terminal driver posts them, with no pause between
            app._driver.send_message(events.Key(key, key if key.isdigit() else None))
        await pilot.pause()
        names = app.screen.session.member_names
        ballots = {(c.id, b.member, b.level) for c in criteria for b in c.rounds[-1].ballots}
        digits = [int(k) for k in burst if k.isdigit()]
        expected = {(criteria[criterion].id, names[member + i], d) for i, d in enumerate(digits)}
        assert ballots == expected


async def test_forecast_ratings_show_who_rated_until_r_reveals_them(library, tmp_path):
    app, _ = _app(library, tmp_path, 4)
    async with driven(app, size=LARGE) as pilot:
        await start(app, pilot, "4", "5", "right_square_bracket", "3", "4")  # two members rate the first item
        await pilot.pause()
        members = len(app.session.members)
        hidden = flat(app)
        assert f"2 of {members} rated" in hidden
        assert "likelihood 3.5" not in hidden and "4/5" not in hidden and "3/4" not in hidden
        assert "plan for it ·" not in hidden and "prepare a response" not in hidden.split("Top right")[0]
        assert "not revealed" in app.screen.query_one("ForecastPane").leave_warning()
        await pilot.press("r")
        await pilot.pause()
        shown = flat(app)
        assert "likelihood 3.5 · impact 4.5 · plan for it" in shown
        assert app.session.segment.revealed is not None
        assert app.screen.query_one("ForecastPane").leave_warning() is None


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_g_ties_the_selected_action_to_the_next_goal_and_the_table_stays_readable(library, tmp_path, size):
    from ilt_kit.content.goals import GOALS_FILE

    (tmp_path / "sessions").mkdir()
    (tmp_path / "sessions" / GOALS_FILE).write_text((FIXTURES / "goals" / GOALS_FILE).read_text())
    app, _ = _app(library, tmp_path, 6)
    async with driven(app, size=size) as pilot:
        await start(app, pilot, "g")
        actions = app.session.segment.actions
        assert [a.goal for a in actions] == ["shared-vision", "", ""]
        text = body(app)
        assert "goal: A shared vision" in text
        words = set(text.replace("│", " ").split())
        for what, owner, _due, _link in ACTIONS:
            assert set(what.split()) <= words and set(owner.split()) <= words  # What and Owner stay whole
        await start(app, pilot, "g", "g")
        assert actions[0].goal == "" and "goal:" not in body(app)  # after the last goal: none


async def test_without_a_goals_file_g_does_nothing(library, tmp_path):
    app, _ = _app(library, tmp_path, 6)
    async with driven(app, size=SMALL) as pilot:
        await start(app, pilot, "g")
        assert [a.goal for a in app.session.segment.actions] == ["", "", ""]
        assert "Goal" not in lines(app)[-1]  # no such key in the footer


async def test_hidden_dots_show_who_has_voted_not_where_until_r_reveals_them(library, tmp_path):
    """Issue 30: a dot vote hides the dots on each idea until the facilitator reveals them; the list
    keeps the brainstorm's order meanwhile (a ranking would give the totals away)."""

    def prepare(session):
        session.goto(5)
        session.segment.hidden = True

    app, _ = _app(library, tmp_path, 5, prepare=prepare)
    async with driven(app, size=SMALL) as pilot:
        await start(app, pilot, "down", "down", "enter")  # a dot on idea 3
        text = flat(app)
        assert "●" not in app.screen.query_one("#ranking").render_line(0).text
        assert text.index("#1 ") < text.index("#3 ") and not re.search(r"1\. #3 ", text)  # not ranked yet
        assert "Dots hidden: r reveals" in " ".join(plain(app.screen.query_one("#voters")).split())
        await pilot.press("r")
        await pilot.pause()
        assert re.search(r"1\. #3 A schedule with", flat(app))
        assert app.session.segment.revealed is not None

"""Hidden-ballot voting repaints only the lines a ballot changes, and never shows a level."""

from __future__ import annotations

from textual.geometry import Region

from ilt_kit.tui.widgets.ballots import BallotRows, Voter, name_width_for, voter_line
from tests.tui.conftest import driven, plain

SIZE = (120, 36)


async def test_a_ballot_repaints_the_count_and_the_member_lines_only(make_app):
    app, _ = make_app(done=2)  # on the rubric
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        rows = app.screen.query_one("#rubric-ballots", BallotRows)
        assert rows.display and "0 of 4 answered" in plain(rows)
        calls: list[tuple[tuple, dict]] = []
        original = rows.refresh

        def spy(*regions, **kwargs):
            calls.append((regions, kwargs))
            return original(*regions, **kwargs)

        rows.refresh = spy
        await pilot.press("3")
        await pilot.pause()
        assert calls, "the ballot was not drawn"
        assert all(not kwargs.get("layout") for _, kwargs in calls)  # no new layout
        refreshed = sorted(region.y for regions, _ in calls for region in regions)
        # line 1 is the count; the first member (line 2) voted and the selection moved to line 3
        assert refreshed == [1, 2, 3]
        assert all(isinstance(r, Region) and r.height == 1 for regions, _ in calls for r in regions)
        text = plain(rows)
        assert "1 of 4 answered" in text and "● answered" in text
        assert "Established" not in text and "3" not in text.split("answered", 1)[1]  # never the level

        # reveal: the voters give way to the distribution in the Static below
        await pilot.press("r")
        await pilot.pause()
        assert not rows.display
        assert "REVEALED" in plain(app.screen.query_one("#vote"))


def test_long_names_are_cut_to_the_line_and_never_wrap():
    names = ["Dana Whitfield-Montgomery", "Al"]
    width = 24
    name_width = name_width_for(names, width)
    line = voter_line(Voter(names[0], voted=True, selected=True), name_width)
    assert line.cell_len <= width
    assert line.plain.startswith("▶ Dana") and "…" in line.plain and line.plain.endswith("● answered")
    wide = voter_line(Voter("Al", voted=False, selected=False), name_width_for(["Al"], 80))
    assert wide.plain == "  Al        ○ not yet"  # names pad to at least 8 characters


def test_where_the_status_words_would_cut_a_name_the_marks_alone_are_shown():
    """At 80x24 the voters' column is about 25 cells: "Marcus Oyelaran" must not read "Marcus O…"."""
    from ilt_kit.tui.widgets.ballots import short_status

    names = ["Marcus Oyelaran", "Dana Whitfield", "Al"]
    width = 25
    assert short_status(names, width)
    name_width = name_width_for(names, width, short=True)
    lines = [voter_line(Voter(n, voted=n == "Al", selected=n == "Dana Whitfield"), name_width, short=True) for n in names]
    assert [line.plain for line in lines] == [
        "  Marcus Oyelaran ○",
        "▶ Dana Whitfield  ○",
        "  Al              ●",
    ]
    assert all(line.cell_len <= width for line in lines)
    assert not short_status(names, 40)  # room for the words: they stay


def test_members_on_a_device_are_marked_in_a_column_of_their_own():
    """The mixed-rooms issue: the screen marks who answers on a device (a glyph, not a colour), and
    the names stay aligned and whole in the narrow voters' column of 80x24."""
    from ilt_kit.tui.widgets.ballots import short_status

    names = ["Marcus Oyelaran", "Dana Whitfield", "Al"]
    width = 25
    short = short_status(names, width, devices=True)
    name_width = name_width_for(names, width, short, devices=True)
    lines = [voter_line(Voter(n, voted=False, selected=n == "Al", device=n == "Dana Whitfield"), name_width, short=short, devices=True) for n in names]
    assert [line.plain for line in lines] == [
        "    Marcus Oyelaran ○",
        "  ☎ Dana Whitfield  ○",
        "▶   Al              ○",
    ]
    assert all(line.cell_len <= width for line in lines)

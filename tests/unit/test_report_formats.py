"""The three report formats, from engine-made sessions: md to paste, csv to analyse, html to print."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest

from ilt_kit.review.render_html import report_html
from ilt_kit.review.report_csv import CSV_COLUMNS, report_csv
from ilt_kit.review.report_md import md_escape, report_md
from tests.unit.test_review_support import DANA, LUIS, MARCUS, PRIYA, make_meeting


def _fall_and_spring(make_session, clock):
    fall = make_meeting(
        make_session,
        clock,
        "Fall calibration",
        min_group_size=1,  # the team of four has a central office of one: every group is shown here
        levels={"shared-vision": 1, "efficacy": 0},
        evidence={"shared-vision": "Three teachers, three pictures.\nNo exemplar yet."},
        ballots={"shared-vision": [2, 1, 3, 0]},
        survey={"trust": [5, 4, 4, 2], "partnership": [4, 4, 3, 1]},
        ideas=[("Peer visits every month", MARCUS, "Trust"), ("Protect PLC time", PRIYA, "Time"), ("Student voice", DANA, "")],
        dots=[(MARCUS, 2), (MARCUS, 2), (PRIYA, 2), (DANA, 1), (LUIS, 3)],
        rating=(4, 5),
        actions=[("Schedule peer visits", PRIYA, date(2026, 12, 15)), ("Collect agendas", MARCUS, None)],
        decisions=["Re-rate in the spring."],
    )
    spring = make_meeting(
        make_session,
        clock,
        "Spring calibration",
        days_later=120,
        levels={"shared-vision": 3, "efficacy": 2},
        rating=(2, 2),
    )
    return fall, spring


@pytest.fixture
def year(made_once, clock):
    """The fall and spring sessions, made once for the module's tests (which only read them); the
    test's clock moved on as far as the one that made them."""
    made = made_once(_fall_and_spring)
    clock.advance(made.advanced)
    return made.result


# ---------------------------------------------------------------------------------------- md


def test_md_has_levels_evidence_survey_split_ideas_actions_and_time(year):
    fall, spring = year
    text = report_md([spring, fall])
    assert text.index("## Fall calibration (2026-11-22)") < text.index("## Spring calibration")
    fall_part = text[text.index("## Fall calibration") : text.index("## Spring calibration")]
    assert "- Scenario: Every segment kind" in fall_part
    assert "Lincoln Middle School ILT" in fall_part
    assert "- Re-rate in the spring." in fall_part
    assert "Shared vision for student learning: **1 Beginning**" in fall_part
    assert "Collective efficacy: **No evidence yet**" in fall_part
    assert "Evidence: Three teachers, three pictures.\n    No exemplar yet." in fall_part
    assert "Time for collaboration" in fall_part  # not scored, still named
    # survey: median, counts, and the split by role group
    assert "- Trust: median 4 Agree; Disagree 1, Agree 2, Strongly agree 1" in fall_part
    assert "  - building (average 4.3): Agree 2, Strongly agree 1" in fall_part
    assert "  - central office (average 2.0): Disagree 1" in fall_part
    # top ideas by dots, each by its brainstorm number, with its theme and author
    assert "- #2 Protect PLC time (Time; by Priya Raman): 3 dots" in fall_part
    assert "- #1 Peer visits every month (Trust; by Marcus Chen): 1 dot" in fall_part
    # actions with owners and dates, forecast quadrant, time used
    assert "- [ ] Schedule peer visits (Priya Raman, due 2026-12-15)" in fall_part
    assert "- [ ] Collect agendas (Marcus Chen, no due date)" in fall_part
    assert "Funding cuts: likelihood 4, impact 5 (agreed) → **plan for it**" in fall_part
    assert re.search(r"Used \d+ min of 1 h 20 min planned\.", fall_part)
    # movement across the two sessions
    assert "## Movement across sessions" in text
    assert "Shared vision for student learning: 1 (2026-11-22) → 3 (2027-03-22) (now Established; +2 since last time)" in text


def test_md_escapes_user_text(make_session, clock):
    entry = make_meeting(make_session, clock, "Title with *stars* and <b>tags</b>", ideas=[("# not a heading", "", "")], dots=[])
    text = report_md([entry])
    assert "\\*stars\\*" in text and "\\<b\\>tags\\</b\\>" in text
    assert "\n- #1 \\# not a heading" in text
    assert md_escape("a|b_c") == "a\\|b\\_c"


@pytest.mark.parametrize("text", [
    "Q&amp;A &lt;b&gt; &#60;script&#62; &copy;",  # an entity a person typed is not a character
    "[bold red]x[/] [link=http://e.vil]click[/link] <script>alert(1)</script> *em* `c` ~~s~~",
    "1. not a list", "12) nor this", "# not a heading", "- nor a list", "> nor a quote",
])
def test_md_escaped_text_renders_as_typed(text):
    from html import escape

    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(md_escape(text))
    assert rendered == f"<p>{escape(text, quote=False)}</p>\n"


# --------------------------------------------------------------------------------------- csv


def _rows(text):
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    return list(reader)


def test_csv_parses_back_with_every_kind_of_value(year):
    fall, spring = year
    rows = _rows(report_csv([spring, fall]))
    assert rows[0]["session"] == "Fall calibration"  # sessions in date order
    fall_rows = [r for r in rows if r["session"] == "Fall calibration"]
    assert {r["file"] for r in fall_rows} == {str(fall.path)}
    assert len([r for r in fall_rows if r["item_title"] == "time used"]) == 8  # one per segment (see below)
    fall_rows = [r for r in fall_rows if r["item_title"] != "time used"]
    assert {r["date"] for r in fall_rows} == {"2026-11-22"}

    ballots = [r for r in fall_rows if r["item"] == "shared-vision" and r["round"] == "1"]
    assert [(r["member"], r["role"], r["value"], r["label"]) for r in ballots] == [
        (DANA, "principal", "2", "Developing"),
        (MARCUS, "teacher leader", "1", "Beginning"),
        (PRIYA, "coach", "3", "Established"),
        (LUIS, "central office", "0", "No evidence yet"),
    ]
    agreed = [r for r in fall_rows if r["member"] == "team" and r["kind"] == "rubric" and r["label"] != "evidence"]
    assert {(r["item"], r["value"], r["label"], r["round"]) for r in agreed} == {
        ("shared-vision", "1", "Beginning", ""),
        ("efficacy", "0", "No evidence yet", ""),
    }
    assert all(r["item_title"] for r in agreed)

    survey = [r for r in fall_rows if r["kind"] == "survey" and r["item"] == "trust" and r["round"]]
    assert sorted(r["value"] for r in survey) == ["2", "4", "4", "5"]
    assert next(r for r in survey if r["member"] == LUIS)["role"] == "central office"

    forecast = [r for r in fall_rows if r["kind"] == "forecast"]
    assert {(r["member"], r["value"], r["label"]) for r in forecast} == {
        (MARCUS, "likelihood=4;impact=5", "plan for it"),
        ("team", "likelihood=4;impact=5", "plan for it"),
    }

    dots = [r for r in fall_rows if r["kind"] == "prioritize"]
    assert {(r["member"], r["item"], r["item_title"], r["value"]) for r in dots} == {
        (MARCUS, "2", "Protect PLC time", "2"),
        (PRIYA, "2", "Protect PLC time", "1"),
        (DANA, "1", "Peer visits every month", "1"),
        (LUIS, "3", "Student voice", "1"),
    }
    ideas = [r for r in fall_rows if r["kind"] == "brainstorm" and r["item"]]
    assert [(r["item"], r["item_title"], r["label"]) for r in ideas][:2] == [
        ("1", "Peer visits every month", "Trust"),
        ("2", "Protect PLC time", "Time"),
    ]

    actions = [r for r in fall_rows if r["kind"] == "actions" and r["label"] != "decision"]
    assert [(r["item"], r["item_title"], r["member"], r["value"], r["label"]) for r in actions] == [
        ("1", "Schedule peer visits", PRIYA, "open", "due=2026-12-15"),
        ("2", "Collect agendas", MARCUS, "open", ""),
    ]

    talk = [r for r in fall_rows if r["item_title"] == "talk time"]
    assert talk and all(r["label"] == "seconds" for r in talk)
    assert sum(float(r["value"]) for r in talk if r["member"] == MARCUS) == 45.0


def test_csv_leaves_out_hidden_ballots_and_expands_tallies(make_session, clock):
    session, handle = make_session(title="Hidden and tallied")
    session.start()
    session.next()
    session.next()  # -> score
    session.rated.cast("shared-vision", DANA, 3)  # never revealed
    session.rated.set_mode("efficacy", "tally")
    session.rated.set_tally("efficacy", 2, 3)
    session.rated.set_tally("efficacy", 4, 1)
    session.rated.reveal("efficacy")
    session.finish()
    from tests.unit.test_review_support import entry_of

    rows = _rows(report_csv([entry_of(handle.path)]))
    assert not [r for r in rows if r["item"] == "shared-vision"]
    tallied = [r for r in rows if r["item"] == "efficacy"]
    assert sorted(r["value"] for r in tallied) == ["2", "2", "2", "4"]
    assert all(r["member"] == "" and r["round"] == "1" for r in tallied)


def test_csv_names_no_role_group_too_small_to_be_shown_alone(make_session):
    """Finding 2 of the mixed-rooms issue: a show of hands by role put the one central-office
    member's answer in the csv under her group's name."""
    from tests.unit.test_review_support import entry_of

    session, handle = make_session()
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "survey"))
    session.rated.set_mode("partnership", "tally")
    session.rated.set_tally("partnership", 2, 1, role="central office")
    session.rated.set_tally("partnership", 4, 3, role="building")
    session.rated.reveal("partnership")
    session.finish()
    hands = [r for r in _rows(report_csv([entry_of(handle.path)])) if r["item"] == "partnership" and r["round"] == "1"]
    assert sorted(r["value"] for r in hands) == ["2", "4", "4", "4"]
    assert {r["role"] for r in hands} == {""}


def test_csv_quotes_awkward_text(make_session, clock):
    entry = make_meeting(make_session, clock, 'Commas, "quotes"\nand lines', ideas=[("a, b", "", "")], dots=[])
    rows = _rows(report_csv([entry]))
    assert {r["session"] for r in rows} == {'Commas, "quotes"\nand lines'}
    assert any(r["item_title"] == "a, b" for r in rows)


# -------------------------------------------------------------------------------------- html


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained(year):
    page = report_html(list(year))
    parsed = _Collector()
    parsed.feed(page)
    tags = {tag for tag, _ in parsed.tags}
    assert "script" not in tags and "link" not in tags and "iframe" not in tags and "img" not in tags
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "xlink:href", "action"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith("#"), (tag, name, value)  # only links within the page
    assert not re.search(r"url\(", page)
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page, re.I)
    assert "@import" not in page and "@font-face" not in page
    assert "@media print" in page
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_html_has_the_charts_and_the_numbers(year):
    fall, spring = year
    page = report_html([fall, spring])
    assert page.count("<svg") >= 6
    assert 'aria-label="Distribution of the last revealed round: Score the vision"' in page
    assert 'aria-label="Forces: each force by likelihood and impact"' in page
    assert "dots per idea" in page
    assert "Test rubric: Shared vision for student learning, over time" in page
    assert "Movement across sessions" in page
    assert "plan for it" in page and "set aside" in page
    assert "Schedule peer visits" in page
    assert "Three teachers, three pictures." in page


def test_html_escapes_user_text(make_session, clock):
    evil = '<script>alert("x")</script> & <img src=http://example.com/x.png>'
    entry = make_meeting(
        make_session, clock, evil, ideas=[(evil, "", evil)], dots=[(MARCUS, 1)],
        evidence={"shared-vision": evil}, actions=[(evil, PRIYA, None)], decisions=[evil],
    )
    page = report_html([entry])
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    parsed = _Collector()
    parsed.feed(page)
    assert all(tag not in ("script", "img") for tag, _ in parsed.tags)


def test_csv_text_is_exactly_what_the_csv_module_writes(year, make_session, clock):
    awkward = make_meeting(
        make_session, clock, 'Commas, "quotes"\nand lines', days_later=1,
        ideas=[('He said "yes", then left', "", "a,b"), (" padded ", "", "")], dots=[(MARCUS, 1)],
        actions=[("Line one\nline two", 'O"Neil', None)],
    )
    text = report_csv([*year, awkward])
    rows = list(csv.reader(io.StringIO(text)))
    again = io.StringIO()
    csv.writer(again, lineterminator="\n").writerows(rows)
    assert again.getvalue() == text
    assert len(rows) > 50 and all(len(r) == len(CSV_COLUMNS) for r in rows)


def test_csv_carries_evidence_notes_decisions_statements_merges_and_time(make_session, clock):
    """Every recorded value is in the csv, one row each, not only the numbers."""
    from tests.unit.test_review_support import entry_of

    session, handle = make_session(title="Everything recorded")
    session.set_notes("Norms read aloud.")
    session.next()  # ideas
    first = session.brainstorm.add("Peer visits", MARCUS, "Trust")
    second = session.brainstorm.add("Visits between rooms", PRIYA)
    session.brainstorm.merge(first, second)
    session.add_decision("Peer visits start in January.")
    session.next()  # score
    session.rated.agree("shared-vision", 2, "PLC notes cite student work.")
    session.finish()
    rows = _rows(report_csv([entry_of(handle.path)]))

    decision = [r for r in rows if r["label"] == "decision"]
    assert [(r["segment"], r["kind"], r["item"], r["item_title"]) for r in decision] == [
        ("ideas", "brainstorm", "1", "Peer visits start in January.")
    ]
    evidence = [r for r in rows if r["label"] == "evidence"]
    assert [(r["item"], r["member"], r["value"]) for r in evidence] == [("shared-vision", "team", "PLC notes cite student work.")]
    notes = [r for r in rows if r["label"] == "notes"]
    assert [(r["segment"], r["item_title"], r["value"]) for r in notes] == [("welcome", "notes", "Norms read aloud.")]
    merged = [r for r in rows if r["value"].startswith("merged_into=")]
    assert [(r["item"], r["item_title"], r["member"], r["value"]) for r in merged] == [
        (str(second), "Visits between rooms", PRIYA, f"merged_into={first}")
    ]
    statements = [r for r in rows if r["label"] == "statement"]
    assert statements and all(r["kind"] == "survey" and r["value"] for r in statements)
    time_used = {r["segment"]: (r["value"], r["label"]) for r in rows if r["item_title"] == "time used"}
    assert len(time_used) == len(session.record.segments)
    assert time_used["welcome"] == ("0", "seconds;planned=300;status=done")


def test_a_dot_vote_never_revealed_shows_who_placed_dots_and_no_totals(make_session, clock):
    """Hidden until revealed, in every report: how many placed their dots; no idea's dots, no ranking."""
    from ilt_kit.review.detail import detail_md

    dots = [(MARCUS, 1), (MARCUS, 1), (MARCUS, 2), (PRIYA, 1)]
    entry = make_meeting(make_session, clock, "Hidden dots", dots=dots, hidden_dots=True)
    members = len(entry.record.team.members)
    note = f"ots not revealed: 1 of {members} members placed their dots"
    md = report_md([entry])
    assert f"D{note}." in md and "Top ideas" not in md
    assert not re.search(r": \d+ dots?$", md, re.M)  # no idea with its dots
    page = report_html([entry])
    assert f"D{note}." in page and "dots per idea" not in page
    rows = list(csv.DictReader(io.StringIO(report_csv([entry]))))
    assert [r for r in rows if r["kind"] == "prioritize" and r["item"]] == []  # its time used only
    detail = detail_md(entry)
    assert f"D{note}." in detail and "●" not in detail


def test_a_dot_vote_revealed_shows_its_ranking(make_session, clock):
    entry = make_meeting(make_session, clock, "Shown dots", dots=[(MARCUS, 1), (MARCUS, 1), (PRIYA, 2)])
    md = report_md([entry])
    assert "not revealed" not in md and ": 2 dots" in md

"""One session summary for every renderer: the md report, the html report, the review's session
view and the summary screen show the same figures, and they all come from ``summarize``.

Each output is parsed back into its figures (minutes planned and used per segment and in all,
agreed levels, survey responses, dots per idea, actions, decisions). They must equal the figures
of the summary; then the summary is doctored, and every renderer must show the doctored figures —
a renderer that works a figure out from the record itself fails here.
"""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import date

import pytest
from rich.console import Console

from ilt_kit.review import detail, render_html
from ilt_kit.review import report_md as report
from ilt_kit.review.scan import load_entry
from ilt_kit.review.summary import SessionSummary, TimeRow, TimeUse, figure, minutes_added, summarize, talk_text


def play_every_kind(session, clock) -> None:
    """A whole session of every kind (test-all-kinds), with minutes added and taken, scored, voted and planned."""
    session.start()
    session.adjust(+2)
    clock.advance(7 * 60 + 10)
    session.next()  # Imagine
    ideas = [session.brainstorm.add(text, "Marcus Chen", theme) for text, theme in (
        ("Peer visits", "Trust"), ("Common planning", "Time"), ("Student panels", ""), ("Data walls", "Time"),
    )]
    session.speak("Dana Whitfield")
    clock.advance(4 * 60)
    session.speak("Priya Raman")
    clock.advance(5 * 60)
    session.speak(None)
    session.next()  # Score the vision
    session.adjust(-3)
    for member, level in zip(session.member_names, [1, 3, 2, 4]):
        session.rated.cast("shared-vision", member, level)
    session.rated.reveal("shared-vision")
    session.rated.new_round("shared-vision")  # the outliers heard, a second round
    for member, level in zip(session.member_names, [3, 3, 2, 4]):
        session.rated.cast("shared-vision", member, level)
    session.rated.reveal("shared-vision")
    session.rated.agree("shared-vision", 3, "Plans cite student work")
    for member, level in zip(session.member_names, [3, 3, 2, 3]):
        session.rated.cast("efficacy", member, level)
    session.rated.reveal("efficacy")  # revealed, never agreed
    for member, level in zip(session.member_names, [1, 2, 2, 2]):
        session.rated.cast("time", member, level)
    session.rated.reveal("time")
    session.rated.agree("time", 2)
    clock.advance(19 * 60)
    session.next()  # Where are we now?
    for member, level in zip(session.member_names, [4, 5, 2, 4]):
        session.rated.cast("trust", member, level)
    session.rated.reveal("trust")
    for member, level in zip(session.member_names[:3], [3, 4, 4]):
        session.rated.cast("partnership", member, level)
    session.rated.reveal("partnership")
    clock.advance(11 * 60)
    session.next()  # Forces
    session.forecast.rate("funding", "Priya Raman", 4, 5)
    session.forecast.rate("funding", "Dana Whitfield", 5, 4)
    session.forecast.rate("funding", "Marcus Chen", 4, 4)  # a mean of 4.33 each way
    session.forecast.reveal()
    clock.advance(6 * 60)
    session.next()  # Vote
    for member, idea in (("Dana Whitfield", 1), ("Marcus Chen", 1), ("Priya Raman", 2), ("Luis Ortega", 1), ("Luis Ortega", 4)):
        session.dots.place(member, ideas[idea - 1])
    clock.advance(5 * 60)
    session.next()  # Next steps
    session.actions.add("Schedule peer visits", "Priya Raman", date(2026, 12, 15))
    session.actions.add("Share the rubric", "Dana Whitfield")
    session.actions.set_done(2)
    session.add_decision("Peer visits start in January")
    clock.advance(16 * 60 + 40)
    session.next()  # Reflect
    session.add_decision("Meet again in February")
    clock.advance(3 * 60)
    session.finish()


@pytest.fixture
def entry(make_session, clock):
    session, handle = make_session()
    play_every_kind(session, clock)
    found = load_entry(handle.path, keep_record=True)
    found.record.min_group_size = 1  # this team of four has a group of one: every group is shown here
    return found


# ------------------------------------------------------------------------------ the figures


def minutes(text: str) -> int:
    """'6 min' -> 6, '1 h 24 min' -> 84, '40 s' -> 0 (the summary's clock_text, read back)."""
    hours = re.fullmatch(r"(\d+) h (\d+) min", text)
    if hours:
        return int(hours[1]) * 60 + int(hours[2])
    found = re.fullmatch(r"(\d+) (min|s)", text)
    assert found, f"not a time: {text!r}"
    return int(found[1]) if found[2] == "min" else round(int(found[1]) / 60)


def expected(view: SessionSummary) -> dict:
    def m(seconds: float) -> int:
        return minutes(report.clock_text(seconds))

    return {
        "time": [(row.segment.title, m(row.planned), m(row.used)) for row in view.time.rows],
        "total": (m(view.time.planned), m(view.time.used)),
        "agreed": {a.criterion: a.level for a in view.agreed_levels},
        "responses": {
            c.criterion.title: c.last.stats.total for r in view.rated if r.survey for c in r.scored if c.last and c.last.stats
        },
        "dots": {idea.text: n for ideas in view.idea_lists if ideas.dot_vote for idea, n in ideas.dotted},
        "actions": [(a.what, a.status) for a in view.actions],
        "decisions": [d.text for d in view.decisions],
        "averages": {
            (c.criterion.title, split.group): f"{split.mean:.1f}"
            for r in view.rated
            if r.survey
            for c in r.scored
            if c.last
            for split in c.last.splits
        },
        "rounds": {
            c.criterion.title: " ".join([r.text for r in c.revealed] + ([f"moved: {c.movement}"] if c.movement else []))
            for r in view.rated
            if not r.survey
            for c in r.scored
        },
        "not agreed": [c.criterion.title for r in view.rated if not r.survey for c in r.scored if c.agreed is None],
        "moved": {c.criterion.title: c.movement for r in view.rated for c in r.criteria if c.movement},
        "forecast": {
            p.item.title: (figure(p.likelihood), figure(p.impact), p.quadrant) for part in view.parts("forecast") for p in part.placed
        },
        "talk": {title: talk_text(lines) for title, lines in view.talk},
        "added": {row.segment.title: minutes_added(row.extra) for row in view.time.rows if row.extra},
    }


DETAIL_LACKS = ("averages", "rounds", "not agreed", "forecast", "talk", "added")
"""The session view shows these its own way (each round's ballots, each rating, each segment's talk)."""


def section(text: str, start: str, end: str | None = None) -> str:
    assert start in text, f"{start!r} missing"
    part = text.split(start, 1)[1]
    return part.split(end, 1)[0] if end and end in part else part


def figures_md(text: str) -> dict:
    time = section(text, "### Time")
    total = re.search(r"^Used (.+) of (.+) planned\.$", time, re.M)
    survey = section(text, "### Survey:", "###")
    levels = section(text, "### Agreed levels:", "###")
    return {
        "time": [(t, minutes(p), minutes(u)) for t, u, p in re.findall(r"^- (.+): (.+) of (.+?)(?: \(.*\))?$", time, re.M)],
        "total": (minutes(total[2]), minutes(total[1])),
        "agreed": dict(re.findall(r"^- (.+): \*\*(.+)\*\*", section(text, "### Agreed levels:", "###"), re.M)),
        "responses": {
            title: sum(int(n) for n in re.findall(r"[A-Za-z ]+ (\d+)", counts.split("; ")[-1]))
            for title, counts in re.findall(r"^- (.+?): (.+)$", survey, re.M)
        },
        "dots": {t: int(n) for t, n in re.findall(r"^- #\d+ (.+?)(?: \(.*\))?: (\d+) dots?$", text, re.M)},
        "actions": [(w, "done" if x == "x" else "open") for x, w in re.findall(r"^- \[(.)\] (.+?) \(", text, re.M)],
        "decisions": re.findall(r"^- (.+) \(in .+\)$", section(text, "### Decisions", "###"), re.M),
        "averages": {
            (title, group): mean
            for title, body in re.findall(r"^- (.+?): .*\n((?:  - .*\n)+)", survey, re.M)
            for group, mean in re.findall(r"^  - (.+) \(average ([\d.]+)\):", body, re.M)
        },
        "rounds": {
            title: " ".join(re.findall(r"^  - ((?:round \d+|moved):.*)$", body, re.M))
            for title, body in re.findall(r"^- (.+?): (?:\*\*|not agreed).*\n((?:  - .*\n)*)", levels, re.M)
        },
        "not agreed": re.findall(r"^- (.+?): not agreed", levels, re.M),
        "moved": dict(re.findall(r"^- (.+?): .*\n(?:  - .*\n)*?  - moved: (.+)$", levels, re.M)),
        "forecast": {
            title: (likelihood, impact, where)
            for title, likelihood, impact, where in re.findall(
                r"^- (.+): likelihood (\S+), impact (\S+) \(.*\) → \*\*(.+)\*\*$", text, re.M
            )
        },
        "talk": dict(re.findall(r"^- (.+?): (.+)$", section(text, "### Talk time", "###"), re.M)),
        "added": {
            title: added
            for title, notes in re.findall(r"^- (.+): .+ of .+? \((.+)\)$", time, re.M)
            for added in notes.split("; ")
            if re.fullmatch(r"[+-]\d+ min", added)
        },
    }


def cells(row: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", " ", cell)).split("  ")[0].strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def figures_html(text: str) -> dict:
    time = section(text, "<h3>Time", "</table>")
    total = re.search(r"used (.+?) of (.+?) planned</small>", time)
    rows = [cells(row) for row in re.findall(r"<tr><td>.*?</tr>", time)]
    agreed_rows = [cells(r) for r in re.findall(r"<tr>.*?</tr>", section(text, "<h3>Agreed levels:", "</table>"))]
    survey_rows = [cells(r) for r in re.findall(r"<tr><td>.*?</tr>", section(text, "<h3>Survey:", "</table>"))]
    actions = [cells(r) for r in re.findall(r"<tr><td>.*?</tr>", section(text, "<h3>Actions</h3>", "</table>"))]
    decisions = re.findall(r'<li class="evidence">(.*?) <span', section(text, "<h3>Decisions</h3>", "</ul>"))
    levels = [
        (cells(row), html_lines(re.findall(r"<td[^>]*>(.*?)</td>", row)[3]))
        for row in re.findall(r"<tr><td>.*?</tr>", section(text, "<h3>Agreed levels:", "</table>"))
    ]
    forecast = [cells(r) for r in re.findall(r"<tr><td.*?</tr>", section(text, "<h3>Forecast:", "</table>"))]
    talk = [cells(r) for r in re.findall(r"<tr><td>.*?</tr>", section(text, "<h3>Talk time</h3>", "</table>"))]
    return {
        "time": [(r[0], minutes(r[1].split(" (")[0]), minutes(r[2])) for r in rows],
        "total": (minutes(total[2]), minutes(total[1])),
        "agreed": {r[0]: r[1] for r in agreed_rows if r and r[1] != "not agreed"},
        "responses": {r[0]: int(r[1]) for r in survey_rows},
        "dots": {html.unescape(t): int(n) for t, n in re.findall(r"<title>([^<]+): (\d+) dots?</title>", text)},
        "actions": [(r[0], "done" if r[3].startswith("✓ done") else r[3]) for r in actions],
        "decisions": [html.unescape(d) for d in decisions],
        "averages": {
            (r[0], group): r[3 + i]
            for r in survey_rows
            for i, group in enumerate(re.findall(r'<th class="num">([^<]+) average</th>', section(text, "<h3>Survey:", "</thead>")))
            if r[3 + i] != "–"
        },
        "rounds": {r[0]: " ".join(line for line in lines if line.startswith(("round", "moved:"))) for r, lines in levels},
        "not agreed": [r[0] for r, _ in levels if r[1] == "not agreed"],
        "moved": {r[0]: line.removeprefix("moved: ") for r, lines in levels for line in lines if line.startswith("moved:")},
        "forecast": {r[1]: (r[2], r[3], r[4]) for r in forecast},
        "talk": {r[0]: r[1] for r in talk},
        "added": {cells(row)[0]: added for row, added in re.findall(r"(<tr><td>.*?\((\S+ min)\).*?</tr>)", time)},
    }


def html_lines(cell: str) -> list[str]:
    """A table cell's lines (one a ``<br>``), as text."""
    return [html.unescape(re.sub(r"<[^>]+>", "", part)).strip() for part in cell.split("<br>")]


def figures_detail(text: str) -> dict:
    """(The session view shows each group's answers, not their average.)"""
    heads = re.findall(r"^## \d+\. (.+)\n\n\*[^·]+· \w+ · (.+) used of (.+) planned\*$", text, re.M)
    total = re.search(r"^Time: (.+) used of (.+) planned\.$", text, re.M)
    survey = section(text, "Where are we now?", "\n## ")
    responses = {}
    for title, body in re.findall(r"^- \*\*(.+?)\*\*\n((?:  .*\n)+)", survey, re.M):
        votes = re.findall(r"\((\d+) votes\)", body)
        responses[title] = int(votes[-1])
    return {
        "time": [(t, minutes(p), minutes(u)) for t, u, p in heads],
        "total": (minutes(total[2]), minutes(total[1])),
        "agreed": dict(re.findall(r"^- \*\*(.+?)\*\* — agreed: \*\*(.+)\*\*$", text, re.M)),
        "responses": responses,
        "dots": {t: int(n) for n, t in re.findall(r"^- (\d+) ● #\d+ (.+?)(?: \(.*\))?$", text, re.M) if int(n)},
        "actions": [(w, "done" if x == "x" else "open") for x, w in re.findall(r"^- \[(.)\] (.+?) \(", text, re.M)],
        "decisions": re.findall(r"^- (.+) \(in .+\)$", section(text, "**Decisions**", "\n## "), re.M),
        "moved": dict(re.findall(r"^- \*\*(.+?)\*\*.*\n(?:  .*\n)*?  - Moved: (.+)$", text, re.M)),
    }


def table_rows(text: str, title: str) -> list[list[str]]:
    """The body rows of the Rich table whose title line starts with ``title`` (a row of several
    lines as one, its cells' lines joined by a space)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.rstrip() == title or line.startswith(title + " — "))
    rows: list[list[str]] = []
    for line in lines[start + 4:]:
        if line.startswith("└"):
            break
        if line.startswith("│"):
            row = [cell.strip() for cell in line.strip("│").split("│")]
            if rows and not row[0]:  # the next line of the row above
                rows[-1] = [" ".join(filter(None, (old, new))) for old, new in zip(rows[-1], row)]
            else:
                rows.append(row)
    return rows


def text_lines(text: str, heading: str) -> list[str]:
    """The lines under a heading of the summary screen, up to the next blank line."""
    lines = text.splitlines()
    start = lines.index(heading)
    return [line.rstrip() for line in lines[start + 1:] if line.strip()][: next(
        (i for i, line in enumerate(lines[start + 1:]) if not line.strip()), len(lines)
    )]


def figures_tui(text: str) -> dict:
    time = table_rows(text, "Time")
    total = next(r for r in time if r[0] == "Total")
    levels = table_rows(text, "Agreed levels")
    return {
        "time": [(r[0], minutes(r[1].split(" (")[0]), minutes(r[2])) for r in time if r[0] != "Total"],
        "total": (minutes(total[1]), minutes(total[2])),
        "agreed": {r[0]: r[1] for r in levels if r[1] != "not agreed"},
        "not agreed": [r[0] for r in levels if r[1] == "not agreed"],
        "rounds": {r[0]: r[2] for r in levels},
        "moved": {r[0]: " ".join(r[2].split("moved: ")[1:]) for r in levels if "moved: " in r[2]},
        "forecast": {r[1]: (r[2], r[3], r[4]) for r in table_rows(text, "Forecast")},
        "talk": dict(re.match(r" (.+?): (.+)$", line).groups() for line in text_lines(text, "Talk time")),
        "added": {r[0]: r[1].split(" (")[1].rstrip(")") for r in time if " (" in r[1]},
        "responses": {r[0]: int(r[1]) for r in table_rows(text, "Survey")},
        "dots": {t: int(n) for n, t in re.findall(r"^ +(\d+) ● #\d+ (.+?)(?: \(.*\))?$", text, re.M) if int(n)},
        "actions": [(r[0], r[3]) for r in table_rows(text, "Actions")],
        "decisions": re.findall(r"^ • (.+) \(in .+\)$", text, re.M),
        "averages": {
            (r[0], group): r[3 + i]
            for r in table_rows(text, "Survey")
            for i, group in enumerate(table_header(text, "Survey")[3:])
            if r[3 + i] != "–"
        },
    }


def table_header(text: str, title: str) -> list[str]:
    """The column names of the Rich table whose title line starts with ``title``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.rstrip() == title or line.startswith(title + " — "))
    return [cell.strip() for cell in lines[start + 2].strip("┃").split("┃")]


def render_all(entry, view: SessionSummary | None = None, monkeypatch=None) -> dict[str, dict]:
    """Every renderer's figures; with ``view``, each renderer gets that summary instead of its own."""
    from ilt_kit.tui.screens.summary import summary as summary_screen

    if view is not None:
        for module in (report, render_html, detail):
            monkeypatch.setattr(module, "summarize", lambda record: view)
    console = Console(width=200, record=True, color_system=None)
    console.print(summary_screen(view or summarize(entry.record), entry.path))
    return {
        "md": figures_md(report.session_md(entry)),
        "html": figures_html(render_html.report_html([entry])),
        "detail": figures_detail(detail.detail_md(entry)),
        "tui": figures_tui(console.export_text()),
    }


# ---------------------------------------------------------------------------------- the tests


def test_every_renderer_shows_the_summarys_figures(entry):
    want = expected(summarize(entry.record))
    # the session is what it was meant to be: minutes added and taken count in the total
    assert want["total"][0] == 80 + 2 - 3
    assert want["total"][0] == sum(planned for _, planned, _ in want["time"])
    assert want["agreed"] == {"Shared vision for student learning": "3 Established", "Time for collaboration": "2 Developing"}
    assert want["responses"] == {"Trust": 4, "Partnership": 3}
    assert want["dots"] == {"Peer visits": 3, "Common planning": 1, "Data walls": 1}
    assert want["actions"] == [("Schedule peer visits", "open"), ("Share the rubric", "done")]
    assert len(want["decisions"]) == 2

    assert want["averages"] == {
        ("Trust", "building"): "3.7", ("Trust", "central office"): "4.0",
        ("Partnership", "building"): "3.7",
    }

    for renderer, found in render_all(entry).items():
        for figure, value in want.items():
            if figure in found:
                assert found[figure] == value, f"{renderer}: {figure}"


def test_no_renderer_works_out_a_figure_of_its_own(entry, monkeypatch):
    view = summarize(entry.record)
    rows = [TimeRow(row.segment, row.planned + 7 * 60, row.used + 3 * 60) for row in view.time.rows]
    def doctor(kind: str, part):
        """Each kind's part with its figures changed (the rated ones: their agreed levels)."""
        if kind == "actions":
            return [a.model_copy(update={"what": f"{a.what} doctored"}) for a in part]
        if kind in ("brainstorm", "prioritize"):
            return dataclasses.replace(part, ranked=[(idea, n + 10 if n else n) for idea, n in part.ranked])
        if kind in ("rubric", "survey"):
            return dataclasses.replace(part, criteria=[dataclasses.replace(c, agreed=c.agreed and f"9 {c.agreed}") for c in part.criteria])
        return part

    segments = [
        dataclasses.replace(s, time=rows[i], part=doctor(s.segment.kind, s.part)) for i, s in enumerate(view.segments)
    ]
    doctored = dataclasses.replace(
        view,
        segments=segments,
        time=TimeUse(rows, view.time.planned + 7 * 60 * len(rows), view.time.used + 3 * 60 * len(rows), view.time.scheduled),
        decisions=[dataclasses.replace(d, text=d.text + " doctored") for d in view.decisions],
    )
    doctored = dataclasses.replace(  # talk time and forecast positions doctored too
        doctored,
        segments=[
            dataclasses.replace(
                s,
                talk=[dataclasses.replace(t, seconds=t.seconds + 600, share=t.share / 2) for t in s.talk],
                part=dataclasses.replace(s.part, placed=[dataclasses.replace(p, likelihood=p.likelihood - 1.25) for p in s.part.placed])
                if s.segment.kind == "forecast"
                else s.part,
            )
            for s in doctored.segments
        ],
    )
    want = expected(doctored)
    assert want != expected(view)
    for renderer, found in render_all(entry, doctored, monkeypatch).items():
        for figure, value in want.items():
            if figure in ("responses", "averages", "rounds", "not agreed", "moved"):
                continue  # not doctored: the statistics module's own figures
            if renderer == "detail" and figure in DETAIL_LACKS:
                continue
            assert found[figure] == value, f"{renderer}: {figure}"


def test_a_small_role_group_is_never_shown_alone_in_a_report_or_the_summary(make_session, clock):
    """Finding 2 of the mixed-rooms issue: the one central-office member's average was in the
    summary table and her answers in the html report's bars. The session's rule (3 by default)
    leaves her group out, and the building group too (it would give hers by difference)."""
    from ilt_kit.tui.screens.summary import summary as summary_screen

    session, handle = make_session()
    play_every_kind(session, clock)
    entry = load_entry(handle.path, keep_record=True)
    note = "central office: fewer than 3 people, not shown separately"
    md = report.session_md(entry)
    page = html.unescape(render_html.report_html([entry]))
    console = Console(width=200, record=True, color_system=None)
    console.print(summary_screen(summarize(entry.record), entry.path))
    screen = " ".join(console.export_text().split())
    for name, text in (("md", md), ("html", page), ("summary screen", screen)):
        assert note in text, name
    shown_alone = [line for line in md.splitlines() if re.match(r"\s*- (central office|building)\b", line) and "not shown separately" not in line]
    assert shown_alone == []
    assert "central office average" not in page and "building average" not in page
    assert "(average by role)" not in screen


def test_forecast_ratings_never_revealed_stay_out_of_every_report(make_session, clock):
    """Finding 3 of the mixed-rooms issue: a forecast whose ratings were never revealed shows no
    means, positions or member's values in the summary, the reports or the detail; once revealed, it does."""
    from ilt_kit.review.report_csv import session_csv

    session, handle = make_session()
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "forecast"))
    session.forecast.rate("funding", "Priya Raman", 4, 5)
    session.forecast.rate("funding", "Dana Whitfield", 2, 1)
    entry = load_entry(handle.path, keep_record=True)
    assert [p for part in summarize(entry.record).parts("forecast") for p in part.placed] == []
    texts = {"md": report.session_md(entry), "html": html.unescape(render_html.report_html([entry])),
             "detail": detail.detail_md(entry), "csv": session_csv(entry)}
    for name, text in texts.items():
        assert "likelihood=4" not in text and "likelihood 4" not in text and "likelihood 3" not in text, name
    assert "2 ratings, never revealed" in texts["detail"]
    session.forecast.reveal()
    entry = load_entry(handle.path, keep_record=True)
    assert [(p.likelihood, p.impact) for part in summarize(entry.record).parts("forecast") for p in part.placed] == [(3.0, 3.0)]
    assert "likelihood=4;impact=5" in session_csv(entry) and "likelihood 3" in report.session_md(entry)

"""The html report a leader prints: ideas by the brainstorm's numbers and in their whole words,
no cell of sentences that cannot wrap, and a print layout (checked by eye in Chromium too)."""

from __future__ import annotations

import html
import re

from ilt_kit.review.render_html import report_html
from ilt_kit.review.scan import load_entry
from tests.unit.test_session_summary import play_every_kind

LONG = "Students explain what they are learning and why, in every room, every day, to a visitor"


def _report(make_session, clock) -> str:
    session, handle = make_session()
    session.goto(1)
    session.brainstorm.add("Peer visits", "Marcus Chen", "Trust")
    session.brainstorm.add(LONG, "Priya Raman", "Student voice")
    session.goto(5)
    session.dots.place("Dana Whitfield", 2)
    session.dots.place("Marcus Chen", 2)
    session.dots.place("Luis Ortega", 1)
    return report_html([load_entry(handle.path, keep_record=True)])


def visible_text(svg: str) -> str:
    """What an svg chart prints: its text elements (not the tooltips)."""
    return " ".join(html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg))


def test_the_dot_chart_numbers_ideas_as_the_brainstorm_did_and_prints_them_whole(make_session, clock):
    page = _report(make_session, clock)
    chart = re.search(r"<h3>Top ideas:.*?</svg>", page, re.S).group(0)
    printed = visible_text(chart)
    # the long idea has the most dots, but keeps its own number (#2), and every word of it is printed
    assert printed.index("#2") < printed.index("#1 Peer visits")
    words = " ".join(line for line in re.findall(r"<text[^>]*>(.*?)</text>", chart) if not line.startswith(("Trust", "Student")))
    assert " ".join(html.unescape(words).split()).count(LONG) == 1, printed
    assert "Student voice · by Priya Raman" in printed and "Trust · by Marcus Chen" in printed


def test_no_cell_of_sentences_is_kept_from_wrapping(make_session, clock):
    """A 'num' cell does not wrap (white-space: nowrap): only a short figure may be in one."""
    session, handle = make_session()
    play_every_kind(session, clock)
    page = report_html([load_entry(handle.path, keep_record=True)])
    for cell in re.findall(r'<td class="num[^"]*">(.*?)</td>', page, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", cell))
        assert len(text) <= 16, text
    assert "round 1: median 2.5, range 1–4, 50% within one level" in page  # every round, in a cell that wraps


def test_the_print_layout(make_session, clock):
    page = _report(make_session, clock)
    css = re.search(r"@media print \{(.*)\n\}", page, re.S).group(1)
    assert "section.session" in css and "break-before: page" in css  # each session on a new page
    assert "thead { display: table-header-group; }" in css  # a long table repeats its head on the next page
    assert "tr," in css and "break-inside: avoid" in css  # a row is never cut across two pages
    assert 'a[href^="http"]::after' in css  # a link printed with its address
    assert not re.search(r"@page \{[^}]*\bsize:", css)  # the paper's own size: Letter or A4

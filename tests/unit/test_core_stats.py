"""One statistics module, one "no evidence" rule: the run screen, the review and the reports agree."""

from __future__ import annotations

import ast
import re
import statistics
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ilt_kit
from ilt_kit.review.detail import detail_md
from ilt_kit.review.render_html import report_html
from ilt_kit.review.report_md import session_md
from ilt_kit.review.entry import last_revealed_median
from ilt_kit.review.scan import load_entry
from ilt_kit.review.summary import round_stats as review_round_stats
from ilt_kit.session import stats
from ilt_kit.store.results.rated import NO_EVIDENCE, RatedBase
from tests.unit.package_modules import modules, tree

PACKAGE = Path(ilt_kit.__file__).parent
STATS = PACKAGE / "session" / "stats.py"
LEVELS = [3, 0, 1, 4]
"""A realistic round: one member saw no evidence, one scored far below the others."""


def _revealed(make_session):
    session, handle = make_session()
    session.goto(2)  # the rubric
    for member, level in zip(session.member_names, LEVELS):
        session.rated.cast("shared-vision", member, level)
    session.rated.reveal("shared-vision")
    return session, handle


def test_the_engine_and_the_review_compute_one_and_the_same_figures(make_session):
    session, _ = _revealed(make_session)
    segment = session.segment
    assert isinstance(segment, RatedBase)
    rnd = segment.criteria[0].rounds[-1]
    on_screen, in_review = session.rated.stats("shared-vision"), review_round_stats(segment, rnd)
    assert on_screen == in_review
    rated = [level for level in LEVELS if level != NO_EVIDENCE]
    assert on_screen.total == len(LEVELS) and on_screen.no_evidence == LEVELS.count(NO_EVIDENCE)
    assert on_screen.counts[NO_EVIDENCE] == LEVELS.count(NO_EVIDENCE)  # counted in the distribution
    assert on_screen.median == statistics.median(rated)  # left out of the median ...
    assert (on_screen.low, on_screen.high) == (min(rated), max(rated))  # ... the range ...
    assert on_screen.agreement == sum(abs(v - statistics.median(rated)) <= 1 for v in rated) / len(rated)  # ... agreement
    assert last_revealed_median(segment.criteria[0]) == on_screen.median


def test_the_review_and_both_reports_show_the_engine_figures_and_the_rule(make_session):
    session, handle = _revealed(make_session)
    figures = session.rated.stats("shared-vision")
    entry = load_entry(handle.path, keep_record=True)
    detail, md, html = detail_md(entry), session_md(entry), report_html([entry])
    median = f"{figures.median:g}"
    assert f"median {median} " in detail and f"agreement {figures.agreement:.0%}" in detail
    # every round in one wording (the summary's), in both reports
    assert f"median {median}, range {figures.low}–{figures.high}" in md
    assert f"median {median}, range {figures.low}–{figures.high}" in html
    note = stats.no_evidence_note(figures)
    assert note.startswith(f"{figures.no_evidence} 'no evidence'")
    assert note in detail and note in md and note.replace("'", "&#x27;") in html


def test_no_note_without_no_evidence_ballots(make_session):
    session, _ = make_session()
    session.goto(2)
    for member in session.member_names:
        session.rated.cast("shared-vision", member, 2)
    assert stats.no_evidence_note(session.rated.reveal("shared-vision")) == ""


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=40))
def test_the_counts_medians_and_means_leave_no_evidence_out(levels):
    counts: dict[int, int] = {}
    for level in levels:
        counts[level] = counts.get(level, 0) + 1
    rated = [level for level in levels if not stats.is_no_evidence(level)]
    assert stats.rated_counts(counts) == {level: rated.count(level) for level in set(rated)}
    assert stats.mean_of(counts) == (statistics.mean(rated) if rated else None)
    assert stats.median_of(stats.rated_counts(counts)) == (statistics.median(rated) if rated else None)


@given(st.lists(st.floats(min_value=0, max_value=5, allow_nan=False), min_size=1, max_size=30))
def test_median_value_is_the_median(values):
    assert stats.median_value(values) == statistics.median(values)


def _hand_made_rules(tree: ast.AST) -> list[int]:
    """Lines that test a level against NO_EVIDENCE themselves, or import ``statistics``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            names = {n.id for side in sides for n in ast.walk(side) if isinstance(n, ast.Name)}
            if "NO_EVIDENCE" in names:
                found.append(node.lineno)
        if isinstance(node, ast.ImportFrom) and node.module == "statistics":
            found.append(node.lineno)
        if isinstance(node, ast.Import) and any(a.name == "statistics" for a in node.names):
            found.append(node.lineno)
    return found


def test_the_check_finds_a_hand_made_rule():
    assert sorted(_hand_made_rules(ast.parse("x = [v for v in values if v != NO_EVIDENCE]\nfrom statistics import median"))) == [1, 2]
    assert _hand_made_rules(ast.parse("y = level not in (None, NO_EVIDENCE)")) == [1]


def test_only_the_statistics_module_decides_what_no_evidence_is():
    offenders = {
        str(path.relative_to(PACKAGE)): lines
        for path in modules()
        if path != STATS.resolve() and (lines := _hand_made_rules(tree(path)))
    }
    assert offenders == {}


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.floats(min_value=0, max_value=10_000, allow_nan=False), max_size=8))
def test_talk_shares_add_up_and_put_the_longest_first(totals):
    shares = stats.talk_shares(totals)
    assert [member for member, _, _ in shares] == sorted(totals, key=lambda m: -totals[m])
    whole = sum(totals.values())
    assert sum(share for _, _, share in shares) == (0 if not whole else pytest.approx(1))

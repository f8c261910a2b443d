"""The calibration section of the Markdown and HTML reports: the example year's figures, the
district's per school, and never the facilitator's private view."""

from __future__ import annotations

from pathlib import Path

import pytest

from ilt_kit.review.calibration import calibration, rows
from ilt_kit.review.render_html import e, report_html
from ilt_kit.review.report_md import md_escape, report_md
from ilt_kit.review.scan import scan
from ilt_kit.review.second_rounds import PRIVATE_NOTE, PRIVATE_TITLE, second_rounds
from ilt_kit.review.trends import trends
from tests.unit.test_review_district import _as_school

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def year():
    if not EXAMPLES.is_dir():
        pytest.skip("no examples folder here (an installed package without the repository)")
    return scan(EXAMPLES).entries


def test_the_example_year_reads_its_rubrics_more_alike(year):
    found = calibration(trends(year))
    vision = next(r for r in found if r.rubric_title == "A Vision for Teacher Learning")
    assert all(len(c.rounds) >= 3 for c in vision.criteria)
    directions = [c.direction for c in vision.criteria]
    assert directions.count("converging") > len(directions) / 2 and "diverging" not in directions
    # the private view has something to show: second rounds, and a principal on the team
    view = second_rounds(trends(year))
    assert view.principal and any(row.members for row in view.criteria)


def test_markdown_and_html_reports_show_the_figures_and_no_private_view(year):
    md, html = report_md(year), report_html(year)
    assert "## Calibration: first-round agreement" in md
    assert "<h2>Calibration: first-round agreement</h2>" in html
    for rubric in calibration(trends(year)):
        for row in rows(rubric):
            assert f"| {md_escape(row.title)} | {row.sessions} | {row.exact} | {row.adjacent} | {row.direction} |" in md
            assert f"<td>{e(row.title)}</td><td class=\"num\">{row.sessions}</td><td>{e(row.exact)}</td>" in html
    for report in (md, html):
        assert PRIVATE_NOTE not in report and PRIVATE_TITLE not in report and "toward the principal" not in report


def test_a_single_session_has_no_calibration_section(year):
    one = [next(entry for entry in year if entry.rated)]
    assert "Calibration" not in report_md(one) and "Calibration" not in report_html(one)


def test_the_district_view_pools_per_school_without_names(year, tmp_path):
    lincoln, roosevelt = tmp_path / "lincoln", tmp_path / "roosevelt"
    lincoln.mkdir()
    roosevelt.mkdir()
    for entry in year:
        (lincoln / entry.path.name).write_bytes(entry.path.read_bytes())
        (roosevelt / entry.path.name).write_text(_as_school(entry.path, "Roosevelt Elementary"), encoding="utf-8")
    entries = scan(tmp_path).entries
    md, html = report_md(entries), report_html(entries)
    district = md.split("## Calibration across the district", 1)[1].split("\n## ", 1)[0]
    assert "| Roosevelt Elementary (3) |" in district and "| unknown (3) |" in district
    assert "<h2>Calibration across the district</h2>" in html
    assert "## Calibration at Roosevelt Elementary" in md
    names = {m.name for entry in year for m in entry.record.team.members}
    assert not any(name in district for name in names)

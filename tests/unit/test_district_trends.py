"""District trends pool each school's figure per school-year term; the change since last time
compares like with like (district term to district term), never one school's session to another's."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

from ilt_kit.review.render_html import report_html
from ilt_kit.review.report_md import report_md
from ilt_kit.review.scan import scan
from ilt_kit.review.trends import district_trends, period_of, school_trends, trends
from tests.unit.test_review_district import _as_school
from tests.unit.test_review_support import make_meeting


def _district_folder(make_session, clock):
    """Lincoln: fall level 2, winter level 3. Roosevelt: fall level 4 (after Lincoln's fall). Made
    once for the module by ``made_once``: the tests only read the entries."""
    made = [
        ("Lincoln", make_meeting(make_session, clock, "Lincoln fall", levels={"shared-vision": 2})),
        ("Roosevelt", make_meeting(make_session, clock, "Roosevelt fall", days_later=5, levels={"shared-vision": 4})),
        ("Lincoln", make_meeting(make_session, clock, "Lincoln winter", days_later=60, levels={"shared-vision": 3})),
    ]
    for school, entry in made:
        entry.path.write_text(_as_school(entry.path, school), encoding="utf-8")
    return scan(made[0][1].path.parent).entries


def test_terms_of_the_school_year():
    assert period_of(date(2026, 8, 1)).label == "2026-27 fall"
    assert period_of(date(2026, 11, 30)).label == "2026-27 fall"
    assert period_of(date(2026, 12, 1)).label == "2026-27 winter"
    assert period_of(date(2027, 3, 31)).label == "2026-27 winter"
    assert period_of(date(2027, 4, 1)).label == "2026-27 spring"
    assert period_of(date(2027, 7, 31)).label == "2026-27 spring"
    assert period_of(date(2026, 11, 1)) < period_of(date(2027, 1, 1)) < period_of(date(2027, 5, 1))


def test_the_district_change_never_compares_two_schools_sessions(made_once):
    entries = made_once(_district_folder).result
    # the sessions in date order are Lincoln 2, Roosevelt 4, Lincoln 3: one series would say -1
    mixed = next(t for t in trends(entries) if t.rubric_id == "test-rubric")
    assert next(c for c in mixed.criteria if c.id == "shared-vision").change == -1

    district = next(t for t in district_trends(entries) if t.rubric_id == "test-rubric")
    assert district.schools == ["Lincoln", "Roosevelt"] and district.sessions == 3
    assert [p.label for p in district.periods] == ["2026-27 fall", "2026-27 winter"]
    vision = next(c for c in district.criteria if c.id == "shared-vision")
    assert [(p.period.label, p.value, p.schools) for p in vision.points] == [
        ("2026-27 fall", 3.0, 2),  # median of Lincoln 2 and Roosevelt 4
        ("2026-27 winter", 3.0, 1),
    ]
    assert vision.change == 0  # winter's district figure against fall's
    # each school's own trend is unchanged: Lincoln moved +1
    lincoln = next(t for t in school_trends(entries)["Lincoln"] if t.rubric_id == "test-rubric")
    assert next(c for c in lincoln.criteria if c.id == "shared-vision").change == 1


def test_the_latest_agreed_level_of_a_term_counts_and_ballot_medians_fill_in(make_session, clock):
    first = make_meeting(make_session, clock, "Early", levels={"shared-vision": 1})
    second = make_meeting(make_session, clock, "Later", days_later=3, levels={"shared-vision": 3})
    for entry in (first, second):
        entry.path.write_text(_as_school(entry.path, "Lincoln"), encoding="utf-8")
    entries = scan(first.path.parent).entries
    vision = next(c for t in district_trends(entries) for c in t.criteria if c.id == "shared-vision")
    assert [(p.value, p.schools, p.agreed) for p in vision.points] == [(3.0, 1, 1)]


def _md_figures(md: str) -> dict[tuple[str, str], tuple[float, int]]:
    section = md.split("## Movement across the district", 1)[1].split("\n## ", 1)[0]
    found = {}
    for line in section.splitlines():
        if not line.startswith("- "):
            continue
        title = line[2:].split(": ", 1)[0]
        for value, term, schools in re.findall(r"([\d.]+) \((\d{4}-\d\d \w+), (\d+) schools?\)", line):
            found[(title, term)] = (float(value), int(schools))
    return found


def _html_figures(html: str) -> dict[tuple[str, str], tuple[float, int]]:
    section = html.split('<section class="district">', 1)[1].split("</section>", 1)[0]
    found = {}
    for row in re.findall(r"<tr><td>(.*?)</td>(.*?)</tr>", section):
        title, cells = row
        for term, schools, value in re.findall(r'title="([^"]+): (\d+) schools?[^"]*"><span class="level">([\d.]+)</span>', cells):
            found[(unescape(title), unescape(term))] = (float(value), int(schools))
    return found


def test_md_and_html_show_the_same_district_figures(made_once):
    entries = made_once(_district_folder).result
    md_figures = _md_figures(report_md(entries))
    html_figures = _html_figures(report_html(entries))
    assert md_figures and md_figures == html_figures
    assert md_figures[("Shared vision for student learning", "2026-27 fall")] == (3.0, 2)
    assert "+0 since last" not in report_md(entries)

"""The md and html reports carry the goals: each goal for a school, counts per school for a district."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ilt_kit.content.goals import GOALS_FILE, load_goals
from ilt_kit.review.report_command import run_report
from tests.unit.test_review_district import _as_school

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def goals():
    if not (EXAMPLES / GOALS_FILE).is_file():
        pytest.skip("no examples folder here")
    return load_goals(EXAMPLES / GOALS_FILE).goals


def _report(capsys, fmt: str, *paths: Path) -> str:
    assert run_report(list(paths), fmt, None) == 0
    return capsys.readouterr().out


def test_the_md_report_of_the_example_year_has_its_goals(capsys, goals):
    text = _report(capsys, "md", EXAMPLES)
    section = text.split("## Goals\n", 1)[1].split("\n## ", 1)[0]
    for goal in goals:
        assert f" {goal.title}: " in section
        assert f"({goal.baseline.date})" in section and f"target {goal.target}" in section and f"by {goal.by}" in section
    assert "Add the picture of strong learning to the walkthrough form" in section
    assert text.index("## Goals") < text.index("## August baseline")  # before the sessions
    january = text.split("## January re-rating", 1)[1].split("\n## ", 1)[0]
    assert "Add the picture of strong learning to the walkthrough form (" in january
    assert ", goal shared-vision)" in january  # each action says which goal it serves, in its session too


def test_the_example_follow_up_gives_the_goals_actions_their_evidence_of_impact(capsys, goals):
    from tools.example_follow_up import IMPACT
    from tools.example_goals import GOAL_NAMES_ACTION, GOAL_OF_ACTION

    section = _report(capsys, "md", EXAMPLES).split("## Goals\n", 1)[1].split("\n## ", 1)[0]
    serving = [what for what in IMPACT if what in GOAL_OF_ACTION or what in GOAL_NAMES_ACTION.values()]
    assert serving  # the spring follow-up reports them done, with their impact
    for what in serving:
        assert f"{what} (" in section and f"; impact: {IMPACT[what]}" in section.split(f"{what} (", 1)[1].split("\n", 1)[0]


def test_the_html_report_of_the_example_year_has_its_goals_escaped(capsys, goals, tmp_path):
    folder = tmp_path / "lincoln"
    shutil.copytree(EXAMPLES, folder)
    goals_file = folder / GOALS_FILE
    goals_file.write_text(goals_file.read_text().replace('title = "One shared', 'title = "<b>One</b> shared', 1))
    text = _report(capsys, "html", folder)
    section = text.split('<section class="goals">', 1)[1].split("</section>", 1)[0]
    assert "&lt;b&gt;One&lt;/b&gt; shared" in section and "<b>One</b>" not in text
    for goal in goals[1:]:
        assert goal.title.replace("'", "&#x27;") in section
    assert section.count('class="goal"') == len(goals)
    assert 'class="state state-reached"' in section


def test_a_district_report_counts_each_schools_goals_without_names(capsys, goals, tmp_path):
    root = tmp_path / "district"
    shutil.copytree(EXAMPLES, root / "lincoln")
    (root / "roosevelt").mkdir()
    for path in EXAMPLES.glob("2*.toml"):
        (root / "roosevelt" / path.name).write_text(_as_school(path, "Roosevelt Elementary"), encoding="utf-8")
    shutil.copy(EXAMPLES / GOALS_FILE, root / "roosevelt" / GOALS_FILE)
    md = _report(capsys, "md", root)
    table = md.split("## Goals per school\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "School" not in line]
    assert sorted(row.split(" | ")[0].strip("| ") for row in rows) == ["Roosevelt Elementary", "unknown"]
    assert all(row.split(" | ")[1] == str(len(goals)) for row in rows)
    members = {"Dana Whitfield", "Priya Raman", "Marcus Chen"}
    assert not any(name in table for name in members)  # counts only
    assert "## Goals at Roosevelt Elementary" in md
    html = _report(capsys, "html", root)
    district = html.split("<h2>Goals per school</h2>", 1)[1].split("</section>", 1)[0]
    assert "Roosevelt Elementary" in district and not any(name in district for name in members)
    assert len(re.findall(r"<tr><td>", district)) == 2


def test_a_goals_file_with_problems_is_named_and_the_report_still_made(capsys, tmp_path):
    folder = tmp_path / "lincoln"
    shutil.copytree(EXAMPLES, folder)
    (folder / GOALS_FILE).write_text('title = "x"\n[[goals]\n')
    assert run_report([folder], "md", None) == 0
    out, err = capsys.readouterr()
    assert f"{folder / GOALS_FILE}:2:" in err
    assert "has problems, so its goals are left out" in out


def test_a_goals_notes_on_several_lines_stay_in_their_list_item(capsys, tmp_path):
    """A blank line in a goal's notes must not end its list item (the later lines would land outside it)."""
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    text = (folder / GOALS_FILE).read_text(encoding="utf-8")
    first = load_goals(folder / GOALS_FILE).goals[0]
    (folder / GOALS_FILE).write_text(
        text.replace(f'notes = "{first.notes}"', 'notes = "Look at the plans.\\n\\n1. then ask the students"', 1), encoding="utf-8"
    )
    assert load_goals(folder / GOALS_FILE).goals[0].notes.startswith("Look at the plans.")
    section = _report(capsys, "md", folder).split("## Goals\n", 1)[1]
    assert "- Notes: Look at the plans.\n  1\\. then ask the students\n" in section

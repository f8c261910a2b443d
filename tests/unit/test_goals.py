"""A team's goals file: the model, the loader and `ilt-kit check` at path:line:col."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ilt_kit.cli import main
from ilt_kit.content.goals import GOALS_FILE, find_goals, load_goals
from ilt_kit.diagnostics.problems import FileProblems
from tests.conftest import CONTENT

GOOD = (Path(__file__).parents[1] / "fixtures" / "goals" / GOALS_FILE).read_text()


def write(folder: Path, text: str, name: str = GOALS_FILE) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def line_of(text: str, needle: str, nth: int = 0) -> int:
    return [n for n, line in enumerate(text.splitlines(), 1) if needle in line][nth]


def check(capsys, *paths: Path) -> tuple[int, list[str]]:
    code = main(["check", "--content", str(CONTENT), *map(str, paths)])
    out, _ = capsys.readouterr()
    return code, [line for line in out.splitlines() if line]


def test_the_fixture_loads_with_both_shapes_of_goal(tmp_path):
    goals = load_goals(write(tmp_path, GOOD))
    vision, trust = goals.goals
    assert (vision.kind, vision.content_id, vision.item_id) == ("rubric", "test-rubric", "shared-vision")
    assert (trust.kind, trust.content_id, trust.item_id) == ("survey", "test-survey", "trust")
    assert vision.baseline.level == 1.5 and vision.baseline.date == date(2026, 8, 27)
    assert trust.actions == ["2026-09-17-september#2"]
    assert goals.goal("trust") is trust and goals.goal("nope") is None


def test_find_goals_beside_the_sessions(tmp_path):
    assert find_goals(tmp_path) is None
    path = write(tmp_path, GOOD)
    assert find_goals(tmp_path) == path
    assert find_goals(tmp_path / "2026-08-27-baseline.toml") == path  # a session file: its folder's


def test_a_good_goals_file_checks_clean(tmp_path, capsys):
    assert check(capsys, write(tmp_path, GOOD)) == (0, ["ok: 1 file checked, no problems"])


def test_unknown_criterion_is_reported_at_its_key(tmp_path, capsys):
    bad = GOOD.replace('criterion = "shared-vision"', 'criterion = "shared-visoin"')
    path = write(tmp_path, bad)
    code, lines = check(capsys, path)
    assert code == 1
    assert lines == [f"{path}:{line_of(bad, 'criterion =')}:1: goal 'shared-vision': rubric 'test-rubric' "
                     "has no criterion 'shared-visoin'"]


def test_unknown_rubric_and_statement(tmp_path, capsys):
    bad = GOOD.replace('rubric = "test-rubric"', 'rubric = "no-such"').replace('statement = "trust"', 'statement = "x"')
    path = write(tmp_path, bad)
    code, lines = check(capsys, path)
    assert code == 1
    assert lines == [
        f"{path}:{line_of(bad, 'rubric =')}:1: goal 'shared-vision' names rubric 'no-such', which does not exist",
        f"{path}:{line_of(bad, 'statement =')}:1: goal 'trust': survey 'test-survey' has no statement 'x'",
    ]


def test_target_outside_the_scale(tmp_path, capsys):
    bad = GOOD.replace("target = 3", "target = 6")
    path = write(tmp_path, bad)
    code, lines = check(capsys, path)
    assert code == 1
    assert lines == [f"{path}:{line_of(bad, 'target = 6')}:1: goal 'shared-vision': target 6 is not on the "
                     "scale of 'test-rubric' (1-4)"]


@pytest.mark.parametrize("written", ["nan", "inf", "-inf"])
def test_a_baseline_level_that_is_not_a_number_says_so(tmp_path, capsys, written):
    """TOML can write nan and inf: a baseline level of them is told as not a number, at its line
    (not as 'should be less than or equal to 9', which nan is not either)."""
    bad = GOOD.replace("level = 1.5", f"level = {written}")
    path = write(tmp_path, bad)
    code, lines = check(capsys, path)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"{path}:{line_of(bad, f'level = {written}')}:"), lines
    assert "finite number" in lines[0] and "less than" not in lines[0] and "greater than" not in lines[0], lines


def test_target_date_before_the_baseline(tmp_path, capsys):
    bad = GOOD.replace("by = 2027-05-20", "by = 2026-08-01")
    path = write(tmp_path, bad)
    code, lines = check(capsys, path)
    assert code == 1
    baseline = line_of(bad, "date = 2026-08-27")
    assert lines == [f"{path}:{line_of(bad, 'by = 2026-08-01')}:1: goal 'shared-vision' is due 2026-08-01, "
                     f"before its baseline was taken (2026-08-27) (baseline on line {baseline})"]
    with pytest.raises(FileProblems):  # the loader refuses it too: no content needed for this one
        load_goals(path)


def test_a_goal_names_one_criterion_or_one_statement(tmp_path):
    both = GOOD.replace('criterion = "shared-vision"', 'criterion = "shared-vision"\nsurvey = "test-survey"')
    with pytest.raises(FileProblems) as error:
        load_goals(write(tmp_path, both))
    assert [(p.line, p.message) for p in error.value.problems] == [
        (line_of(both, "survey = "), "goal 'shared-vision' names a rubric and a survey; a goal is about one of them")
    ]
    half = GOOD.replace('criterion = "shared-vision"\n', "")
    with pytest.raises(FileProblems) as error:
        load_goals(write(tmp_path, half))
    assert [(p.line, p.message) for p in error.value.problems] == [
        (line_of(half, "rubric = "), "goal 'shared-vision' names a rubric but no 'criterion'")
    ]


def test_a_corrupt_file_names_file_and_line(tmp_path, capsys):
    bad = GOOD.replace('title = "Trust"', 'title = "Trust')
    path = write(tmp_path, bad)
    with pytest.raises(FileProblems) as error:
        load_goals(path)
    problem = error.value.problems[0]
    broken = line_of(bad, 'title = "Trust')
    assert (problem.path, problem.line) == (str(path), broken)
    code, lines = check(capsys, path)
    assert code == 1 and lines[0].startswith(f"{path}:{broken}:")


def test_unknown_key_and_bad_action_reference(tmp_path):
    bad = GOOD.replace("target = 4", "targte = 4").replace('"2026-09-17-september#2"', '"september-2"')
    with pytest.raises(FileProblems) as error:
        load_goals(write(tmp_path, bad))
    found = {(p.line, p.message.split(":")[0]) for p in error.value.problems}
    assert (line_of(bad, "targte"), "unknown key 'targte' (check the spelling; see `ilt-kit schema`)") in found
    assert (line_of(bad, "actions ="), "'goals.actions'") in found


def test_a_goals_file_in_a_sessions_folder_is_not_read_as_a_session(tmp_path, capsys):
    from ilt_kit.review.walk import session_files

    folder = tmp_path / "sessions"
    folder.mkdir()
    path = write(folder, GOOD)
    assert session_files(folder) == []
    assert check(capsys, path) == (0, ["ok: 1 file checked, no problems"])


def test_every_problem_of_a_goals_file_in_one_run(tmp_path, capsys):
    """A file whose shape is wrong (a target date before the baseline) has its references checked too."""
    bad = (GOOD.replace('criterion = "shared-vision"', 'criterion = "nope"').replace("target = 3", "target = 6")
           .replace("by = 2027-05-20", "by = 2026-08-01"))
    path = write(tmp_path, bad)
    code, lines = check(capsys, path)
    assert code == 1
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{path}:{line_of(bad, needle)}:1" for needle in ('criterion = "nope"', "target = 6", "by = 2026-08-01")
    ]


@pytest.mark.parametrize("shape", ["folder", "link loop", "dangling link"])
def test_a_goals_name_that_is_not_a_file_is_found_so_its_problem_is_told(tmp_path, shape):
    path = tmp_path / GOALS_FILE
    if shape == "folder":
        path.mkdir()
    elif shape == "link loop":
        path.symlink_to(path)
    else:
        path.symlink_to(tmp_path / "gone.toml")
    assert find_goals(tmp_path) == path  # not passed over in silence: loading it names the problem
    with pytest.raises(FileProblems) as error:
        load_goals(path)
    assert error.value.problems[0].path == str(path)


@pytest.mark.parametrize(("by", "start"), [("2027-05-20T10:00:00", "2026-08-27"), ("2027-05-20", "2026-08-27T09:00:00Z")])
def test_a_date_and_time_where_a_date_goes_is_a_problem_not_a_crash(tmp_path, capsys, by, start):
    bad = GOOD.replace("by = 2027-05-20", f"by = {by}", 1).replace("date = 2026-08-27", f"date = {start}", 1)
    path = write(tmp_path, bad)
    code, lines = check(capsys, path)
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith(f"{path}:") and "zero time" in lines[0]

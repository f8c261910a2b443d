"""`ilt-kit check` on bad input: every problem is one line `path:line:col: message`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ilt_kit.cli import main
from tests.conftest import CONTENT
from tests.forked import run_ilt

GOOD_RUBRIC = (CONTENT / "rubrics" / "test-rubric.toml").read_text()
GOOD_SCENARIO = (CONTENT / "scenarios" / "test-all-kinds.toml").read_text()


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def check(capsys, *paths: Path) -> tuple[int, list[str], str]:
    code = main(["check", "--content", str(CONTENT), *map(str, paths)])
    out, err = capsys.readouterr()
    return code, [line for line in out.splitlines() if line], err


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_valid_fixture_content_passes(capsys):
    code, lines, _ = check(capsys, CONTENT)
    assert code == 0
    assert lines == ["ok: 3 files checked, no problems"]


def test_toml_syntax_error_has_position(tmp_path, capsys):
    bad = GOOD_RUBRIC.replace('title = "Test rubric"', 'title = "Test rubric')
    path = write(tmp_path, "rubrics/r.toml", bad)
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert lines[0].startswith(f"{path}:{line_of(bad, 'title = ')}:")
    assert "TOML syntax error" in lines[0]


def test_missing_required_key_points_at_its_table(tmp_path, capsys):
    bad = GOOD_RUBRIC.replace('title = "Time for collaboration"\n', "")
    path = write(tmp_path, "rubrics/r.toml", bad)
    code, lines, _ = check(capsys, path)
    assert code == 1
    header = [n for n, line in enumerate(bad.splitlines(), 1) if line == "[[groups.criteria]]"][-1]
    assert lines == [f"{path}:{header}:1: missing required key 'title' in 'groups.criteria'"]


def test_unknown_key_typo(tmp_path, capsys):
    bad = GOOD_RUBRIC.replace('vision = "We believe', 'visoin = "We believe')
    path = write(tmp_path, "rubrics/r.toml", bad)
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert lines == [f"{path}:{line_of(bad, 'visoin')}:1: unknown key 'visoin' (check the spelling; see `ilt-kit schema`)"]


def test_wrong_type(tmp_path, capsys):
    bad = GOOD_SCENARIO.replace("minutes = 80", 'minutes = "eighty"')
    path = write(tmp_path, "scenarios/s.toml", bad)
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert lines[0].startswith(f"{path}:{line_of(bad, 'eighty')}:1: 'minutes':")
    assert "integer" in lines[0]


def test_unknown_segment_kind(tmp_path, capsys):
    bad = GOOD_SCENARIO.replace('kind = "forecast"', 'kind = "forcast"')
    path = write(tmp_path, "scenarios/s.toml", bad)
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert f"{path}:{line_of(bad, 'forcast')}:1: unknown segment kind 'forcast'" in lines[0]


def test_reference_to_missing_rubric(tmp_path, capsys):
    bad = GOOD_SCENARIO.replace('rubric = "test-rubric"', 'rubric = "no-such-rubric"')
    path = write(tmp_path, "scenarios/s.toml", bad)
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert lines == [
        f"{path}:{line_of(bad, 'no-such-rubric')}:1: segment 'score' uses rubric 'no-such-rubric', which does not exist"
    ]


def test_duplicate_segment_ids(tmp_path, capsys):
    bad = GOOD_SCENARIO.replace('id = "close"', 'id = "welcome"')
    path = write(tmp_path, "scenarios/s.toml", bad)
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert "segment ids must be unique: welcome used more than once" in lines[0]


def test_duplicate_content_ids_in_one_folder(tmp_path, capsys):
    write(tmp_path, "rubrics/a.toml", GOOD_RUBRIC)
    write(tmp_path, "rubrics/b.toml", GOOD_RUBRIC)
    code = main(["check", "--content", str(tmp_path)])
    out, _ = capsys.readouterr()
    assert code == 1
    assert f"{tmp_path / 'rubrics' / 'b.toml'}:1:1: duplicate id 'test-rubric'" in out


@pytest.mark.parametrize("minutes", ["0", "-5"])
def test_zero_or_negative_minutes(tmp_path, capsys, minutes):
    bad = GOOD_SCENARIO.replace("minutes = 5\nprompt = \"Why", f"minutes = {minutes}\nprompt = \"Why")
    path = write(tmp_path, "scenarios/s.toml", bad)
    code, lines, _ = check(capsys, path)
    assert code == 1
    line = [n for n, text in enumerate(bad.splitlines(), 1) if text == f"minutes = {minutes}"][0]
    assert lines[0].startswith(f"{path}:{line}:1: 'segments.minutes': Input should be greater than 0")


def test_minutes_must_add_up(tmp_path, capsys):
    bad = GOOD_SCENARIO.replace("minutes = 80", "minutes = 90")
    path = write(tmp_path, "scenarios/s.toml", bad)
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert "the segments add up to 80 minutes but the scenario says minutes = 90" in lines[0]


def test_prioritize_must_follow_a_brainstorm(tmp_path, capsys):
    bad = GOOD_SCENARIO.replace('source = "ideas"', 'source = "welcome"')
    path = write(tmp_path, "scenarios/s.toml", bad)
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert "must be an earlier brainstorm segment" in lines[0]


def test_empty_file(tmp_path, capsys):
    path = write(tmp_path, "rubrics/empty.toml", "")
    code, lines, _ = check(capsys, path)
    assert (code, lines) == (1, [f"{path}:1:1: the file is empty"])


def test_not_utf8(tmp_path, capsys):
    path = write(tmp_path, "rubrics/latin1.toml", GOOD_RUBRIC.replace("Test rubric", "Tést rubric").encode("latin-1"))
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert lines[0].startswith(f"{path}:2:11: not UTF-8 text (byte 0xe9)")


def test_folder_where_a_file_was_expected(tmp_path, capsys):
    folder = tmp_path / "empty-folder"
    folder.mkdir()
    code, lines, _ = check(capsys, folder)
    assert (code, lines) == (1, [f"{folder}:1:1: this is a folder; expected a .toml file"])


def test_path_that_does_not_exist(tmp_path, capsys):
    missing = tmp_path / "nope.toml"
    code, lines, _ = check(capsys, missing)
    assert (code, lines) == (1, [f"{missing}:1:1: no such file or folder"])


def test_every_bad_file_is_reported_and_good_ones_pass(tmp_path, capsys):
    good = write(tmp_path, "rubrics/good.toml", GOOD_RUBRIC.replace('id = "test-rubric"', 'id = "other"'))
    bad1 = write(tmp_path, "rubrics/bad1.toml", "")
    bad2 = write(tmp_path, "scenarios/bad2.toml", "id = ")
    code, lines, err = check(capsys, good, bad1, bad2)
    assert code == 1
    assert [line.split(":")[0] for line in lines] == [str(bad1), str(bad2)]
    assert "2 of 3 files have problems" in err


def test_unknown_file_kind(tmp_path, capsys):
    path = write(tmp_path, "x.toml", 'greeting = "hello"\n')
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert lines[0].startswith(f"{path}:1:1: cannot tell what this file is")


def test_team_file_problems(tmp_path, capsys):
    path = write(tmp_path, "teams/t.toml", '[[members]]\nname = "A"\n[[members]]\nname = "a"\n')
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert "member name 'a' is used twice" in lines[0]


def test_no_traceback_from_the_command_line(tmp_path):
    path = write(tmp_path, "rubrics/bad.toml", b"\xff\xfe garbage")
    result = run_ilt(["check", str(path)])
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert str(path) in result.stdout

"""The examples in docs/authoring.md are real: ilt-kit check accepts them as written."""

from __future__ import annotations

import re
from pathlib import Path

from ilt_kit.cli import main

DOC = Path(__file__).parents[2] / "docs" / "authoring.md"


def toml_blocks() -> list[str]:
    return re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_authoring_examples_pass_check(tmp_path, capsys):
    rubric, scenario, team = toml_blocks()
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "teams").mkdir()
    (tmp_path / "rubrics" / "coaching-cycles.toml").write_text(rubric)
    (tmp_path / "scenarios" / "coaching-review.toml").write_text(scenario)
    (tmp_path / "teams" / "team.toml").write_text(team)
    code = main(["check", "--content", str(tmp_path), str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "3 files checked" in out


def test_the_documented_error_lines_are_what_check_prints(tmp_path, capsys):
    rubric = toml_blocks()[0].replace('vision = "Every cycle', 'visoin = "Every cycle')
    path = tmp_path / "rubrics" / "my-rubric.toml"
    path.parent.mkdir()
    path.write_text(rubric)
    assert main(["check", str(path)]) == 1
    line = capsys.readouterr().out.strip()
    assert line.endswith("unknown key 'visoin' (check the spelling; see `ilt-kit schema`)")
    assert line.split(":")[1].isdigit()

"""What a newcomer meets in the first hour: the build, the messages of the command line, the wording."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_license_is_an_spdx_string_that_setuptools_keeps_supporting():
    """A table (``license = { text = ... }``) is deprecated by setuptools and refused after 2027-02-18."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["project"]["license"] == "MIT"
    assert not any(c.startswith("License ::") for c in config["project"].get("classifiers", []))
    requires = " ".join(config["build-system"]["requires"])
    found = re.search(r"setuptools>=(\d+)", requires)
    assert found and int(found.group(1)) >= 77, requires  # the first setuptools that reads an SPDX string


def _no_app(monkeypatch):
    """The app never opens in these tests: a command that reached it would return 0 at once."""
    from ilt_kit.tui.app import IltApp

    monkeypatch.setattr(IltApp, "run", lambda self, *a, **k: 0)


def test_review_of_a_missing_folder_says_so_and_exits_2(tmp_path, monkeypatch, capsys):
    from ilt_kit.cli import main

    _no_app(monkeypatch)
    missing = tmp_path / "sesions"
    assert main(["review", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"ilt-kit: {missing}: no such file or folder"


def test_sessions_naming_a_file_is_a_plain_sentence(tmp_path, monkeypatch, capsys):
    from ilt_kit.cli import main

    _no_app(monkeypatch)
    team = tmp_path / "myteam.toml"
    team.write_text('members = ["Dana, principal"]\n')
    monkeypatch.chdir(tmp_path)
    assert main(["--sessions", "myteam.toml"]) == 2
    err = capsys.readouterr().err
    assert "Errno" not in err
    assert "--sessions myteam.toml: that is a file; --sessions names the folder sessions are saved in" in err


def test_a_mistyped_scenario_id_gets_did_you_mean(monkeypatch, capsys):
    from ilt_kit.cli import main

    _no_app(monkeypatch)
    assert main(["run", "where-are-we-nw"]) == 1
    err = capsys.readouterr().err
    assert "no scenario 'where-are-we-nw'. Did you mean 'where-are-we-now'?" in err


def test_one_file_checked_is_singular(capsys):
    from ilt_kit.cli import main

    assert main(["check", str(ROOT / "rubrics" / "where-are-we-now.toml")]) == 0
    assert capsys.readouterr().out.strip() == "ok: 1 file checked, no problems"


def test_one_criterion_is_singular_in_the_list():
    """The stacked layout of ``list`` (a narrow terminal) says each figure in words."""
    from ilt_kit.cli import _spelt_out

    assert [_spelt_out("crit.", "1"), _spelt_out("crit.", "3"), _spelt_out("segs", "1"), _spelt_out("min", "90")] == [
        "1 criterion", "3 criteria", "1 segment", "90 minutes"
    ]


def test_list_at_80_columns_breaks_paths_only_after_a_slash(tmp_path, monkeypatch, capsys):
    """Piped (no terminal), ``list`` lays out for 80 columns: a path never wraps mid-word."""
    from ilt_kit.cli import main

    folder = tmp_path / "district-content-for-the-fall" / "scenarios"
    folder.mkdir(parents=True)
    (folder / "a-long-scenario-file-name-here.toml").write_text(
        (ROOT / "scenarios" / "blue-sky.toml").read_text().replace('id = "blue-sky"', 'id = "our-blue-sky"')
    )
    for columns in ("80", "120"):
        monkeypatch.setenv("COLUMNS", columns)
        assert main(["list", "--no-index", "--content", str(tmp_path / "district-content-for-the-fall")]) == 0
        out = capsys.readouterr().out
        for part in ("district-content-for-the-fall/", "scenarios/", "a-long-scenario-file-name-here.toml"):
            assert part in out, (columns, out)
        assert all(len(line.rstrip()) <= int(columns) for line in out.splitlines())


def test_a_bad_shows_does_not_hide_a_misspelt_rubric(tmp_path, capsys):
    """Every problem of every file in one run: the scenario's own rules and its references."""
    from tests.unit.test_content_check import GOOD_SCENARIO, check, line_of, write
    from tests.unit.test_content_shows import ACTIONS, with_shows

    text = with_shows(ACTIONS, '["nowhere"]', GOOD_SCENARIO).replace('rubric = "test-rubric"', 'rubric = "test-rubirc"')
    path = write(tmp_path / "scenarios", "s.toml", text)
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert any("shows the results of 'nowhere'" in line for line in lines), lines
    rubric_line = line_of(text, 'rubric = "test-rubirc"')
    assert f"{path}:{rubric_line}:1: segment 'score' uses rubric 'test-rubirc', which does not exist" in lines, lines


def test_a_nameless_member_does_not_hide_a_name_used_twice(tmp_path, capsys):
    from tests.unit.test_content_check import check, line_of, write

    text = (
        'name = "Lincoln"\n\n[[members]]\nname = "Dana"\nrole = "principal"\n\n[[members]]\nrole = "coach"\n\n'
        '[[members]]\nname = "dana"\nrole = "teacher leader"\n'
    )
    path = write(tmp_path / "teams", "team.toml", text)
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert len(lines) == 2, lines
    assert any("name" in line and "required" in line.lower() for line in lines), lines
    second = line_of(text, 'name = "dana"')
    assert f"{path}:{second}:1: member name 'dana' is used twice" in lines, lines


def test_team_members_may_be_written_as_the_set_up_form_takes_them(tmp_path, capsys):
    from ilt_kit.content.library import load_team
    from tests.unit.test_content_check import check, write

    path = write(tmp_path / "teams", "myteam.toml", 'members = ["Dana Whitfield, principal", "Marcus Chen", "Priya Raman,coach"]\n')
    team = load_team(path)
    assert [(m.name, m.role) for m in team.members] == [
        ("Dana Whitfield", "principal"), ("Marcus Chen", "other"), ("Priya Raman", "coach")
    ]
    assert check(capsys, path)[0] == 0
    twice = write(tmp_path / "teams", "twice.toml", 'members = ["Dana, principal", "dana, coach"]\n')
    code, lines, _ = check(capsys, twice)
    assert (code, lines) == (1, [f"{twice}:1:31: member name 'dana' is used twice"])

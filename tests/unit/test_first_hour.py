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

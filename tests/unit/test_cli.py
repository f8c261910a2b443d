"""The fast commands: list, schema, --version, and the rule that they never import Textual."""

from __future__ import annotations

import functools
import json

import pytest

from ilt_kit import __version__
from ilt_kit.cli import main
from tests.conftest import CONTENT
from tests.forked import LIBRARIES, fresh_probes

CORE_MODULES = ["ilt_kit.cli", "ilt_kit.content.library", "ilt_kit.session.engine", "ilt_kit.store.files", "ilt_kit.review"]
FAST_COMMANDS = [["list"], ["list", "--json"], ["check"], ["schema", "session"]]


@functools.cache
def probes() -> dict[str, dict]:
    """Each core module imported, and each fast command run, in a new interpreter of its own
    (children of one that imported only the libraries): whether Textual was loaded."""
    code = {f"import {module}": f"import {module}" for module in CORE_MODULES}
    for argv in FAST_COMMANDS:
        code[f"ilt-kit {' '.join(argv)}"] = (
            f"import sys; sys.argv = ['ilt-kit', *{argv!r}]\n"
            "from ilt_kit.cli import main\n"
            f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        )
    return fresh_probes(code, watch=["textual"], preload=LIBRARIES)


def probe(key: str) -> dict:
    found = probes()
    assert found[""] == {"loaded": [], "error": None, "ilt_kit": []}  # the libraries loaded neither
    return found[key]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_never_imports_textual(module):
    result = probe(f"import {module}")
    assert result["error"] is None, result["error"]
    assert "textual" not in result["loaded"]


@pytest.mark.parametrize("argv", FAST_COMMANDS)
def test_fast_commands_never_import_textual(argv):
    result = probe(f"ilt-kit {' '.join(argv)}")
    assert result["error"] is None, result["error"]
    assert "textual" not in result["loaded"]


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"ilt-kit {__version__}"


@pytest.mark.parametrize("command", ["list", "check", "schema", "run", "resume", "review", "report"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert f"usage: ilt-kit {command}" in capsys.readouterr().out


def test_list_json_shows_fixture_content_and_where_it_came_from(capsys):
    assert main(["list", "--json", "--content", str(CONTENT)]) == 0
    payload = json.loads(capsys.readouterr().out)
    scenario = next(s for s in payload["scenarios"] if s["id"] == "test-all-kinds")
    assert scenario["minutes"] == 80
    assert scenario["segments"] == 8
    assert scenario["from"] == "--content"
    rubric = next(r for r in payload["rubrics"] if r["id"] == "test-survey")
    assert rubric["kind"] == "survey"
    assert rubric["scale"][0] == "Strongly disagree"


def test_list_table(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["list", "--content", str(CONTENT)]) == 0
    out = capsys.readouterr().out
    assert "test-all-kinds" in out and "Every segment kind" in out


def test_later_source_overrides_same_id(tmp_path, capsys):
    (tmp_path / "rubrics").mkdir()
    text = (CONTENT / "rubrics" / "test-survey.toml").read_text().replace('title = "Test survey"', 'title = "Mine"')
    (tmp_path / "rubrics" / "test-survey.toml").write_text(text)
    assert main(["list", "--json", "--content", str(CONTENT), "--content", str(tmp_path)]) == 0
    payload = json.loads(capsys.readouterr().out)
    rubric = next(r for r in payload["rubrics"] if r["id"] == "test-survey")
    assert rubric["title"] == "Mine"
    assert rubric["path"] == str(tmp_path / "rubrics" / "test-survey.toml")


def test_content_from_environment_variable(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ILT_KIT_CONTENT", str(CONTENT))
    assert main(["list", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert any(s["id"] == "test-all-kinds" and s["from"] == "ILT_KIT_CONTENT" for s in payload["scenarios"])


@pytest.mark.parametrize("kind", ["rubric", "scenario", "team", "session", "goals"])
def test_schema_is_json_schema(kind, capsys):
    assert main(["schema", kind]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("http://json-schema.org/")
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False


def test_schema_validates_fixture_with_jsonschema_semantics(capsys):
    """The rubric schema lists exactly the model's keys, with their aliases ('from', not 'from_')."""
    main(["schema", "rubric"])
    schema = json.loads(capsys.readouterr().out)
    criterion = schema["$defs"]["Criterion"]["properties"]
    assert "from" in criterion and "from_" not in criterion
    assert set(schema["required"]) == {"id", "title", "summary", "source", "scale", "groups"}

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


def test_the_documented_shows_error_is_what_check_prints(tmp_path, capsys):
    """The guide's line for a misspelt `shows` id: the same position and message as check prints."""
    text = DOC.read_text(encoding="utf-8")
    documented = re.search(r"```text\n(scenarios/coaching-review\.toml:\d+:\d+: .*shows the results of.*)\n```", text)
    assert documented, "the guide shows no `shows` error line"
    rubric, scenario, _ = toml_blocks()
    assert scenario.count('shows = ["score", "vote"]') == 1
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "rubrics" / "coaching-cycles.toml").write_text(rubric)
    path = tmp_path / "scenarios" / "coaching-review.toml"
    path.write_text(scenario.replace('shows = ["score", "vote"]', 'shows = ["score", "votes"]'))
    assert main(["check", "--content", str(tmp_path), str(path)]) == 1
    printed = capsys.readouterr().out.strip()
    assert printed == str(path) + documented.group(1).removeprefix("scenarios/coaching-review.toml")


def test_the_guide_names_every_key_a_segment_may_have():
    """Every key every segment has is named in the guide's prose, not only in an example; each kind's own
    keys are named on its page (``tests/unit/test_kind_docs.py``), which the guide points at."""
    from ilt_kit.content.segments.base import SegmentBase
    from tests.unit.test_kind_docs import named_keys

    text = DOC.read_text(encoding="utf-8")
    named = named_keys(text)
    keys = [field.alias or name for name, field in SegmentBase.model_fields.items()] + ["kind"]
    missing = sorted(key for key in keys if key not in named)
    assert not missing, f"{DOC.name} does not name: {', '.join(missing)}"
    assert "](kinds/)" in text, "the guide does not point at the kinds' pages"


def test_the_doc_names_every_required_key_of_a_rubric_and_a_scenario():
    """A newcomer learns from the doc, not from `check`, that `[source]` (and the rest) is required."""
    import re as _re

    from ilt_kit.content.models import Rubric, Scenario

    text = DOC.read_text(encoding="utf-8")
    for model, what in ((Rubric, "a rubric"), (Scenario, "a scenario")):
        found = _re.search(rf"Required in {what}[^:]*:(.*?)\.", text, flags=_re.S)
        assert found, what
        named = set(_re.findall(r"`\[*([a-z_]+)\]*`", found.group(1)))
        required = {name for name, field in model.model_fields.items() if field.is_required()}
        assert named == required, (what, named, required)

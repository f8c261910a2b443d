"""The built-in library: it loads cleanly, every scenario resolves its rubrics, and nothing is empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from ilt_kit.content.library import builtin_root, load_library
from ilt_kit.content.segments.rubric import RubricSegment
from ilt_kit.content.segments.survey import SurveySegment

ROOT = builtin_root()


@pytest.fixture(scope="module")
def builtin(tmp_path_factory):
    # an empty working folder, so only the built-in content is found
    return load_library(cwd=tmp_path_factory.mktemp("elsewhere"))


def test_builtin_content_has_no_problems(builtin):
    assert builtin.problems == []
    assert len(builtin.scenarios) >= 12
    assert len(builtin.rubrics) >= 8


def test_builtin_folder_is_the_top_level_content():
    assert (ROOT / "scenarios").is_dir() and (ROOT / "rubrics").is_dir()
    assert sorted(p.name for p in (ROOT / "rubrics").glob("*.toml"))


def test_every_scenario_resolves_its_rubrics(builtin):
    for loaded in builtin.scenarios.values():
        for segment in loaded.item.segments:
            if isinstance(segment, (RubricSegment, SurveySegment)):
                ref = segment.rubric if isinstance(segment, RubricSegment) else segment.survey
                rubric = builtin.rubric(ref)
                known = {c.id for c in rubric.criteria}
                assert set(segment.criteria) <= known, (loaded.path, segment.id)
                assert (rubric.kind == "survey") == isinstance(segment, SurveySegment)


def test_minutes_add_up_and_sessions_end_with_actions(builtin):
    for loaded in builtin.scenarios.values():
        scenario = loaded.item
        assert sum(s.minutes for s in scenario.segments) == scenario.minutes
        assert 45 <= scenario.minutes <= 120, scenario.id
        kinds = [s.kind for s in scenario.segments]
        assert "actions" in kinds[-2:], scenario.id


def _empty_texts(model: BaseModel, where: str) -> list[str]:
    found = []
    for name, value in model:
        if isinstance(value, str) and name not in ("descriptor", "from_", "to", "description", "part", "publisher", "note", "notes", "prompt", "vision", "summary", "no_evidence"):
            if not value.strip():
                found.append(f"{where}.{name}")
        elif isinstance(value, BaseModel):
            found += _empty_texts(value, f"{where}.{name}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    found += _empty_texts(item, f"{where}.{name}[{index}]")
                elif isinstance(item, str) and not item.strip():
                    found.append(f"{where}.{name}[{index}]")
    return found


def test_no_text_field_is_empty(builtin):
    problems = []
    for loaded in [*builtin.scenarios.values(), *builtin.rubrics.values()]:
        problems += _empty_texts(loaded.item, Path(loaded.path).name)
    assert problems == []


def test_rubric_texts_that_members_read_are_filled(builtin):
    for loaded in builtin.rubrics.values():
        rubric = loaded.item
        assert rubric.summary.strip() and rubric.source.framework.strip()
        for criterion in rubric.criteria:
            assert criterion.vision.strip() or (criterion.from_ and criterion.to), (rubric.id, criterion.id)
            if rubric.kind == "rubric":
                assert criterion.indicators, (rubric.id, criterion.id)
                assert set(criterion.descriptors) == set(rubric.scale.values), (rubric.id, criterion.id)


def test_scenarios_have_facilitator_material(builtin):
    for loaded in builtin.scenarios.values():
        scenario = loaded.item
        assert scenario.norms and scenario.roles and scenario.materials, scenario.id
        assert any(s.notes.strip() for s in scenario.segments), scenario.id
        assert any(s.questions for s in scenario.segments), scenario.id


def test_a_file_read_again_unchanged_is_not_validated_again(tmp_path):
    """Content is loaded anew each time (the home screen, ``check``, ``list``): a file whose text is
    the same gives the same (frozen) model, one whose text changed a new one, and a broken one its
    problems every time."""
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "content"
    folder, elsewhere = tmp_path / "content", tmp_path / "elsewhere"
    (folder / "rubrics").mkdir(parents=True)
    elsewhere.mkdir()
    rubric = folder / "rubrics" / "test-rubric.toml"
    text = (fixtures / "rubrics" / "test-rubric.toml").read_text(encoding="utf-8")
    rubric.write_text(text, encoding="utf-8")
    first, again = (load_library([folder], cwd=elsewhere).rubric("test-rubric") for _ in range(2))
    assert again is first

    rubric.write_text(text.replace('title = "Test rubric"', 'title = "Test rubric, renamed"', 1), encoding="utf-8")
    renamed = load_library([folder], cwd=elsewhere).rubric("test-rubric")
    assert renamed is not first and renamed.title == "Test rubric, renamed" and first.title == "Test rubric"

    rubric.write_text(text.replace("[[", "[[[", 1), encoding="utf-8")
    for _ in range(2):
        library = load_library([folder], cwd=elsewhere)
        assert "test-rubric" not in library.rubrics
        assert [p.path for p in library.problems] == [str(rubric)]

"""The segment-kind registry is the one list of kinds: every layer's per-kind part agrees with it."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path
from types import ModuleType
from typing import get_args

import pytest

import ilt_kit
from ilt_kit.content import models
from ilt_kit.content.kinds import KINDS, RATED_KINDS, SEGMENT_KINDS, TALK_KINDS, SegmentKind, kind_name
from ilt_kit.content.library import load_library
from ilt_kit.session.kinds import MODULES
from ilt_kit.store.record import RESULT_MODELS
from ilt_kit.store.results.rated import RatedBase

PACKAGE = Path(ilt_kit.__file__).parent
REGISTRY = PACKAGE / "content" / "kinds.py"
CONTENT_MODELS = get_args(get_args(models.Segment)[0])


def _literal_kind(model: type) -> str:
    return get_args(model.model_fields["kind"].annotation)[0]


def registry_problems(
    kinds: dict[str, SegmentKind],
    content_models: tuple[type, ...],
    result_models: dict[str, type],
    modules: dict[str, ModuleType],
) -> list[str]:
    """What is missing or left over between the registry and each layer's per-kind part."""
    problems = []
    content_kinds = {_literal_kind(m): m for m in content_models}
    for layer, found in (("content model", content_kinds), ("result model", result_models), ("engine module", modules)):
        problems += [f"{kind}: no {layer}" for kind in kinds if kind not in found]
        problems += [f"{kind}: a {layer} for a kind the registry does not list" for kind in found if kind not in kinds]
    for kind_id, kind in kinds.items():
        if kind.id != kind_id:
            problems.append(f"{kind_id}: listed under another id ({kind.id})")
        if kind_id in content_kinds and content_kinds[kind_id] is not kind.model:
            problems.append(f"{kind_id}: its model is not the scenario's segment model for that kind")
        if not kind.name.strip() or not kind.pane.strip():
            problems.append(f"{kind_id}: no display name or no pane")
        module = modules.get(kind_id)
        if module is not None and not callable(getattr(module, "build", None)):
            problems.append(f"{kind_id}: its engine module cannot build its record")
        if kind_id in result_models and kind.rated != issubclass(result_models[kind_id], RatedBase):
            problems.append(f"{kind_id}: 'rated' does not match its result model")
    return problems


def test_every_layer_has_exactly_the_registry_kinds():
    assert registry_problems(KINDS, CONTENT_MODELS, RESULT_MODELS, MODULES) == []


def test_adding_a_kind_to_the_registry_alone_is_caught():
    extra = dict(KINDS, poll=SegmentKind("poll", "Poll", KINDS["briefing"].model, result="poll:PollResult", engine="plain", section="plain", pane="poll"))
    problems = registry_problems(extra, CONTENT_MODELS, RESULT_MODELS, MODULES)
    assert "poll: no result model" in problems
    assert "poll: its model is not the scenario's segment model for that kind" not in problems  # no content model at all
    assert "poll: no content model" in problems


def test_removing_a_kind_from_the_registry_alone_is_caught():
    fewer = {kind_id: kind for kind_id, kind in KINDS.items() if kind_id != "forecast"}
    problems = registry_problems(fewer, CONTENT_MODELS, RESULT_MODELS, MODULES)
    for layer in ("content model", "result model", "engine module"):
        assert f"forecast: a {layer} for a kind the registry does not list" in problems


def test_a_kind_with_the_wrong_parts_is_caught():
    wrong = dict(KINDS, survey=dataclasses.replace(KINDS["survey"], model=KINDS["rubric"].model, rated=False, name=" "))
    problems = registry_problems(wrong, CONTENT_MODELS, RESULT_MODELS, MODULES)
    assert "survey: its model is not the scenario's segment model for that kind" in problems
    assert "survey: 'rated' does not match its result model" in problems
    assert "survey: no display name or no pane" in problems


def test_the_derived_lists_and_names():
    assert SEGMENT_KINDS == tuple(KINDS)
    assert set(RATED_KINDS) == {k for k, model in RESULT_MODELS.items() if issubclass(model, RatedBase)}
    assert TALK_KINDS and not set(TALK_KINDS) & set(RATED_KINDS)
    assert kind_name("prioritize") == KINDS["prioritize"].name and kind_name("unheard-of") == "unheard-of"
    for kind in KINDS.values():  # every engine module is a file of its own name
        assert (PACKAGE / "session" / "kinds" / f"{kind.engine}.py").is_file()


def test_the_screens_name_kinds_from_the_registry():
    from ilt_kit.tui.widgets.text import KIND_NAME

    assert KIND_NAME == {kind_id: kind.name for kind_id, kind in KINDS.items()}


def test_the_built_in_scenarios_use_only_registered_kinds(tmp_path):
    library = load_library([], cwd=tmp_path)
    used = {segment.kind for loaded in library.scenarios.values() for segment in loaded.item.segments}
    assert used and used <= set(KINDS)


def _kind_lists(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """Every tuple, list, set or dict written out in the source that names most of the kinds."""
    found = []
    for node in ast.walk(tree):
        items = node.keys if isinstance(node, ast.Dict) else node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else []
        named = sorted({i.value for i in items if isinstance(i, ast.Constant) and i.value in KINDS})
        if len(named) > len(KINDS) // 2:
            found.append((node.lineno, named))
    return found


def test_the_check_finds_a_written_out_list():
    most = {kind_id: kind_id[0].upper() for kind_id in list(KINDS)[: len(KINDS) // 2 + 1]}  # however many kinds there are
    assert _kind_lists(ast.parse(f"NAMES = {most!r}"))
    assert not _kind_lists(ast.parse('RATED = ("rubric", "survey")'))


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.rglob("*.py") if p != REGISTRY), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_but_the_registry_lists_the_kinds(path):
    source = path.read_text(encoding="utf-8")
    # a module that does not spell most kinds' names anywhere cannot list them: it is not parsed
    spelled = sum(kind_id in source for kind_id in KINDS)
    assert spelled <= len(KINDS) // 2 or _kind_lists(ast.parse(source)) == []

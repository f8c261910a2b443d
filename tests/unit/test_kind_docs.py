"""Each segment kind's page, ``docs/kinds/<kind>.md``: what an author writes, what the session file keeps,
what the reports show of it, what a phone shows.

The guide (``docs/authoring.md``) and the session format (``docs/session-format.md``) hold what every
segment shares and point at the folder; each kind's own keys are named on its own page, so adding a kind
means writing its page, not editing theirs. A kind in the registry without a page, or whose page leaves
out a key of its content model or of its part of the session record, fails here.
"""

from __future__ import annotations

import pkgutil
import re
import tomllib
import typing
from importlib import import_module
from pathlib import Path

import pytest
from pydantic import BaseModel

from ilt_kit.content.kinds import KINDS, SegmentKind
from ilt_kit.content.segments.base import SegmentBase as ContentBase
from ilt_kit.store import record as record_models
from ilt_kit.store import results
from ilt_kit.store.record import RESULT_MODELS
from ilt_kit.store.results import base as result_base
from ilt_kit.store.results.base import Rec
from ilt_kit.store.results.base import SegmentBase as ResultBase

ROOT = Path(__file__).resolve().parents[2]
KIND_DOCS = ROOT / "docs" / "kinds"
FENCED = re.compile(r"^```.*?^```$", re.MULTILINE | re.DOTALL)


def kind_doc(kind_id: str) -> Path:
    """A kind's page: ``docs/kinds/<kind id>.md``."""
    return KIND_DOCS / f"{kind_id}.md"


def prose(text: str) -> str:
    """The text without its fenced examples: a key counts as named only where the text says what it is."""
    return FENCED.sub("", text)


def named_keys(text: str) -> set[str]:
    """The keys a page names: each `key` in backticks, and each of `{ key, key }` (an inline table's keys)."""
    text = prose(text)
    named = set(re.findall(r"`([a-z_]+)`", text))
    for inline in re.findall(r"\{ ([a-z_, ]+) \}", text):
        named |= {word.strip() for word in inline.split(",")}
    return named


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def keys_of(model: type[BaseModel], base: type[BaseModel]) -> list[tuple[type[BaseModel], str]]:
    """(model, key) for each key of ``model`` that ``base`` (what every segment has) does not hold,
    and each key of every model it holds, however deep."""
    found: list[tuple[type[BaseModel], str]] = []
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.add(current)
        for name, field in current.model_fields.items():
            if current is model and (name in base.model_fields or name == "kind"):
                continue
            found.append((current, field.alias or name))
            todo += _models_in(field.annotation)
    return found


def missing_keys(kind: SegmentKind, page: Path) -> list[str]:
    """The keys of the kind's content model and of its record part that its page does not name."""
    named = named_keys(page.read_text(encoding="utf-8"))
    wanted = keys_of(kind.model, ContentBase) + keys_of(RESULT_MODELS[kind.id], ResultBase)
    return sorted({f"{model.__name__}.{key}" for model, key in wanted if key not in named})


def test_every_kind_has_a_page_and_every_page_a_kind() -> None:
    pages = {path.stem for path in KIND_DOCS.glob("*.md")}
    assert pages == set(KINDS), f"docs/kinds/ has pages {sorted(pages)}, the registry kinds {sorted(KINDS)}"


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_the_kinds_page_names_every_key_of_its_content_and_its_record(kind_id: str) -> None:
    page = kind_doc(kind_id)
    assert page.is_file(), f"no page docs/kinds/{kind_id}.md"
    missing = missing_keys(KINDS[kind_id], page)
    assert not missing, f"docs/kinds/{kind_id}.md does not name: {', '.join(missing)}"


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_the_kinds_page_says_what_it_is_with_an_example_a_scenario_takes(kind_id: str) -> None:
    """Its title names the kind as a scenario writes it; its example segment is one the content model takes."""
    text = kind_doc(kind_id).read_text(encoding="utf-8")
    title = text.splitlines()[0]
    assert title.startswith(f"# {KINDS[kind_id].name} ") and f'`kind = "{kind_id}"`' in title, title
    for heading in ("## In a scenario", "## In the session file", "## In a report", "## On a phone"):
        assert f"\n{heading}\n" in text, (kind_id, heading)
    examples = re.findall(r"```toml\n(.*?)```", text, flags=re.S)
    assert len(examples) == 1, f"docs/kinds/{kind_id}.md should have one scenario example"
    segments = tomllib.loads(examples[0])["segments"]
    assert len(segments) == 1 and segments[0]["kind"] == kind_id
    KINDS[kind_id].model.model_validate(segments[0])


def test_a_page_that_leaves_out_a_key_is_caught(tmp_path: Path) -> None:
    """The check above can fail: the forecast's page without its items' ratings and its item label."""
    text = kind_doc("forecast").read_text(encoding="utf-8")
    page = tmp_path / "forecast.md"
    page.write_text(text.replace("`ratings`", "ratings").replace("`item_label`", "item label"), encoding="utf-8")
    assert missing_keys(KINDS["forecast"], page) == ["ForecastEntry.ratings", "ForecastResult.item_label", "ForecastSegment.item_label"]


def shared_record_models() -> list[type[BaseModel]]:
    """The models of a session file that are not one kind's: the record's own and what every segment has."""
    found = []
    for module in (record_models, result_base):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == module.__name__:
                if value is not Rec:
                    found.append(value)
    return found


def test_every_model_of_a_session_file_is_documented_on_the_format_page_or_a_kinds_page() -> None:
    """No model under ``ilt_kit/store/results`` escapes both: each is shared (session-format.md) or
    reached from a kind's record part (its page)."""
    modules = [import_module(f"{results.__name__}.{info.name}") for info in pkgutil.iter_modules(results.__path__)]
    every = {
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == module.__name__
    }
    covered = set(shared_record_models()) | set(RESULT_MODELS.values())
    covered |= {model for kind in KINDS.values() for model, _ in keys_of(RESULT_MODELS[kind.id], ResultBase)}
    bases = {value for value in every if any(issubclass(sub, value) and sub is not value for sub in covered)}
    assert not (every - covered - bases - {Rec}), sorted(model.__name__ for model in every - covered - bases - {Rec})


@pytest.mark.parametrize("doc", ["README.md", "docs/authoring.md", "docs/session-format.md", "docs/join.md", "docs/review.md"])
def test_the_shared_docs_point_at_the_kinds_pages(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    assert re.search(r"\]\((docs/)?kinds/\)", text), f"{doc} does not link the folder of the kinds' pages"


__all__ = ["KIND_DOCS", "kind_doc", "keys_of", "missing_keys", "named_keys", "prose", "shared_record_models"]

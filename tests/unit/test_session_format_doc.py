"""docs/session-format.md: its example is a valid session file, and the reference covers the model.

The example must pass ``ilt-kit check`` and load with ``load_record``. The key tables must name
every field of the record's own models (each kind's are on its page in docs/kinds/), so the page
cannot silently fall behind the format.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from ilt_kit.content.kinds import SEGMENT_KINDS
from ilt_kit.store.files import HEADER, dumps, load_record
from ilt_kit.store.record import SCHEMA_VERSION
from ilt_kit.store.results.rated import NO_EVIDENCE, RatedBase
from tests.forked import run_ilt
from tests.unit.test_kind_docs import kind_doc, named_keys, shared_record_models

DOC = Path(__file__).resolve().parents[2] / "docs" / "session-format.md"
FENCE = re.compile(r"^```toml\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def example(doc: str) -> str:
    blocks = FENCE.findall(doc)
    assert len(blocks) == 1, f"expected exactly one ```toml block in {DOC.name}, found {len(blocks)}"
    return blocks[0]


def run_check(path: Path) -> subprocess.CompletedProcess[str]:
    return run_ilt(["check", str(path)], cwd=path.parent)


def test_the_example_passes_ilt_kit_check(tmp_path: Path, example: str) -> None:
    path = tmp_path / "2026-10-14-fall-learning-review.toml"
    path.write_text(example, encoding="utf-8")
    result = run_check(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: 1 file checked" in result.stdout


def test_the_example_loads_and_is_what_ilt_kit_writes(tmp_path: Path, example: str) -> None:
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    record = load_record(path)
    assert record.schema_version == SCHEMA_VERSION
    # pasted from a real save, not hand-made: writing it again gives the same text
    assert dumps(record) == example
    assert example.startswith(HEADER)


def test_the_example_shows_several_kinds_and_the_no_evidence_level(tmp_path: Path, example: str) -> None:
    data = tomllib.loads(example)
    kinds = {segment["kind"] for segment in data["segments"]}
    assert {"brainstorm", "rubric", "survey", "actions"} <= kinds and len(kinds) >= 5, kinds
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    record = load_record(path)
    rated = [s for s in record.segments if isinstance(s, RatedBase)]
    no_evidence = [level for s in rated for level in s.scale if level.value == NO_EVIDENCE]
    assert no_evidence, "the example should show a scale with the 'no evidence' level"
    ballots = [b for s in rated for c in s.criteria for r in c.rounds for b in r.ballots]
    assert any(b.level == NO_EVIDENCE for b in ballots)
    assert any(len(c.rounds) > 1 for s in rated for c in s.criteria)


def test_a_schema_comment_on_the_first_line_is_accepted(tmp_path: Path, example: str) -> None:
    """The doc tells editors to add ``#:schema``; check and load must not mind it."""
    path = tmp_path / "edited.toml"
    path.write_text("#:schema ./session.schema.json\n" + example, encoding="utf-8")
    assert run_check(path).returncode == 0
    load_record(path)


def test_a_broken_copy_of_the_example_fails_check(tmp_path: Path, example: str) -> None:
    """The check above can fail: the same example with a typo in a key is refused."""
    path = tmp_path / "typo.toml"
    path.write_text(example.replace("planned_seconds", "planed_seconds", 1), encoding="utf-8")
    result = run_check(path)
    assert result.returncode == 1
    assert "planed_seconds" in result.stdout


def test_the_reference_names_every_key(doc: str) -> None:
    """Every key of the record's own models and of what every segment has; each kind's own keys are on
    its page (``tests/unit/test_kind_docs.py``, which also checks that no model escapes both)."""
    prose = doc.split("## A complete example")[0]
    documented = named_keys(prose)
    models = shared_record_models()
    assert len(models) > 5  # the record's own models and the segment's shared ones
    missing = sorted(
        f"{model.__name__}.{field}"
        for model in models
        for field in model.model_fields
        if field not in documented
    )
    assert not missing, f"{DOC.name} does not document: {', '.join(missing)}"


def test_the_reference_names_every_status_and_points_at_every_kinds_page(doc: str) -> None:
    for status in ("pending", "running", "paused", "done", "skipped", "in progress", "finished"):
        assert f"`{status}`" in doc or f'"{status}"' in doc, status
    assert f"writes `{SCHEMA_VERSION}`" in doc
    # each kind, named as a file names it, on its own page, which the reference points at
    assert "](kinds/)" in doc
    for kind in SEGMENT_KINDS:
        assert f'`kind = "{kind}"`' in kind_doc(kind).read_text(encoding="utf-8"), kind
    assert '`"open"`' in kind_doc("actions").read_text(encoding="utf-8")

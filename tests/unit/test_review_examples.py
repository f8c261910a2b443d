"""The example school year: made by driving the engine, loadable, and never written over."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ilt_kit.cli import check_paths
from tools.make_examples import main
from ilt_kit.review.followup import open_actions
from ilt_kit.review.scan import scan
from ilt_kit.review.trends import trends
from ilt_kit.store.results.survey import SurveyResult

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, int]:
    """The example year made once for this module's tests (which only read it): its folder and the
    generator's exit code."""
    out = tmp_path_factory.mktemp("generated") / "examples"
    return out, main([str(out)])


def test_generator_makes_a_year_that_loads_and_moves(generated):
    out, code = generated
    assert code == 0
    result = scan(out)
    assert not result.bad
    entries = result.entries
    assert len(entries) >= 8
    assert {e.team_name for e in entries} == {"Lincoln Middle School ILT"}
    days = sorted(e.date for e in entries)
    assert days[0] >= date(2025, 8, 1) and days[-1] <= date(2027, 6, 30)
    assert all(e.finished for e in entries)
    roles = {m.role for m in entries[0].record.team.members}
    assert "central office" in roles and 6 <= len(entries[0].record.team.members) <= 7

    # one rubric rated at least three times, levels rising overall, with evidence
    rubric = max(trends(entries), key=lambda t: len(t.sessions))
    assert len(rubric.sessions) >= 3
    rises = [c.overall for c in rubric.criteria if c.overall is not None]
    assert rises and sum(rises) > 0
    assert all(p.evidence for c in rubric.criteria for p in c.agreed_points)

    # a survey split by role, brainstorm + dots, a forecast, open and done actions
    assert any(isinstance(s, SurveyResult) and s.split_by_role for e in entries for s in e.record.segments)
    kinds = {s.kind for e in entries for s in e.record.segments if s.status == "done"}
    assert {"rubric", "survey", "brainstorm", "prioritize", "forecast", "actions"} <= kinds
    every = open_actions(entries, date(2027, 6, 30), include_done=True)
    assert any(a.status == "done" for a in every) and any(a.status == "open" for a in every)
    assert any(e.record.decisions for e in entries)

    count, problems = check_paths([out], [])
    assert count == len(entries) + 1 and problems == []  # the sessions and their goals file


def test_generator_is_deterministic_and_refuses_to_overwrite(generated, tmp_path, capsys):
    """A second year made apart is the same, file for file; made again over the second, it refuses."""
    first, code = generated
    second = tmp_path / "b"
    assert code == 0 and main([str(second)]) == 0
    names = sorted(p.name for p in first.glob("*.toml"))
    assert names == sorted(p.name for p in second.glob("*.toml"))
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)

    snapshot = {n: (second / n).read_bytes() for n in names}
    capsys.readouterr()
    assert main([str(second)]) == 1
    assert "will not overwrite" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in second.glob("*.toml")} == snapshot
    assert main([]) == 2


def test_committed_examples_load_and_check():
    if not EXAMPLES.is_dir():
        pytest.skip("no examples folder here (an installed package without the repository)")
    result = scan(EXAMPLES)
    assert result.entries and not result.bad
    count, problems = check_paths([EXAMPLES], [])
    assert problems == [] and count == len(result.entries) + 1  # and the goals file


def test_committed_examples_are_written_in_the_current_format():
    """Regenerated when the format changes (python tools/make_examples.py --replace examples), not left to be upgraded on read."""
    import tomllib

    from ilt_kit.store.record import SCHEMA_VERSION

    if not EXAMPLES.is_dir():
        pytest.skip("no examples folder here (an installed package without the repository)")
    from ilt_kit.review.walk import session_files

    files = session_files(EXAMPLES)
    assert files
    versions = {path.name: tomllib.loads(path.read_text(encoding="utf-8"))["schema_version"] for path in files}
    assert set(versions.values()) == {SCHEMA_VERSION}, versions


def test_the_example_year_lives_apart_from_the_sessions_folder():
    """`ilt-kit review`, `report sessions` and the home screen read ./sessions: none of the example
    year is there (nor kept there by git), so a checkout shows a user only their own sessions."""
    if not EXAMPLES.is_dir():
        pytest.skip("no examples folder here (an installed package without the repository)")
    root = EXAMPLES.parent
    sessions = root / "sessions"
    examples = {entry.record.session_id for entry in scan(EXAMPLES).entries}
    found = {entry.record.session_id for entry in scan(sessions).entries} if sessions.is_dir() else set()
    assert examples and not examples & found
    kept = [line for line in (root / ".gitignore").read_text().splitlines() if line.startswith("!/sessions/")]
    assert kept == ["!/sessions/README.md"]

"""Records the engine could never write are refused, each at its own ``path:line:col``, by the one
validation that check, resume, review and the reports all read files through."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable

import pytest

from ilt_kit.cli import main
from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.store.files import data_text, load_record, record_to_data
from tests.conftest import FakeClock
from tools.session_driver import start_session

Data = dict[str, Any]


def _segment(data: Data, kind: str) -> Data:
    return next(s for s in data["segments"] if s["kind"] == kind)


def _rounds(data: Data) -> list[Data]:
    return _segment(data, "rubric")["criteria"][0]["rounds"]


def _tally(data: Data) -> Data:
    return _segment(data, "rubric")["criteria"][1]["rounds"][0]


CASES: dict[str, tuple[Callable[[Data], None], str]] = {
    "created in 9999": (lambda d: d.update(created=d["created"].replace(year=9999)), "outside the years"),
    "revealed before the session": (
        lambda d: _rounds(d)[0].update(revealed=d["created"] - timedelta(days=2)), "before the session was created"),
    "forecast revealed before the session": (
        lambda d: _segment(d, "forecast").update(hidden=True, revealed=d["created"] - timedelta(days=2)),
        "before the session was created"),
    "updated before created": (lambda d: d.update(updated=d["created"] - timedelta(hours=1)), "before the session was created"),
    "ended before created": (lambda d: d.update(ended=d["created"] - timedelta(hours=1)), "before the session was created"),
    "done_on in 9999": (lambda d: _segment(d, "actions")["actions"][0].update(done_on=date(9999, 1, 1)), "was done on 9999"),
    "two segments running": (
        lambda d: [s.update(status="running") for s in d["segments"][:2]], "only one segment's timer runs"),
    "planned and extra under a minute": (
        lambda d: d["segments"][0].update(extra_seconds=30 - d["segments"][0]["planned_seconds"]), "at least a minute"),
    "talk longer than the session": (
        lambda d: _segment(d, "brainstorm").update(talk=[{"member": "Dana Whitfield", "seconds": 90_000}]), "longer than the session lasted"),
    "a tally bigger than the team": (
        lambda d: _tally(d).update(tally=[{"level": 2, "count": 10_000}]), "the team has 4 members"),
    "a tally round holding ballots": (
        lambda d: _tally(d).update(ballots=[{"member": "Dana Whitfield", "level": 2}]), "holds named ballots"),
    "round 2 after an unrevealed round 1": (lambda d: _rounds(d)[0].pop("revealed"), "never revealed"),
    "merged into a missing idea": (
        lambda d: _segment(d, "brainstorm")["merged"][0].update(merged_into=99), "which is not in the segment"),
    "merged into itself": (
        lambda d: _segment(d, "brainstorm")["merged"][0].update(merged_into=_segment(d, "brainstorm")["merged"][0]["id"]),
        "merged into itself"),
    "an id above 2^63": (lambda d: _segment(d, "actions")["actions"][0].update(id=2**63), "less than or equal to"),
    "names differing by a zero-width character": (
        lambda d: d["team"]["members"].append({"name": "Dana\u200b Whitfield", "role": "coach"}), "used twice"),
    "a rubric with no criteria": (lambda d: _segment(d, "rubric").update(criteria=[]), "at least 1 item"),
    "a focus on a criterion not in the segment": (
        lambda d: _segment(d, "rubric").update(focus="no-such-criterion"), "not an item of segment"),
    "a focus in a segment without items": (lambda d: _segment(d, "brainstorm").update(focus="x"), "not an item of segment"),
}


@pytest.fixture(scope="module")
def _engine_file_once(tmp_path_factory, library, team) -> Path:  # noqa: ANN001
    """A file the engine wrote with a revealed round and a second one, a tally, merged ideas,
    talk time and a done action (made once for the module, as ``make_session`` would)."""
    clock = FakeClock()
    folder = tmp_path_factory.mktemp("engine") / "sessions"
    session, handle = start_session(library, "test-all-kinds", team, "Blue sky — Lincoln MS", clock, facilitator="Dana Whitfield", folder=folder)
    session.start()
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "brainstorm"))
    first = session.brainstorm.add("Peer visits", "Marcus Chen")
    second = session.brainstorm.add("Visits between classrooms", "Priya Raman")
    session.brainstorm.merge(first, second)
    session.speak("Dana Whitfield")
    clock.advance(60)
    session.speak(None)
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "rubric"))
    criteria = [c.id for c in session.segment.criteria]
    session.rated.cast(criteria[0], "Dana Whitfield", 2)
    session.rated.reveal(criteria[0])
    session.rated.new_round(criteria[0])
    session.rated.set_mode(criteria[1], "tally")
    session.rated.set_tally(criteria[1], 2, 3)
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "actions"))
    action = session.actions.add("Schedule peer visits", "Priya Raman", date(2026, 12, 15))
    session.actions.set_done(action)
    clock.advance(60)
    session.finish()
    load_record(handle.path)  # the engine's file is valid
    return handle.path


@pytest.fixture
def engine_file(_engine_file_once, tmp_path, clock) -> Path:  # noqa: ANN001
    """A copy of that file in the test's own sessions folder; the test's clock is where making it
    left the clock."""
    shutil.copytree(_engine_file_once.parent, tmp_path / "sessions")
    clock.advance(120)
    return tmp_path / "sessions" / _engine_file_once.name


@pytest.mark.parametrize("case", list(CASES))
def test_an_impossible_record_is_refused_at_its_place(engine_file: Path, case: str) -> None:
    change, message = CASES[case]
    data = record_to_data(load_record(engine_file))
    change(data)
    engine_file.write_text(data_text(data))
    with pytest.raises(FileProblems) as error:
        load_record(engine_file)
    problems = [p for p in error.value.problems if message in p.message]
    assert problems, str(error.value)
    assert problems[0].line > 1 and problems[0].col >= 1, str(error.value)


def test_check_refuses_an_impossible_record_with_its_position_and_no_traceback(engine_file: Path, capsys) -> None:
    data = record_to_data(load_record(engine_file))
    _rounds(data)[0].pop("revealed")
    engine_file.write_text(data_text(data))
    assert main(["check", str(engine_file)]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert f"{engine_file}:" in text and "never revealed" in text and "Traceback" not in text


def test_names_that_read_the_same_share_a_key_ascii_or_not() -> None:
    """An ASCII name takes a shortcut (its case folded); it must land where the full folding does."""
    import unicodedata

    from ilt_kit.literal import name_key

    def folded(text: str) -> str:
        return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if unicodedata.category(ch) != "Cf")

    ascii_names = ["Dana Whitfield", "DANA whitfield", "o'Neil-Smith", "\t\x7f~ {}", "".join(map(chr, range(128)))]
    for name in ascii_names:
        assert name_key(name) == folded(name)
    assert name_key("Dana\u200b Whitfield") == name_key("dana whitfield") == name_key("ＤＡＮＡ Whitfield")
    assert name_key("Straße") == name_key("STRASSE")

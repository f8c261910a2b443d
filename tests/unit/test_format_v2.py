"""schema_version 2: files a leader can read months later, and version-1 files still read.

Times in the session's own offset to the second, whole-second durations, decisions with their
segment, merged ideas kept with ``merged_into``, survey statements in full, and a finished file
that says when it ended instead of naming a current segment.
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ilt_kit.store.files import dumps, load_record
from ilt_kit.store.record import SCHEMA_VERSION
from ilt_kit.store.results.brainstorm import BrainstormResult
from ilt_kit.store.results.rubric import RubricResult
from ilt_kit.store.results.survey import SurveyResult
from tests.conftest import FIXTURES
from tests.forked import run_ilt

VERSION_1 = FIXTURES / "sessions" / "version-1.toml"
FLOAT = re.compile(r"=\s*-?\d+\.\d+\s*$|[{,]\s*\w+ = -?\d+\.\d+", re.MULTILINE)
FRACTION_OF_A_SECOND = re.compile(r"\d\d:\d\d:\d\d\.\d+")


class UtcWall:
    """A wall clock that answers in UTC with microseconds, as a machine set to UTC does."""

    def __init__(self, clock) -> None:  # noqa: ANN001
        self.clock = clock

    def __call__(self) -> datetime:
        return (self.clock.wall() + timedelta(microseconds=123456)).astimezone(timezone.utc)


def _run(session, clock) -> None:  # noqa: ANN001
    session.start()
    clock.advance(90.4)
    session.next()  # into the brainstorm, timer running
    session.brainstorm.add("Peer visits every month", "Marcus Chen", "Time")
    session.brainstorm.add("Visits between classrooms", "Priya Raman")
    session.brainstorm.add("Protect PLC time", "Dana Whitfield", "Time")
    session.speak("Marcus Chen")
    clock.advance(12.7)
    session.speak(None)
    session.add_decision("Peer visits start in January.")
    session.brainstorm.merge(1, 2)
    clock.advance(30.3)
    session.next()
    session.rated.cast("shared-vision", "Dana Whitfield", 2)
    session.rated.reveal("shared-vision")


def test_a_saved_file_has_no_float_and_no_fraction_of_a_second(make_session, clock):
    session, handle = make_session()
    session.wall = UtcWall(clock)  # the machine answers in UTC with microseconds
    _run(session, clock)
    text = handle.path.read_text(encoding="utf-8")
    assert f"schema_version = {SCHEMA_VERSION}" in text and SCHEMA_VERSION == 2
    assert not FRACTION_OF_A_SECOND.search(text), FRACTION_OF_A_SECOND.search(text)
    assert not FLOAT.search(text), FLOAT.search(text)
    data = tomllib.loads(text)
    offset = data["created"].utcoffset()
    assert offset == timedelta(hours=-5)  # the session's own offset, not the machine's UTC
    stamps = [data["updated"]] + [s[k] for s in data["segments"] for k in ("started", "ended") if k in s]
    stamps += [r["revealed"] for s in data["segments"] for c in s.get("criteria", []) for r in c.get("rounds", []) if "revealed" in r]
    assert len(stamps) > 4 and all(t.utcoffset() == offset and t.microsecond == 0 for t in stamps)
    welcome = data["segments"][0]
    assert welcome["elapsed_seconds"] == 90 and type(welcome["elapsed_seconds"]) is int
    ideas = data["segments"][1]
    assert ideas["talk"] == [{"member": "Marcus Chen", "seconds": 13}]


def test_whole_seconds_in_the_file_do_not_lose_time_over_many_pauses(make_session, clock):
    session, handle = make_session()
    for _ in range(10):
        session.start()
        clock.advance(10.4)
        session.pause()
    assert abs(session.timer().elapsed - 104.0) < 1e-6  # the fractions are kept while the session runs
    assert load_record(handle.path).segments[0].elapsed_seconds == 104


def test_each_decision_records_its_segment(make_session, clock):
    session, handle = make_session()
    _run(session, clock)
    session.add_decision("Score again in the spring.")
    record = load_record(handle.path)
    assert [(d.text, d.segment) for d in record.decisions] == [
        ("Peer visits start in January.", "ideas"),
        ("Score again in the spring.", "score"),
    ]
    assert record.segment_title("ideas") == "Imagine"


def test_a_merged_idea_leaves_a_trace(make_session, clock):
    session, handle = make_session()
    _run(session, clock)
    brainstorm = next(s for s in load_record(handle.path).segments if isinstance(s, BrainstormResult))
    assert [i.id for i in brainstorm.ideas] == [1, 3]
    assert [(m.id, m.text, m.author, m.merged_into) for m in brainstorm.merged] == [
        (2, "Visits between classrooms", "Priya Raman", 1)
    ]
    session.goto(1)
    assert session.brainstorm.add("A new one") == 4  # a merged idea's number is never given again


def test_a_finished_file_names_no_current_segment_and_says_when_it_ended(make_session, clock):
    session, handle = make_session()
    _run(session, clock)
    clock.advance(60)
    session.finish()
    text = handle.path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["status"] == "finished"
    assert "current" not in data
    assert data["ended"] == data["updated"]
    # reopened, it continues on the segment it was finished on
    from ilt_kit.session.engine import Session

    again = Session(load_record(handle.path), clock=clock, wall=clock.wall, saver=handle.save)
    assert again.segment.id == "score"
    again.reopen()
    data = tomllib.loads(handle.path.read_text(encoding="utf-8"))
    assert data["current"] == "score" and "ended" not in data


def test_survey_records_keep_the_full_statement(make_session, library):
    session, handle = make_session()
    survey = next(s for s in load_record(handle.path).segments if isinstance(s, SurveyResult))
    wording = {c.id: c.vision for c in library.rubric(survey.rubric_id).criteria}
    assert survey.criteria and all(c.statement == wording[c.id] and c.statement for c in survey.criteria)
    rubric = next(s for s in load_record(handle.path).segments if isinstance(s, RubricResult))
    assert all(c.statement == "" for c in rubric.criteria)  # rubric vision stays in the rubric file


# ------------------------------------------------------------------------------ version 1


def test_a_version_1_file_still_reads(tmp_path):
    text = VERSION_1.read_text(encoding="utf-8")
    assert "schema_version = 1" in text and "updated = 2026-10-14 22:42:48.750000+00:00" in text  # UTC there
    record = load_record(VERSION_1)
    assert record.schema_version == SCHEMA_VERSION
    six_hours_behind = timedelta(hours=-6)
    assert record.updated == datetime(2026, 10, 14, 16, 42, 48, tzinfo=timezone(six_hours_behind))
    assert record.updated.utcoffset() == six_hours_behind  # the session's offset, not UTC
    rubric = next(s for s in record.segments if isinstance(s, RubricResult))
    assert rubric.criteria[0].rounds[0].revealed == datetime(2026, 10, 14, 15, 53, 48, tzinfo=timezone(six_hours_behind))
    brainstorm = next(s for s in record.segments if isinstance(s, BrainstormResult))
    assert brainstorm.elapsed_seconds == 859 and brainstorm.talk[0].seconds == 96
    assert [(d.text, d.segment) for d in record.decisions] == [
        ("Revisit the shared-vision score in January with student work from every grade.", "")
    ]
    assert record.status == "finished" and record.current == ""
    assert record.ended == datetime(2026, 10, 14, 16, 42, 48, tzinfo=timezone(six_hours_behind))
    # written again, it is a version-2 file without a float or a fraction of a second
    again = dumps(record)
    assert "schema_version = 2" in again and not FLOAT.search(again) and not FRACTION_OF_A_SECOND.search(again)
    copy = tmp_path / "old.toml"
    copy.write_text(text, encoding="utf-8")
    checked = run_ilt(["check", str(copy)])
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert copy.read_text(encoding="utf-8") == text  # reading never rewrites the file


def test_the_documented_example_has_no_float_and_no_fraction_of_a_second():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "session-format.md").read_text(encoding="utf-8")
    example = re.search(r"^```toml\n(.*?)^```$", doc, re.MULTILINE | re.DOTALL).group(1)
    assert not FLOAT.search(example), FLOAT.search(example)
    assert not FRACTION_OF_A_SECOND.search(example)
    data = tomllib.loads(example)
    assert "current" not in data and data["ended"]


def test_a_version_1_segment_that_ran_again_after_it_was_skipped_still_reads(tmp_path):
    """Version 1 kept the end of a skipped visit while the segment ran again: ended before started."""
    text = VERSION_1.read_text(encoding="utf-8")
    first_started = re.search(r"^started = (.+)$", text, re.M)
    assert first_started
    cut = first_started.end()
    old = tmp_path / "ran-again.toml"
    old.write_text(text[:cut] + "\nended = 2020-01-01 00:00:00+00:00" + re.sub(r"\nended = .+", "", text[cut:], count=1), encoding="utf-8")
    record = load_record(old)
    assert any(s.started is not None and s.ended is None for s in record.segments)


VERSION_1_ODDITIES = {
    "infinite seconds": ("elapsed_seconds = 330.0", "elapsed_seconds = inf"),
    "a naive end beside an aware start": ("ended = 2026-10-14 15:35:30-06:00", "ended = 2026-10-14 15:35:30"),
    "year 1 with an offset": ("started = 2026-10-14 15:30:00-06:00", "started = 0001-01-01 00:00:00+01:00"),
    "year 9999 with an offset": ("ended = 2026-10-14 15:35:30-06:00", "ended = 9999-12-31 23:59:59-06:00"),
    "created in year 9999": ("created = 2026-10-14 15:30:00-06:00", "created = 9999-12-31 23:30:00-06:00"),
}


def test_odd_version_1_files_are_refused_at_their_line_never_crash_the_upgrade(tmp_path) -> None:
    from ilt_kit.diagnostics.problems import FileProblems

    text = VERSION_1.read_text()
    for name, (old, new) in VERSION_1_ODDITIES.items():
        path = tmp_path / f"{name.replace(' ', '-')}.toml"
        path.write_text(text.replace(old, new, 1))
        try:
            load_record(path)
        except FileProblems as error:
            problem = error.problems[0]
            assert problem.line > 1 and problem.col >= 1, (name, str(error))
        else:
            raise AssertionError(f"{name}: accepted")

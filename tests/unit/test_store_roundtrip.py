"""Round trip of session records: record -> ``dumps`` -> TOML -> ``SessionRecord`` is the identity.

The strategies build *valid* records of every segment kind directly from the record models (not
through the engine), so they reach values the engine rarely makes: notes with quotes,
backslashes, control characters and any Unicode outside the surrogates, aware datetimes with any
whole-minute UTC offset and microseconds, dates from year 1 to 9999, large counts, and any finite
float >= 0.

Two things a TOML file cannot hold are made safe when a record is validated, and tested at the end
of this file: a carriage return (``"\\r\\n"`` inside a multi-line string would come back as
``"\\n"``) becomes ``"\\n"``, and a UTC offset with seconds (TOML offsets are ``HH:MM``) becomes UTC.
"""

from __future__ import annotations

import tempfile
import tomllib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ilt_kit.store.files import HEADER, SessionFile, dumps, load_record, record_to_data
from ilt_kit.store.record import (
    SCHEMA_VERSION,
    Action,
    ActionsResult,
    Ballot,
    BrainstormResult,
    BriefingResult,
    CriterionResult,
    Decision,
    Dot,
    ForecastEntry,
    ForecastResult,
    Idea,
    MergedIdea,
    PrioritizeResult,
    Rating,
    RecordMember,
    RecordTeam,
    ReflectionResult,
    Round,
    RubricResult,
    ScaleLevel,
    SessionRecord,
    SurveyResult,
    TallyCount,
    TalkShare,
)

# ------------------------------------------------------------------------------------ strategies

INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
NONNEG = st.integers(min_value=0, max_value=2**63 - 1)
POSITIVE = st.integers(min_value=1, max_value=2**63 - 1)
LEVEL = st.integers(min_value=0, max_value=9)
ONE_TO_FIVE = st.integers(min_value=1, max_value=5)
SECONDS = NONNEG  # durations are whole seconds (schema_version 2)

# Any character but surrogates (UTF-8 cannot encode them) and "\r" (see the CRLF bug below:
# with "\r" allowed, hypothesis finds "\r\n" at once). Control characters stay in: tomli_w
# escapes them.
CHARS_NO_CR = st.characters(exclude_categories=("Cs",), exclude_characters="\r")
CHARS_ALL = st.characters(exclude_categories=("Cs",))
TRICKY = st.sampled_from(
    ['"', '""', '"""', "'", "'''", "\\", "\\n", "\n", "\t", "#", "=", "[", "]", "{", "}", "\x00", "\x7f",
     "\u2028", "é", "—", "👩🏽‍🏫", "\ufeff", " ", "\\u00e9", "\\\n"]
)


def texts(chars: st.SearchStrategy[str], min_size: int = 0) -> st.SearchStrategy[str]:
    """Short text, salted with TOML's special characters so that quotes and escapes meet newlines."""
    piece = st.one_of(st.text(chars, max_size=6), TRICKY)
    return st.lists(piece, max_size=6).map("".join).filter(lambda s: len(s) >= min_size)


OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
AWARE = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=OFFSETS
)  # a day's margin at both ends: an offset must not push the instant out of datetime's range
AWARE_WHOLE_SECONDS = AWARE.map(lambda d: d.replace(microsecond=0))
TIMESTAMP = st.one_of(AWARE, AWARE_WHOLE_SECONDS)
DATES = st.dates()


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def segment_strategies(text: st.SearchStrategy[str], text1: st.SearchStrategy[str]) -> dict[str, st.SearchStrategy[Any]]:
    """One strategy per segment kind, all sharing the fields of ``SegmentBase``."""
    talk = st.lists(st.builds(TalkShare, member=text, seconds=SECONDS), max_size=3)
    base = dict(
        id=text,
        title=text,
        status=st.sampled_from(["pending", "running", "paused", "done", "skipped"]),
        planned_seconds=POSITIVE,
        extra_seconds=INT64,
        elapsed_seconds=SECONDS,
        started=maybe(TIMESTAMP),
        ended=maybe(TIMESTAMP),
        notes=text,
        talk=talk,
    )
    rounds = st.lists(
        st.builds(
            Round,
            number=POSITIVE,
            mode=st.sampled_from(["ballot", "tally"]),
            revealed=maybe(TIMESTAMP),
            ballots=st.lists(st.builds(Ballot, member=text, level=LEVEL), max_size=4),
            tally=st.lists(st.builds(TallyCount, level=LEVEL, count=NONNEG, role=text), max_size=3),
        ),
        max_size=3,
    )
    criteria = st.lists(
        st.builds(
            CriterionResult,
            id=text,
            title=text,
            group=text,
            statement=text,
            agreed=maybe(LEVEL),
            evidence=text,
            rounds=rounds,
        ),
        max_size=3,
    )
    rated = dict(
        base,
        rubric_id=text,
        rubric_file=text,
        rubric_title=text,
        scale=st.lists(st.builds(ScaleLevel, value=LEVEL, label=text), max_size=6),
        criteria=criteria,
    )
    return {
        "briefing": st.builds(BriefingResult, kind=st.just("briefing"), **base),
        "reflection": st.builds(ReflectionResult, kind=st.just("reflection"), **base),
        "brainstorm": st.builds(
            BrainstormResult,
            kind=st.just("brainstorm"),
            ideas=st.lists(st.builds(Idea, id=POSITIVE, text=text1, author=text, theme=text), max_size=4),
            merged=st.lists(
                st.builds(MergedIdea, id=POSITIVE, text=text1, author=text, theme=text, merged_into=POSITIVE), max_size=2
            ),
            **base,
        ),
        "rubric": st.builds(RubricResult, kind=st.just("rubric"), **rated),
        "survey": st.builds(SurveyResult, kind=st.just("survey"), split_by_role=st.booleans(), **rated),
        "forecast": st.builds(
            ForecastResult,
            kind=st.just("forecast"),
            item_label=text,
            items=st.lists(
                st.builds(
                    ForecastEntry,
                    id=text,
                    title=text,
                    description=text,
                    likelihood=maybe(ONE_TO_FIVE),
                    impact=maybe(ONE_TO_FIVE),
                    ratings=st.lists(
                        st.builds(Rating, member=text, likelihood=ONE_TO_FIVE, impact=ONE_TO_FIVE), max_size=3
                    ),
                ),
                max_size=3,
            ),
            **base,
        ),
        "prioritize": st.builds(
            PrioritizeResult,
            kind=st.just("prioritize"),
            source=text,
            budget=POSITIVE,
            dots=st.lists(st.builds(Dot, member=text, idea=INT64, count=POSITIVE), max_size=4),
            **base,
        ),
        "actions": st.builds(
            ActionsResult,
            kind=st.just("actions"),
            actions=st.lists(
                st.builds(
                    Action,
                    id=POSITIVE,
                    what=text1,
                    owner=text,
                    due=maybe(DATES),
                    link=text,
                    status=st.sampled_from(["open", "done"]),
                    done_on=maybe(DATES),
                ),
                max_size=3,
            ),
            **base,
        ),
    }


SEGMENT_KINDS = ("briefing", "brainstorm", "rubric", "survey", "forecast", "prioritize", "actions", "reflection")


def records(chars: st.SearchStrategy[str]) -> st.SearchStrategy[SessionRecord]:
    text, text1 = texts(chars), texts(chars, min_size=1)
    kinds = segment_strategies(text, text1)
    assert set(kinds) == set(SEGMENT_KINDS)
    return st.builds(
        SessionRecord,
        schema_version=st.one_of(st.just(SCHEMA_VERSION), st.integers(min_value=1, max_value=2**63 - 1)),
        title=text1,
        date=DATES,
        status=st.sampled_from(["in progress", "finished"]),
        scenario_id=text,
        scenario_title=text,
        framework=text,
        facilitator=text,
        created=TIMESTAMP,
        updated=TIMESTAMP,
        ended=maybe(TIMESTAMP),
        current=text,
        scenario_file=text,
        decisions=st.lists(st.builds(Decision, text=text1, segment=text), max_size=3),
        team=st.builds(
            RecordTeam,
            name=text,
            members=st.lists(st.builds(RecordMember, name=text1, role=text), max_size=4),
        ),
        segments=st.lists(st.one_of(*kinds.values()), min_size=1, max_size=4),
    )


# -------------------------------------------------------------------------------------- checks


def reload(record: SessionRecord) -> SessionRecord:
    return SessionRecord.model_validate(tomllib.loads(dumps(record)))


def _datetimes(value: Any, where: str = "") -> dict[str, datetime]:
    """Every datetime in a dumped record, by its path."""
    found: dict[str, datetime] = {}
    if isinstance(value, datetime):
        found[where] = value
    elif isinstance(value, dict):
        for key, item in value.items():
            found |= _datetimes(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found |= _datetimes(item, f"{where}[{index}]")
    return found


def assert_round_trip(record: SessionRecord) -> None:
    text = dumps(record)
    assert text.startswith(HEADER)
    back = SessionRecord.model_validate(tomllib.loads(text))
    assert back == record
    # == on aware datetimes compares instants; the file must keep the offset (local time) too
    before = _datetimes(record.model_dump())
    after = _datetimes(back.model_dump())
    assert before.keys() == after.keys()
    for where, moment in before.items():
        assert after[where].utcoffset() == moment.utcoffset(), where
        assert after[where].replace(tzinfo=None) == moment.replace(tzinfo=None), where
    # and writing it again gives the same text: a resumed session does not churn its file
    assert dumps(back) == text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(CHARS_NO_CR))
def test_any_record_round_trips(record: SessionRecord) -> None:
    assert_round_trip(record)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SEGMENT_KINDS).flatmap(lambda kind: st.tuples(st.just(kind), segment_strategies(texts(CHARS_NO_CR), texts(CHARS_NO_CR, 1))[kind])))
def test_every_segment_kind_round_trips(kind_and_segment: tuple[str, Any]) -> None:
    """Each kind on its own, so that none is starved by the mixed-record strategy."""
    kind, segment = kind_and_segment
    record = SessionRecord(
        schema_version=SCHEMA_VERSION,
        title="One segment",
        date=date(2026, 11, 22),
        status="in progress",
        scenario_id="s",
        scenario_title="S",
        created=datetime(2026, 11, 22, 9, tzinfo=timezone.utc),
        updated=datetime(2026, 11, 22, 9, tzinfo=timezone.utc),
        current=segment.id,
        team=RecordTeam(),
        segments=[segment],
    )
    assert segment.kind == kind
    assert_round_trip(record)
    data = record_to_data(record)
    assert list(data["segments"][0])[:3] == ["id", "title", "kind"]


def test_defaults_are_left_out_and_come_back(make_session) -> None:
    """A fresh record shows only what happened; the defaults it leaves out load back the same."""
    session, _ = make_session(save=False)
    text = dumps(session.record)
    absent_keys = ("extra_seconds", "elapsed_seconds", "\nnotes =", "\ntalk =", "ideas = [", "[[segments.ideas]]",
                   "\ndots =", "[[segments.actions]]", "mode =", "started", "revealed", "ballots", "decisions")
    for absent in absent_keys:
        assert absent not in text, absent
    assert reload(session.record) == session.record


def test_engine_driven_record_round_trips_and_loads_from_its_file(make_session, clock) -> None:
    """A record built by driving every kind of change, saved by ``SessionFile``, loads back equal."""
    session, handle = make_session(title='Révision — "École" \\ n° 2')
    session.start()
    clock.advance(125.25)
    session.set_notes('Quotes "like this", a backslash \\ and\nsecond line\ttab — ünïcödé ✓')
    session.next()
    first = session.add_idea("More time to plan together", "Marcus Chen", "Time")
    session.add_idea('A "learning walk" \\ every month', "Priya Raman")
    session.speak("Marcus Chen")
    clock.advance(30.5)
    session.speak("Priya Raman")
    clock.advance(10)
    session.next()
    for member, level in zip(session.member_names, [3, 3, 1, 0]):
        session.cast("shared-vision", member, level)
    session.reveal("shared-vision")
    session.new_round("shared-vision")
    session.cast("shared-vision", "Priya Raman", 2)
    session.reveal("shared-vision")
    session.agree("shared-vision", 3, "Team notes cite student work.\nSecond line with a \"quote\".")
    session.set_mode("efficacy", "tally")
    session.set_tally("efficacy", 2, 3)
    session.set_tally("efficacy", 4, 1)
    session.reveal("efficacy")
    session.adjust(5)
    session.next()
    session.set_mode("trust", "tally")
    session.set_tally("trust", 2, 1, role="central office")
    session.set_tally("trust", 5, 3, role="building")
    session.reveal("trust")
    session.next()
    session.rate("funding", "Marcus Chen", 4, 5)
    session.rate("funding", "team", 3, 4)
    session.add_item("Enrollment drop", "Fewer students next fall")
    session.next()
    session.place_dot("Marcus Chen", first)
    session.place_dot("Marcus Chen", first)
    session.place_dot("Dana Whitfield", 2)
    session.next()
    done = session.add_action("Schedule peer visits", "Priya Raman", date(2026, 12, 15), link="idea 1")
    session.add_action("Share the rubric", "Dana Whitfield")
    session.set_action_done(done)
    session.add_decision("Meet again in January")
    session.finish()

    assert_round_trip(session.record)
    loaded = load_record(handle.path)
    assert loaded == session.record
    assert handle.path.read_text(encoding="utf-8") == dumps(session.record)
    # every segment kind made it into the file
    assert {s.kind for s in loaded.segments} == set(SEGMENT_KINDS)


def test_create_then_load_record_is_the_same_record(make_session) -> None:
    session, handle = make_session()
    assert handle is not None and handle.path.exists()
    assert load_record(handle.path) == session.record
    reopened, record = SessionFile.open(handle.path)
    assert record == session.record and reopened.path == handle.path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(CHARS_NO_CR))
def test_any_record_survives_create_and_load(record: SessionRecord) -> None:
    with tempfile.TemporaryDirectory() as folder:
        handle = SessionFile.create(Path(folder), record)
        assert handle.path.parent == Path(folder)
        if record.schema_version > SCHEMA_VERSION:
            return  # a newer version is refused on load by design (see test_store_errors)
        if record.schema_version < SCHEMA_VERSION:  # an older file is upgraded as it is read
            record = record.model_copy(update={"schema_version": SCHEMA_VERSION})
        assert load_record(handle.path) == record


# ------------------------------------------------------------- values TOML cannot hold as they are


def _record_with_notes(notes: str, when: datetime | None = None) -> SessionRecord:
    when = when or datetime(2026, 11, 22, 9, tzinfo=timezone(timedelta(hours=-5)))
    return SessionRecord(
        schema_version=SCHEMA_VERSION,
        title="Bug",
        date=when.date(),
        status="in progress",
        scenario_id="s",
        scenario_title="S",
        created=when,
        updated=when,
        current="a",
        team=RecordTeam(),
        segments=[BriefingResult(id="a", title="A", kind="briefing", status="pending", planned_seconds=60, notes=notes)],
    )


def test_crlf_in_notes_round_trips() -> None:
    record = _record_with_notes("Pasted from Windows:\r\nsecond line")
    assert record.segments[0].notes == "Pasted from Windows:\nsecond line"
    assert reload(record) == record


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(CHARS_ALL))
@example(_record_with_notes("a\r\nb"))
def test_any_record_with_carriage_returns_round_trips(record: SessionRecord) -> None:
    """The main property over the full alphabet, "\\r" included."""
    assert_round_trip(record)


def test_offset_with_seconds_gives_a_loadable_file() -> None:
    when = datetime(2026, 11, 22, 9, tzinfo=timezone(timedelta(seconds=30)))
    record = _record_with_notes("", when)
    assert reload(record).created == when

"""Follow-up: open actions across sessions in the right order, and marking one done in its file."""

from __future__ import annotations

import difflib
from datetime import date

import pytest

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.review.followup import FollowUpError, actions_of, mark_done, mark_done_all, mark_open, open_actions
from ilt_kit.store.files import load_record
from tests.unit.test_review_support import DANA, LUIS, MARCUS, PRIYA, entry_of, make_meeting, own_copy

TODAY = date(2027, 1, 10)
LONG = "Visit every seventh grade PLC twice before the winter break and bring the notes to the ILT"


def _fall_and_winter(make_session, clock):
    fall = make_meeting(
        make_session,
        clock,
        "Fall",
        actions=[
            ("Due later", PRIYA, date(2027, 3, 1)),
            ("Long overdue", MARCUS, date(2026, 12, 1)),
            ("No date at all", DANA, None),
            ("Due today", LUIS, TODAY),
        ],
    )
    winter = make_meeting(
        make_session,
        clock,
        "Winter",
        days_later=20,
        actions=[
            ("Slightly overdue", PRIYA, date(2027, 1, 9)),
            ("Due soon", MARCUS, date(2027, 1, 20)),
            ("Also undated", LUIS, None),
        ],
    )
    return fall, winter


def _own(made, clock, tmp_path) -> list:
    """The test's own copy of the sessions ``made`` (made once for the module), as entries."""
    folder = own_copy(made, tmp_path, clock)
    return [entry_of(folder / entry.path.name) for entry in made.result]


def _two_sessions(made_once, clock, tmp_path):
    """Fall's and winter's sessions (the test's own copies): fall with four actions, winter with three."""
    fall, winter = _own(made_once(_fall_and_winter), clock, tmp_path)
    return fall, winter


def _long_fall(make_session, clock):
    return [make_meeting(make_session, clock, "Fall", actions=[(LONG, PRIYA, date(2027, 3, 1)), ("Long overdue", MARCUS, date(2026, 12, 1))])]


def _tables(make_session, clock):
    return [make_meeting(make_session, clock, "Tables", actions=[(LONG, PRIYA, date(2027, 3, 1)), ("Short", MARCUS, None)])]


def _tables_session(made_once, clock, tmp_path):
    """A session whose long action makes the actions tables of their own (the test's own copy)."""
    (entry,) = _own(made_once(_tables), clock, tmp_path)
    return entry


def test_order_overdue_first_then_by_due_date_undated_last(made_once, clock, tmp_path):
    fall, winter = _two_sessions(made_once, clock, tmp_path)
    items = open_actions([winter, fall], TODAY)
    assert [i.what for i in items] == [
        "Long overdue",
        "Slightly overdue",
        "Due today",
        "Due soon",
        "Due later",
        "No date at all",
        "Also undated",
    ]
    assert [i.overdue(TODAY) for i in items] == [True, True, False, False, False, False, False]
    assert items[0].days_overdue(TODAY) == 40
    assert items[0].session_title == "Fall" and items[0].path == fall.path
    assert items[0].segment_id == "next-steps" and items[0].owner == MARCUS
    assert items[1].session_title == "Winter"


def _only_that_action_changed(before: str, after: str, done_on: str) -> None:
    """The files differ only in one action's status value and an added done_on entry."""
    diff = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    removed = [line[1:] for line in diff if line.startswith("-")]
    added = [line[1:] for line in diff if line.startswith("+")]
    assert len(removed) == 1 and 'status = "open"' in removed[0], diff
    assert 1 <= len(added) <= 2, diff
    restored = (
        "\n".join(added)
        .replace(f'status = "done", done_on = {done_on}', 'status = "open"')
        .replace(f'status = "done"\ndone_on = {done_on}', 'status = "open"')
    )
    assert restored == removed[0], diff


@pytest.mark.parametrize("layout", ["inline", "tables"])
def test_mark_done_changes_only_that_action(made_once, clock, tmp_path, layout):
    fall, _ = _two_sessions(made_once, clock, tmp_path) if layout == "inline" else (
        *_own(made_once(_long_fall), clock, tmp_path),
        None,
    )
    before = fall.path.read_text(encoding="utf-8")
    assert ("[[segments.actions]]" in before) == (layout == "tables")
    target = next(i for i in open_actions([fall], TODAY) if i.what == "Long overdue")

    record = mark_done(fall.path, target.segment_id, target.id, TODAY)

    after = fall.path.read_text(encoding="utf-8")
    _only_that_action_changed(before, after, "2027-01-10")
    action = next(a for s in record.segments if s.id == "next-steps" for a in s.actions if a.what == "Long overdue")
    assert action.status == "done" and action.done_on == TODAY
    reloaded = load_record(fall.path)
    assert reloaded == record
    assert reloaded.updated == fall.record.updated  # review does not pretend the meeting changed
    remaining = [i.what for i in open_actions([entry_of(fall.path)], TODAY)]
    assert "Long overdue" not in remaining and remaining


def test_mark_done_keeps_hand_edits_and_comments(made_once, clock, tmp_path):
    fall, _ = _two_sessions(made_once, clock, tmp_path)
    text = fall.path.read_text(encoding="utf-8")
    hand_edited = "# kept by hand: do not lose this\n" + text.replace("planned_seconds = 300", "planned_seconds   =   300  # five minutes")
    fall.path.write_text(hand_edited, encoding="utf-8")
    target = next(i for i in open_actions([entry_of(fall.path)], TODAY) if i.what == "Due later")
    mark_done(fall.path, target.segment_id, target.id, TODAY)
    after = fall.path.read_text(encoding="utf-8")
    _only_that_action_changed(hand_edited, after, "2027-01-10")
    assert after.startswith("# kept by hand") and "planned_seconds   =   300  # five minutes" in after


def test_mark_done_twice_or_unknown_leaves_file_untouched(made_once, clock, tmp_path):
    fall, _ = _two_sessions(made_once, clock, tmp_path)
    target = open_actions([fall], TODAY)[0]
    mark_done(fall.path, target.segment_id, target.id, TODAY)
    snapshot = fall.path.read_bytes()
    with pytest.raises(FollowUpError, match="already done"):
        mark_done(fall.path, target.segment_id, target.id, TODAY)
    with pytest.raises(FollowUpError, match="no action 99"):
        mark_done(fall.path, target.segment_id, 99, TODAY)
    with pytest.raises(FollowUpError, match="not an actions segment"):
        mark_done(fall.path, "score", 1, TODAY)
    with pytest.raises(FollowUpError, match="no segment"):
        mark_done(fall.path, "gone", 1, TODAY)
    assert fall.path.read_bytes() == snapshot


def test_mark_open_undoes_mark_done_byte_for_byte(made_once, clock, tmp_path):
    fall, _ = _two_sessions(made_once, clock, tmp_path)
    original = fall.path.read_bytes()
    target = open_actions([fall], TODAY)[0]
    mark_done(fall.path, target.segment_id, target.id, TODAY)
    assert fall.path.read_bytes() != original
    mark_open(fall.path, target.segment_id, target.id)
    assert fall.path.read_bytes() == original


@pytest.mark.parametrize("layout", ["inline", "tables"])
def test_mark_done_all_writes_what_marks_one_at_a_time_write(made_once, clock, tmp_path, layout):
    """Several marks in one write leave the same bytes as one mark_done each; a mark that cannot be
    made is returned as its error and the others are made; none made: the file is untouched."""
    if layout == "inline":
        entry, _ = _two_sessions(made_once, clock, tmp_path)
    else:
        entry = _tables_session(made_once, clock, tmp_path)
    original = entry.path.read_bytes()
    assert (b"[[segments.actions]]" in original) == (layout == "tables")
    items = open_actions([entry], TODAY)
    marks = [(item.segment_id, item.id, date(2027, 1, 1 + n)) for n, item in enumerate(items)]
    for mark in marks:
        mark_done(entry.path, *mark)
    one_at_a_time = entry.path.read_bytes()
    entry.path.write_bytes(original)

    first = marks[0]
    record, errors = mark_done_all(entry.path, [*reversed(marks), first, (first[0], 99, TODAY)])

    assert entry.path.read_bytes() == one_at_a_time
    assert load_record(entry.path) == record
    assert [str(error) for error in errors] == [
        str(FollowUpError(f"action {first[1]} ({items[0].what!r}) is already done")),
        str(FollowUpError(f"segment {first[0]!r} has no action 99")),
    ]
    record, errors = mark_done_all(entry.path, [first, ("gone", 1, TODAY)])
    assert [type(error) for error in errors] == [FollowUpError, FollowUpError]
    assert entry.path.read_bytes() == one_at_a_time


def test_mark_done_on_a_broken_file_raises_file_problems(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = [", encoding="utf-8")
    with pytest.raises(FileProblems):
        mark_done(broken, "next-steps", 1, TODAY)
    assert broken.read_text(encoding="utf-8") == "schema_version = ["


def test_done_actions_listed_after_open_ones_when_asked(made_once, clock, tmp_path):
    fall, winter = _two_sessions(made_once, clock, tmp_path)
    first = open_actions([fall], TODAY)[0]
    mark_done(fall.path, first.segment_id, first.id, date(2027, 1, 5))
    fall = entry_of(fall.path)
    everything = open_actions([fall, winter], TODAY, include_done=True)
    assert everything[-1].what == first.what and everything[-1].status == "done"
    assert len(everything) == 7
    assert len(actions_of([fall, winter])) == 6


def test_mark_open_undoes_mark_done_in_table_layout(made_once, clock, tmp_path):
    entry = _tables_session(made_once, clock, tmp_path)
    original = entry.path.read_bytes()
    assert b"[[segments.actions]]" in original
    for item in open_actions([entry], TODAY):
        mark_done(entry.path, item.segment_id, item.id, TODAY)
    assert b'done_on = 2027-01-10' in entry.path.read_bytes()
    for item in open_actions([entry], TODAY):
        mark_open(entry.path, item.segment_id, item.id)
    assert entry.path.read_bytes() == original


def test_falls_back_to_a_full_rewrite_when_the_text_edit_cannot_be_checked(made_once, clock, tmp_path, monkeypatch):
    from ilt_kit.review import followup

    fall, _ = _two_sessions(made_once, clock, tmp_path)
    monkeypatch.setattr(followup, "_edit_text", lambda text, edits: text)  # an edit that changes nothing
    target = open_actions([fall], TODAY)[0]
    record = mark_done(fall.path, target.segment_id, target.id, TODAY)
    reloaded = load_record(fall.path)
    assert reloaded == record
    done = [a for s in reloaded.segments if s.id == "next-steps" for a in s.actions if a.status == "done"]
    assert [(a.what, a.done_on) for a in done] == [(target.what, TODAY)]

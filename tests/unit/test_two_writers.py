"""Two programs writing one session file: review's "mark done" while the session runs.

The running session (``writer_child.py``, the app's way of saving, in a process forked from this
one: see ``tests/forked.py``) saves 20 times a second while this process marks 80 actions done
with review's ``mark_done``. Every mark holds (none is lost, in the file or in the running
session's own record), every change of the running session holds, and nothing forks into a
second file. Then a crash: a mark that the session took in only in its
journal survives a kill.
"""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import date

import pytest

from ilt_kit.review.followup import FollowUpError, mark_done
from ilt_kit.store.files import BackgroundSaver, SessionFile, load_record
from ilt_kit.store.journal import journal_path, read_lines, replay
from tests.forked import PIPE, Forked
from tests.unit import writer_child

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock: POSIX only")

TODAY = date(2026, 12, 1)
ACTIONS = 80
SAVING_FOR = 3.0
"""Seconds the running session saves at least (its 20 saves a second: over 40 saves), however fast the marks go."""


def actions_session(make_session, count: int = ACTIONS):  # noqa: ANN001, ANN201
    session, handle = make_session()
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "actions"))
    for n in range(count):
        session.actions.add(f"Action {n + 1}", session.member_names[n % 4], date(2027, 1, 1))
    return session, handle


def test_marks_from_review_while_the_session_saves_20_times_a_second_are_never_lost(make_session) -> None:
    session, handle = actions_session(make_session)
    segment_id = session.segment.id
    child = Forked(lambda: writer_child.main([str(handle.path), "--rate", "20"]), stdin=PIPE)
    watchdog = threading.Timer(120, child.kill)
    watchdog.start()
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        started = time.monotonic()
        for action_id in range(1, ACTIONS + 1):  # each one reports success
            record = mark_done(handle.path, segment_id, action_id, TODAY)
            assert next(a for a in record.segments[session.index].actions if a.id == action_id).status == "done"
        time.sleep(max(0.0, SAVING_FOR - (time.monotonic() - started)))  # the session saves on meanwhile
        child.stdin.write("stop\n")
        child.stdin.flush()
        out, err = child.communicate(timeout=60)
    finally:
        watchdog.cancel()
    assert child.returncode == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["saves"] > 40, result  # the session kept saving meanwhile

    saved = load_record(handle.path)
    actions = {a.id: a for a in saved.segments[session.index].actions}
    still_open = sorted(i for i, a in actions.items() if a.status != "done")
    assert still_open == [], f"{len(still_open)} marks lost: {still_open}"
    assert result["done"] == ACTIONS  # the running session took every mark into its own record
    assert all(a.done_on == TODAY for a in actions.values())
    assert [d.text for d in saved.decisions] == result["decisions"]  # and lost none of its own changes
    assert {i: actions[int(i)].what for i in result["reworded"]} == result["reworded"]
    assert sorted(p.name for p in handle.path.parent.glob("*.toml")) == [handle.path.name]  # no fork
    assert not journal_path(handle.path).exists()


def test_a_mark_merged_only_into_the_journal_survives_a_crash(make_session) -> None:
    """The writer merged review's mark into the file, but the screen's next change of the same
    segment was journalled from a record that did not have it yet: replay still keeps the mark."""
    session, handle = actions_session(make_session)
    segment_id = session.segment.id
    timers: list = []
    saver = BackgroundSaver(handle, record=session.record, schedule=lambda delay, fn: timers.append(fn))
    session.saver = saver
    session.actions.update(1, what="Reworded before the mark")  # journalled, not yet in the file
    mark_done(handle.path, segment_id, 2, TODAY)  # review, between the journal line and the write
    assert saver.flush()  # the writer finds the mark, merges it and journals it
    crashed = replay(handle.path, load_record(handle.path), read_lines(handle.path))  # a crash now
    assert crashed.segments[session.index].actions[1].status == "done"
    assert crashed.segments[session.index].actions[0].what == "Reworded before the mark"
    session.actions.update(3, what="Reworded after")  # takes the mark in first, then journals
    assert session.record.segments[session.index].actions[1].status == "done"
    # a crash now
    crashed = replay(handle.path, load_record(handle.path), read_lines(handle.path))
    actions = crashed.segments[session.index].actions
    assert actions[0].what == "Reworded before the mark"
    assert actions[1].status == "done" and actions[1].done_on == TODAY
    assert actions[2].what == "Reworded after"
    assert crashed == session.record
    saver.close()


def test_a_second_ilt_kit_cannot_open_a_running_session(make_session) -> None:
    from ilt_kit.store.journal import SessionInUse

    session, handle = make_session()
    saver = BackgroundSaver(handle, record=session.record)
    with pytest.raises(SessionInUse, match="open in another ilt-kit"):
        SessionFile.open(handle.path)
    saver.close()
    SessionFile.open(handle.path)  # free again once the first one closed


def test_a_mark_lands_on_its_own_action_after_the_session_deleted_an_earlier_one(make_session) -> None:
    """The session deleted action 2 after its last write; review marks action 4: the merge finds
    action 4 by its id, not by its old place in the list (where action 5 now is)."""
    session, handle = actions_session(make_session, 10)
    segment_id = session.segment.id
    saver = BackgroundSaver(handle, record=session.record, schedule=lambda delay, fn: None)
    session.saver = saver
    saver.copy_due()
    assert saver.flush()
    session.actions.delete(2)  # journalled; copied for the writer below
    mark_done(handle.path, segment_id, 4, TODAY)  # review, before the session's next write
    saver.copy_due()
    assert saver.flush()
    saver.take_external()
    for record in (load_record(handle.path), session.record):
        done = sorted(a.id for a in record.segments[session.index].actions if a.status == "done")
        assert done == [4]
        assert 2 not in {a.id for a in record.segments[session.index].actions}
    crashed = replay(handle.path, load_record(handle.path), read_lines(handle.path))
    assert sorted(a.id for a in crashed.segments[session.index].actions if a.status == "done") == [4]
    assert saver.close()


def test_a_mark_on_an_action_the_session_deleted_is_a_conflict_the_facilitator_hears_of(make_session) -> None:
    session, handle = actions_session(make_session, 10)
    segment_id = session.segment.id
    saver = BackgroundSaver(handle, record=session.record, schedule=lambda delay, fn: None)
    session.saver = saver
    saver.copy_due()
    assert saver.flush()
    session.actions.delete(7)
    mark_done(handle.path, segment_id, 7, TODAY)  # review marks the very action deleted meanwhile
    saver.copy_due()
    assert saver.flush()
    saver.take_external()
    actions = load_record(handle.path).segments[session.index].actions
    assert 7 not in {a.id for a in actions} and all(a.status == "open" for a in actions)
    assert saver.conflicts and any("7" in ".".join(map(str, path)) for path in saver.conflicts)
    assert saver.close()


def test_marks_from_review_while_the_session_deletes_actions_land_on_their_own_actions(make_session) -> None:
    """Two processes: the session (20 saves a second) deletes actions and rewords others while
    review marks every third action done. Each surviving action is done exactly when review
    marked it; none is marked that review did not mark."""
    session, handle = actions_session(make_session)
    segment_id = session.segment.id
    child = Forked(lambda: writer_child.main([str(handle.path), "--rate", "20", "--delete"]), stdin=PIPE)
    watchdog = threading.Timer(120, child.kill)
    watchdog.start()
    marked: set[int] = set()
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        for action_id in range(3, ACTIONS + 1, 3):
            try:
                mark_done(handle.path, segment_id, action_id, TODAY)
            except FollowUpError:  # deleted by the session already
                continue
            marked.add(action_id)
        child.stdin.write("stop\n")
        child.stdin.flush()
        out, err = child.communicate(timeout=60)
    finally:
        watchdog.cancel()
    assert child.returncode == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["deleted"], result
    saved = load_record(handle.path).segments[session.index].actions
    surviving = {a.id for a in saved}
    assert not surviving & set(result["deleted"])
    assert sorted(a.id for a in saved if a.status == "done") == sorted(marked & surviving)
    assert sorted(result["done_ids"]) == sorted(marked & surviving)
    assert sorted(p.name for p in handle.path.parent.glob("*.toml")) == [handle.path.name]

"""The journal replays to exactly the record the screen showed, for every kind of change."""

from __future__ import annotations

import random

import pytest

from ilt_kit.session.engine import DomainError
from ilt_kit.store.files import BackgroundSaver, SessionFile, dumps, load_record
from ilt_kit.store.journal import journal_path, read_lines, replay

from .test_store_crash import child_module


def replayed(handle: SessionFile):  # noqa: ANN201
    return replay(handle.path, load_record(handle.path), read_lines(handle.path))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_replay_gives_exactly_the_live_record_after_every_kind_of_change(make_session, seed: int) -> None:
    session, handle = make_session()
    timers: list = []
    saver = BackgroundSaver(handle, record=session.record, schedule=lambda delay, fn: timers.append(fn))
    session.saver = saver
    rng = random.Random(seed)
    change = child_module.make_change(session, rng)
    ops: set[str] = set()
    for n in range(300):
        try:
            ops.add(change(n).split(":")[0])
        except DomainError:
            continue
        if n % 47 == 0:  # now and then the file catches up (and the journal is emptied)
            assert saver.flush()
        if n % 10 == 0:
            assert dumps(replayed(handle)) == dumps(session.record), f"after change {n}"
    assert dumps(replayed(handle)) == dumps(session.record)
    assert len(ops) >= 15, ops  # the random walk reached most kinds of change
    saver.close()


def test_a_ballot_journals_its_round_alone_and_replays_exactly(make_session) -> None:
    """A ballot, a taken-back ballot, a count of hands and a reveal change one round: the journal
    line puts that round (not the criterion with all its rounds), and replays to the live record."""
    session, handle = make_session()
    saver = BackgroundSaver(handle, record=session.record, schedule=lambda delay, fn: None)
    session.saver = saver
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "rubric"))
    first, second = session.segment.criteria[0].id, session.segment.criteria[1].id
    members = session.member_names
    steps = [
        lambda: session.rated.cast(first, members[0], 2),
        lambda: session.rated.cast(first, members[1], 3),
        lambda: session.rated.withdraw(first, members[1]),
        lambda: session.rated.reveal(first),
        lambda: session.rated.new_round(first),
        lambda: session.rated.cast(first, members[0], 3),
        lambda: session.rated.set_mode(second, "tally"),
        lambda: session.rated.set_tally(second, 2, 3),
        lambda: session.rated.set_tally(second, 3, 1),
        lambda: session.rated.reveal(second),
    ]
    for step in steps:
        step()
        assert dumps(replayed(handle)) == dumps(session.record)
    puts = [op for ops in read_lines(handle.path) for op in ops if op[0] == "put"]
    index = session.index
    assert ["segments", index, "criteria", 0, "rounds", 1] in [op[1] for op in puts]  # round 2 of the first alone
    assert ["segments", index, "criteria", 0] in [op[1] for op in puts]  # opening a round puts the criterion
    assert all(op[1][:5] != ["segments", index, "criteria", 1] or op[1][5] == 0 for op in puts if len(op[1]) == 6)
    saver.close()


def test_the_journal_is_emptied_once_the_file_holds_it_and_removed_at_close(make_session) -> None:
    session, handle = make_session()
    timers: list = []
    saver = BackgroundSaver(handle, record=session.record, schedule=lambda delay, fn: timers.append(fn))
    session.saver = saver
    session.add_decision("one")
    session.add_decision("two")
    assert len(read_lines(handle.path)) == 2
    assert [d.text for d in load_record(handle.path).decisions] == []  # the file is behind: only the journal has them
    assert saver.flush()
    assert journal_path(handle.path).stat().st_size == 0
    assert [d.text for d in load_record(handle.path).decisions] == ["one", "two"]
    session.add_decision("three")
    saver.close()
    assert not journal_path(handle.path).exists()
    assert [d.text for d in load_record(handle.path).decisions] == ["one", "two", "three"]


def test_a_line_cut_short_by_a_crash_is_dropped_and_resume_folds_the_rest(make_session) -> None:
    session, handle = make_session()
    timers: list = []
    saver = BackgroundSaver(handle, record=session.record, schedule=lambda delay, fn: timers.append(fn))
    session.saver = saver
    session.add_decision("shown")
    shown = dumps(session.record)
    session.add_decision("being written at the crash")
    # a dying process takes the fsync thread's copy of the descriptor (and its lock on the file)
    # with it; here that thread lives on, so it is let finish before the "death"
    assert saver.journal.wait_durable()
    saver.journal._fd, fd = -1, saver.journal._fd  # the process dies: nothing more is written
    import os

    os.close(fd)
    path = journal_path(handle.path)
    path.write_bytes(path.read_bytes()[:-7])  # the last line never got its end
    reopened, record = SessionFile.open(handle.path)
    assert dumps(record) == shown
    assert handle.path.read_text(encoding="utf-8") == shown  # the file holds it by itself now
    assert not path.exists()

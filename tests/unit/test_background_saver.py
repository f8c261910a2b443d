"""The app's autosave writer: in order, newest wins, nothing lost on flush, failures reported."""

from __future__ import annotations

import threading
import time

from ilt_kit.store.files import BackgroundSaver, ChangedOnDisk, load_record
from ilt_kit.store.record import Decision


def test_every_change_reaches_the_disk_after_flush(make_session):
    session, handle = make_session()
    saver = BackgroundSaver(handle)
    session.saver = saver
    session.goto(1)
    for n in range(200):
        session.brainstorm.add(f"idea {n}")
    assert saver.flush(timeout=30)
    ideas = next(s for s in load_record(handle.path).segments if s.kind == "brainstorm").ideas
    assert [i.text for i in ideas] == [f"idea {n}" for n in range(200)]


def test_the_record_is_copied_when_handed_over(make_session):
    """A change made after the hand-over must not leak into the write of the earlier state."""
    session, handle = make_session()
    gate = threading.Event()
    original = handle.save_data

    def slow(*args, **kwargs):
        gate.wait(5)
        return original(*args, **kwargs)

    handle.save_data = slow
    saver = BackgroundSaver(handle)
    saver(session.record)
    session.record.decisions.append(Decision(text="made later, not yet handed over"))
    gate.set()
    assert saver.flush(timeout=10)
    assert [d.text for d in load_record(handle.path).decisions] == []


def test_another_programs_edit_is_merged_not_forked(make_session):
    session, handle = make_session()
    errors: list[BaseException] = []
    handle.path.write_text(handle.path.read_text() + "\n# edited elsewhere\n")
    saver = BackgroundSaver(handle, errors.append, record=session.record)
    session.saver = saver
    session.add_decision("ours")
    assert saver.flush(timeout=10)
    assert errors == []
    assert [d.text for d in load_record(handle.path).decisions] == ["ours"]
    assert sorted(p.name for p in handle.path.parent.glob("*.toml")) == [handle.path.name]
    assert saver.close()


def test_a_broken_file_is_left_alone_and_reported(make_session):
    session, handle = make_session()
    errors: list[BaseException] = []
    handle.path.write_text(handle.path.read_text() + "\n[[[ broken\n")
    saver = BackgroundSaver(handle, errors.append)
    saver(session.record)
    assert saver.flush(timeout=10)
    assert len(errors) == 1 and isinstance(errors[0], ChangedOnDisk)
    assert handle.path.name.endswith("-2.toml")  # the other version was left alone
    assert saver.close()


def test_with_a_schedule_the_copy_waits_for_the_timer_and_a_burst_is_one_copy(make_session):
    session, handle = make_session()
    timers: list[tuple[float, object]] = []
    saver = BackgroundSaver(handle, schedule=lambda delay, fn: timers.append((delay, fn)))
    session.saver = saver
    before = handle.path.read_text()
    session.goto(1)
    session.brainstorm.add("first")
    session.brainstorm.add("second")
    assert len(timers) == 1 and timers[0][0] == saver.delay  # one copy due for the burst
    assert handle.path.read_text() == before  # nothing copied or written until the timer fires
    timers[0][1]()  # the timer fires (on the thread that changes the record)
    session.brainstorm.add("third, after the copy")
    assert len(timers) == 2
    with saver._lock:
        saver._lock.wait_for(lambda: saver._pending is None and not saver._busy, 10)
    ideas = next(s for s in load_record(handle.path).segments if s.kind == "brainstorm").ideas
    assert [i.text for i in ideas] == ["first", "second"]
    assert saver.flush(timeout=10)  # flush makes the copy still due: nothing waits for a timer
    ideas = next(s for s in load_record(handle.path).segments if s.kind == "brainstorm").ideas
    assert [i.text for i in ideas] == ["first", "second", "third, after the copy"]
    timers[1][1]()  # a timer that fires after the flush finds nothing left to copy
    assert saver.close(timeout=10)


def test_close_writes_a_change_whose_timer_never_fired(make_session):
    session, handle = make_session()
    saver = BackgroundSaver(handle, schedule=lambda delay, fn: None)  # timers that never fire
    session.saver = saver
    session.add_decision("kept on close")
    assert saver.close(timeout=10)
    assert [d.text for d in load_record(handle.path).decisions] == ["kept on close"]


def test_close_does_not_wait_out_the_delay_before_a_write(make_session):
    """A change handed over just before quitting is written at once on close, not after the writer
    has slept through its delay (closing must not stall, nor give up with the change unwritten)."""
    session, handle = make_session()
    saver = BackgroundSaver(handle, delay=30.0)
    session.saver = saver
    session.add_decision("written on close")
    time.sleep(0.3)  # the writer has taken the change and waits out its delay
    assert saver.close(timeout=5)
    assert [d.text for d in load_record(handle.path).decisions] == ["written on close"]


def test_the_writer_thread_survives_an_unexpected_error_while_idle_and_reports_it_once(make_session):
    """Its idle look for other programs' changes may fail in a way no one foresaw: the thread goes
    on saving, and the screen hears of the error once, not at every look."""
    session, handle = make_session()
    errors: list[BaseException] = []

    def broken(_taken) -> None:  # noqa: ANN001
        raise ValueError("something no one foresaw")

    handle.check = broken
    saver = BackgroundSaver(handle, errors.append, record=session.record, on_external=lambda changes: None, poll=0.01)
    deadline = threading.Event()
    deadline.wait(0.3)  # many idle looks
    assert saver._thread.is_alive()
    assert [str(e) for e in errors] == ["something no one foresaw"]
    session.saver = saver
    session.add_decision("saved all the same")
    assert saver.flush(timeout=10)
    assert [d.text for d in load_record(handle.path).decisions] == ["saved all the same"]
    assert saver.close()

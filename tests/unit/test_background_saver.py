"""The app's autosave writer: in order, newest wins, nothing lost on flush, failures reported."""

from __future__ import annotations

import threading

from ilt_kit.store.files import BackgroundSaver, ChangedOnDisk, load_record


def test_every_change_reaches_the_disk_after_flush(make_session):
    session, handle = make_session()
    saver = BackgroundSaver(handle)
    session.saver = saver
    session.goto(1)
    for n in range(200):
        session.add_idea(f"idea {n}")
    assert saver.flush(timeout=30)
    ideas = next(s for s in load_record(handle.path).segments if s.kind == "brainstorm").ideas
    assert [i.text for i in ideas] == [f"idea {n}" for n in range(200)]


def test_the_record_is_copied_when_handed_over(make_session):
    """A change made after the hand-over must not leak into the write of the earlier state."""
    session, handle = make_session()
    gate = threading.Event()
    original = handle.save_text

    def slow(text, day, title):
        gate.wait(5)
        original(text, day, title)

    handle.save_text = slow
    saver = BackgroundSaver(handle)
    saver(session.record)
    session.record.decisions.append("made later, not yet handed over")
    gate.set()
    assert saver.flush(timeout=10)
    assert load_record(handle.path).decisions == []


def test_a_failed_write_is_reported(make_session):
    session, handle = make_session()
    errors: list[BaseException] = []
    handle.path.write_text(handle.path.read_text() + "\n# edited elsewhere\n")
    saver = BackgroundSaver(handle, errors.append)
    saver(session.record)
    assert saver.flush(timeout=10)
    assert len(errors) == 1 and isinstance(errors[0], ChangedOnDisk)
    assert handle.path.name.endswith("-2.toml")  # the other version was left alone

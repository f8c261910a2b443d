"""Closing a journal right after a change, as the app does when it quits, while the caller holds the
journal's lock (``BackgroundSaver.close`` does): the journal's fsync thread finishes at once instead
of waiting for that lock until ``close`` gives up on it (ten seconds, at every quit after a change)."""

from __future__ import annotations

from ilt_kit.store.journal import Journal, journal_path


def test_close_under_the_lock_lets_the_pending_fsync_finish(tmp_path):
    session_file = tmp_path / "s.toml"
    session_file.write_text("")
    journal = Journal(session_file)
    with journal.lock:  # as BackgroundSaver.close holds it
        journal.write(['["set",["notes"],"x"]'])  # its fsync is asked of the journal's thread now
        journal.close()
        assert not journal._syncer.is_alive(), "the fsync thread was left waiting for the lock"
    assert journal_path(session_file).exists()  # a line the file does not hold yet stays


"""The review index: unchanged files are not parsed again, changed ones are, a broken or older
index is rebuilt silently, and two processes using it at once do not corrupt it."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from pathlib import Path

from ilt_kit.review import scan as scan_module
from ilt_kit.review.index import default_index_path, encode, open_index
from ilt_kit.review.scan import scan
from ilt_kit.store.files import dumps
from tests.forked import Forked
from tests.unit.test_review_support import make_meeting

OLD = time.time() - 3600  # files changed an hour ago: not 'just changed' (see RACY_SECONDS)


def _six_meetings(make_session, clock) -> list:
    return [make_meeting(make_session, clock, f"Meeting {n}", days_later=7) for n in range(6)]


def _folder(made_once, tmp_path, count: int = 6):
    """A folder of the test's own with ``count`` meetings a week apart, changed an hour ago: copies
    of the first ``count`` of six meetings made once for the module (with their lock files)."""
    folder = tmp_path / "sessions"
    folder.mkdir()
    for entry in made_once(_six_meetings).result[:count]:
        for name in (entry.path.name, f".{entry.path.name}.lock"):
            shutil.copy2(entry.path.parent / name, folder / name)
    for path in folder.glob("*.toml"):
        os.utime(path, (OLD, OLD))
    return folder


def _parses(monkeypatch) -> list:
    """Record every file the scan parses."""
    calls: list = []
    real = scan_module.load_entry

    def counting(path, keep_record=False):
        calls.append(path.name)
        return real(path, keep_record)

    monkeypatch.setattr(scan_module, "load_entry", counting)
    return calls


def _same(a, b) -> None:
    assert [encode(e) for e in a.entries] == [encode(e) for e in b.entries]
    assert [e.path for e in a.entries] == [e.path for e in b.entries]


def test_a_second_scan_parses_nothing_and_gives_the_same_list(made_once, tmp_path, monkeypatch):
    folder = _folder(made_once, tmp_path)
    plain = scan(folder)
    parses = _parses(monkeypatch)
    with open_index(tmp_path / "index.sqlite3") as index:
        first = scan(folder, index=index)
    assert len(parses) == 6
    parses.clear()
    with open_index(tmp_path / "index.sqlite3") as index:
        second = scan(folder, index=index)
        assert (index.hits, index.parsed) == (6, 0)
    assert parses == []
    _same(first, plain)
    _same(second, plain)
    assert second.entries[0].record.title == plain.entries[0].title  # the full record is still there to open


def test_only_changed_files_are_parsed_again_and_deleted_ones_forgotten(made_once, tmp_path, monkeypatch):
    folder = _folder(made_once, tmp_path)
    path = tmp_path / "index.sqlite3"
    with open_index(path) as index:
        scan(folder, index=index)
    files = sorted(folder.glob("*.toml"))
    changed = files[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace('title = "Meeting 1"', 'title = "Renamed"'), encoding="utf-8")
    os.utime(changed, (OLD + 10, OLD + 10))
    files[2].unlink()
    parses = _parses(monkeypatch)
    with open_index(path) as index:
        result = scan(folder, index=index)
        assert (index.hits, index.parsed) == (4, 1)
    assert parses == [changed.name]
    assert "Renamed" in {e.title for e in result.entries} and len(result.entries) == 5
    rows = sqlite3.connect(path).execute("SELECT path FROM entries").fetchall()
    assert len(rows) == 5 and str(files[2]) not in {r[0] for r in rows}


def test_a_change_that_keeps_size_and_time_is_caught_right_after_indexing(make_session, clock, tmp_path):
    entry = make_meeting(make_session, clock, "Meeting A")  # just written: inside the racy window
    path, index_file = entry.path, tmp_path / "index.sqlite3"
    with open_index(index_file) as index:
        scan(path.parent, index=index)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title = "Meeting A"', 'title = "Meeting B"'), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same time
    with open_index(index_file) as index:
        assert [e.title for e in scan(path.parent, index=index).entries] == ["Meeting B"]


def test_a_corrupt_or_older_index_is_rebuilt_silently(made_once, tmp_path, monkeypatch):
    folder = _folder(made_once, tmp_path, count=3)
    path = tmp_path / "index.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with open_index(path) as index:
        assert len(scan(folder, index=index).entries) == 3
    with open_index(path) as index:
        scan(folder, index=index)
        assert index.hits == 3  # rebuilt, and working
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '0:older' WHERE key = 'format'")
    db.commit()
    db.close()
    parses = _parses(monkeypatch)
    with open_index(path) as index:
        assert len(scan(folder, index=index).entries) == 3
    assert len(parses) == 3  # an older index's entries are not trusted
    # an entry this version cannot read is parsed again, never an error
    db = sqlite3.connect(path)
    db.execute("UPDATE entries SET counts = '1,2', created = 12")
    db.commit()
    db.close()
    with open_index(path) as index:
        assert len(scan(folder, index=index).entries) == 3
        assert index.parsed == 3


def test_the_default_index_is_in_the_users_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert default_index_path() == tmp_path / "cache" / "ilt-kit" / "review-index.sqlite3"
    with open_index() as index:
        assert index.path.is_file()


def scan_rounds(folder: Path, index_file: Path, rounds: int) -> int:
    """One process scanning ``folder`` through the index, ``rounds`` times (in a forked child)."""
    for _ in range(rounds):
        index = open_index(index_file)
        assert index is not None
        result = scan(folder, index=index)
        assert not result.bad, result.bad[0].lines()
        index.close()
    print(len(result.entries))
    return 0


def test_two_processes_using_the_index_at_once_do_not_corrupt_it(made_once, tmp_path):
    folder = _folder(made_once, tmp_path, count=4)
    files = sorted(folder.glob("*.toml"))
    template = files[0].read_text(encoding="utf-8")
    index_file = tmp_path / "index.sqlite3"
    workers = [
        Forked(lambda: scan_rounds(folder, index_file, 25), name=["index worker"])  # a process of its own
        for _ in range(2)
    ]
    # meanwhile, files change and new ones appear (written atomically, as ilt-kit saves)
    for n in range(20):
        target = folder / f"extra-{n}.toml"
        scratch = folder / f".extra-{n}.tmp"
        text = template.replace('title = "Meeting 0"', f'title = "Extra {n}"')
        scratch.write_text(re.sub(r'^session_id = ".*"$', f'session_id = "extra-{n}"', text, count=1, flags=re.M), encoding="utf-8")
        os.replace(scratch, target)
        time.sleep(0.02)
    outputs = [w.communicate(timeout=240) for w in workers]
    for worker, (out, err) in zip(workers, outputs):
        assert worker.returncode == 0, err
    db = sqlite3.connect(index_file)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.close()
    with open_index(index_file) as index:
        indexed = scan(folder, index=index)
    assert [encode(e) for e in indexed.entries] == [encode(e) for e in scan(folder).entries]
    assert len(indexed.entries) == 24


def test_entries_from_the_index_decode_their_segments_only_when_asked_and_survive_a_damaged_part(
    made_once, tmp_path, monkeypatch
):
    """The list needs only each session's summary: the rated and action segments stay undecoded
    until the compare or follow-up tab asks, then equal the parsed file's; a part that does not
    decode is read from the session file instead."""
    from ilt_kit.review import index as index_module

    folder = _folder(made_once, tmp_path, count=3)
    plain = scan(folder)
    path = tmp_path / "index.sqlite3"
    with open_index(path) as index:
        scan(folder, index=index)
    decoded: list[str] = []
    real = index_module.decode_part

    def counting(part, text):
        decoded.append(part)
        return real(part, text)

    monkeypatch.setattr(index_module, "decode_part", counting)
    with open_index(path) as index:
        warm = scan(folder, index=index)
        assert index.hits == 3
    assert decoded == []  # nothing decoded for the list
    assert [e.title for e in warm.entries] == [e.title for e in plain.entries]
    assert warm.entries[0].action_segments == plain.entries[0].action_segments
    assert decoded == ["actions"]  # the follow-up tab's part only
    assert [e.rated for e in warm.entries] == [e.rated for e in plain.entries]
    assert any(e.rated for e in plain.entries)  # the comparison compares something
    assert decoded.count("rated") == 3

    db = sqlite3.connect(path)
    db.execute("""UPDATE entries SET rated = '["damaged'""")
    db.commit()
    db.close()
    with open_index(path) as index:
        damaged = scan(folder, index=index)
        assert index.hits == 3  # the summary line still reads
    assert [e.rated for e in damaged.entries] == [e.rated for e in plain.entries]  # read from the files


def test_the_list_reads_no_segments_from_the_index_and_a_tab_reads_them_once_for_the_same_bytes(
    made_once, tmp_path, monkeypatch
):
    """A second scan reads only each session's summary from the index; the rated and action
    segments are read from it in one go when a tab first asks, and only where the index still
    holds them for the same bytes of the file (else the file is read)."""
    from ilt_kit.review import index as index_module

    folder = _folder(made_once, tmp_path, count=3)
    plain = scan(folder)
    path = tmp_path / "index.sqlite3"
    with open_index(path) as index:
        scan(folder, index=index)
    reads: list[int] = []
    real = index_module._Parts._read

    def counting(self):
        found = real(self)
        reads.append(len(found))
        return found

    monkeypatch.setattr(index_module._Parts, "_read", counting)
    with open_index(path) as index:
        warm = scan(folder, index=index)
        assert index.hits == 3
    assert reads == []  # the list read no segment
    assert [e.action_segments for e in warm.entries] == [e.action_segments for e in plain.entries]
    assert [e.rated for e in warm.entries] == [e.rated for e in plain.entries]
    assert reads == [3]  # every entry's parts, in one read

    # another run re-indexed one file as other bytes (its digest differs): its parts are not used
    with open_index(path) as index:
        warm = scan(folder, index=index)
    first = str(warm.entries[0].path.resolve())
    db = sqlite3.connect(path)
    db.execute("UPDATE entries SET digest = 'other', rated = '[]', actions = '[]' WHERE path = ?", (first,))
    db.commit()
    db.close()
    assert plain.entries[0].rated  # so that an empty list would show
    assert [e.rated for e in warm.entries] == [e.rated for e in plain.entries]
    assert [e.action_segments for e in warm.entries] == [e.action_segments for e in plain.entries]
    assert reads[-1] == 2

"""Files ilt-kit writes are never reached through a planted link or a special file, and a journal
is read with the session file's limits (regular file, size, depth, control characters)."""

from __future__ import annotations

import json
import os
import stat
import threading

import pytest

from ilt_kit.cli import main
from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.store.atomic import NotRegularFile, atomic_write
from ilt_kit.store.files import BackgroundSaver, SessionFile, load_record
from ilt_kit.store.journal import journal_path
from ilt_kit.store.lock import lock_path
from tests.forked import run_ilt

pytestmark = pytest.mark.skipif(os.name != "posix", reason="links, FIFOs and flock: POSIX only")


def _bounded(fn, seconds: float = 10.0):  # noqa: ANN001, ANN202
    """Run ``fn`` in a thread; fail (rather than hang the suite) if it has not returned in time."""
    result: dict = {}

    def run() -> None:
        try:
            result["value"] = fn()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            result["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "hung"
    if "error" in result:
        raise result["error"]
    return result.get("value")


def test_a_journal_link_named_like_the_next_sessions_journal_is_never_followed(make_session, tmp_path) -> None:
    session, handle = make_session()
    folder = handle.path.parent
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    record = session.record.model_copy(update={"title": "Next one"})
    next_name = folder / f"{record.date.isoformat()}-next-one.toml"
    journal_path(next_name).symlink_to(victim)
    lock_path(next_name).symlink_to(tmp_path / "made-by-the-lock")
    new = SessionFile.create(folder, record)
    saver = BackgroundSaver(new, record=record)
    saver(record)
    assert saver.flush() and saver.close()
    assert victim.read_text() == "precious\n"
    assert not (tmp_path / "made-by-the-lock").exists()
    assert new.path != next_name and load_record(new.path).title == "Next one"


def test_a_lock_or_journal_that_is_a_link_is_refused_never_followed(make_session, tmp_path) -> None:
    session, handle = make_session()
    target = tmp_path / "made-by-the-lock"
    lock_path(handle.path).symlink_to(target)
    with pytest.raises(NotRegularFile, match="symbolic link"):
        handle.save(session.record)
    with pytest.raises(FileProblems, match="symbolic link"):  # resume says so before anything runs
        SessionFile.open(handle.path)
    assert not target.exists()
    lock_path(handle.path).unlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    journal_path(handle.path).symlink_to(victim)
    with pytest.raises(FileProblems, match="symbolic link"):
        SessionFile.open(handle.path)
    with pytest.raises(NotRegularFile):
        BackgroundSaver(handle, record=session.record)
    assert victim.read_text() == "precious\n"


def test_a_session_file_that_is_a_link_is_written_through_to_its_target(make_session, tmp_path) -> None:
    session, handle = make_session()
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / handle.path.name
    handle.path.rename(target)
    handle.path.symlink_to(target)
    opened, record = SessionFile.open(handle.path)
    saver = BackgroundSaver(opened, record=record)
    from ilt_kit.session.engine import Session

    live = Session(record, saver=saver)
    live.add_decision("Through the link")
    assert saver.flush() and saver.close()
    assert handle.path.is_symlink()
    assert [d.text for d in load_record(target).decisions][-1] == "Through the link"


def test_report_force_refuses_a_fifo_a_link_and_a_device(make_session, tmp_path, capsys) -> None:
    _, handle = make_session()
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    link = tmp_path / "out.link"
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep\n")
    link.symlink_to(elsewhere)
    targets = [fifo, link]
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
        targets.append(device)
    except (PermissionError, OSError):
        pass
    for target in targets:
        code = _bounded(lambda: main(["report", str(handle.path), "-o", str(target), "--force"]))
        assert code == 1
        err = capsys.readouterr().err
        assert str(target) in err and "not a regular file" in err
        assert not stat.S_ISREG(os.lstat(target).st_mode)
    assert elsewhere.read_text() == "keep\n"


def test_atomic_write_refuses_to_replace_anything_but_a_regular_file(tmp_path) -> None:
    fifo = tmp_path / "x"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile, match="named pipe"):
        atomic_write(fifo, b"data")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["x"]  # no temporary file left


# ---------------------------------------------------------------------------------- the journal


def test_a_fifo_journal_is_refused_at_once(make_session) -> None:
    from ilt_kit.review.followup import mark_done

    session, handle = make_session()
    os.mkfifo(journal_path(handle.path))
    with pytest.raises(FileProblems, match="named pipe"):
        _bounded(lambda: SessionFile.open(handle.path))
    segment = next(s for s in session.segments if s.kind == "actions")
    with pytest.raises(FileProblems, match="named pipe"):  # review's mark-done too
        _bounded(lambda: mark_done(handle.path, segment.id, 1, session.record.date))


def test_a_journal_linked_to_dev_zero_is_refused(make_session) -> None:
    _, handle = make_session()
    journal_path(handle.path).symlink_to("/dev/zero")
    with pytest.raises(FileProblems, match="symbolic link") as error:
        _bounded(lambda: SessionFile.open(handle.path))
    assert str(journal_path(handle.path)) in str(error.value)


def test_a_huge_journal_is_refused_before_it_is_read(make_session) -> None:
    _, handle = make_session()
    with open(journal_path(handle.path), "wb") as journal:
        journal.truncate(51 * 1024 * 1024)
    with pytest.raises(FileProblems, match="too large"):
        SessionFile.open(handle.path)


def test_a_journal_line_nested_100000_deep_is_refused_at_its_line(make_session) -> None:
    _, handle = make_session()
    line = '{"n":1,"ops":[["put",["team","name"],' + "[" * 100_000 + "]" * 100_000 + "]]}\n"
    journal_path(handle.path).write_text('{"n":1,"ops":[]}\n' + line)
    with pytest.raises(FileProblems, match="nested too deeply") as error:
        SessionFile.open(handle.path)
    assert f"{journal_path(handle.path)}:2:" in str(error.value)


def test_a_journal_line_with_a_control_character_is_refused_never_replayed(make_session) -> None:
    _, handle = make_session()
    before = handle.path.read_bytes()
    op = ["put", ["team", "name"], "Blue\x1b[31m team"]
    journal_path(handle.path).write_text(json.dumps({"n": 1, "ops": [op]}) + "\n")
    with pytest.raises(FileProblems, match="control character") as error:
        SessionFile.open(handle.path)
    assert f"{journal_path(handle.path)}:1:" in str(error.value)
    assert handle.path.read_bytes() == before  # nothing replayed into the file
    load_record(handle.path)


_DEEP_65 = "[" * 65 + "]" * 65


@pytest.mark.parametrize(
    ("value", "fault"),
    [
        (json.loads(_DEEP_65), "nested too deeply"),  # just past the limit: JSON reads it, the walk refuses it
        ("Blue\x9b31m team", "control character"),  # a C1 control, which JSON lets through as itself
        ("Blue\x7f team", "control character"),  # DEL, the same
        ("Blue\b team", "control character"),  # an escape JSON spells with a letter
        ("Blue\x0c team", "control character"),
    ],
)
def test_every_journal_line_that_could_hold_a_fault_is_walked(make_session, value, fault) -> None:
    """The reader walks only lines whose text could hold a fault (enough brackets, a control
    character or an escape of one); each way a fault can be spelled in JSON is still found."""
    _, handle = make_session()
    for ascii_only in (False, True):  # the control as itself, and as a \u escape
        op = ["put", ["team", "name"], value]
        journal_path(handle.path).write_text(json.dumps({"n": 1, "ops": [op]}, ensure_ascii=ascii_only) + "\n")
        with pytest.raises(FileProblems, match=fault) as error:
            SessionFile.open(handle.path)
        assert f"{journal_path(handle.path)}:1:" in str(error.value)


# ----------------------------------------------------------------------------------- crashes


def test_check_and_list_content_refuse_a_loop_of_links_without_a_traceback(tmp_path, capsys) -> None:
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    folder = tmp_path / "content" / "rubrics"
    folder.mkdir(parents=True)
    (folder / "a.toml").symlink_to(folder / "b.toml")
    (folder / "b.toml").symlink_to(folder / "a.toml")
    assert main(["check", str(loop)]) == 1
    assert f"{loop}:1:1: cannot read" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "content")]) == 1
    assert f"{folder / 'a.toml'}:1:1: cannot read" in capsys.readouterr().out
    assert main(["list", "--content", str(tmp_path / "content")]) == 0
    assert main(["list", "--content", str(loop)]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_report_of_a_file_in_a_folder_that_may_not_be_entered_says_so(make_session, tmp_path, monkeypatch, capsys) -> None:
    """(Tests run as root, who may enter any folder: the refusal the system gives anyone else is
    simulated at ``os.stat``, which every look at the file goes through.)"""
    _, handle = make_session()
    locked = handle.path.parent
    real_stat = os.stat

    def stat_as_a_stranger(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if str(path).startswith(str(locked) + os.sep):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat_as_a_stranger)
    code = main(["report", str(handle.path)])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    assert f"{handle.path}:1:1: cannot read: Permission denied" in err


@pytest.mark.parametrize("stdin", ["devnull", "pipe"])
def test_resume_without_a_terminal_refuses_with_one_line_at_once(make_session, stdin: str) -> None:
    _, handle = make_session()
    before = handle.path.read_bytes()
    result = run_ilt(["resume", str(handle.path)], timeout=20, input="" if stdin == "pipe" else None)
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "terminal" in lines[0], result.stderr
    assert handle.path.read_bytes() == before
    assert not journal_path(handle.path).exists()

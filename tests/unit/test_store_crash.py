"""Crash safety: a session killed with SIGKILL at random moments never loses an acknowledged change.

``crash_child.py`` drives a real session (``SessionFile`` autosave, real fsyncs) and prints a line
after each acknowledged change. The parent kills it at random moments - most land inside a save,
where the time goes - then checks the file: it parses, it is exactly the last acknowledged state
or the one being saved at the kill (never a mix, never older), and no monotonic count went down.
The next child resumes the same file, so the session lives through every crash in turn.

Leftover temporary files (``.NAME.XXXX.tmp``, from a kill between ``mkstemp`` and ``os.replace``)
are accepted: they are dot-files with a ``.tmp`` suffix, and the test checks that nothing takes
them for a session (``ilt-kit check`` on the folder, a later create, a resume).

Set ``CRASH_SEED`` to replay a run; the seed is in every failure message.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import random
import re
import signal
import threading
import time
from pathlib import Path

import pytest

from ilt_kit.store.files import SessionFile, dumps, load_record
from ilt_kit.store.journal import journal_path
from tests.forked import fork_call, run_ilt, sigkill

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and POSIX renames: POSIX only")

CHILD = Path(__file__).with_name("crash_child.py")
KILLS = 30
TIME_BUDGET = 120.0  # the kill loop ends after KILLS kills or this many seconds (a safety net on a busy machine)
MIN_KILLS = 25


def _load_child_module():
    spec = importlib.util.spec_from_file_location("crash_child", CHILD)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


child_module = _load_child_module()
# what a child imports, imported here before any fork (a forked child then imports nothing)
import ilt_kit.content.library  # noqa: E402,F401
import ilt_kit.session.engine  # noqa: E402,F401


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Child:
    """One child process and what it acknowledged.

    The child runs ``crash_child.main`` in a process forked from this one (``tests/forked.py``):
    the modules it needs are imported here already, so it starts in milliseconds instead of the
    second a new interpreter takes. It is still a process of its own with its own stdout, saving
    with real fsyncs, and it is killed with a real SIGKILL.
    """

    def __init__(
        self, folder: Path, seed: int, resume: Path | None, max_changes: int | None = None, journal: bool = False
    ) -> None:
        argv = [str(folder), "--seed", str(seed), "--max-seconds", "20"]
        if journal:
            argv.append("--journal")
        if resume is not None:
            argv += ["--resume", str(resume)]
        if max_changes is not None:
            argv += ["--max-changes", str(max_changes)]
        pid, out_read, err_read = fork_call(lambda: child_module.main(argv), cwd=folder.parent)
        self.pid = pid
        self.returncode: int | None = None
        self.stdout = open(out_read, encoding="utf-8")  # noqa: SIM115
        self.stderr = open(err_read, encoding="utf-8")  # noqa: SIM115
        # a watchdog: a hung child must not hang the test run
        self.watchdog = threading.Timer(30.0, self.kill)
        self.watchdog.daemon = True
        self.watchdog.start()
        self.lines: list[str] = []

    def kill(self) -> None:
        if self.returncode is None:
            sigkill(self.pid)

    def readline(self) -> str:
        line = self.stdout.readline()
        if line:
            self.lines.append(line.rstrip("\n"))
        return line

    def finish(self) -> tuple[int, str]:
        """Wait for the end; read every line it managed to print. Returns (returncode, stderr)."""
        rest = self.stdout.read()
        err = self.stderr.read()
        _, status = os.waitpid(self.pid, 0)
        self.returncode = os.waitstatus_to_exitcode(status)  # -9 after a SIGKILL
        self.watchdog.cancel()
        self.stdout.close()
        self.stderr.close()
        self.lines.extend(line for line in rest.splitlines() if line)
        return self.returncode, err


class Ledger:
    """What the file may hold now, from the lines the children printed."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.acked: str | None = None  # digest of the last acknowledged state
        self.pending: str | None = None  # digest being saved after it, if any
        self.counts: dict[str, int] = {}
        self.acks = 0

    def allowed(self) -> set[str]:
        return {d for d in (self.acked, self.pending) if d is not None}

    def feed(self, line: str, context: str) -> None:
        word, _, rest = line.partition(" ")
        if word in ("created", "resumed"):
            path, digest = rest.rsplit(" ", 1)
            if word == "resumed":
                assert Path(path) == self.path, context
                assert digest in self.allowed(), f"resumed a state never saved: {context}"
            self.path, self.acked, self.pending = Path(path), digest, None
        elif word == "pending":
            self.pending = rest
        elif word == "ack":
            number, op, digest, counts = rest.split(" ", 3)
            assert digest == self.pending, f"ack {number} ({op}) of a state that was not the one saved: {context}"
            self.acked, self.pending = digest, None
            self.counts = json.loads(counts)
            self.acks += 1
        else:
            raise AssertionError(f"unexpected child output {line!r}: {context}")


def check_file(ledger: Ledger, context: str) -> None:
    assert ledger.path is not None and ledger.path.exists(), context
    record = load_record(ledger.path)  # raises FileProblems if the file is not a whole session
    digest = sha(ledger.path)
    assert digest in ledger.allowed(), (
        f"the file is neither the last acknowledged state nor the one being saved: {context}"
    )
    # the same promise said in domain terms: nothing acknowledged went missing
    now = child_module.counts(record)
    for key, acknowledged in ledger.counts.items():
        assert now[key] >= acknowledged, f"{key}: file has {now[key]}, {acknowledged} were acknowledged: {context}"
    assert dumps(record).encode("utf-8") == ledger.path.read_bytes(), context


def stray_files(folder: Path, session: Path) -> list[str]:
    """Files other than the session and the temporary files a kill may leave."""
    # the lock file stays (empty); a journal only while a session runs or after a crash
    temp = re.compile(rf"^\.{re.escape(session.name)}\.([^/]+\.tmp|lock|journal)$")
    return sorted(p.name for p in folder.iterdir() if p != session and not temp.match(p.name))


def test_sigkill_at_random_moments_never_loses_an_acknowledged_change(tmp_path: Path) -> None:
    seed = int(os.environ.get("CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    folder = tmp_path / "sessions"
    folder.mkdir()
    ledger = Ledger()
    kills = 0
    changes_before_kill: list[int] = []
    mid_save: list[bool] = []  # killed between "pending" and "ack": inside a save
    landed_new: list[bool] = []  # ... and the new state had already reached the file
    started = time.monotonic()
    while kills < KILLS and time.monotonic() - started < TIME_BUDGET:
        context = f"seed {seed}, kill {kills + 1}"
        child = Child(folder, rng.randrange(1 << 30), ledger.path)
        wanted = rng.randrange(0, 16)  # acks to wait for, then a random extra delay
        seen = 0
        while seen < wanted or ledger.path is None:
            line = child.readline()
            if not line:
                break  # the child ended early: finish() reports why
            ledger.feed(line.rstrip("\n"), context)
            seen += line.startswith("ack ")
        time.sleep(rng.uniform(0, 0.02))
        child.kill()
        already = len(child.lines)
        code, err = child.finish()
        for line in child.lines[already:]:
            ledger.feed(line, context)
        assert code == -signal.SIGKILL, f"the child ended by itself ({code}): {err}\n{context}"
        assert "Traceback" not in err, f"{err}\n{context}"
        kills += 1
        changes_before_kill.append(seen)
        mid_save.append(ledger.pending is not None)
        check_file(ledger, context)
        landed_new.append(sha(ledger.path) == ledger.pending)
        assert stray_files(folder, ledger.path) == [], context

    temps = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    print(
        f"seed {seed}: {kills} kills in {time.monotonic() - started:.1f}s, {ledger.acks} acknowledged changes, "
        f"{sum(mid_save)} kills inside a save ({sum(landed_new)} after the new file was in place), "
        f"{len(temps)} temporary files left"
    )
    assert kills >= MIN_KILLS, f"only {kills} kills in {TIME_BUDGET}s (seed {seed})"
    assert ledger.acks > kills, f"the children acknowledged too few changes to test anything (seed {seed})"

    # after all the crashes the session resumes and saves normally, in the same file
    child = Child(folder, rng.randrange(1 << 30), ledger.path, max_changes=20)
    code, err = child.finish()
    assert code == 0, err
    for line in child.lines:
        ledger.feed(line, f"seed {seed}, final run")
    assert ledger.pending is None
    check_file(ledger, f"seed {seed}, final run")
    assert sha(ledger.path) == ledger.acked

    # leftover temporary files are never taken for sessions
    sessions = sorted(folder.glob("*.toml"))
    assert sessions == [ledger.path], sessions
    result = run_ilt(["check", str(folder)], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 file checked" in result.stdout, result.stdout
    # and a new session with the same title and day gets a fresh name beside it
    handle = SessionFile.create(folder, load_record(ledger.path))
    assert handle.path != ledger.path and handle.path.name.endswith("-2.toml")


def test_a_stale_temporary_file_is_not_a_session(tmp_path: Path, make_session) -> None:
    """The leftover of a kill inside ``atomic_write`` - even a complete copy - is ignored."""
    session, handle = make_session()
    folder = handle.path.parent
    leftovers = [
        folder / f".{handle.path.name}.abc123.tmp",  # exactly what mkstemp names them
        folder / f".{handle.path.name}.half.tmp",
    ]
    leftovers[0].write_bytes(handle.path.read_bytes())
    leftovers[1].write_bytes(handle.path.read_bytes()[:100])
    before = [p.read_bytes() for p in leftovers]
    result = run_ilt(["check", str(folder)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 file checked" in result.stdout
    session.add_decision("still saving")  # the handle carries on beside the leftovers
    assert [d.text for d in load_record(handle.path).decisions] == ["still saving"]
    assert [p.read_bytes() for p in leftovers] == before
    assert sorted(folder.glob("*.toml")) == [handle.path]


def test_the_review_scan_ignores_stale_temporary_files(make_session) -> None:
    scan = pytest.importorskip("ilt_kit.review.walk")
    _, handle = make_session()
    folder = handle.path.parent
    (folder / f".{handle.path.name}.abc123.tmp").write_bytes(handle.path.read_bytes())
    (folder / f".{handle.path.name}.toml").write_bytes(b"half a sav")  # even one that ends in .toml
    assert scan.session_files(folder) == [handle.path]


def test_sigkill_right_after_a_change_is_shown_never_loses_it(tmp_path: Path) -> None:
    """The app's way of saving (``BackgroundSaver``: a journal line fsynced in the engine call, the
    file written later by a thread): a kill at any moment after a change was shown - mostly within
    a few milliseconds, long before the file is written - and the resumed session holds exactly
    that change (or the one being made at the kill), never an older state."""
    seed = int(os.environ.get("CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    folder = tmp_path / "sessions"
    folder.mkdir()
    ledger = Ledger()
    kills = behind = 0
    started = time.monotonic()
    while kills < KILLS and time.monotonic() - started < TIME_BUDGET:
        context = f"seed {seed}, journal kill {kills + 1}"
        child = Child(folder, rng.randrange(1 << 30), ledger.path, journal=True)
        wanted = rng.randrange(1, 16)
        seen = 0
        while seen < wanted or ledger.path is None:
            line = child.readline()
            if not line:
                break
            ledger.feed(line.rstrip("\n"), context)
            seen += line.startswith("ack ")
        time.sleep(rng.choice([0, 0, 0.001, 0.005, 0.02]))
        child.kill()
        already = len(child.lines)
        code, err = child.finish()
        for line in child.lines[already:]:
            ledger.feed(line, context)
        assert code == -signal.SIGKILL, f"the child ended by itself ({code}): {err}\n{context}"
        assert "Traceback" not in err, f"{err}\n{context}"
        kills += 1
        assert ledger.path is not None
        behind += sha(ledger.path) not in ledger.allowed()  # the file alone was behind the screen
        _, record = SessionFile.open(ledger.path)  # resume: the journal is replayed into the file
        digest = child_module.digest(dumps(record))
        assert digest in ledger.allowed(), f"resumed a state the screen did not show last: {context}"
        assert sha(ledger.path) == digest, context  # ... and the file now holds it by itself
        assert not journal_path(ledger.path).exists(), context
        assert stray_files(folder, ledger.path) == [], context
    print(f"seed {seed}: {kills} kills, {ledger.acks} changes shown, the file alone was behind in {behind}")
    assert kills >= MIN_KILLS, f"only {kills} kills in {TIME_BUDGET}s (seed {seed})"
    assert behind, f"no kill landed before the file was written: the journal was never needed (seed {seed})"

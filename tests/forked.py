"""Processes forked from the test run: the command line (and the crash tests' and two-writer tests'
sessions) in a process of their own, without the quarter of a second a new interpreter takes to
start and import.

A forked child is a real process: its own stdin, stdout and stderr (pipes, ``/dev/null`` or a file
the test gives, such as a pseudo-terminal), its own working folder and environment, its exit
code, its own file locks, a real SIGKILL. What it shares with the test run is the modules already
imported, so a test of what a command imports (``test_layers``, ``test_cli``, ``test_list_cache``,
``test_review_imports``) starts a new interpreter instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

PIPE = subprocess.PIPE
DEVNULL = subprocess.DEVNULL

_parent_ends: set[int] = set()
"""The test run's ends of the pipes of children still running: a later child lets go of them at
once (or a child would keep another one's stdin open, and that one never see its end)."""


def _start(
    call: Callable[[], int | None],
    *,
    cwd: Path | str | None,
    env: Mapping[str, str] | None,
    stdin: int,
    stdout: int,
    stderr: int,
) -> tuple[int, int | None, int | None, int | None]:
    """Fork; the child runs ``call()`` and ends as a Python program ending that way does (never
    returning into the test run). Returns ``(pid, stdin_w, stdout_r, stderr_r)``: this side's ends
    of the streams that are pipes, None for the others. ``stdin`` is PIPE or DEVNULL; ``stdout``
    and ``stderr`` PIPE or an open file descriptor to give the child as it is."""
    ends: dict[int, tuple[int, int]] = {}  # child fd -> (this side's end, the child's end)
    if stdin == PIPE:
        read, write = os.pipe()
        ends[0] = (write, read)
    for fd, wanted in ((1, stdout), (2, stderr)):
        if wanted == PIPE:
            ends[fd] = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            null = os.open(os.devnull, os.O_RDWR)
            for fd in list(_parent_ends) + [mine for mine, _ in ends.values()]:
                os.dup2(null, fd)  # not closed: a file object of the test run may still close it
            os.dup2(ends[0][1] if 0 in ends else null, 0)
            os.dup2(ends[1][1] if 1 in ends else stdout, 1)
            os.dup2(ends[2][1] if 2 in ends else stderr, 2)
            for _, theirs in ends.values():
                os.close(theirs)
            if cwd is not None:
                os.chdir(cwd)
            if env is not None:
                os.environ.clear()
                os.environ.update(env)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
            try:
                code = call() or 0
            except SystemExit as end:
                if end.code is None or isinstance(end.code, int):
                    code = end.code or 0
                else:
                    print(end.code, file=sys.stderr)
                    code = 1
        except BaseException:  # noqa: BLE001 - as the interpreter does: the traceback, then 1
            traceback.print_exc()
            code = 1
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    for mine, theirs in ends.values():
        os.close(theirs)
        _parent_ends.add(mine)
    return pid, *(ends[fd][0] if fd in ends else None for fd in (0, 1, 2))  # type: ignore[return-value]


def fork_call(
    call: Callable[[], int | None], *, cwd: Path | str | None = None, env: Mapping[str, str] | None = None
) -> tuple[int, int, int]:
    """Run ``call()`` in a child of this process and return ``(pid, stdout_fd, stderr_fd)``.

    The child's stdin is empty, its stdout and stderr are pipes, and it ends with the exit code a
    Python program ending that way has: ``call``'s return value, a ``SystemExit``'s code, or 1
    after printing the traceback of an exception. It never returns into the test run."""
    pid, _, out, err = _start(call, cwd=cwd, env=env, stdin=DEVNULL, stdout=PIPE, stderr=PIPE)
    assert out is not None and err is not None
    _parent_ends.difference_update((out, err))  # the caller owns them now
    return pid, out, err


def sigkill(pid: int) -> None:
    """Kill the process ``pid`` at once (SIGKILL), if it is still there to kill."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Forked:
    """``call()`` in a forked child, talked to as a :class:`subprocess.Popen` in text mode is:
    ``stdin``, ``stdout`` and ``stderr`` (for the streams that are pipes), ``communicate``,
    ``wait``, ``poll``, ``kill`` (a SIGKILL) and ``returncode``."""

    def __init__(
        self,
        call: Callable[[], int | None],
        *,
        cwd: Path | str | None = None,
        env: Mapping[str, str] | None = None,
        stdin: int = DEVNULL,
        stdout: int = PIPE,
        stderr: int = PIPE,
        name: Sequence[str] = ("forked",),
    ) -> None:
        self.args = list(name)
        self.pid, stdin_w, stdout_r, stderr_r = _start(call, cwd=cwd, env=env, stdin=stdin, stdout=stdout, stderr=stderr)
        self.returncode: int | None = None
        self.stdin: IO[str] | None = self._file(stdin_w, "w")
        self.stdout: IO[str] | None = self._file(stdout_r, "r")
        self.stderr: IO[str] | None = self._file(stderr_r, "r")

    @staticmethod
    def _file(fd: int | None, mode: str) -> IO[str] | None:
        if fd is None:
            return None
        return _Stream(fd, mode)

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if timeout is None:
            if self.returncode is None:
                _, status = os.waitpid(self.pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
            return self.returncode
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(self.args, timeout)
            time.sleep(0.005)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            sigkill(self.pid)

    def communicate(self, input: str | None = None, timeout: float | None = None) -> tuple[str | None, str | None]:  # noqa: A002
        """Write ``input`` (if any), close stdin, read stdout and stderr to their ends, wait. On a
        timeout the child is killed and :class:`subprocess.TimeoutExpired` raised."""
        if self.stdin is not None:
            try:
                if input:
                    self.stdin.write(input)
                self.stdin.close()
            except BrokenPipeError:
                pass
        texts: dict[str, str] = {}

        def read(name: str, stream: IO[str]) -> None:
            with stream:
                texts[name] = stream.read()

        readers = [
            threading.Thread(target=read, args=(name, stream), daemon=True)
            for name, stream in (("out", self.stdout), ("err", self.stderr))
            if stream is not None
        ]
        for reader in readers:
            reader.start()
        deadline = None if timeout is None else time.monotonic() + timeout
        for reader in readers:
            reader.join(None if deadline is None else max(deadline - time.monotonic(), 0))
        if any(reader.is_alive() for reader in readers):
            self.kill()
            self.wait()
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        self.wait(None if deadline is None else max(deadline - time.monotonic(), 1.0))
        return (
            texts.get("out") if self.stdout is not None else None,
            texts.get("err") if self.stderr is not None else None,
        )


class _Stream:
    """A text file over one of this side's pipe ends; the end is let go of when it is closed."""

    def __init__(self, fd: int, mode: str) -> None:
        self._fd = fd
        self._file = open(fd, mode, encoding="utf-8", errors="replace")  # noqa: SIM115

    def close(self) -> None:
        if not self._file.closed:
            _parent_ends.discard(self._fd)
            self._file.close()

    def __enter__(self) -> _Stream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def run_ilt(
    args: Sequence[str],
    *,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    input: str | None = None,  # noqa: A002
    before: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``ilt-kit ARGS`` as ``subprocess.run(..., capture_output=True, text=True)`` gives it back,
    run by the command's own ``main`` in a forked process. Its stdin is ``/dev/null``, or with
    ``input`` a pipe holding that text. ``before`` runs in the child first (to break something
    on purpose, say)."""

    def command() -> int:
        from ilt_kit.cli import main

        if before is not None:
            before()
        sys.argv = ["ilt-kit", *args]
        return main(list(args))

    child = Forked(command, cwd=cwd, env=env, stdin=DEVNULL if input is None else PIPE, name=["ilt-kit", *args])
    out, err = child.communicate(input, timeout=timeout)
    return subprocess.CompletedProcess(["ilt-kit", *args], child.returncode, out, err)


# ------------------------------------------------------------------------- new interpreters

LIBRARIES = (
    "pydantic", "pydantic.main", "pydantic.fields", "pydantic.types", "pydantic.json_schema",
    "pydantic.functional_validators", "tomli_w", "tomllib", "sqlite3", "argparse", "json",
)
"""Libraries the package's core imports, for :func:`fresh_probes` to import before it forks (only
their time is saved: none of them imports Textual or Rich, and the probes check it)."""

_FRESH = r'''
import importlib, json, os, sys, traceback
preload, watch, probes = json.loads(sys.stdin.read())
for name in preload:
    importlib.import_module(name)
results = {"": {"loaded": sorted(m for m in watch if m in sys.modules), "error": None,
                "ilt_kit": sorted(m for m in sys.modules if m.split(".")[0] == "ilt_kit")}}
for key, code in probes.items():
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        error = None
        try:
            exec(compile(code, key, "exec"), {"__name__": "__main__"})
        except BaseException:
            error = traceback.format_exc()
        loaded = sorted(m for m in watch if m in sys.modules)
        with open(write, "w", encoding="utf-8") as out:
            json.dump({"loaded": loaded, "error": error}, out)
        os._exit(0)
    os.close(write)
    with open(read, encoding="utf-8") as answer:
        results[key] = json.loads(answer.read() or "null")
    os.waitpid(pid, 0)
print(json.dumps(results))
'''


def fresh_probes(
    probes: Mapping[str, str], *, watch: Sequence[str], preload: Sequence[str] = (), cwd: Path | str | None = None
) -> dict[str, dict[str, Any]]:
    """Run each piece of Python code in ``probes`` in a new interpreter of its own, and say which
    of the modules in ``watch`` it had loaded at its end: ``{key: {"loaded": [...], "error":
    traceback or None}}`` (its output goes nowhere).

    One new interpreter starts, imports the modules in ``preload`` (libraries such as pydantic,
    never the package itself) and forks one child for each probe, so each probe starts where a
    new interpreter that had imported only those would: none of the package's modules loaded, so
    each imports what it needs itself. The entry ``""`` says what the preloading itself loaded:
    a test checks that it loaded none of ``watch`` (nor the package), or it proves nothing."""
    import json

    done = subprocess.run(
        [sys.executable, "-c", _FRESH],
        input=json.dumps([list(preload), list(watch), dict(probes)]),
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)

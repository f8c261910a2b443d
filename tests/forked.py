"""Processes forked from the test run: the command line (and the crash tests' writers) in a process
of their own, without the quarter of a second a new interpreter takes to start and import.

A forked child is a real process: its own stdout and stderr (pipes the parent reads), its own
working folder and environment, its exit code, a real SIGKILL. What it shares with the test run is
the modules already imported, so a test of what a command imports (``test_layers``, ``test_cli``,
``test_list_cache``) starts a new interpreter instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path


def fork_call(
    call: Callable[[], int | None], *, cwd: Path | str | None = None, env: Mapping[str, str] | None = None
) -> tuple[int, int, int]:
    """Run ``call()`` in a child of this process and return ``(pid, stdout_fd, stderr_fd)``.

    The child's stdin is empty, its stdout and stderr are pipes, and it ends with the exit code a
    Python program ending that way has: ``call``'s return value, a ``SystemExit``'s code, or 1
    after printing the traceback of an exception. It never returns into the test run."""
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(out_read)
            os.close(err_read)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.dup2(out_write, 1)
            os.dup2(err_write, 2)
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
    os.close(out_write)
    os.close(err_write)
    return pid, out_read, err_read


def run_ilt(
    args: Sequence[str], *, cwd: Path | str | None = None, env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``ilt-kit ARGS`` as ``subprocess.run(..., capture_output=True, text=True)`` gives it back,
    run by the command's own ``main`` in a forked process."""

    def command() -> int:
        from ilt_kit.cli import main

        sys.argv = ["ilt-kit", *args]
        return main(list(args))

    pid, out_fd, err_fd = fork_call(command, cwd=cwd, env=env)
    texts: dict[int, str] = {}

    def read(fd: int) -> None:
        with open(fd, encoding="utf-8", errors="replace") as stream:
            texts[fd] = stream.read()

    readers = [threading.Thread(target=read, args=(fd,), daemon=True) for fd in (out_fd, err_fd)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout)
    if any(reader.is_alive() for reader in readers):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise subprocess.TimeoutExpired(["ilt-kit", *args], timeout)
    _, status = os.waitpid(pid, 0)
    return subprocess.CompletedProcess(["ilt-kit", *args], os.waitstatus_to_exitcode(status), texts[out_fd], texts[err_fd])

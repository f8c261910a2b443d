"""The forked command line gives back what the real one does: the tests that use it can fail."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import CONTENT
from tests.forked import PIPE, Forked, fork_call, run_ilt


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["check", str(CONTENT)],
        ["check", "no-such-file.toml"],
        ["no-such-command"],
        ["report", "--format", "pdf", "."],
    ],
    ids=["list", "check", "missing", "usage", "refused"],
)
def test_a_forked_command_prints_and_ends_as_the_real_one(args, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ILT_KIT_CONTENT"} | {"COLUMNS": "80"}
    real = subprocess.run([sys.executable, "-m", "ilt_kit", *args], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    forked = run_ilt(args, cwd=tmp_path, env=env)
    assert (forked.returncode, forked.stdout, forked.stderr) == (real.returncode, real.stdout, real.stderr)


def test_a_crash_in_the_child_is_a_traceback_and_exit_code_1():
    def crash() -> int:
        print("before")
        raise ZeroDivisionError("boom")

    pid, out, err = fork_call(crash)
    with open(out) as stdout, open(err) as stderr:
        printed, problem = stdout.read(), stderr.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1
    assert printed == "before\n"
    assert "Traceback" in problem and "ZeroDivisionError: boom" in problem


@pytest.mark.parametrize("end,code", [(None, 0), (3, 3), ("a message", 1)])
def test_a_system_exit_in_the_child_ends_it_as_python_does(end, code):
    def leave() -> int:
        raise SystemExit(end)

    pid, out, err = fork_call(leave)
    with open(out) as stdout, open(err) as stderr:
        stdout.read()
        problem = stderr.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == code
    assert ("a message" in problem) == (end == "a message")


def test_a_child_reads_its_stdin_to_the_end_though_another_child_runs_beside_it():
    """Each child lets go of the test run's ends of the other children's pipes: the first one's
    stdin ends when the test closes it, while the second (forked after it) still runs."""

    def echo() -> int:
        print(sys.stdin.read().upper(), end="")
        return 4

    first = Forked(echo, stdin=PIPE)
    second = Forked(lambda: sys.stdin.read() and 0, stdin=PIPE)  # waits for its own stdin
    try:
        assert first.communicate("shout\n", timeout=20) == ("SHOUT\n", "")
        assert first.returncode == 4
        assert second.poll() is None
    finally:
        second.kill()
        second.communicate(timeout=20)
    assert second.returncode == -9


def test_a_child_writes_its_stderr_where_it_is_told(tmp_path):
    target = tmp_path / "err.txt"
    with open(target, "w") as err:
        child = Forked(lambda: print("to the file", file=sys.stderr), stderr=err.fileno())
    assert child.communicate(timeout=20) == ("", None)
    assert child.returncode == 0 and target.read_text() == "to the file\n"

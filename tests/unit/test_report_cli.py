"""`ilt-kit report`: folders and files in, bad files named on stderr, exit codes, never overwrite."""

from __future__ import annotations

import csv
import io
import re

import pytest

from ilt_kit.cli import main
from ilt_kit.review.report_command import run_report
from tests.forked import Forked, run_ilt
from tests.unit.test_review_support import entry_of, make_meeting, own_copy


def _two_good_sessions(make_session, clock) -> None:
    make_meeting(make_session, clock, "Good one", levels={"shared-vision": 3})
    make_meeting(make_session, clock, "Good two", days_later=7, levels={"shared-vision": 4})


@pytest.fixture
def folder(made_once, clock, tmp_path):
    root = own_copy(made_once(_two_good_sessions), tmp_path, clock)
    (root / "old").mkdir()
    (root / "old" / "corrupt.toml").write_text("title = [\n", encoding="utf-8")
    (root / "empty.toml").write_text("  \n", encoding="utf-8")
    (root / "team.toml").write_text('name = "A team"\n[[members]]\nname = "X"\n', encoding="utf-8")
    return root


def test_folder_reports_good_sessions_and_names_bad_files(folder, capsys):
    code = run_report([folder], "md", None)
    out, err = capsys.readouterr()
    assert code == 0
    assert "## Good one" in out and "## Good two" in out
    assert f"{folder / 'old' / 'corrupt.toml'}:2:1: TOML syntax error" in err
    assert f"{folder / 'empty.toml'}:1:1: the file is empty" in err
    assert f"{folder / 'team.toml'}:1:1:" in err
    assert "skipped 3 unreadable files; reported 2 sessions" in err
    assert "Traceback" not in err


def test_through_the_cli_entry_point_csv(folder, capsys):
    code = main(["report", str(folder), "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["session"] for r in rows} == {"Good one", "Good two"}
    agreed = {(r["session"], r["value"]) for r in rows if r["member"] == "team" and r["item"] == "shared-vision"}
    assert agreed == {("Good one", "3"), ("Good two", "4")}


def test_output_file_is_written_once_and_never_overwritten(folder, tmp_path, capsys):
    target = tmp_path / "report.html"
    assert run_report([folder], "html", target) == 0
    first = target.read_text(encoding="utf-8")
    assert "<!DOCTYPE html>" in first and "Good two" in first
    capsys.readouterr()
    assert run_report([folder], "md", target) == 1
    _, err = capsys.readouterr()
    assert "already exists" in err and str(target) in err
    assert target.read_text(encoding="utf-8") == first
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report")]  # no temp file left behind


def test_output_into_a_missing_folder_is_a_clear_error(folder, tmp_path, capsys):
    assert run_report([folder], "md", tmp_path / "no" / "such" / "report.md") == 1
    _, err = capsys.readouterr()
    assert "cannot write" in err and "Traceback" not in err


def test_no_good_session_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.toml").write_text("= nope", encoding="utf-8")
    assert run_report([bad], "md", None) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{bad / 'x.toml'}:1:" in err and "no session could be read" in err

    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_report([empty], "csv", None) == 1
    assert "no session files" in capsys.readouterr().err


def test_usage_problems_exit_2(folder, tmp_path, capsys):
    assert run_report([tmp_path / "missing"], "md", None) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert run_report([folder], "pdf", None) == 2
    assert "unknown format" in capsys.readouterr().err
    assert run_report([], "md", None) == 2


def test_a_single_file_path(folder, capsys):
    one = sorted(folder.glob("*good-one*.toml"))[0]
    assert run_report([one], "md", None) == 0
    out = capsys.readouterr().out
    assert "## Good one" in out and "Good two" not in out
    assert "Movement across sessions" not in out


def test_real_command_has_no_traceback_for_user_mistakes(folder, tmp_path):
    target = tmp_path / "exists.md"
    target.write_text("keep me", encoding="utf-8")
    for args, expected in (
        ([str(folder), "-o", str(target)], 1),
        ([str(tmp_path / "missing")], 2),
        ([str(folder), "--format", "pdf"], 2),  # argparse refuses it
    ):
        done = run_ilt(["report", *args])
        assert done.returncode == expected, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


def _tricky_copy(entry, folder, name):
    """A copy of a session whose top-level keys hide a line starting with '[' in a multi-line
    string, so the cheap date-order peek must give up and the report loads the file to place it."""
    text = entry.path.read_text(encoding="utf-8")
    text = text.replace('facilitator = "Dana Whitfield"', 'facilitator = """Two people:\n[1] Dana Whitfield"""', 1)
    text = re.sub(r'^session_id = ".*"$', 'session_id = "another-session"', text, count=1, flags=re.MULTILINE)
    target = folder / name
    target.write_text(text, encoding="utf-8")
    return target


def test_csv_streams_in_date_order_exactly_as_report_csv(make_session, clock, tmp_path, capsys):
    from ilt_kit.review.report_csv import report_csv
    from ilt_kit.review.dates import peek_date_key
    from ilt_kit.review.scan import scan

    earlier = make_meeting(make_session, clock, "Alpha winter")
    later = make_meeting(make_session, clock, "Zeta spring", days_later=30, decisions=["Keep going."])
    root = tmp_path / "sessions"
    # file names in the opposite order to the dates, so path order is not date order
    (root / "a").mkdir()
    later.path.rename(root / "a" / "zz-later.toml")
    earlier.path.rename(root / "zz-earlier.toml")
    tricky = _tricky_copy(entry_of(root / "a" / "zz-later.toml"), root, "aa-tricky.toml")
    assert peek_date_key(tricky) is None and peek_date_key(root / "zz-earlier.toml") is not None
    (root / "broken.toml").write_text("title = [\n", encoding="utf-8")

    expected = report_csv(scan(root).entries)
    assert run_report([root], "csv", None) == 0
    out, err = capsys.readouterr()
    assert out == expected
    sessions = [r["session"] for r in csv.DictReader(io.StringIO(out))]
    assert sessions.index("Alpha winter") < sessions.index("Zeta spring")
    assert f"{root / 'broken.toml'}:2:1:" in err and "skipped 1 unreadable file; reported 3 sessions" in err

    target = tmp_path / "out.csv"
    assert run_report([root], "csv", target) == 0
    assert target.read_text(encoding="utf-8") == expected
    assert f"wrote {target} (3 sessions)" in capsys.readouterr().err


def test_csv_to_a_file_from_only_bad_files_makes_no_file(tmp_path, capsys):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.toml").write_text("= nope", encoding="utf-8")
    target = tmp_path / "out.csv"
    assert run_report([bad], "csv", target) == 1
    assert "no session could be read (1 file with problems)" in capsys.readouterr().err
    assert not target.exists() and list(tmp_path.iterdir()) == [bad]


# ---------------------------------------------------------------- --force and the progress bar


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_force_replaces_an_existing_report_atomically(folder, tmp_path, capsys, fmt):
    target = tmp_path / f"weekly.{fmt}"
    target.write_text("last week's report", encoding="utf-8")
    target.chmod(0o640)
    assert main(["report", str(folder), "--format", fmt, "-o", str(target)]) == 1  # refusing stays the default
    assert "--force" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "last week's report"
    before = target.stat().st_ino
    assert main(["report", str(folder), "--format", fmt, "-o", str(target), "--force"]) == 0
    text = target.read_text(encoding="utf-8")
    assert "Good two" in text and "last week" not in text
    assert target.stat().st_ino != before  # a new file renamed over the old one, not rewritten in place
    assert target.stat().st_mode & 0o777 == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".weekly")]


def test_force_that_reads_nothing_keeps_the_old_report(tmp_path, capsys):
    target = tmp_path / "weekly.csv"
    target.write_text("keep me", encoding="utf-8")
    empty = tmp_path / "none"
    empty.mkdir()
    (empty / "bad.toml").write_text("title = [\n", encoding="utf-8")
    assert main(["report", str(empty), "--format", "csv", "-o", str(target), "--force"]) == 1
    assert target.read_text(encoding="utf-8") == "keep me"


def test_force_needs_an_output_file(folder, capsys):
    assert main(["report", str(folder), "--force"]) == 2
    assert "-o FILE" in capsys.readouterr().err


def _report_with_stderr_on_a_terminal(args: list[str]) -> tuple[str, str]:
    """Run the report in a child whose stderr is a pseudo-terminal; (stdout, what the terminal got).
    (That a report on a terminal never imports Textual is checked in a new interpreter, in
    test_review_imports.py.)"""
    import os
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, COLUMNS="100", TERM="xterm")
    child = Forked(lambda: main(args), env=env, stderr=slave, name=["ilt-kit", *args])
    os.close(slave)
    terminal = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        terminal += chunk
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 0, terminal.decode("utf-8", "replace")
    os.close(master)
    return out, terminal.decode("utf-8", "replace")


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_a_progress_bar_shows_on_a_terminal_stderr_only(folder, fmt):
    out, terminal = _report_with_stderr_on_a_terminal(["report", str(folder), "--format", fmt])
    assert "reading sessions" in terminal and "Good two" in out
    assert "reading sessions" not in out and "\x1b" not in out  # the report itself is untouched
    assert "corrupt.toml:2:1: TOML syntax error" in terminal  # bad files are still named
    piped = run_ilt(["report", str(folder), "--format", fmt])
    assert piped.returncode == 0 and piped.stdout == out
    assert "reading sessions" not in piped.stderr and "\x1b" not in piped.stderr


def test_the_date_order_peek_is_never_fooled_by_a_key_inside_a_multi_line_string(make_session, clock, tmp_path):
    """The peek parses only the date, created and title lines of the top-level keys: a line that
    looks like one of them inside a multi-line string makes it give up (the key twice), so the
    file is loaded whole to be placed, never placed by the fake."""
    from ilt_kit.review.dates import date_key, peek_date_key

    entry = entry_of(make_meeting(make_session, clock, "Alpha winter").path)
    assert peek_date_key(entry.path) == date_key(entry)  # the plain file: the peek agrees with the record
    text = entry.path.read_text(encoding="utf-8")
    for fake in ('date = 1999-01-01', 'title = "Aardvark"', "created = 1999-01-01T00:00:00Z"):
        tricky = tmp_path / f"tricky-{fake.split()[0]}.toml"
        tricky.write_text(text.replace('facilitator = "Dana Whitfield"', f'facilitator = """Two people:\n{fake}\n"""', 1), encoding="utf-8")
        real = entry_of(tricky)
        assert real.date == entry.date and real.title == entry.title  # the file itself is fine
        assert peek_date_key(tricky) in (None, date_key(real)), fake  # None: loaded whole to be placed

"""Files that are impossible, hostile or not files at all are refused with `path:line:col`, everywhere.

One saved session (every segment kind, ballots, a tally, ideas, dots, ratings, actions, talk time)
is bent, one rule at a time, into a record that must not load. Each bent file is refused by
`check` with a message at the line that breaks the rule, and by resume, review and report alike.
Then the reader's limits (nesting, long numbers, control characters, files that are not regular)
and what the command line prints and writes (no raw control character, no spreadsheet formula).
"""

from __future__ import annotations

import csv
import io
import math
import os
import shutil
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
import tomli_w

from ilt_kit.cli import check_paths
from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.diagnostics.toml import MAX_FILE_BYTES
from ilt_kit.review.report_command import run_report
from ilt_kit.review.entry import BadEntry, SessionEntry
from ilt_kit.review.scan import load_entry, scan
from ilt_kit.session.engine import Session
from ilt_kit.store.files import HEADER, SessionFile, load_record
from tests.conftest import FakeClock
from tests.forked import run_ilt
from tools.session_driver import start_session

CONTROL = ("\x1b", "\x07", "\x9b", "\x00")


@pytest.fixture(scope="module")
def _saved_once(tmp_path_factory, library, team) -> Path:
    """The session the tests below start from, driven and saved once (as ``make_session`` would)."""
    clock = FakeClock()
    folder = tmp_path_factory.mktemp("saved") / "sessions"
    session, handle = start_session(library, "test-all-kinds", team, "Blue sky — Lincoln MS", clock, facilitator="Dana Whitfield", folder=folder)
    session.start()
    session.speak("Marcus Chen")
    clock.advance(30)
    session.next()
    one = session.brainstorm.add("Common planning time", "Marcus Chen")
    session.brainstorm.add("Peer visits", "Priya Raman")
    session.next()
    for member, level in zip(session.member_names, [3, 3, 1, 0]):
        session.rated.cast("shared-vision", member, level)
    session.rated.reveal("shared-vision")
    session.rated.agree("shared-vision", 3, "Plans cite student work")
    session.rated.set_mode("efficacy", "tally")
    session.rated.set_tally("efficacy", 2, 3)
    session.next()
    session.next()
    session.forecast.rate("funding", "Marcus Chen", 4, 5)
    session.forecast.add_item("Enrollment drop")
    session.next()
    session.dots.place("Marcus Chen", one)
    session.next()
    session.actions.add("Schedule peer visits", "Priya Raman")
    session.actions.add("Share the rubric", "Dana Whitfield")
    assert handle is not None
    return handle.path


@pytest.fixture
def saved(_saved_once, tmp_path, clock) -> Path:
    """A copy of that session in the test's own sessions folder; the test's clock is where driving
    it left the clock."""
    folder = tmp_path / "sessions"
    shutil.copytree(_saved_once.parent, folder)
    clock.advance(30)
    return folder / _saved_once.name


def data_of(path: Path) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(path.read_text(encoding="utf-8"))


def write(path: Path, data: dict[str, Any]) -> str:
    text = HEADER + tomli_w.dumps(data, multiline_strings=True)
    path.write_text(text, encoding="utf-8")
    return text


def seg(data: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(s for s in data["segments"] if s["kind"] == kind)


def ballots(data):  # noqa: ANN001, ANN201
    return seg(data, "rubric")["criteria"][0]["rounds"][0]["ballots"]


def _set(target: dict | list, key: Any, value: Any) -> None:
    target[key] = value


# (name, change to the data, words of the message, words on the line it points at)
BENT: list[tuple[str, Callable[[dict], None], str, str]] = [
    ("ballot from a non-member", lambda d: _set(ballots(d)[0], "member", "Nobody"), "not a member of the team", "Nobody"),
    ("duplicate ballot", lambda d: _set(ballots(d)[1], "member", ballots(d)[0]["member"]), "used twice", "member ="),
    ("talk from a non-member", lambda d: _set(d["segments"][0]["talk"][0], "member", "Ghost"), "not a member", "Ghost"),
    ("rating from a non-member", lambda d: _set(seg(d, "forecast")["items"][0]["ratings"][0], "member", "Ghost"), "not a member", "Ghost"),
    ("dots from a non-member", lambda d: _set(seg(d, "prioritize")["dots"][0], "member", "Ghost"), "not a member", "Ghost"),
    ("level off the scale", lambda d: _set(ballots(d)[0], "level", 7), "not on the scale", "level = 7"),
    ("agreed level off the scale", lambda d: _set(seg(d, "rubric")["criteria"][0], "agreed", 8), "not on the scale", "agreed = 8"),
    ("tally level off the scale", lambda d: _set(seg(d, "rubric")["criteria"][1]["rounds"][0]["tally"][0], "level", 9), "not on the scale", "level = 9"),
    ("empty scale", lambda d: _set(seg(d, "survey"), "scale", []), "scale is empty", "scale = []"),
    ("duplicated scale", lambda d: _set(seg(d, "rubric")["scale"][2], "value", seg(d, "rubric")["scale"][1]["value"]), "used twice", "value ="),
    ("descending scale", lambda d: seg(d, "rubric")["scale"].reverse(), "values must rise", "value ="),
    ("dots over budget", lambda d: _set(seg(d, "prioritize")["dots"][0], "count", 4), "the budget is 3", "count = 4"),
    ("dot on a missing idea", lambda d: _set(seg(d, "prioritize")["dots"][0], "idea", 99), "does not have", "idea = 99"),
    ("dot vote source missing", lambda d: _set(seg(d, "prioritize"), "source", "gone"), "not in the file", 'source = "gone"'),
    ("dot vote source not a brainstorm", lambda d: _set(seg(d, "prioritize"), "source", "score"), "not a brainstorm", 'source = "score"'),
    ("duplicate segment id", lambda d: _set(d["segments"][1], "id", d["segments"][0]["id"]), "segment id", "id ="),
    ("duplicate idea id", lambda d: _set(seg(d, "brainstorm")["ideas"][1], "id", 1), "idea id 1 is used twice", "id = 1"),
    ("duplicate criterion id", lambda d: _set(seg(d, "rubric")["criteria"][1], "id", "shared-vision"), "criterion id", 'id = "shared-vision"'),
    ("duplicate item id", lambda d: _set(seg(d, "forecast")["items"][1], "id", "funding"), "item id", 'id = "funding"'),
    ("duplicate action id", lambda d: _set(seg(d, "actions")["actions"][1], "id", 1), "action id 1 is used twice", "id = 1"),
    ("current names no segment", lambda d: _set(d, "current", "nowhere"), "not in the file", 'current = "nowhere"'),
    ("criterion with no rounds", lambda d: _set(seg(d, "rubric")["criteria"][2], "rounds", []), "no rounds", "rounds = []"),
    ("rounds out of order", lambda d: _set(seg(d, "rubric")["criteria"][0]["rounds"][0], "number", 2), "out of order", "number = 2"),
    ("ended before started", lambda d: _set(d["segments"][0], "ended", d["segments"][0]["started"].replace(year=2020)), "before it started", "ended ="),
    ("duplicate member names", lambda d: _set(d["team"]["members"][1], "name", d["team"]["members"][0]["name"].upper()), "used twice", "name ="),
    ("open action with a done date", lambda d: _set(seg(d, "actions")["actions"][0], "done_on", d["date"]), "open but has a done date", "done_on ="),
    ("infinite seconds", lambda d: _set(d["segments"][0], "elapsed_seconds", math.inf), "valid integer", "elapsed_seconds = inf"),
    ("not-a-number seconds", lambda d: _set(d["segments"][0]["talk"][0], "seconds", math.nan), "valid integer", "seconds = nan"),
    ("seconds beyond a year", lambda d: _set(d["segments"][0], "planned_seconds", 40_000_000), "less than or equal", "planned_seconds = 40000000"),
    ("tally beyond 10,000", lambda d: _set(seg(d, "rubric")["criteria"][1]["rounds"][0]["tally"][0], "count", 10_001), "less than or equal to 10000", "count = 10001"),
    ("a string where a level belongs", lambda d: _set(ballots(d)[0], "level", "3"), "valid integer", 'level = "3"'),
    ("a float where a level belongs", lambda d: _set(ballots(d)[0], "level", 3.0), "valid integer", "level = 3.0"),
    ("a string where a date belongs", lambda d: _set(d, "date", "2026-11-22"), "valid date", 'date = "2026-11-22"'),
    ("agenda names a segment that is gone", lambda d: d["segments"].pop(), "incomplete", "agenda = ["),
    ("end counts another number of segments", lambda d: _set(d["end"], "segments", 9), "[end] counts 9", "segments = 9"),
]


@pytest.mark.parametrize("name, bend, words, at", BENT, ids=[case[0] for case in BENT])
def test_check_refuses_an_impossible_record_at_its_line(saved, name, bend, words, at):
    data = data_of(saved)
    assert load_record(saved)  # the engine's own file is valid
    bend(data)
    text = write(saved, data)
    _, problems = check_paths([saved], [])
    assert problems, f"{name}: accepted"
    match = [p for p in problems if words in p.message]
    assert match, [str(p) for p in problems]
    line = text.splitlines()[match[0].line - 1]
    assert at in line, (str(match[0]), line)
    assert str(match[0]).startswith(f"{saved}:{match[0].line}:{match[0].col}: ")


def test_resume_review_and_report_refuse_what_check_refuses(saved, capsys):
    data = data_of(saved)
    ballots(data)[0]["member"] = "Nobody"
    write(saved, data)
    with pytest.raises(FileProblems) as refused:
        SessionFile.open(saved)  # what resume uses
    assert "not a member" in str(refused.value)
    entry = load_entry(saved)
    assert isinstance(entry, BadEntry) and "not a member" in entry.reason
    assert scan(saved.parent).bad and not scan(saved.parent).entries
    assert run_report([saved.parent], "md", None) == 1
    assert "not a member" in capsys.readouterr().err


def _refusals(path: Path, text: str) -> list:
    path.write_text(text, encoding="utf-8")
    return check_paths([path], [])[1]


def test_a_file_cut_at_any_line_is_refused_and_says_it_was_cut_short(saved):
    text = saved.read_text(encoding="utf-8")
    record = load_record(saved)
    assert len({s.kind for s in record.segments}) == 8  # the eight kinds of test-all-kinds; every kind in the registry: tests/unit/test_kind_contract.py, with a scenario of its own
    assert text.endswith("\n\n[end]\nsegments = 8\n")  # the writer puts it last, after every segment
    lines = text.splitlines(keepends=True)
    header = next(n for n, line in enumerate(lines, 1) if line.startswith("agenda = ["))
    starts = [sum(map(len, lines[:n])) for n in range(1, len(lines))]  # every line boundary but the end
    tables = [i for i in starts if text[i] == "["]
    assert len(tables) == 19  # [team], 8 segments, 5 criteria, 2 rounds, 2 forecast items, [end]
    for cut in starts:
        part = text[:cut]
        problems = _refusals(saved, part)
        assert problems, f"a cut before line {part.count(chr(10)) + 1} was accepted"
        if part.count("\n") < header:
            continue  # cut inside the header: the team and the segments are missing
        # past the agenda the cut itself is reported, at the line where the file stops (not a list
        # of the keys the lost part held), unless the cut falls inside a value and is not TOML
        cut_short = [p for p in problems if "cut short" in p.message]
        if not cut_short:
            assert "TOML" in problems[0].message or "invalid" in problems[0].message.lower(), problems
            assert cut not in tables, f"a cut at the table on line {part.count(chr(10)) + 1} was not called cut short"
            continue
        assert len(problems) == 1, [str(p) for p in problems]
        # where the file stops: at the last key or table header left, or inside the array it ends with
        numbered = list(enumerate(part.splitlines(), 1))
        key = max(n for n, line in numbered if line and line[0] not in " \t]#")
        last = max(n for n, line in numbered if line.strip() not in ("", "]"))
        assert key <= problems[0].line <= last, (str(problems[0]), part.splitlines()[-3:])
        assert str(problems[0]).startswith(f"{saved}:{problems[0].line}:")
    # inside the last lines, character by character: an empty [end] or a short count is refused too
    tail = text.rindex("[end]")
    for cut in range(tail, len(text) - 1):
        assert _refusals(saved, text[:cut]), repr(text[tail:cut])
    # the one cut that loses nothing: the final newline (the same TOML, so the same record)
    assert not _refusals(saved, text[:-1]) and load_record(saved) == record


def test_a_cut_inside_the_last_segments_tables_is_refused(saved):
    """The cut the agenda cannot see: after the last segment's first criterion or round."""
    data = data_of(saved)
    rubric = seg(data, "rubric")
    data["segments"] = [s for s in data["segments"] if s is not rubric] + [rubric]
    data["agenda"] = [s["id"] for s in data["segments"]]
    text = write(saved, data)
    assert load_record(saved).segments[-1].kind == "rubric"
    last = text.rindex("\n[[segments]]")
    inner = [i for i in range(last, len(text)) if text.startswith("\n[[segments.criteria", i)]
    assert len(inner) == 5  # three criteria, two rounds
    for cut in inner:
        problems = _refusals(saved, text[: cut + 1])
        assert [p.message for p in problems if "cut short" in p.message], [str(p) for p in problems]


def test_resume_review_and_report_refuse_a_cut_file(saved, capsys):
    text = saved.read_text(encoding="utf-8")
    saved.write_text(text[: text.rindex("\n[[segments]]") + 1], encoding="utf-8")  # without its last segment
    with pytest.raises(FileProblems) as refused:
        SessionFile.open(saved)
    assert "cut short" in str(refused.value)
    entry = load_entry(saved)
    assert isinstance(entry, BadEntry) and "cut short" in entry.reason
    assert scan(saved.parent).bad and not scan(saved.parent).entries
    assert run_report([saved.parent], "md", None) == 1
    assert "cut short" in capsys.readouterr().err
    done = run_ilt(["check", str(saved)])
    assert done.returncode == 1 and "cut short" in done.stdout, done.stdout + done.stderr
    where, line = done.stdout.split(":")[:2]  # path:line:col: message, at the last thing left: the last action
    assert where == str(saved) and 'what = "Share the rubric"' in text.splitlines()[int(line) - 1], done.stdout


def test_hand_edits_keep_the_file_valid_and_an_old_file_without_agenda_or_end_is_read(saved):
    text = saved.read_text(encoding="utf-8")
    edited = text.replace('notes = "', 'notes = "Reworded by hand. ', 1) if 'notes = "' in text else text
    edited = edited.replace('owner = "Priya Raman", status = "open" }', 'owner = "Priya Raman", status = "done", done_on = 2026-11-23 }')
    edited = edited.replace('title = "Reflect"', 'title = "Reflect together"\nnotes = "Added in an editor"')
    assert edited.count("done_on") == 1 and "Added in an editor" in edited
    assert not _refusals(saved, edited)
    record = load_record(saved)
    assert record.segments[6].actions[0].status == "done" and record.segments[-1].notes == "Added in an editor"
    saved.write_text(text, encoding="utf-8")
    data = data_of(saved)
    del data["agenda"], data["end"]
    write(saved, data)
    assert load_record(saved).agenda is None
    data["agenda"] = [s["id"] for s in data["segments"]]  # an agenda without [end]: cut short
    write(saved, data)
    assert any("cut short" in p.message for p in check_paths([saved], [])[1])


def test_an_old_file_resumed_is_saved_with_its_agenda_and_end(saved, clock):
    data = data_of(saved)
    del data["agenda"], data["end"]
    write(saved, data)
    handle, record = SessionFile.open(saved)
    session = Session(record, clock=clock, saver=handle.save)
    session.checkpoint()
    text = saved.read_text(encoding="utf-8")
    assert "\nagenda = [" in text and text.endswith(f"[end]\nsegments = {len(data['segments'])}\n")
    assert _refusals(saved, text[: text.rindex("\n[[segments]]") + 1])  # from now on a cut shows


@pytest.mark.parametrize(
    "body, line, words",
    [
        ("title = 1\nx = " + "[" * 5000 + "]" * 5000 + "\n", 2, "nested too deeply"),
        ("title = 1\n" + "a." * 5000 + "b = 1\n", 2, "nested too deeply"),
        ("schema_version = 1\n\nn = " + "7" * 5000 + "\n", 3, "too long"),
        ('schema_version = 1\ntitle = "a\\u001b]0;x\\u0007b"\n', 2, "control character (U+001B)"),
        ('schema_version = 1\n"k\\u009b" = 1\n', 2, "control character (U+009B)"),
    ],
    ids=["deep arrays", "deep dotted keys", "5000 digits", "escape in a string", "C1 in a key"],
)
def test_reader_limits_give_a_clean_position(tmp_path, body, line, words, capsys):
    path = tmp_path / "sessions" / "bad.toml"
    path.parent.mkdir()
    path.write_text(body, encoding="utf-8")
    _, problems = check_paths([path], [])
    assert len(problems) == 1 and words in problems[0].message and problems[0].line == line, problems
    assert isinstance(load_entry(path), BadEntry)
    assert run_report([path], "csv", None) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_check_refuses_control_characters_in_content_and_team_files(tmp_path):
    team = tmp_path / "team.toml"
    team.write_text('name = "ILT"\n[[members]]\nname = "Ana\\u001b[2J"\n', encoding="utf-8")
    _, problems = check_paths([team], [])
    assert [(p.line, "control character" in p.message) for p in problems] == [(3, True)]


@pytest.fixture
def odd_files(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "odd"
    folder.mkdir()
    os.mkfifo(folder / "fifo.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    (folder / "random.toml").symlink_to("/dev/urandom")
    with open(folder / "big.toml", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NULs without writing them
    return {p.stem: p for p in folder.iterdir()}


def test_files_that_are_not_regular_are_refused_by_every_reader(odd_files, capsys):
    for name, path in odd_files.items():
        _, problems = check_paths([path], [])
        assert len(problems) == 1, (name, problems)
        message = problems[0].message
        assert ("not a regular file" in message) if name != "big" else ("too large" in message), message
        with pytest.raises(FileProblems):
            SessionFile.open(path)
        assert isinstance(load_entry(path), BadEntry)
    folder = next(iter(odd_files.values())).parent
    count, problems = check_paths([folder], [])
    assert count == 4 and len({p.path for p in problems}) == 4
    result = scan(folder)
    assert len(result.bad) == 4 and not result.entries
    assert run_report([folder], "md", None) == 1
    err = capsys.readouterr().err
    assert "not a regular file" in err and "too large" in err and "Traceback" not in err
    assert MAX_FILE_BYTES == 8 * 1024 * 1024


def test_the_cli_does_not_hang_on_a_fifo(odd_files):
    for command in (["check"], ["report"]):
        result = run_ilt([*command, str(odd_files["fifo"])], timeout=30)
        assert result.returncode == 1 and "not a regular file" in result.stdout + result.stderr, result


def test_a_file_that_cannot_be_looked_at_gets_cannot_read(tmp_path, monkeypatch):
    path = tmp_path / "locked" / "s.toml"
    real_stat = os.stat

    def stat(target, *args, **kwargs):  # noqa: ANN001, ANN202 - as in a folder without search permission
        if "locked" in str(target):
            raise PermissionError(13, "Permission denied")
        return real_stat(target, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    _, problems = check_paths([path], [])
    assert [p.message for p in problems] == ["cannot read: Permission denied"]
    entry = load_entry(path)
    assert isinstance(entry, BadEntry) and "cannot read" in entry.reason


# ------------------------------------------------------------------- what the command line prints


def test_nothing_the_cli_prints_or_writes_holds_a_raw_control_character(saved, tmp_path):
    hostile = saved.parent / "ev\x1b]0;PWNED\x07il.toml"
    saved.rename(hostile)
    bad = saved.parent / "b\x1b[2Jad.toml"
    bad.write_text("schema_version = 1\ntitle = [\n", encoding="utf-8")
    outputs = []
    for argv in (["check", str(saved.parent)], ["report", str(saved.parent)], ["report", str(saved.parent), "--format", "csv"],
                 ["report", str(saved.parent), "--format", "html"], ["list"]):
        result = run_ilt(argv)
        outputs.append(result.stdout + result.stderr)
        assert "Traceback" not in outputs[-1], outputs[-1]
    assert "b␛[2Jad.toml" in outputs[0] and "␛]0;PWNED␇" in outputs[1]
    for output in outputs:
        assert not any(char in output for char in CONTROL), repr(output[:400])


def test_list_shows_markup_in_content_literally(tmp_path):
    content = tmp_path / "content" / "scenarios"
    content.mkdir(parents=True)
    source = Path(__file__).parents[1] / "fixtures" / "content" / "scenarios" / "test-all-kinds.toml"
    text = source.read_text(encoding="utf-8").replace('title = "Every segment kind"', 'title = "Every [/] [link=x]kind[/link] [b]"')
    (content / "test-all-kinds.toml").write_text(text, encoding="utf-8")
    shutil.copytree(source.parents[1] / "rubrics", content.parent / "rubrics")
    result = run_ilt(["list", "--content", str(tmp_path / "content")], env=dict(os.environ, COLUMNS="250"))
    assert result.returncode == 0, result.stderr
    assert "Every [/] [link=x]kind[/link] [b]" in result.stdout


def test_csv_cells_that_would_start_a_formula_are_neutralised(saved, capsys):
    data = data_of(saved)
    ideas = seg(data, "brainstorm")["ideas"]
    ideas[0]["text"] = '=HYPERLINK("http://x","click")'
    ideas[1]["text"] = "-3"
    ideas.extend([{"id": 3, "text": "@SUM(A1)"}, {"id": 4, "text": "+1.5"}, {"id": 5, "text": "-cmd|' /C calc'!A0"},
                  {"id": 6, "text": "\tTab"}])
    data["team"]["members"][1]["name"] = "+Marcus"
    for part in (ballots(data), seg(data, "forecast")["items"][0]["ratings"], seg(data, "prioritize")["dots"], data["segments"][0]["talk"]):
        for item in part:
            if item["member"] == "Marcus Chen":
                item["member"] = "+Marcus"
    seg(data, "brainstorm")["ideas"][0]["author"] = "+Marcus"
    write(saved, data)
    assert run_report([saved], "csv", None) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    texts = {row["item_title"] for row in rows} | {row["member"] for row in rows}
    assert "'=HYPERLINK(\"http://x\",\"click\")" in texts
    assert "'@SUM(A1)" in texts and "'-cmd|' /C calc'!A0" in texts and "'\tTab" in texts and "'+Marcus" in texts
    assert "-3" in texts and "+1.5" in texts  # numbers stay numbers
    cells = [cell for row in rows for cell in row.values() if cell]
    assert not [cell for cell in cells if cell[0] in "=+-@\t" and not _number(cell)], cells


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_typed_control_characters_are_not_recorded(make_session):
    session, handle = make_session(title="Plain\x1b]0;x\x07 title")
    session.set_notes("line one\r\nline two\x1b[31m\ttabbed")
    assert session.record.title == "Plain]0;x title"
    assert session.segment.notes == "line one\nline two[31m\ttabbed"
    assert handle is not None and load_record(handle.path).segments[0].notes == session.segment.notes
    assert isinstance(load_entry(handle.path), SessionEntry)


def test_a_folder_that_cannot_be_opened_is_reported_not_skipped(tmp_path, monkeypatch):
    folder = tmp_path / "sessions"
    (folder / "locked").mkdir(parents=True)
    real_scandir, real_access = os.scandir, os.access

    def scandir(target="."):  # noqa: ANN001, ANN202 - as for a folder without read permission (tests run as root)
        if str(target).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(target))
        return real_scandir(target)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p).endswith("locked") else real_access(p, mode))
    result = scan(folder)
    assert [b.path.name for b in result.bad] == ["locked"] and "cannot read" in result.bad[0].reason

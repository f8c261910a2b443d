"""Bad session files, unsafe titles and files changed behind a session's back.

Whatever is wrong with a file, ``load_record`` raises :class:`FileProblems` naming the file (and
the line where there is one), and never touches the file. ``SessionFile`` never overwrites a
file it did not write, and never writes outside its folder whatever the title says.
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.store import files as store_files
from ilt_kit.store.files import ChangedOnDisk, SessionFile, dumps, load_record, session_filename, slugify
from ilt_kit.store.record import SCHEMA_VERSION, SessionRecord
from tests.forked import run_ilt

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CONTENT = FIXTURES / "content"
TEAM_FILE = FIXTURES / "teams" / "lincoln.toml"
NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.toml$")


@pytest.fixture
def good_text(make_session, clock) -> str:
    """A realistic saved session, with ballots, ideas and an action."""
    session, _ = make_session(save=False)
    session.start()
    clock.advance(90)
    session.next()
    session.brainstorm.add("Peer visits every month", "Marcus Chen", "Time")
    session.next()
    for member, level in zip(session.member_names, [3, 2, 1, 0]):
        session.rated.cast("shared-vision", member, level)
    session.rated.reveal("shared-vision")
    session.rated.agree("shared-vision", 2, "Notes cite student work.\nNot yet in every team.")
    session.goto(6)
    session.actions.add("Schedule peer visits", "Priya Raman", date(2026, 12, 15))
    return dumps(session.record)


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the text")


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# (name, make bad bytes from the good text, expected line (None: any), words the message must hold)
BadCase = tuple[str, Callable[[str], bytes], Callable[[str], int | None], str]

BAD_FILES: list[BadCase] = [
    (
        "corrupt",
        lambda t: replace_once(t, 'scenario_title = "Every segment kind"', 'scenario_title = "Every segment kind').encode(),
        lambda t: line_of(t, "scenario_title ="),
        "TOML syntax error",
    ),
    (
        "corrupt-table",
        lambda t: replace_once(t, "[team]", "[team").encode(),
        lambda t: line_of(t, "[team]"),
        "TOML syntax error",
    ),
    ("truncated", lambda t: t.encode()[: len(t.encode()) // 2], lambda t: None, ""),
    ("empty", lambda t: b"", lambda t: 1, "empty"),
    ("only-whitespace", lambda t: b" \n\n\t\n", lambda t: 1, "empty"),
    ("only-comments", lambda t: store_files.HEADER.encode(), lambda t: 1, "not an ilt-kit session"),
    ("foreign-rubric", lambda t: (CONTENT / "rubrics" / "test-rubric.toml").read_bytes(), lambda t: 1, "not an ilt-kit session"),
    ("foreign-scenario", lambda t: (CONTENT / "scenarios" / "test-all-kinds.toml").read_bytes(), lambda t: 1, "not an ilt-kit session"),
    ("foreign-team", lambda t: TEAM_FILE.read_bytes(), lambda t: 1, "not an ilt-kit session"),
    ("foreign-other", lambda t: b'[tool.poetry]\nname = "x"\n', lambda t: 1, "not an ilt-kit session"),
    (
        "newer-version",
        lambda t: replace_once(t, f"schema_version = {SCHEMA_VERSION}", "schema_version = 99").encode(),
        lambda t: line_of(t, "schema_version"),
        "newer ilt-kit",
    ),
    (
        "date-is-text",
        lambda t: replace_once(t, "date = 2026-11-22", 'date = "next Tuesday"').encode(),
        lambda t: line_of(t, "date = 2026-11-22"),
        "'date'",
    ),
    (
        "level-is-text",
        lambda t: replace_once(t, 'member = "Marcus Chen", level = 2', 'member = "Marcus Chen", level = "two"').encode(),
        lambda t: line_of(t, 'member = "Marcus Chen", level = 2'),
        "level",
    ),
    (
        "level-off-scale",
        lambda t: replace_once(t, 'member = "Marcus Chen", level = 2', 'member = "Marcus Chen", level = 12').encode(),
        lambda t: line_of(t, 'member = "Marcus Chen", level = 2'),
        "level",
    ),
    (
        "segments-not-a-list",
        lambda t: (replace_once(t[: t.index("[[segments]]")], "\n\n", '\nsegments = "all of them"\n\n') + t[t.index("[end]"):]).encode(),
        lambda t: line_of(t, "[team]") - 1,  # where the blank line before [team] was
        "segments",
    ),
    (
        "missing-title",
        lambda t: replace_once(t, 'title = "Blue sky — Lincoln MS"\n', "").encode(),
        lambda t: None,
        "missing required key 'title'",
    ),
    (
        "missing-segment-status",
        lambda t: replace_once(t, 'kind = "reflection"\nstatus = "pending"\n', 'kind = "reflection"\n').encode(),
        lambda t: None,
        "missing required key 'status'",
    ),
    (
        "unknown-kind",
        lambda t: replace_once(t, 'kind = "forecast"', 'kind = "forcast"').encode(),
        lambda t: line_of(t, 'kind = "forecast"'),
        "unknown segment kind 'forcast'",
    ),
    (
        "unknown-key",
        lambda t: replace_once(t, 'status = "in progress"', 'status = "in progress"\ncolour = "blue"').encode(),
        lambda t: line_of(t, 'status = "in progress"') + 1,
        "unknown key 'colour'",
    ),
    (
        "naive-datetime",
        lambda t: re.sub(r"(created = \d{4}-\d\d-\d\d \d\d:\d\d:\d\d)[+-]\d\d:\d\d", r"\1", t, count=1).encode(),
        lambda t: line_of(t, "created ="),
        "created",
    ),
    (
        "not-utf8",
        lambda t: replace_once(t, "Lincoln", "Lincoln\xe9").encode("latin-1", errors="replace"),
        lambda t: line_of(t, "Lincoln"),
        "not UTF-8",
    ),
]


@pytest.mark.parametrize("case", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_a_bad_file_is_reported_with_its_name_and_never_overwritten(tmp_path: Path, good_text: str, case: BadCase) -> None:
    name, make, expected_line, words = case
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = folder / f"2026-11-22-{name}.toml"
    bad = make(good_text)
    path.write_bytes(bad)
    stat_before = path.stat()

    with pytest.raises(FileProblems) as caught:
        load_record(path)
    error = caught.value
    assert error.problems, "a FileProblems must carry at least one problem"
    assert str(path) in str(error)
    for problem in error.problems:
        assert problem.path == str(path)
        assert problem.line >= 1 and problem.col >= 1
        assert problem.line <= max(bad.count(b"\n") + 1, 1)
    assert words in str(error), str(error)
    line = expected_line(good_text)
    if line is not None:
        assert line in {p.line for p in error.problems}, str(error)

    with pytest.raises(FileProblems):
        SessionFile.open(path)
    assert path.read_bytes() == bad
    assert path.stat().st_mtime_ns == stat_before.st_mtime_ns
    assert sorted(p.name for p in folder.iterdir()) == [path.name]  # nothing written beside it either


def test_every_truncation_is_either_reported_or_a_complete_record(tmp_path: Path, good_text: str) -> None:
    """Cut anywhere - mid-string, mid-character, mid-table - the loader never crashes."""
    raw = good_text.encode("utf-8")
    path = tmp_path / "cut.toml"
    reported = 0
    cuts = sorted(set(range(0, len(raw), 3)) | {i + 1 for i, b in enumerate(raw) if b == ord("\n")} | {len(raw) // 2})
    for cut in cuts:
        path.write_bytes(raw[:cut])
        try:
            record = load_record(path)
        except FileProblems as error:
            reported += 1
            assert all(p.path == str(path) and p.line >= 1 for p in error.problems)
        else:
            assert isinstance(record, SessionRecord)  # a whole-table cut is still a valid (shorter) record
        assert path.read_bytes() == raw[:cut]
    assert reported > len(cuts) * 0.8
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(FileProblems):
        load_record(path)


@pytest.mark.parametrize("written", ['"99"', "99.0", '"2"'])
def test_a_newer_version_in_disguise_is_refused(tmp_path: Path, good_text: str, written: str) -> None:
    path = tmp_path / "newer.toml"
    path.write_text(replace_once(good_text, f"schema_version = {SCHEMA_VERSION}", f"schema_version = {written}"), encoding="utf-8")
    with pytest.raises(FileProblems):
        load_record(path)


# ---------------------------------------------------------------------------------- file names


def test_same_title_and_day_never_overwrites(tmp_path: Path, make_session) -> None:
    first, a = make_session()
    second, b = make_session()
    third, c = make_session()
    assert a.path.name == "2026-11-22-blue-sky-lincoln-ms.toml"
    assert b.path.name == "2026-11-22-blue-sky-lincoln-ms-2.toml"
    assert c.path.name == "2026-11-22-blue-sky-lincoln-ms-3.toml"
    first.add_decision("first")
    second.add_decision("second")
    third.add_decision("third")
    assert [[d.text for d in load_record(h.path).decisions] for h in (a, b, c)] == [["first"], ["second"], ["third"]]


def test_create_never_replaces_a_file_that_is_not_a_session(tmp_path: Path, make_session) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    mine = folder / "2026-11-22-blue-sky-lincoln-ms.toml"
    mine.write_bytes(b"my own notes, not TOML at all")
    _, handle = make_session()
    assert handle.path.name == "2026-11-22-blue-sky-lincoln-ms-2.toml"
    assert mine.read_bytes() == b"my own notes, not TOML at all"


def test_create_is_exclusive_even_if_the_file_appears_after_the_check(tmp_path: Path, make_session, monkeypatch) -> None:
    """Another program creates the name between ``exists()`` and the write: it still is not replaced."""
    folder = tmp_path / "sessions"
    folder.mkdir()
    racer = folder / "2026-11-22-blue-sky-lincoln-ms.toml"
    real_exists = Path.exists

    def exists_then_race(self: Path) -> bool:
        answer = real_exists(self)
        if self == racer and not answer:
            racer.write_bytes(b"the other program's file")
        return answer

    monkeypatch.setattr(Path, "exists", exists_then_race)
    _, handle = make_session()
    monkeypatch.undo()
    assert racer.read_bytes() == b"the other program's file"
    assert handle.path.name == "2026-11-22-blue-sky-lincoln-ms-2.toml"
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # the temp file was cleaned up


TITLES = [
    "../../etc/passwd",
    "/abs",
    "/",
    "..",
    ".",
    "...",
    "",
    "   ",
    "!!! ??? ---",
    "x" * 500,
    "Révision — École",
    "a/b\\c",
    "C:\\Windows\\System32",
    "~/.ssh/id_rsa",
    "\x00nul",
    "con",
    "日本語の会議",
    "Ω≈ç√∫",
    "-leading and trailing-",
    "Équipe   de   direction -- 2",
]


@pytest.mark.parametrize("title", TITLES, ids=[f"title{i}" for i in range(len(TITLES))])
def test_no_title_leads_outside_the_folder(tmp_path: Path, make_session, title: str) -> None:
    session, _ = make_session(save=False)
    # a record title is never empty; a control character in it is dropped when the record is made
    record = type(session.record).model_validate(session.record.model_dump() | {"title": title or " "})
    folder = tmp_path / "sessions"
    handle = SessionFile.create(folder, record)
    assert handle.path.parent == folder
    assert handle.path.resolve().parent == folder.resolve()
    assert NAME.match(handle.path.name), handle.path.name
    assert len(handle.path.name) <= len("2026-11-22-") + 60 + len(".toml")
    assert sorted(p.name for p in folder.iterdir()) == [handle.path.name]
    assert load_record(handle.path).title == (title or " ").replace("\x00", "")
    assert NAME.match(session_filename(date(2026, 11, 22), title))


def test_slugs_of_known_titles() -> None:
    assert slugify("Révision — École") == "revision-ecole"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("") == slugify("!!!") == slugify("日本語") == "session"
    assert session_filename(date(2026, 1, 5), "Blue sky", 2) == "2026-01-05-blue-sky-2.toml"
    assert len(slugify("word " * 100)) <= 60 and not slugify("word " * 100).endswith("-")


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(min_value=1, max_value=9999))
def test_any_title_gives_a_plain_name(title: str, n: int) -> None:
    name = session_filename(date(2026, 11, 22), title, n)
    assert NAME.match(name), name
    assert "/" not in name and "\\" not in name and ".." not in name
    assert Path(name).name == name


# ----------------------------------------------------------------------- changed by someone else


def test_save_after_someone_else_changed_the_file_merges_their_change(make_session) -> None:
    """Their edit stays in the file and comes into the live record; ours is added; nothing forks."""
    session, handle = make_session()
    session.add_decision("ours, saved")
    original = handle.path
    theirs = original.read_text(encoding="utf-8").replace("ours, saved", "theirs, edited by hand") + "# edited\n"
    original.write_text(theirs, encoding="utf-8")

    session.add_decision("ours, after their edit")
    assert handle.path == original
    assert [d.text for d in load_record(original).decisions] == ["theirs, edited by hand", "ours, after their edit"]
    assert [d.text for d in session.record.decisions] == ["theirs, edited by hand", "ours, after their edit"]  # taken in
    assert sorted(p.name for p in original.parent.glob("*.toml")) == [original.name]  # no fork

    session.add_decision("and on we go")  # later saves keep their change
    assert [d.text for d in load_record(original).decisions] == [
        "theirs, edited by hand", "ours, after their edit", "and on we go",
    ]


def test_a_change_made_on_both_sides_keeps_ours(make_session) -> None:
    session, handle = make_session()
    session.add_decision("first")
    text = handle.path.read_text(encoding="utf-8")
    handle.path.write_text(text.replace('"first"', '"theirs"'), encoding="utf-8")
    session.record.decisions[0].text = "ours"  # changed here too, before the next save
    session.add_decision("second")
    assert [d.text for d in load_record(handle.path).decisions] == ["ours", "second"]


def test_a_file_that_no_longer_loads_is_left_alone_and_the_session_moves(make_session) -> None:
    """A change that cannot be merged (the file is broken) still never overwrites their version."""
    session, handle = make_session()
    original = handle.path
    broken = original.read_text(encoding="utf-8") + "\n[[[ not toml\n"
    original.write_text(broken, encoding="utf-8")
    with pytest.raises(ChangedOnDisk) as caught:
        session.add_decision("ours, after their edit")
    error = caught.value
    assert error.path == original and error.saved_to == handle.path != original
    assert str(original) in str(error) and "no longer loads" in str(error)
    assert original.read_text(encoding="utf-8") == broken
    assert load_record(handle.path) == session.record


def test_a_replaced_file_with_the_same_bytes_is_saved_in_place(make_session) -> None:
    """An editor that saves by writing a new file and renaming it over ours changed nothing: no fork."""
    session, handle = make_session()
    original = handle.path
    copy = original.with_name("copy.tmp")
    copy.write_bytes(original.read_bytes())
    os.replace(copy, original)
    session.add_decision("after the replace")
    assert handle.path == original
    assert [d.text for d in load_record(original).decisions] == ["after the replace"]


def test_a_deleted_file_is_written_again_not_lost(make_session) -> None:
    session, handle = make_session()
    handle.path.unlink()
    try:
        session.add_decision("after the delete")
    except ChangedOnDisk as error:
        assert error.saved_to == handle.path
    assert [d.text for d in load_record(handle.path).decisions] == ["after the delete"]


def test_a_session_reopened_from_its_file_saves_in_place(make_session) -> None:
    session, handle = make_session()
    session.add_decision("first run")
    reopened, record = SessionFile.open(handle.path)
    reopened.save(record)  # no one else changed it since it was opened
    assert reopened.path == handle.path
    assert sorted(p.name for p in handle.path.parent.glob("*.toml")) == [handle.path.name]


# ----------------------------------------------------------------------------------- the CLI


def run_check(path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_ilt(["check", str(path)], cwd=cwd)


@pytest.mark.parametrize(
    "name, make, expected",
    [
        ("corrupt", lambda t: replace_once(t, "[team]", "[team"), "TOML syntax error"),
        ("newer", lambda t: replace_once(t, f"schema_version = {SCHEMA_VERSION}", "schema_version = 99"), "newer ilt-kit"),
        ("wrong-type", lambda t: replace_once(t, "date = 2026-11-22", 'date = "soon"'), "'date'"),
    ],
)
def test_check_reports_a_bad_session_without_a_traceback(tmp_path: Path, good_text: str, name, make, expected) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    path = folder / f"2026-11-22-{name}.toml"
    text = make(good_text)
    path.write_text(text, encoding="utf-8")
    result = run_check(path, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines, result.stderr
    pattern = re.compile(rf"^{re.escape(str(path))}:(\d+):(\d+): (.+)$")
    for line in lines:
        match = pattern.match(line)
        assert match, line
        assert 1 <= int(match.group(1)) <= text.count("\n") + 1
    assert any(expected in line for line in lines), result.stdout
    assert path.read_text(encoding="utf-8") == text


def test_check_accepts_a_good_session(tmp_path: Path, good_text: str) -> None:
    path = tmp_path / "2026-11-22-good.toml"  # not under sessions/: recognised by schema_version
    path.write_text(good_text, encoding="utf-8")
    result = run_check(path, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok: 1 file checked" in result.stdout


def test_new_session_files_are_readable_by_others(tmp_path: Path, make_session) -> None:
    """A session on a shared drive must be readable by colleagues (not mkstemp's private 0600)."""
    import stat

    from ilt_kit.store.atomic import NEW_FILE_MODE

    _, handle = make_session()
    assert stat.S_IMODE(handle.path.stat().st_mode) == NEW_FILE_MODE
    assert NEW_FILE_MODE != 0o600

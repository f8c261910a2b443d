"""scan(): every session file in a folder tree, bad ones named (never raised), plus sort and filter."""

from __future__ import annotations

from datetime import date

from ilt_kit.review.entry import BadEntry, entry_from_record
from ilt_kit.review.order import filter_entries, scenarios_in, sort_entries
from ilt_kit.review.scan import scan, scan_paths
from ilt_kit.store.files import dumps
from ilt_kit.store.record import SCHEMA_VERSION
from tests.unit.test_review_support import make_meeting, run_meeting


def _broken_files(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corrupt.toml").write_text('title = "unterminated\n', encoding="utf-8")
    (folder / "empty.toml").write_text("", encoding="utf-8")
    (folder / "rubric.toml").write_text('id = "x"\ntitle = "A rubric"\n[scale]\nkind = "rating"\n', encoding="utf-8")
    (folder / "binary.toml").write_bytes(b"\xff\xfe\x00title")


def test_scan_loads_good_and_names_bad_files(make_session, clock, tmp_path):
    good = make_meeting(make_session, clock, "Fall calibration")
    folder = good.path.parent
    _broken_files(folder)
    newer = dumps(good.record).replace(f"schema_version = {SCHEMA_VERSION}", "schema_version = 99")
    (folder / "newer.toml").write_text(newer, encoding="utf-8")
    invalid = dumps(good.record).replace('status = "finished"', 'status = "abandoned"')
    (folder / "invalid.toml").write_text(invalid, encoding="utf-8")

    result = scan(folder)

    assert [e.path.name for e in result.entries] == [good.path.name]
    bad = {b.path.name: b for b in result.bad}
    assert set(bad) == {"corrupt.toml", "empty.toml", "rubric.toml", "binary.toml", "newer.toml", "invalid.toml"}
    assert "TOML syntax error" in bad["corrupt.toml"].reason
    assert "empty" in bad["empty.toml"].reason
    assert "not an ilt-kit session" in bad["rubric.toml"].reason
    assert "UTF-8" in bad["binary.toml"].reason
    assert "newer ilt-kit" in bad["newer.toml"].reason and "schema_version 99" in bad["newer.toml"].reason
    assert bad["newer.toml"].problems[0].line == 3  # the schema_version line, after the two header comments
    assert "status" in bad["invalid.toml"].reason
    # each problem line names the file, as `ilt-kit check` does
    for entry in result.bad:
        assert all(line.startswith(f"{entry.path}:") for line in entry.lines())
    assert result.total == 7


def test_scan_walks_sub_folders_and_skips_hidden_and_temp_files(make_session, clock, tmp_path):
    first = make_meeting(make_session, clock, "September")
    root = first.path.parent
    (root / "2027").mkdir()
    moved = root / "2027" / "september-copy.toml"
    moved.write_bytes(first.path.read_bytes())
    (root / f".{first.path.name}.12345.tmp").write_bytes(b"half written")
    (root / ".hidden.toml").write_text("junk = [", encoding="utf-8")
    (root / ".trash").mkdir()
    (root / ".trash" / "old.toml").write_text("junk = [", encoding="utf-8")
    (root / "notes.txt").write_text("not a session", encoding="utf-8")

    result = scan(root)

    assert not result.bad
    # the copy in the sub-folder was found, and is the same session: listed once, naming the copy
    assert [e.path.relative_to(root).as_posix() for e in result.entries] == [first.path.name]
    assert result.entries[0].copies == (moved,)


def test_summary_fields_and_counts(make_session, clock):
    entry = make_meeting(
        make_session,
        clock,
        "Counts",
        levels={"shared-vision": 3, "efficacy": 0},
        actions=[("One", "Priya Raman", date(2026, 12, 1)), ("Two", "", None)],
        decisions=["Keep going"],
    )
    assert entry.title == "Counts"
    assert entry.date == date(2026, 11, 22)
    assert entry.scenario_title == "Every segment kind"
    assert entry.team_name == "Lincoln Middle School ILT"
    assert entry.finished
    counts = entry.counts
    assert counts.agreed == 2
    assert counts.criteria == 5  # 3 rubric criteria + 2 survey statements
    assert counts.ideas == 2
    assert (counts.actions_open, counts.actions_done) == (2, 0)
    assert counts.decisions == 1
    assert entry.rubric_ids == ["test-rubric", "test-survey"]


def test_progress_reports_up_to_the_total(make_session, clock, tmp_path):
    for n in range(3):
        make_meeting(make_session, clock, f"Meeting {n}", days_later=1)
    calls = []
    result = scan(tmp_path / "sessions", progress=lambda done, total: calls.append((done, total)))
    assert len(result.entries) == 3
    assert calls[-1] == (3, 3)
    assert all(total == 3 for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_missing_folder_and_single_file(tmp_path, make_session, clock):
    missing = scan(tmp_path / "nope")
    assert missing.missing and not missing.entries and not missing.bad
    entry = make_meeting(make_session, clock, "Only one")
    single = scan(entry.path)
    assert [e.path for e in single.entries] == [entry.path]


def test_scan_paths_mixes_files_and_folders_each_once(make_session, clock, tmp_path):
    a = make_meeting(make_session, clock, "A")
    b = make_meeting(make_session, clock, "B", days_later=2)
    result = scan_paths([a.path, a.path.parent, tmp_path / "ghost.toml"])
    assert sorted(e.title for e in result.entries) == ["A", "B"]
    assert [bad.path.name for bad in result.bad] == ["ghost.toml"]
    assert "no such file" in result.bad[0].reason
    assert b.path in [e.path for e in result.entries]


def test_sort_and_filter(make_session, clock):
    september = make_meeting(make_session, clock, "Blue sky retreat")
    october = make_meeting(make_session, clock, "Calibration round two", days_later=30)
    session, handle = make_session(title="Unfinished check-in")
    run_meeting(session, clock, finish=False)
    unfinished = entry_from_record(handle.path, session.record)
    entries = [october, unfinished, september]

    assert [e.title for e in sort_entries(entries)] == ["Unfinished check-in", "Calibration round two", "Blue sky retreat"]
    assert [e.title for e in sort_entries(entries, "date", reverse=False)][0] == "Blue sky retreat"
    assert [e.title for e in sort_entries(entries, "title")] == ["Blue sky retreat", "Calibration round two", "Unfinished check-in"]

    assert [e.title for e in filter_entries(entries, text="ROUND two")] == ["Calibration round two"]
    assert [e.title for e in filter_entries(entries, text="lincoln")] != []  # team name matches too
    assert [e.title for e in filter_entries(entries, finished=False)] == ["Unfinished check-in"]
    assert {e.title for e in filter_entries(entries, since=date(2026, 12, 1))} == {"Calibration round two", "Unfinished check-in"}
    assert [e.title for e in filter_entries(entries, until=date(2026, 11, 30))] == ["Blue sky retreat"]
    assert filter_entries(entries, scenario="other") == []
    assert len(filter_entries(entries, scenario="test-all-kinds")) == 3
    assert scenarios_in(entries) == [("test-all-kinds", "Every segment kind")]


def test_bad_entry_reason_counts_more_problems(tmp_path):
    from ilt_kit.diagnostics.problems import Problem

    bad = BadEntry(tmp_path / "x.toml", (Problem("x.toml", 3, 1, "first"), Problem("x.toml", 9, 2, "second")))
    assert bad.reason == "3:1: first (and 1 more problem)"

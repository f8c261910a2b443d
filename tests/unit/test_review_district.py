"""Many folders and schools: school and district kept in the record, copies listed once, conflict
copies shown beside their original (never merged), filters and trends by school, reports too."""

from __future__ import annotations

import os
import re
from datetime import date

from ilt_kit.content.models import Team
from ilt_kit.review import report_command as report_module, report_csv as csv_module
from ilt_kit.review.index import open_index
from ilt_kit.review.report_command import run_report
from ilt_kit.review.order import filter_entries, schools_in, sort_entries
from ilt_kit.review.scan import scan, scan_paths
from ilt_kit.review.trends import school_trends, trends
from ilt_kit.store.files import load_record
from tests.unit.test_review_support import make_meeting

OLD = 1_700_000_000


def _as_school(path, school, district="Riverside Unified"):
    """The session in ``path`` as another school's team (a new session: its own id)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^session_id = ".*"$', f'session_id = "{school}-{path.stem}"', text, count=1, flags=re.M)
    text = text.replace('[team]\nname = "Lincoln Middle School ILT"\n',
                        f'[team]\nname = "{school} ILT"\nschool = "{school}"\ndistrict = "{district}"\n')
    return text


def test_a_team_files_school_and_district_are_kept_and_old_files_read_unknown(make_session, clock, tmp_path, library):
    from ilt_kit.session.engine import build_record

    team = Team(name="Roosevelt ILT", school="Roosevelt Elementary", district="Riverside Unified",
                members=[{"name": "Maria Delgado", "role": "principal"}])
    record = build_record(library.scenario("test-all-kinds"), {k: v.item for k, v in library.rubrics.items()},
                          team, "Fall", "", clock.wall())
    assert (record.team.school, record.team.district) == ("Roosevelt Elementary", "Riverside Unified")
    old = make_meeting(make_session, clock, "Old file")
    text = old.path.read_text(encoding="utf-8")
    assert "school =" not in text  # the fixture team names no school
    stripped = re.sub(r'^session_id = ".*"\n', "", text, count=1, flags=re.M)
    old.path.write_text(stripped, encoding="utf-8")
    loaded = load_record(old.path)
    assert (loaded.team.school, loaded.team.district) == ("unknown", "unknown")
    assert loaded.session_id == old.session_id  # derived the same way when the file has none


def test_the_same_session_through_two_roots_or_a_copy_is_listed_once(make_session, clock, tmp_path):
    entry = make_meeting(make_session, clock, "Vision")
    root = entry.path.parent
    other = tmp_path / "other-school"
    other.mkdir()
    (other / "copied.toml").write_bytes(entry.path.read_bytes())
    result = scan_paths([root, other, root])
    assert len(result.entries) == 1
    assert {result.entries[0].path, *result.entries[0].copies} == {entry.path, other / "copied.toml"}


def test_conflict_copies_are_shown_next_to_their_original_never_merged(make_session, clock, tmp_path):
    first = make_meeting(make_session, clock, "Vision")
    later = make_meeting(make_session, clock, "Another", days_later=3)
    root = first.path.parent
    text = first.path.read_text(encoding="utf-8")
    edited = text.replace('title = "Vision"', 'title = "Vision, edited on the laptop"')
    dropbox = root / f"{first.path.stem} (Dana's conflicted copy 2026-11-23).toml"
    dropbox.write_text(edited, encoding="utf-8")
    syncthing = root / f"{first.path.stem}.sync-conflict-20261123-101500-ABCDEFG.toml"
    syncthing.write_text(edited.replace("laptop", "tablet"), encoding="utf-8")
    ours = root / f"{first.path.stem}-2.toml"  # a running session that found its file changed
    ours.write_text(edited.replace("laptop", "desk"), encoding="utf-8")
    orphan = root / "2026-01-01-gone (conflicted copy 2026-01-02).toml"  # its original was deleted
    orphan.write_text(later.path.read_text(encoding="utf-8").replace(later.session_id, "orphan-id"), encoding="utf-8")

    result = scan(root)
    by_name = {e.path.name: e for e in result.entries}
    assert len(result.entries) == 6  # nothing merged, nothing dropped
    for copy in (dropbox, syncthing, ours):
        assert by_name[copy.name].conflict_of == first.path
    assert by_name[first.path.name].conflict_of is None
    assert by_name[orphan.name].conflict_of == root / "2026-01-01-gone.toml"
    listed = [e.path for e in sort_entries(result.entries, "title")]
    at = listed.index(first.path)
    assert set(listed[at + 1 : at + 4]) == {dropbox, syncthing, ours}  # right after the original
    # compare and follow-up count the original only
    rubric = next(t for t in trends(result.entries, min_sessions=1) if t.rubric_id == "test-rubric")
    assert len(rubric.sessions) == 2


def test_our_own_numbered_file_of_another_session_is_not_a_conflict(make_session, clock):
    first = make_meeting(make_session, clock, "Vision")
    clock.advance(60)
    second = make_meeting(make_session, clock, "Vision")  # same day and title: saved as ...-2.toml
    assert second.path.stem.endswith("-2")
    result = scan(first.path.parent)
    assert [e.conflict_of for e in result.entries] == [None, None]


def test_filter_group_and_trends_by_school(make_session, clock, tmp_path):
    a = make_meeting(make_session, clock, "Lincoln fall", levels={"shared-vision": 2})
    b = make_meeting(make_session, clock, "Lincoln winter", days_later=60, levels={"shared-vision": 3})
    root = a.path.parent
    for entry, name in ((a, "r1.toml"), (b, "r2.toml")):
        (root / name).write_text(_as_school(entry.path, "Roosevelt Elementary"), encoding="utf-8")
    entries = scan(root).entries
    assert schools_in(entries) == ["Roosevelt Elementary", "unknown"]
    assert len(filter_entries(entries, school="Roosevelt Elementary")) == 2
    assert len(filter_entries(entries, text="roosevelt")) == 2
    per_school = school_trends(entries)
    assert list(per_school) == ["Roosevelt Elementary", "unknown"]
    for trends_of_school in per_school.values():
        rubric = next(t for t in trends_of_school if t.rubric_id == "test-rubric")
        assert len(rubric.sessions) == 2
    district = next(t for t in trends(entries) if t.rubric_id == "test-rubric")
    assert len(district.sessions) == 4 and district.schools == ["Roosevelt Elementary", "unknown"]


def test_reports_filter_by_school_and_a_second_report_comes_from_the_index(make_session, clock, tmp_path, capsys, monkeypatch):
    a = make_meeting(make_session, clock, "Lincoln fall")
    root = a.path.parent
    (root / "r1.toml").write_text(_as_school(a.path, "Roosevelt Elementary"), encoding="utf-8")
    for path in root.glob("*.toml"):
        os.utime(path, (OLD, OLD))
    assert run_report([root], "csv", None, schools=["roosevelt elementary"]) == 0
    out = capsys.readouterr().out
    assert out.count("Roosevelt Elementary") > 10 and ",unknown," not in out

    plain = {}
    for fmt in ("csv", "md"):
        assert run_report([root], fmt, None) == 0
        plain[fmt] = capsys.readouterr().out
        with open_index(tmp_path / "index.sqlite3") as index:
            assert run_report([root], fmt, None, index=index) == 0
        assert capsys.readouterr().out == plain[fmt]
    assert "## School: Roosevelt Elementary" in plain["md"] and "## Movement across the district" in plain["md"]

    def not_again(entry):  # the second report must not render (or parse) any session
        raise AssertionError(f"rendered {entry.path} again")

    monkeypatch.setattr(csv_module, "session_csv", not_again)  # the csv renderer, looked up when a csv report is made
    monkeypatch.setattr(report_module, "session_md", not_again)
    for fmt in ("csv", "md"):
        with open_index(tmp_path / "index.sqlite3") as index:
            assert run_report([root], fmt, None, index=index) == 0
            assert index.parsed == 0
        assert capsys.readouterr().out == plain[fmt]


def test_the_report_without_an_index_reports_an_exact_copy_once(make_session, clock, tmp_path, capsys):
    a = make_meeting(make_session, clock, "Only one", actions=[("Act", "", date(2026, 12, 1))])
    (a.path.parent / "copy.toml").write_bytes(a.path.read_bytes())
    assert run_report([a.path.parent], "csv", None) == 0
    out = capsys.readouterr().out
    assert out.count(",Act,") == 1


def test_review_and_report_take_several_folders_a_school_and_the_index_options(tmp_path):
    from ilt_kit.cli import build_parser

    args = build_parser().parse_args(["review", "a", "b", "--school", "Lincoln Middle School", "--no-index"])
    assert [str(f) for f in args.folders] == ["a", "b"] and args.school == "Lincoln Middle School" and args.no_index
    args = build_parser().parse_args(["report", "a", "b", "--school", "X", "--school", "Y", "--index", str(tmp_path / "i")])
    assert args.school == ["X", "Y"] and args.index == tmp_path / "i" and not args.no_index
    assert build_parser().parse_args(["review"]).folders == []


def test_report_cli_with_an_unknown_school_says_which_schools_there_are(make_session, clock, tmp_path, capsys):
    from ilt_kit.cli import main

    entry = make_meeting(make_session, clock, "Only one")
    assert main(["report", str(entry.path.parent), "--school", "Nowhere High"]) == 1
    assert "no session of Nowhere High here; the schools found are: unknown" in capsys.readouterr().err


def test_the_html_report_names_the_school_and_a_conflict_copy(make_session, clock, tmp_path, capsys):
    a = make_meeting(make_session, clock, "Lincoln fall")
    root = a.path.parent
    (root / "r1.toml").write_text(_as_school(a.path, "Roosevelt Elementary"), encoding="utf-8")
    (root / f"{a.path.stem} (conflicted copy).toml").write_text(a.path.read_text(encoding="utf-8").replace("Lincoln fall", "Lincoln fall, v2"), encoding="utf-8")
    assert run_report([root], "html", None) == 0
    html = capsys.readouterr().out
    assert "<dt>School</dt><dd>Roosevelt Elementary" in html and "Riverside Unified" in html
    assert html.count("<dt>Conflict copy</dt>") == 1

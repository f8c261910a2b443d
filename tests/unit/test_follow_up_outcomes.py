"""What a follow-up made of earlier actions reaches the review: a team plans three actions in one
session, and a follow-up two weeks later marks one done (with evidence of its impact), carries one
over to a new date and drops one. The goals (goal_progress, the md and html reports), the open
actions and the next follow-up all read those outcomes from the review's entries, with or without
the index."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ilt_kit.review.followup import earlier_work, follow_up_notes, open_actions
from ilt_kit.review.goals import action_ref, goal_progress
from ilt_kit.review.index import open_index
from ilt_kit.review.report_command import run_report
from ilt_kit.review.scan import scan

TEAM = "Lincoln Middle School ILT"
IMPACT = "Six of eight teachers visited a peer; two changed their exit tickets."
CARRIED_TO = date(2027, 1, 10)
PLANNED = ("Peer visits in every grade", "Share the data wall", "A newsletter for families")


def two_sessions(make_session, clock) -> Path:
    """Session A (2026-11-22) plans three actions, tied to a goal in goals.toml; session B
    (2026-12-06) follows them up: done with impact, carried to 2027-01-10, dropped. The folder."""
    session, first = make_session("test-follow-up", title="November ILT")
    session.next()  # next steps
    for n, what in enumerate(PLANNED):
        session.actions.add(what, "Marcus Chen", date(2026, 11, 28 + n))
    session.finish()
    folder = first.path.parent
    stem = first.path.stem
    (folder / "goals.toml").write_text(
        f'title = "Lincoln goals"\nteam = "{TEAM}"\n\n[[goals]]\nid = "visits"\ntitle = "Teachers visit each other"\n'
        'rubric = "vision-teacher-learning"\ncriterion = "problem-solving"\ntarget = 3\nby = 2027-06-15\n'
        f'actions = ["{stem}#1", "{stem}#2", "{stem}#3"]\n\n[goals.baseline]\nsession = "{stem}"\nlevel = 1\n'
        "date = 2026-11-22\n",
        encoding="utf-8",
    )
    clock.advance(14 * 24 * 3600)
    earlier = earlier_work(scan(folder).entries, TEAM, clock.wall().date())
    assert [a.what for a in earlier.actions] == list(PLANNED)
    later, _ = make_session("test-follow-up", title="December ILT", earlier=earlier)
    done, carried, dropped = (a.key for a in later.segment.actions)
    later.follow_up.mark(done, "done")
    later.follow_up.set_impact(done, IMPACT)
    later.follow_up.mark(carried, "carried", carried_to=CARRIED_TO)
    later.follow_up.mark(dropped, "dropped", reason="The family liaison already sends one")
    later.finish()
    return folder


@pytest.fixture(params=["files", "index"])
def entries_of(request, tmp_path):
    """The entries of a folder, read from the files, or served by the index on a second scan."""

    def read(folder: Path):
        if request.param == "files":
            return scan(folder).entries
        index_file = tmp_path / "index.sqlite3"
        for _ in range(2):
            with open_index(index_file) as index:
                found = scan(folder, index=index).entries
        assert index.hits == len(found)
        return found

    return read


def test_goal_progress_shows_each_action_as_its_follow_up_left_it(make_session, clock, entries_of):
    from ilt_kit.content.goals import load_goals

    folder = two_sessions(make_session, clock)
    entries = entries_of(folder)
    [progress] = goal_progress(load_goals(folder / "goals.toml"), entries)
    found = {a.action.what: a for a in progress.actions}
    assert [found[w].status for w in PLANNED] == ["done", "carried", "dropped"]
    assert found[PLANNED[0]].impact == IMPACT and progress.done == 1
    assert found[PLANNED[1]].note.new_due == CARRIED_TO
    assert found[PLANNED[2]].note.reason == "The family liaison already sends one"
    assert found[PLANNED[0]].note.on == date(2026, 12, 6)
    notes = follow_up_notes(entries)  # the one map, by the goals file's names for actions
    assert notes[found[PLANNED[0]].ref] == found[PLANNED[0]].note
    assert found[PLANNED[0]].ref == action_ref(found[PLANNED[0]].path, 1)


def test_only_the_carried_action_is_still_open_and_due_by_its_new_date(make_session, clock, entries_of):
    folder = two_sessions(make_session, clock)
    entries = entries_of(folder)
    today = date(2027, 1, 20)
    listed = open_actions(entries, today, include_done=True)
    still_open = [i for i in listed if i.status == "open"]
    assert [i.what for i in still_open] == [PLANNED[1]]
    assert still_open[0].carried and still_open[0].due == CARRIED_TO and still_open[0].days_overdue(today) == 10
    settled = {i.what: i for i in listed if i.status != "open"}
    assert settled[PLANNED[0]].status == "done" and settled[PLANNED[0]].impact == IMPACT
    assert settled[PLANNED[0]].done_on == date(2026, 12, 6) and settled[PLANNED[0]].settled_in_follow_up
    assert settled[PLANNED[2]].status == "dropped"
    # the next follow-up copies in the carried one only, due on its new date (from the entries alone)
    work = earlier_work(entries, TEAM, today)
    assert [(a.what, a.due) for a in work.actions] == [(PLANNED[1], CARRIED_TO)]
    assert earlier_work(entries, TEAM, date(2027, 1, 9)).actions == []  # not due yet


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_reports_goals_section_shows_the_evidence_of_impact(make_session, clock, capsys, fmt):
    folder = two_sessions(make_session, clock)
    assert run_report([folder], fmt, None) == 0
    out = capsys.readouterr().out
    goals = out[out.index("Goals"):]
    assert "Six of eight teachers visited a peer; two changed their exit tickets." in goals
    assert "1 of 3 done" in goals
    assert f"↻ carried to {CARRIED_TO}" in goals and "– dropped" in goals

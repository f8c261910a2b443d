"""Issue 30: the record keeps which source gave the answer that counts, for forecast ratings and
dots as for ballots: "phone" from a member's own device, "keyboard" (absent in the file) otherwise.
Older files, which have none, load unchanged."""

from __future__ import annotations

from ilt_kit.store.files import dumps, load_record
from ilt_kit.store.results.forecast import Rating
from ilt_kit.store.results.prioritize import Dot


def _go(session, kind: str) -> None:
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == kind))


def test_ratings_and_dots_keep_the_source_of_the_answer_that_counts(make_session, tmp_path):
    session, _ = make_session()
    ana, ben = session.member_names[:2]
    _go(session, "forecast")
    item = session.segment.items[0].id
    session.forecast.rate(item, ana, 2, 3, source="phone")
    session.forecast.rate(item, ben, 4, 4)
    assert [(r.member, r.source) for r in session.segment.items[0].ratings] == [(ana, "phone"), (ben, "keyboard")]
    session.forecast.rate(item, ana, 5, 5)  # replaced at the keyboard: the keyboard's counts now
    assert session.segment.items[0].ratings[0].source == "keyboard"

    _go(session, "brainstorm")
    session.brainstorm.add("Peer visits")
    _go(session, "prioritize")
    idea = session.dots.source_ideas()[-1].id
    session.dots.place(ana, idea, source="phone")
    session.dots.place(ben, idea)
    assert [(d.member, d.source) for d in session.segment.dots] == [(ana, "phone"), (ben, "keyboard")]

    text = dumps(session.record)
    assert 'source = "keyboard"' not in text  # the default stays out of the file, as for ballots
    path = tmp_path / "copy.toml"
    path.write_text(text, encoding="utf-8")
    again = load_record(path)
    sources = [r.source for s in again.segments if s.kind == "forecast" for i in s.items for r in i.ratings]
    sources += [d.source for s in again.segments if s.kind == "prioritize" for d in s.dots]
    assert sorted(sources) == ["keyboard", "keyboard", "keyboard", "phone"]


def test_a_rating_or_dot_without_a_source_reads_as_keyboard():
    assert Rating(member="A", likelihood=1, impact=2).source == "keyboard"
    assert Dot(member="A", idea=1, count=1).source == "keyboard"


def test_the_csv_rows_of_members_answers_say_where_each_came_from(make_session, tmp_path):
    import csv
    import io

    from ilt_kit.review.report_csv import CSV_HEADER, session_csv

    session, _ = make_session()
    ana, ben = session.member_names[:2]
    _go(session, "rubric")
    cid = session.segment.criteria[0].id
    session.rated.cast(cid, ana, 2, source="phone")
    session.rated.cast(cid, ben, 3)
    session.rated.reveal(cid)
    _go(session, "forecast")
    item = session.segment.items[0].id
    session.forecast.rate(item, ana, 4, 5, source="phone")
    session.forecast.reveal()
    _go(session, "brainstorm")
    session.brainstorm.add("Peer visits")
    _go(session, "prioritize")
    session.dots.place(ben, session.dots.source_ideas()[-1].id, source="phone")

    rows = list(csv.DictReader(io.StringIO(CSV_HEADER + session_csv(_entry(session, tmp_path)))))
    assert all(len(r) == 14 and None not in r for r in rows)
    answers = {(r["kind"], r["member"]): r["source"] for r in rows if r["member"] in (ana, ben)}
    assert answers[("rubric", ana)] == "phone" and answers[("rubric", ben)] == "keyboard"
    assert answers[("forecast", ana)] == "phone" and answers[("prioritize", ben)] == "phone"
    assert {r["source"] for r in rows if r["member"] not in (ana, ben)} == {""}  # no member's own answer


def _entry(session, tmp_path):
    from ilt_kit.review.scan import load_entry

    path = tmp_path / "s.toml"
    path.write_text(dumps(session.record), encoding="utf-8")
    return load_entry(path, keep_record=True)


def test_dots_are_hidden_until_the_facilitator_reveals_them(make_session, library):
    """Issue 30: hidden until reveal is one rule for every answerable kind; a scenario's dot vote
    hides the dots on each idea unless it says ``hidden = false``. Old files show them as before."""
    import pytest

    from ilt_kit.content.segments.prioritize import PrioritizeSegment
    from ilt_kit.session.engine import DomainError
    from ilt_kit.store.results.prioritize import PrioritizeResult

    from ilt_kit.session.kinds.prioritize import build

    new = PrioritizeSegment(id="v", title="V", kind="prioritize", minutes=5, source="ideas")
    assert new.hidden and build(new, {"id": "v", "title": "V", "status": "pending", "planned_seconds": 300}, {}, {}).hidden  # on by default
    session, _ = make_session()
    ana = session.member_names[0]
    _go(session, "brainstorm")
    session.brainstorm.add("Peer visits")
    _go(session, "prioritize")
    vote = session.segment
    vote.hidden = True  # the test scenario's dot vote says hidden = false, for the screens' other tests
    assert not vote.shown
    with pytest.raises(DomainError, match="nobody has placed a dot"):
        session.dots.reveal()
    idea = session.dots.source_ideas()[-1].id
    session.dots.place(ana, idea)
    assert session.dots.placed() == (0, len(session.members))
    session.dots.reveal()
    assert vote.shown and vote.revealed is not None
    with pytest.raises(DomainError, match="already revealed"):
        session.dots.place(ana, idea)
    assert "hidden = true" in dumps(session.record) and "revealed" in dumps(session.record)
    old = PrioritizeResult.model_validate(vote.model_dump(exclude={"hidden", "revealed"}))
    assert old.shown  # a file from before hidden dots

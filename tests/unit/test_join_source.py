"""Where a ballot was cast is saved with it: the keyboard (absent in the file) or a member's phone."""

from __future__ import annotations

import tomllib

from ilt_kit.store.files import dumps
from ilt_kit.store.results.rated import Ballot


def test_a_ballot_without_a_source_reads_as_keyboard():
    assert Ballot.model_validate({"member": "Ana", "level": 2}).source == "keyboard"


def test_phone_source_is_written_and_keyboard_left_out(make_session):
    session, _ = make_session()
    segment = next(i for i, s in enumerate(session.segments) if s.kind == "rubric")
    session.goto(segment)
    cid = session.segment.criteria[0].id
    first, second = session.member_names[:2]
    session.rated.cast(cid, first, 2, source="phone")
    session.rated.cast(cid, second, 3)
    ballots = session.segment.criteria[0].rounds[-1].ballots
    assert [(b.member, b.source) for b in ballots] == [(first, "phone"), (second, "keyboard")]
    text = dumps(session.record)
    written = [c for s in tomllib.loads(text)["segments"] if s["kind"] == "rubric" for c in s["criteria"]][0]
    assert written["rounds"][0]["ballots"] == [
        {"member": first, "level": 2, "source": "phone"},
        {"member": second, "level": 3},
    ]
    # changing an answer from the keyboard records the keyboard as its source
    session.rated.cast(cid, first, 1)
    assert ballots[0].source == "keyboard"

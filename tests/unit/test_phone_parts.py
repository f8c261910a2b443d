"""Every segment kind has its phone part (the task a phone shows and the answers it takes), listed
in the registry, and the join room reaches the kinds only through it."""

from __future__ import annotations

import ast
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

import pytest

import ilt_kit
from ilt_kit.content.kinds import KINDS
from ilt_kit.join.phones import PARTS, PHONES
from ilt_kit.join.room import JoinRoom

ROOM = Path(ilt_kit.__file__).parent / "join" / "room.py"


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_every_kind_has_its_phone_part(kind_id: str) -> None:
    kind = KINDS[kind_id]
    assert kind.phone, f"{kind_id}: no phone part in the registry"
    assert find_spec(f"ilt_kit.join.phones.{kind.phone}") is not None, f"{kind_id}: no module join/phones/{kind.phone}.py"
    module = import_module(f"ilt_kit.join.phones.{kind.phone}")
    missing = [part for part in PARTS if not hasattr(module, part)]
    assert not missing, f"{kind_id}: its phone part lacks {missing}"
    assert PHONES[kind_id] is module
    assert kind.phone in (kind.engine, "actions"), "a phone part is named after the kind's engine module"


def test_a_phone_is_shown_a_task_of_every_kind(make_session, follow_up_library) -> None:
    library = follow_up_library  # the shared content and the follow-up's own scenario
    seen = set()
    for scenario_id in ("test-all-kinds", "test-follow-up"):  # between them, every kind
        session, _ = make_session(scenario_id, save=False)
        room = JoinRoom(session, scenario=library.scenario(scenario_id),
                        rubric_for=lambda rid: library.rubrics[rid].item if rid in library.rubrics else None)
        member = session.member_names[0]
        for index, segment in enumerate(session.segments):
            session.goto(index)
            view = room.view(member)
            answered = ("rubric", "survey", "forecast", "brainstorm", "prioritize", "follow-up")
            expected = segment.kind if segment.kind in answered else "screen"
            assert view["task"]["kind"] == expected
            room.public_key(), room.answers_key()
            seen.add(segment.kind)
    assert seen == set(KINDS)


def test_the_room_reaches_the_kinds_only_through_the_registry() -> None:
    tree = ast.parse(ROOM.read_text(encoding="utf-8"))
    tests = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "isinstance"]
    kinds = [ast.unparse(node) for node in tests if "Result" in ast.unparse(node) or "RatedBase" in ast.unparse(node)]
    assert kinds == []


def test_a_forecast_task_shows_who_rated_and_no_values_until_the_reveal(make_session, library) -> None:
    session, _ = make_session(save=False)
    room = JoinRoom(session, scenario=library.scenario("test-all-kinds"),
                    rubric_for=lambda rid: library.rubrics[rid].item if rid in library.rubrics else None)
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "forecast"))
    ana, ben = session.member_names[:2]
    before = room.public_key()
    session.forecast.rate("funding", ana, 4, 5)
    session.forecast.rate("funding", ben, 2, 3)
    assert room.public_key() != before  # phones are told that one more has rated
    task = room.view(ben)["task"]
    funding = next(i for i in task["items"] if i["id"] == "funding")
    assert not task["revealed"]
    shown = {key: value for key, value in funding.items() if key not in ("id", "title", "description")}
    assert shown == {"mine": None, "answered": True, "rated": 2, "of": len(session.members), "position": None}
    session.forecast.reveal()
    task = room.view(ben)["task"]
    funding = next(i for i in task["items"] if i["id"] == "funding")
    assert task["revealed"] and funding["position"] == {"likelihood": 3.0, "impact": 4.0, "quadrant": "prepare a response"}

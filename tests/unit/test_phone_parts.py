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
from ilt_kit.join.phones import PARTS, PHONES, plain
from ilt_kit.join.room import JoinRoom

from tests.unit.test_kind_contract import kind_library, kind_session  # noqa: F401 (fixtures)

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


def _expected_task(kind_id: str) -> str:
    """A phone part with a task of its own names it after the kind; the others say to look at the screen."""
    return "screen" if PHONES[kind_id].task is plain.task else kind_id


def test_a_phone_is_shown_a_task_of_every_kind(make_session, follow_up_library, kind_session, kind_library) -> None:
    seen = set()
    sessions = [(make_session(scenario_id, save=False)[0], follow_up_library, scenario_id)
                for scenario_id in ("test-all-kinds", "test-follow-up")]  # between them, every built-in kind
    for session, library, scenario_id in sessions:
        room = JoinRoom(session, scenario=library.scenario(scenario_id),
                        rubric_for=lambda rid, lib=library: lib.rubrics[rid].item if rid in lib.rubrics else None)
        member = session.member_names[0]
        for index, segment in enumerate(session.segments):
            session.goto(index)
            assert room.view(member)["task"]["kind"] == _expected_task(segment.kind)
            room.public_key(), room.answers_key()
            seen.add(segment.kind)
        if scenario_id == "test-follow-up":  # any other kind: a session of its own scenario
            sessions += [(kind_session(kind_id)[0], kind_library, f"kind-{kind_id}") for kind_id in KINDS if kind_id not in seen]
    assert seen == set(KINDS)
    assert _expected_task("rubric") == "rubric" and _expected_task("actions") == "screen"


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

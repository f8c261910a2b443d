"""The engine in parts: one module per segment kind behind the one ``Session`` facade."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import ilt_kit.session.kinds as kinds_package
from ilt_kit.session import engine
from ilt_kit.content.kinds import KINDS
from ilt_kit.session.core import KindPart
from ilt_kit.session.kinds import MODULES

KINDS_DIR = Path(kinds_package.__file__).parent
PUBLIC = [
    "Session",
    "build_record",
    "DomainError",
    "TEAM",
    "local_now",
    "item_position",
    "quadrant",
    "rank_ideas",
    "split_by_role",
    "TimerState",
    "Projection",
]
"""What other code imports from the engine module: it must stay importable from there."""


def test_the_engine_module_still_offers_its_public_names():
    missing = [name for name in PUBLIC if not hasattr(engine, name)]
    assert not missing


def test_every_kind_module_builds_its_segment_and_its_controller_is_on_the_session(make_session):
    session, _ = make_session()
    controllers = {name: part for name, part in vars(session).items() if isinstance(part, KindPart)}
    homes = {inspect.getmodule(type(part)) for part in controllers.values()}
    for kind, module in MODULES.items():
        assert callable(getattr(module, "build", None)), f"{kind}: {module.__name__} has no build()"
    # every controller comes from a kind module, and every kind module with a controller is on the session
    assert homes <= set(MODULES.values())
    with_part = {m for m in MODULES.values() if any(isinstance(v, type) and issubclass(v, KindPart) and v is not KindPart for v in vars(m).values())}
    assert with_part == homes
    # the session is no longer a mixin of the parts: each kind's names live on its own controller
    assert not any(issubclass(cls, KindPart) for cls in engine.Session.__mro__)
    assert all(part._session is session for part in controllers.values())
    # each segment is run by the controller the registry names for its kind (a talk segment has none)
    for segment in session.record.segments:
        part = session._part_of(segment)
        module = MODULES[segment.kind]
        assert (part is None) == (KINDS[segment.kind].engine == "plain"), segment.kind
        assert part is None or inspect.getmodule(type(part)) is module


def test_two_kinds_may_use_the_same_name(make_session):
    """``reveal`` is the rubric's and the forecast's own: neither had to invent another."""
    session, _ = make_session()
    assert session.rated.reveal.__func__ is not session.forecast.reveal.__func__


def _is_self_segment(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "segment" and isinstance(node.value, ast.Name) and node.value.id == "self"


def _isinstance_on_the_segment(tree: ast.AST) -> list[int]:
    """Lines that test the type of ``self.segment`` (or of a name given ``self.segment``)."""
    found = []
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        aliases = {
            target.id
            for n in ast.walk(function)
            if isinstance(n, ast.Assign) and _is_self_segment(n.value)
            for target in n.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance":
                first = node.args[0]
                if _is_self_segment(first) or (isinstance(first, ast.Name) and first.id in aliases):
                    found.append(node.lineno)
    return found


def test_the_check_finds_a_hand_made_accessor():
    hand_made = ast.parse(
        "class P:\n    def _x(self):\n        segment = self.segment\n        if not isinstance(segment, int):\n            raise ValueError\n"
    )
    assert _isinstance_on_the_segment(hand_made) == [4]


@pytest.mark.parametrize("path", sorted(KINDS_DIR.glob("*.py")), ids=lambda p: p.name)
def test_parts_reach_the_current_segment_through_the_one_accessor(path):
    """No part checks the current segment's type itself: it asks ``SessionCore._current``."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        assert not _isinstance_on_the_segment(cls), f"{path.name}: {cls.name} tests the segment's type itself"


def test_the_accessor_refuses_another_kind_and_changes_nothing(make_session):
    session, _ = make_session()
    assert session.segment.kind == "briefing"
    before = session.record.model_dump()
    with pytest.raises(engine.DomainError, match="is a briefing segment, not a forecast"):
        session.forecast.add_item("Enrolment falls")
    with pytest.raises(engine.DomainError, match="is a briefing segment: there is nothing to score here"):
        session.rated.cast("c1", session.member_names[0], 1)
    with pytest.raises(engine.DomainError, match="is a briefing segment; actions are planned"):
        session.actions.add("Plan it")
    assert session.record.model_dump() == before


def test_next_and_skip_close_the_segment_differently_and_both_refuse_the_last(make_session):
    session, _ = make_session()
    session.next()
    assert session.segments[0].status == "done" and session.index == 1
    session.skip()
    assert session.segments[1].status == "skipped" and session.index == 2
    session.goto(len(session.segments) - 1)
    for step in (session.next, session.skip):
        with pytest.raises(engine.DomainError, match="last segment"):
            step()

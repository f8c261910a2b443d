"""The contract every segment kind keeps, checked for each kind the registry lists.

A kind is one unit: its content model (``content/segments/``), its result model (``store/results/``),
its engine module (``session/kinds/``), its run-screen pane (``tui/panes/``), its summary section
(``review/sections/``), its phone part (``join/phones/``), its own small fixture scenario
(``tests/fixtures/kinds/scenarios/<kind>.toml``) and its page (``docs/kinds/<kind>.md``, whose keys
``tests/unit/test_kind_docs.py`` checks). :func:`kind_problems` names each part a kind lacks;
a new kind in the registry gets these tests without a line written here, and fails them until
every part of it exists.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import get_args

import pytest

from ilt_kit.content import models
from ilt_kit.content.kinds import KINDS, SegmentKind
from ilt_kit.content.segments.base import SegmentBase as ContentBase
from ilt_kit.join.phones import PARTS as PHONE_PARTS
from ilt_kit.join.phones.plain import task as PLAIN_TASK
from ilt_kit.store.record import RESULT_MODELS
from ilt_kit.store.results.base import SegmentBase as ResultBase
from ilt_kit.store.results.rated import RatedBase
from tests.conftest import CONTENT, FIXTURES, START, TEAM_FILE

PAGE_KINDS = Path(__file__).parents[2] / "ilt_kit" / "join" / "static" / "kinds"
"""Each phone part's view of its task on the member's page, ``<phone>.js``."""
KIND_SCENARIOS = FIXTURES / "kinds"
"""Each kind's own scenario, ``scenarios/<kind>.toml`` (id ``kind-<kind>``), beside the test rubrics."""
KIND_DOCS = Path(__file__).parents[2] / "docs" / "kinds"
"""Each kind's page, ``<kind>.md``: what a scenario gives it, what the session file keeps, what a phone shows."""


def _module(package: str, name: str) -> object | None:
    """The module ``package.name``, or None when there is no such file."""
    if not name or find_spec(f"{package}.{name}") is None:
        return None
    return import_module(f"{package}.{name}")


def _literal(model: type) -> object:
    field = model.model_fields.get("kind") if hasattr(model, "model_fields") else None
    return get_args(field.annotation)[0] if field is not None and get_args(field.annotation) else None


def kind_problems(kind: SegmentKind, scenarios: Path = KIND_SCENARIOS, docs: Path = KIND_DOCS) -> list[str]:
    """Every part of the contract the kind does not keep (none: it is a whole kind)."""
    problems: list[str] = []
    # its content model: a module of content/segments, a segment of the scenario's union
    model = kind.model
    if not (isinstance(model, type) and issubclass(model, ContentBase)) or not model.__module__.startswith(
        "ilt_kit.content.segments."
    ):
        problems.append("no content model in ilt_kit/content/segments/")
    elif _literal(model) != kind.id:
        problems.append(f"its content model is of kind {_literal(model)!r}")
    elif model not in get_args(get_args(models.Segment)[0]):
        problems.append("its content model is not a scenario segment")
    # its result model: named as module:Class under store/results, in the record's union
    module_name, _, class_name = kind.result.partition(":")
    result = getattr(_module("ilt_kit.store.results", module_name), class_name, None) if class_name else None
    if not (isinstance(result, type) and issubclass(result, ResultBase)):
        problems.append(f"no result model {kind.result!r} in ilt_kit/store/results/")
    elif _literal(result) != kind.id:
        problems.append(f"its result model is of kind {_literal(result)!r}")
    elif RESULT_MODELS.get(kind.id) is not result:
        problems.append("its result model is not a session record segment")
    elif kind.rated != issubclass(result, RatedBase):
        problems.append("'rated' does not match its result model")
    # its engine module, and its controller on the session (``session.<name>``)
    engine = _module("ilt_kit.session.kinds", kind.engine)
    if not callable(getattr(engine, "build", None)):
        problems.append(f"no engine module with build() in ilt_kit/session/kinds/ ({kind.engine!r})")
    elif getattr(engine, "PART", None) is not None:
        from ilt_kit.session.core import KindPart
        from ilt_kit.session.kinds import PARTS

        if not (isinstance(engine.PART, type) and issubclass(engine.PART, KindPart)):
            problems.append("its engine part (PART) is not a controller (KindPart)")
        elif PARTS.get(kind.engine) is not engine.PART or not getattr(engine.PART, "name", ""):
            problems.append("its engine part (PART) is not a controller of the session, under a name of its own")
    # its pane
    from ilt_kit.tui.panes.base import Pane

    pane = getattr(_module("ilt_kit.tui.panes", kind.pane), "PANE", None)
    if not (isinstance(pane, type) and issubclass(pane, Pane)):
        problems.append(f"no pane with PANE in ilt_kit/tui/panes/ ({kind.pane!r})")
    # its summary section
    from tests.unit.test_kind_sections import section_problems  # (which takes this module's fixtures)

    problems += [problem.split(": ", 1)[1] for problem in section_problems({kind.id: kind})]
    # its phone part
    phone = _module("ilt_kit.join.phones", kind.phone)
    if phone is None:
        problems.append(f"no phone part in ilt_kit/join/phones/ ({kind.phone!r})")
    elif missing := [part for part in PHONE_PARTS if not hasattr(phone, part)]:
        problems.append(f"its phone part lacks {missing}")
    elif phone.task is not PLAIN_TASK and not (PAGE_KINDS / f"{kind.phone}.js").is_file():
        # the page draws its task (one that only says to look at the screen is the page's own)
        problems.append(f"no view of its task on the page: ilt_kit/join/static/kinds/{kind.phone}.js")
    # its own fixture scenario
    if not (scenarios / "scenarios" / f"{kind.id}.toml").is_file():
        problems.append(f"no fixture scenario tests/fixtures/kinds/scenarios/{kind.id}.toml")
    # its page
    if not (docs / f"{kind.id}.md").is_file():
        problems.append(f"no page docs/kinds/{kind.id}.md")
    return problems


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_the_kind_has_every_part(kind_id: str) -> None:
    assert kind_problems(KINDS[kind_id]) == []


def test_a_kind_in_the_registry_alone_lacks_every_part(tmp_path: Path) -> None:
    poll = SegmentKind(
        "poll", "Poll", KINDS["briefing"].model, result="poll:PollResult", engine="poll", pane="poll", section="poll",
        phone="poll",
    )
    assert kind_problems(poll, tmp_path, tmp_path) == [
        "its content model is of kind 'briefing'",
        "no result model 'poll:PollResult' in ilt_kit/store/results/",
        "no engine module with build() in ilt_kit/session/kinds/ ('poll')",
        "no pane with PANE in ilt_kit/tui/panes/ ('poll')",
        "no summary section module ('poll')",
        "no phone part in ilt_kit/join/phones/ ('poll')",
        "no fixture scenario tests/fixtures/kinds/scenarios/poll.toml",
        "no page docs/kinds/poll.md",
    ]


def test_a_phone_part_whose_task_the_page_draws_needs_its_view_there(tmp_path: Path, monkeypatch) -> None:
    """A phone part with a task of its own lacks its page view until ``static/kinds/<phone>.js``
    is there; one that only says to look at the screen (``plain``, ``actions``) needs none."""
    import tests.unit.test_kind_contract as contract

    monkeypatch.setattr(contract, "PAGE_KINDS", tmp_path)
    assert kind_problems(KINDS["forecast"]) == ["no view of its task on the page: ilt_kit/join/static/kinds/forecast.js"]
    assert kind_problems(KINDS["actions"]) == [] and kind_problems(KINDS["briefing"]) == []
    (tmp_path / "forecast.js").write_text("ILT.kinds.forecast = () => [];\n", encoding="utf-8")
    assert kind_problems(KINDS["forecast"]) == []


def test_a_kind_with_another_kinds_result_model_is_caught() -> None:
    wrong = dataclasses.replace(KINDS["survey"], result="rubric:RubricResult")
    assert kind_problems(wrong) == ["its result model is of kind 'rubric'"]


@lru_cache(maxsize=1)
def _kind_library():
    from ilt_kit.content.library import load_library

    return load_library([CONTENT, KIND_SCENARIOS], cwd=CONTENT)


@pytest.fixture(scope="module")
def kind_library():
    library = _kind_library()
    assert library.problems == []
    return library


def kind_segment_data(kind_id: str) -> dict:
    """The record of the last segment of a new session of the kind's own scenario, as plain data:
    what the record tests use for a kind they have no strategy of their own for."""
    from ilt_kit.content.library import load_team
    from ilt_kit.session.build import build_record

    library = _kind_library()
    scenario = library.scenario(f"kind-{kind_id}")
    rubrics = {key: loaded.item for key, loaded in library.rubrics.items()}
    record = build_record(scenario, rubrics, load_team(TEAM_FILE), "Kinds", "", START)
    return record.segments[-1].model_dump()


@pytest.fixture
def kind_session(kind_library, team, clock, tmp_path):
    """kind_session(kind) -> (Session, SessionFile): a session of the kind's own scenario, started, on its segment."""
    from tools.session_driver import start_session

    def make(kind_id: str):
        session, handle = start_session(kind_library, f"kind-{kind_id}", team, "Kinds", clock, folder=tmp_path)
        session.start()
        while session.segment.kind != kind_id:
            session.next()
        return session, handle

    return make


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_a_session_of_the_kinds_own_scenario_is_saved_read_and_summed_up(kind_id, kind_session):
    """Its scenario loads, a session of it starts and is saved, the file reads back as the same
    record and text, and the kind's summary section builds its part of the summary."""
    from ilt_kit.review.sections import section_of
    from ilt_kit.review.summary import summarize
    from ilt_kit.store.files import dumps, load_record

    session, handle = kind_session(kind_id)
    assert session.record.segments[-1].kind == kind_id
    text = handle.path.read_text(encoding="utf-8")
    record = load_record(handle.path)
    assert record == session.record and dumps(record) == text
    assert type(record.segments[-1]) is RESULT_MODELS[kind_id]
    last = summarize(record).segments[-1]
    assert last.segment.kind == kind_id and last.section is section_of(kind_id)
    assert isinstance(last.section.blocks(last.part), list)


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_a_phone_is_shown_a_task_of_the_kind(kind_id, kind_session, kind_library):
    from ilt_kit.join.room import JoinRoom

    session, _ = kind_session(kind_id)
    room = JoinRoom(session, scenario=kind_library.scenario(f"kind-{kind_id}"),
                    rubric_for=lambda rid: kind_library.rubrics[rid].item if rid in kind_library.rubrics else None)
    view = room.view(session.member_names[0])
    assert isinstance(view["task"]["kind"], str) and view["task"]["kind"] not in ("waiting", "finished")
    room.public_key(), room.answers_key()


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_a_file_of_the_kind_cut_at_any_line_is_refused(kind_id, kind_session, tmp_path):
    from ilt_kit.cli import check_paths

    _, handle = kind_session(kind_id)
    text = handle.path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    cut = tmp_path / "cut.toml"
    for n in range(1, len(lines)):
        cut.write_text("".join(lines[:n]), encoding="utf-8")
        assert check_paths([cut], [])[1], f"{kind_id}: a cut before line {n + 1} was accepted"

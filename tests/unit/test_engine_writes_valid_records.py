"""The engine never writes a record that the validation refuses: a Hypothesis property over
sequences of engine actions (every kind of segment, timers, talk, rounds, tallies, merges,
deletes, finishing and reopening, a wall clock set back), each record read back as a file is."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ilt_kit.session.core import DomainError
from ilt_kit.store.files import dumps, validate_session_text
from tools.session_driver import ScriptedClock, start_session

ACTIONS = [
    "toggle", "advance", "next", "goto", "speak", "cast", "reveal", "new_round", "tally_mode", "tally",
    "add_idea", "merge", "delete_idea", "dot", "rate", "add_action", "done", "delete_action", "adjust",
    "finish", "reopen", "clock_back", "decision", "focus", "add_item", "remove_item",
]


KIND_OF = {
    "cast": "rubric", "reveal": "rubric", "new_round": "rubric", "tally_mode": "survey", "tally": "survey",
    "add_idea": "brainstorm", "merge": "brainstorm", "delete_idea": "brainstorm", "dot": "prioritize",
    "rate": "forecast", "add_item": "forecast", "remove_item": "forecast", "add_action": "actions", "done": "actions", "delete_action": "actions",
}


def _do(session, clock, action: str, n: int) -> None:  # noqa: ANN001, C901
    kind = KIND_OF.get(action)
    if kind is not None and session.segment.kind != kind and not session.finished:  # go there first
        session.goto(next(i for i, s in enumerate(session.segments) if s.kind == kind))
    segment = session.segment
    members = session.member_names
    member = members[n % len(members)]
    criteria = [c.id for c in getattr(segment, "criteria", [])]
    criterion = criteria[n % len(criteria)] if criteria else ""
    ideas = [i.id for s in session.record.segments if s.kind == "brainstorm" for i in s.ideas]
    actions = [a.id for a in getattr(segment, "actions", [])]
    if action == "toggle":
        session.toggle()
    elif action == "advance":
        clock.advance(n * 7.3)
    elif action == "next":
        session.next()
    elif action == "goto":
        session.goto(n % len(session.segments))
    elif action == "speak":
        session.speak(None if n % 5 == 0 else member)
    elif action == "cast" and criteria:
        session.rated.cast(criterion, member, session.rated.scale_values()[n % len(session.rated.scale_values())])
    elif action == "reveal" and criteria:
        session.rated.reveal(criterion)
    elif action == "new_round" and criteria:
        session.rated.new_round(criterion)
    elif action == "tally_mode" and criteria:
        session.rated.set_mode(criterion, "tally" if n % 2 else "ballot")
    elif action == "tally" and criteria:
        session.rated.set_tally(criterion, session.rated.scale_values()[n % len(session.rated.scale_values())], n % (len(members) + 2))
    elif action == "add_idea" and segment.kind == "brainstorm":
        session.brainstorm.add(f"Idea {n}", member)
    elif action == "merge" and len(ideas) > 1 and segment.kind == "brainstorm":
        session.brainstorm.merge(ideas[n % len(ideas)], ideas[(n + 1) % len(ideas)])
    elif action == "delete_idea" and ideas and segment.kind == "brainstorm":
        session.brainstorm.delete(ideas[n % len(ideas)])
    elif action == "dot" and ideas and segment.kind == "prioritize":
        session.dots.place(member, ideas[n % len(ideas)])
    elif action == "rate" and segment.kind == "forecast" and segment.items:
        session.forecast.rate(segment.items[n % len(segment.items)].id, member, n % 5 + 1, (n + 2) % 5 + 1)
    elif action == "focus":  # the facilitator's ←/→ (or ↑/↓ on forecast items), wherever it is
        session.focus_step(n % 5 - 2)
    elif action == "add_item" and segment.kind == "forecast":
        session.forecast.add_item(f"Item {n}")
    elif action == "remove_item" and segment.kind == "forecast" and segment.items:
        session.forecast.remove_item(segment.items[n % len(segment.items)].id)
    elif action == "add_action" and segment.kind == "actions":
        session.actions.add(f"Action {n}", member, date(2027, 1, 1))
    elif action == "done" and actions:
        session.actions.set_done(actions[n % len(actions)], bool(n % 3))
    elif action == "delete_action" and actions:
        session.actions.delete(actions[n % len(actions)])
    elif action == "adjust":
        session.adjust(n % 7 - 3)
    elif action == "finish":
        session.finish()
    elif action == "reopen":
        session.reopen()
    elif action == "clock_back":  # the machine's clock set back (NTP, a hand): the wall clock only
        clock.start -= timedelta(seconds=n * 60)
    elif action == "decision":
        session.add_decision(f"Decision {n}")


@example([("rate", 0), ("add_item", 1), ("focus", 3), ("remove_item", 1), ("remove_item", 0), ("add_item", 2)])  # the focus item removed
@example([("add_idea", 0), ("add_idea", 1), ("merge", 0), ("delete_idea", 0)])  # the idea others merged into
@example([("toggle", 0), ("clock_back", 30), ("cast", 1), ("reveal", 0), ("finish", 0)])  # the clock set back
@example([("tally_mode", 1), ("tally", 4), ("tally", 5), ("tally", 7)])  # hands beyond the team
@example([("toggle", 0), ("speak", 1), ("advance", 40), ("toggle", 0), ("speak", 2), ("advance", 40), ("next", 0)])
@example([("speak", 1), ("clock_back", 5), ("advance", 3), ("speak", 0)])  # talk while the clock went back
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(min_value=0, max_value=40)), max_size=40))
def test_every_record_the_engine_writes_is_valid(library, team, steps) -> None:  # noqa: ANN001
    from tests.conftest import FakeClock

    clock: ScriptedClock = FakeClock()
    session, _ = start_session(library, "test-all-kinds", team, "Property", clock)
    for action, n in steps:
        try:
            _do(session, clock, action, n)
        except DomainError:
            continue
        text = dumps(session.record)
        validate_session_text(Path("engine.toml"), text, tomllib.loads(text))  # raises what a file would

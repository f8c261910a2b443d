"""Benchmark: the cost of one autosave of a large session.

    python bench/bench_save.py [--reps N] [--dir DIR] [--target 2.0] [--strict]

Builds a large session by driving the engine - 30 members, a 60-criterion rubric scored in two
revealed rounds of ballots each, 200 ideas, 50 actions - from content built in memory, then times:

  save       ``SessionFile.save(record)``: model -> plain data -> TOML text -> atomic write
  baseline   ``tomli_w.dumps(data)`` + ``atomic_write`` of the same data, already plain

The ratio save/baseline is what the record layer adds on top of writing the same TOML safely;
the target is <= 2.0. Both sides fsync, so run it on the disk sessions really live on (``--dir``;
default: a temporary folder under ``./bench/out``). Medians of interleaved runs are reported,
with a breakdown of the save's parts. Exit 0; with ``--strict``, exit 1 if the target is missed.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import tomli_w

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout: tools/ with the session driver

from ilt_kit.content.models import Rubric, Scenario, Team
from ilt_kit.session.engine import Session, build_record
from ilt_kit.store.atomic import atomic_write
from ilt_kit.store.files import HEADER, SessionFile, dumps, record_to_data
from ilt_kit.store.record import SessionRecord
from tools.session_driver import ScriptedClock

MEMBERS = 30
CRITERIA = 60
GROUPS = 6
ROUNDS = 2
IDEAS = 200
ACTIONS = 50

ROLES = ["principal", "assistant principal", "teacher leader", "coach", "central office", "teacher leader"]
FIRST = ["Ana", "Ben", "Chloé", "Dev", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jamal"]
LAST = ["Okafor", "Lindqvist", "Moreau"]


START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=-5)))


LEVELS = [("Beginning", "Getting started"), ("Developing", "Some of the time"), ("Established", "Most of the time"), ("Sustaining", "Always, and it spreads")]


def _criterion(g: int, c: int, detailed: bool) -> dict:
    criterion: dict = {"id": f"criterion-{g}-{c}", "title": f"Criterion {g + 1}.{c + 1}: teams use student work"}
    if detailed:  # what a real rubric shows beside the ballots, so that the run screen is full
        criterion.update(
            vision="Teams meet every week to look at student work, agree what it shows and plan the next lessons from it.",
            indicators=[
                "Agendas name the student work to bring",
                "Notes record what the work shows and what changes next",
                "Every teacher brings work at least once a month",
            ],
            descriptors={
                v: f"{label}: teams look at student work {text.lower()}, and plans cite it." for v, (label, text) in enumerate(LEVELS, start=1)
            },
            look_fors=["Protocols in use", "Work samples in the team folder"],
            questions=["What did the last samples show?", "What changed in teaching because of it?"],
        )
    return criterion


def make_content(detailed: bool = False) -> tuple[Rubric, Scenario, Team]:
    """A 60-criterion rubric, a brainstorm / rubric / actions scenario and a team of 30.

    ``detailed`` gives every criterion a vision, indicators, level descriptors, look-fors and
    questions (the TUI bench's screen); the save bench leaves them out: they are not in a record.
    """
    levels = [{"value": v, "label": label} for v, (label, _) in enumerate(LEVELS, start=1)]
    if detailed:
        for level, (_, descriptor) in zip(levels, LEVELS):
            level["descriptor"] = descriptor
    rubric = Rubric.model_validate(
        {
            "id": "bench-rubric",
            "title": "A large rubric",
            "summary": "Sixty criteria in six groups.",
            "source": {"framework": "Benchmark"},
            "scale": {"no_evidence": "No evidence yet", "levels": levels},
            "groups": [
                {
                    "id": f"group-{g}",
                    "title": f"Group {g + 1}: learning together",
                    "summary": "How the team learns from student work.",
                    "criteria": [_criterion(g, c, detailed) for c in range(CRITERIA // GROUPS)],
                }
                for g in range(GROUPS)
            ],
        }
    )
    scenario = Scenario.model_validate(
        {
            "id": "bench",
            "title": "Benchmark session",
            "purpose": "A large session.",
            "source": {"framework": "Benchmark"},
            "minutes": 180,
            "segments": [
                {"id": "ideas", "title": "Ideas", "kind": "brainstorm", "minutes": 30},
                {"id": "score", "title": "Score", "kind": "rubric", "minutes": 120, "rubric": "bench-rubric"},
                {"id": "plan", "title": "Plan", "kind": "actions", "minutes": 30},
            ],
        }
    )
    team = Team.model_validate(
        {
            "name": "Benchmark High School ILT",
            "facilitator": "Ana Okafor",
            "members": [
                {"name": f"{FIRST[i % 10]} {LAST[i // 10]}", "role": ROLES[i % len(ROLES)]} for i in range(MEMBERS)
            ],
        }
    )
    return rubric, scenario, team


def fill_session(session: Session, clock) -> None:  # noqa: ANN001 - any clock with a ``now``
    """From the brainstorm on: 200 ideas, then 60 criteria x 2 revealed rounds of 30 ballots
    with agreed levels, then 50 actions; the session is left on the actions segment."""
    names = session.member_names
    for i in range(IDEAS):
        clock.now += 7
        session.brainstorm.add(f"Idea {i + 1}: protect time for \"learning walks\"\nand share what we saw", names[i % MEMBERS], f"Theme {i % 8}")
    session.next()
    scale = session.rated.scale_values()
    for index, criterion in enumerate(c.id for c in session.segment.criteria):
        for rnd in range(ROUNDS):
            if rnd:
                session.rated.new_round(criterion)
            for m, name in enumerate(names):
                session.rated.cast(criterion, name, scale[(index + m + rnd) % len(scale)])
            clock.now += 20
            session.rated.reveal(criterion)
        session.rated.agree(criterion, 2, f"Evidence for {criterion}: notes from three team meetings.")
    session.next()
    for i in range(ACTIONS):
        session.actions.add(f"Action {i + 1}: schedule peer visits", names[i % MEMBERS], date(2027, 1, 1) + timedelta(days=i), link=f"idea {i + 1}")


def build_session() -> SessionRecord:
    rubric, scenario, team = make_content()
    clock = ScriptedClock(START)
    record = build_record(scenario, {rubric.id: rubric}, team, "Benchmark session", "Ana Okafor", clock.wall())
    session = Session(record, clock=clock, wall=clock.wall)  # no saver while building
    session.start()
    fill_session(session, clock)
    return session.record


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0].strip())
    parser.add_argument("--reps", type=int, default=60, help="timed repetitions of each (default 60)")
    parser.add_argument("--dir", type=Path, help="where to write (default: a temporary folder in bench/out)")
    parser.add_argument("--target", type=float, default=2.0, help="the highest acceptable ratio (default 2.0)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if the ratio misses the target")
    args = parser.parse_args(argv)

    built = time.perf_counter()
    record = build_session()
    built = time.perf_counter() - built
    text = dumps(record)

    base = args.dir or Path(__file__).resolve().parent / "out"
    base.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=base) as folder:
        folder = Path(folder)
        handle = SessionFile.create(folder / "save", record)
        plain = record_to_data(record)  # once, outside the timing
        baseline_path = folder / "baseline.toml"

        def save() -> None:
            handle.save(record)

        def baseline() -> None:
            atomic_write(baseline_path, (HEADER + tomli_w.dumps(plain, multiline_strings=True)).encode("utf-8"))

        def to_data() -> None:
            record_to_data(record)

        def to_text() -> None:
            tomli_w.dumps(plain, multiline_strings=True)

        def write() -> None:
            atomic_write(baseline_path, text.encode("utf-8"))

        timed = {"save": save, "baseline": baseline, "record_to_data": to_data, "tomli_w.dumps": to_text, "atomic_write": write}
        samples: dict[str, list[float]] = {name: [] for name in timed}
        for fn in timed.values():  # warm up
            fn()
        gc.collect()
        for _ in range(args.reps):
            for name, fn in timed.items():  # interleaved, so that drift hits all alike
                start = time.perf_counter()
                fn()
                samples[name].append(time.perf_counter() - start)
        assert baseline_path.read_bytes() == handle.path.read_bytes(), "the baseline must write the same file"

    medians = {name: median_ms(values) for name, values in samples.items()}
    ratio = medians["save"] / medians["baseline"]
    ok = ratio <= args.target
    segments = record.segments
    ballots = sum(len(r.ballots) for c in segments[1].criteria for r in c.rounds)
    print(
        f"session: {MEMBERS} members, {len(segments[1].criteria)} criteria x {ROUNDS} rounds ({ballots} ballots), "
        f"{len(segments[0].ideas)} ideas, {len(segments[2].actions)} actions; "
        f"{len(text.encode()) / 1024:.0f} KiB of TOML; built in {built:.1f} s"
    )
    print(f"{args.reps} repetitions, medians; writing in {base}")
    print()
    print(f"  {'step':<34} {'median ms':>10}")
    print(f"  {'-' * 34} {'-' * 10}")
    rows = [
        ("save (SessionFile.save)", "save"),
        ("baseline (tomli_w.dumps + atomic)", "baseline"),
        ("  of which record_to_data", "record_to_data"),
        ("  of which tomli_w.dumps", "tomli_w.dumps"),
        ("  of which atomic_write", "atomic_write"),
    ]
    for label, key in rows:
        print(f"  {label:<34} {medians[key]:>10.2f}")
    print()
    print(f"ratio save/baseline = {ratio:.2f} (target <= {args.target:.1f}): {'PASS' if ok else 'FAIL'}")
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())

"""Child process for ``test_store_crash.py``: a session that keeps changing until it is killed.

    python crash_child.py SESSIONS_DIR [--resume FILE] [--seed N] [--max-seconds S] [--max-changes N]

It creates a session of the test fixture scenario (or resumes FILE), then makes random changes
through the engine - ballots, reveals and new rounds, ideas, dots, ratings, actions, notes,
decisions, talk time, timer, navigation - with ``SessionFile.save`` as the autosave, or with
``--journal`` the app's ``BackgroundSaver`` (journal line written in the call and fsynced by its
own thread at once; the file written later by the writer thread): an ack then means "shown",
and the file plus its journal must hold it. It prints one
line per event and flushes, so the parent knows exactly what was acknowledged before a SIGKILL:

    created PATH DIGEST            the file exists, holding the record with this digest
    resumed PATH DIGEST            opened an existing file
    pending DIGEST                 about to save the record with this digest
    ack N OP DIGEST COUNTS_JSON    change N is done and saved; the file holds DIGEST

DIGEST is the sha256 of the exact text ``dumps`` produces. COUNTS_JSON holds ``counts(record)``:
quantities that the changes made here only ever increase.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
CONTENT = FIXTURES / "content"
TEAM_FILE = FIXTURES / "teams" / "lincoln.toml"


def counts(record) -> dict[str, int]:  # noqa: ANN001 - imported by the parent test too
    """Monotonic measures of a record: under this child's changes none of them ever goes down."""
    from ilt_kit.store.results.actions import ActionsResult
    from ilt_kit.store.results.brainstorm import BrainstormResult
    from ilt_kit.store.results.rated import RatedBase

    ideas = actions = rounds = revealed = ballots_in_revealed = 0
    for segment in record.segments:
        if isinstance(segment, BrainstormResult):
            ideas += len(segment.ideas)
        elif isinstance(segment, ActionsResult):
            actions += len(segment.actions)
        elif isinstance(segment, RatedBase):
            for criterion in segment.criteria:
                rounds += len(criterion.rounds)
                for rnd in criterion.rounds:
                    if rnd.revealed is not None:
                        revealed += 1
                        ballots_in_revealed += len(rnd.ballots)
    return {
        "ideas": ideas,
        "actions": actions,
        "decisions": len(record.decisions),
        "rounds": rounds,
        "revealed": revealed,
        "ballots_in_revealed": ballots_in_revealed,
    }


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def make_change(session, rng: random.Random):  # noqa: ANN001, ANN201 - used by the parent tests too
    """A function ``change(n)`` that makes one random change through the engine and names it."""
    from ilt_kit.store.results.actions import ActionsResult
    from ilt_kit.store.results.brainstorm import BrainstormResult
    from ilt_kit.store.results.forecast import ForecastResult
    from ilt_kit.store.results.prioritize import PrioritizeResult
    from ilt_kit.store.results.rated import RatedBase

    members = session.member_names

    def rated_change(segment: RatedBase) -> str:
        criterion = rng.choice(segment.criteria)
        rnd = session.rated.current_round(criterion)
        if rnd.revealed is not None:
            session.rated.new_round(criterion.id)
            return f"new-round:{criterion.id}"
        if rnd.mode == "tally":
            if rng.random() < 0.6:
                room = len(session.record.team.members) - sum(t.count for t in rnd.tally)  # hands left
                session.rated.set_tally(criterion.id, rng.choice(session.rated.scale_values()), rng.randrange(max(room, 0) + 1))
                return f"set-tally:{criterion.id}"
            session.rated.set_mode(criterion.id, "ballot") if not rnd.tally else session.rated.reveal(criterion.id)
            return f"tally:{criterion.id}"
        if not rnd.ballots and rng.random() < 0.25:
            session.rated.set_mode(criterion.id, "tally")
            return f"to-tally:{criterion.id}"
        if rnd.ballots and rng.random() < 0.1:
            session.rated.withdraw(criterion.id, rng.choice(rnd.ballots).member)
            return f"withdraw:{criterion.id}"
        if len(rnd.ballots) == len(members) or (rnd.ballots and rng.random() < 0.2):
            session.rated.reveal(criterion.id)
            return f"reveal:{criterion.id}"
        session.rated.cast(criterion.id, rng.choice(members), rng.choice(session.rated.scale_values()))
        return f"cast:{criterion.id}"

    def change(n: int) -> str:
        segment = session.segment
        roll = rng.random()
        if roll < 0.08:
            session.goto(rng.randrange(len(session.segments)))
            return "goto"
        if roll < 0.12:
            session.toggle()
            return "toggle"
        if roll < 0.16:
            session.speak(rng.choice(members + [None]))
            return "speak"
        if roll < 0.22:
            session.set_notes(f'Note {n}: "quoted" \\ backslash\nsecond line — ünïcode ✓')
            return "notes"
        if roll < 0.28:
            session.add_decision(f"Decision {n}")
            return "decision"
        if roll < 0.30:
            session.checkpoint()
            return "checkpoint"
        if isinstance(segment, BrainstormResult):
            session.brainstorm.add(f"Idea {n}: peer visits \"every\" month", rng.choice(members + [""]), rng.choice(["Time", "Trust", ""]))
            return "idea"
        if isinstance(segment, RatedBase):
            return rated_change(segment)
        if isinstance(segment, ForecastResult):
            if rng.random() < 0.1:
                session.forecast.add_item(f"Force {n}")
                return "item"
            item = rng.choice(segment.items)
            session.forecast.rate(item.id, rng.choice(members + ["team"]), rng.randint(1, 5), rng.randint(1, 5))
            return "rate"
        if isinstance(segment, PrioritizeResult):
            member = rng.choice(members)
            ideas = session.dots.source_ideas()
            if ideas and session.dots.left(member) > 0:
                session.dots.place(member, rng.choice(ideas).id)
                return "dot"
            placed = [d for d in segment.dots if d.member == member]
            if placed:
                session.dots.remove(member, placed[0].idea)
                return "undot"
        if isinstance(segment, ActionsResult):
            if segment.actions and rng.random() < 0.3:
                action = rng.choice(segment.actions)
                session.actions.set_done(action.id, action.status == "open")
                return "action-done"
            due = date(2026, 12, 1) + timedelta(days=rng.randrange(90))
            session.actions.add(f"Action {n}", rng.choice(members), due, link=f"idea {rng.randint(1, 9)}")
            return "action"
        if session.index < len(session.segments) - 1:
            session.next()
            return "next"
        session.goto(0)
        return "goto"

    return change


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--resume", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-seconds", type=float, default=30.0)
    parser.add_argument("--max-changes", type=int, default=1_000_000)
    parser.add_argument("--journal", action="store_true", help="save as the app does: BackgroundSaver")
    args = parser.parse_args(argv)

    from ilt_kit.content.library import load_library, load_team
    from ilt_kit.session.engine import DomainError, Session, build_record, local_now
    from ilt_kit.store.files import BackgroundSaver, SessionFile, data_text, dumps, record_to_data
    rng = random.Random(args.seed)
    if args.resume:
        handle, record = SessionFile.open(args.resume)
        say(f"resumed {handle.path} {digest(dumps(record))}")
    else:
        library = load_library([CONTENT], cwd=CONTENT)
        team = load_team(TEAM_FILE)
        rubrics = {key: value.item for key, value in library.rubrics.items()}
        record = build_record(library.scenario("test-all-kinds"), rubrics, team, "Crash test", "", local_now())
        handle = SessionFile.create(args.folder, record)
        say(f"created {handle.path} {digest(dumps(record))}")

    saves = 0
    pending: list[tuple[str, str]] = []  # (repr of the record's data, digest of its text): the last one saved

    background = BackgroundSaver(handle, record=record) if args.journal else None
    if background is None:
        # The save makes the text it writes once, here: "pending" names the digest of that very
        # text just before it is written (data_text(record_to_data(r)) is dumps(r)), rather than
        # the same text made a second time beforehand.
        from ilt_kit.store import files

        make_text = files.data_text

        def data_text_said(data):  # noqa: ANN001, ANN202
            text = make_text(data)
            pending[:] = [(repr(data), digest(text))]
            say(f"pending {pending[0][1]}")
            return text

        files.data_text = data_text_said

    def saver(rec, where=()) -> None:  # noqa: ANN001
        nonlocal saves
        if background is not None:  # the journal line is written in the call; the file follows
            data = record_to_data(rec)
            pending[:] = [(repr(data), digest(data_text(data)))]
            say(f"pending {pending[0][1]}")
            background(rec, where)
        else:
            said = len(pending) and pending[0]
            handle.save(rec)  # says "pending" as it makes the text (data_text_said)
            assert pending and pending[0] is not said, "the save wrote no text"
        saves += 1

    def state_digest(rec) -> str:  # noqa: ANN001
        """The digest of ``dumps(rec)``, the session's state after a change. The text is written out
        only when the record's data differs from the data saved last: the same data (the same keys in
        the same order, the same values of the same types, so the same repr) gives the same text."""
        data = record_to_data(rec)
        if pending and repr(data) == pending[0][0]:
            return pending[0][1]
        return digest(data_text(data))

    session = Session(record, saver=saver)
    change = make_change(session, rng)
    n = 0

    stop = time.monotonic() + args.max_seconds
    while n < args.max_changes and time.monotonic() < stop:
        before = saves
        try:
            op = change(n)
        except DomainError:
            continue  # nothing changed, nothing saved
        if saves == before:
            continue  # e.g. going to the segment it is on: not a change
        assert saves == before + 1, f"{op} saved {saves - before} times"
        n += 1
        say(f"ack {n} {op} {state_digest(session.record)} {json.dumps(counts(session.record), separators=(',', ':'))}")
    if background is not None:
        background.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What every session has, whatever its segments: the agenda, the clock, talk time and notes.

:class:`SessionCore` walks a scenario's segments and records what the team does in a
:class:`~ilt_kit.store.record.SessionRecord`. Every change is one method that checks its input
first — an impossible input raises :class:`DomainError` and changes nothing — then changes the
record and hands it to the ``saver`` (autosave), saying which parts of the record it changed.
What each kind of segment adds (scoring, ideas, dots, ...) lives in its own module under
``ilt_kit.session.kinds``; :class:`ilt_kit.session.engine.Session` puts them together.

Time is injected: ``clock`` is a monotonic ``() -> float`` in seconds, ``wall`` gives aware
datetimes for timestamps. A running timer keeps a deadline; the time left is always
``deadline - clock()``, never a count of ticks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Iterable, TypeVar

from ilt_kit.literal import drop_controls
from ilt_kit.session.errors import DomainError
from ilt_kit.session.timer import SessionTimer
from ilt_kit.store.record import Decision, RecordMember, SessionRecord, session_time
from ilt_kit.store.results.base import SegmentBase, TalkShare

Clock = Callable[[], float]
Wall = Callable[[], datetime]
Part = tuple
"""Where a change is in the record, for the saver's journal: ``("segments", i)`` a whole segment,
``("segments", i, "head")`` its fields without its list, ``("segments", i, "criteria", j)`` one
criterion, ``("segments", i, "criteria", j, "rounds", k)`` one round of it (a ballot goes as its
round alone: a criterion with many rounds costs a key no more than one with one). The record's own
fields and the current segment's head always go with a change."""
Saver = Callable[[SessionRecord, tuple[Part, ...]], None]
S = TypeVar("S", bound=SegmentBase)
I = TypeVar("I")


@dataclass(frozen=True)
class Focus:
    """What is being answered now: the current segment's id, the item in it (a criterion, a
    statement or a forecast item id; None in a segment without items) and that item's current
    round (None for an item without rounds). Phones send it back with every answer."""

    segment: str
    item: str | None = None
    round: int | None = None


Listener = Callable[[tuple[Part, ...]], None]
"""Told after every change, with the parts of the record it changed (see :data:`Part`)."""


def clean(text: str) -> str:
    """Typed or pasted text as it is recorded: trimmed, with no control characters (tab, newline kept)."""
    return drop_controls(text).strip()


def find_by_id(items: Iterable[I], wanted: object, missing: str) -> I:
    """The item of ``items`` whose ``id`` is ``wanted``; a :class:`DomainError` saying ``missing`` if none."""
    for item in items:
        if item.id == wanted:  # type: ignore[attr-defined]
            return item
    raise DomainError(missing)


def local_now() -> datetime:
    return datetime.now().astimezone()


def resume_index(record: SessionRecord) -> int:
    """The segment a loaded record continues on: ``current``; for a finished session (which names
    none), the segment it was finished on — the last one closed."""
    ids = [s.id for s in record.segments]
    if record.current in ids:
        return ids.index(record.current)
    closed = [(s.ended, i) for i, s in enumerate(record.segments) if s.ended is not None]
    return max(closed)[1] if closed and record.status == "finished" else 0


class SessionCore(SessionTimer):
    """A running session's agenda, clock (its timer: :class:`~ilt_kit.session.timer.SessionTimer`), talk time and notes. Read state from the properties;
    change it only through the methods."""

    def __init__(
        self,
        record: SessionRecord,
        *,
        clock: Clock = time.monotonic,
        wall: Wall = local_now,
        saver: Saver | None = None,
    ) -> None:
        self.record = record
        self.clock = clock
        self.wall = wall
        self.saver = saver
        # the record's last change, and the timers' clock then: no time written from here on is
        # earlier than that change plus the time the timers have counted since (see ``now``)
        self._since = (record.updated, clock())
        self._deadline: float | None = None
        self._speaker: str | None = None
        self._speaking_since = 0.0
        # the record keeps whole seconds; these keep the fractions, so pausing often loses nothing
        self._used: dict[str, float] = {}
        self._talked: dict[tuple[str, str], float] = {}
        self._index = resume_index(record)
        self._listeners: list[Listener] = []
        if record.agenda is None:  # a file from before the agenda: its next save has one, so a cut shows
            record.agenda = [segment.id for segment in record.segments]
        # a resumed session comes back paused: nobody is timing it now
        for segment in record.segments:
            if segment.status == "running":
                segment.status = "paused"
        self._pin_focus()

    # -- saving -------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The wall-clock time as the record keeps it: the session's offset, whole seconds. A wall
        clock set back (by hand, by a time server) never takes it before the record's last change,
        nor behind the time the timers have counted since the session was opened, so every time
        stays within the session and the session lasts at least as long as its talk and timers
        (which the record requires)."""
        updated, counted_from = self._since
        counted = updated + timedelta(seconds=max(self.clock() - counted_from, 0.0))
        created = self.record.created
        return max(session_time(self.wall(), created), session_time(counted, created), self.record.updated)

    def _save(self, *where: Part) -> None:
        """Hand the changed record to the saver; ``where`` (default: the whole current segment) says
        what changed besides the record's own fields and the current segment's head."""
        self.record.updated = self.now()
        self.record.current = "" if self.finished else self.segment.id
        self._pin_focus(recheck=False)
        if self._deadline is not None:
            self.segment.elapsed_seconds = round(self._live_elapsed())
        if self._speaker is not None:
            self._bank_talk()
        parts = where or (("segments", self._index),)
        if self.saver is not None:
            self.saver(self.record, parts)
        for listener in list(self._listeners):
            listener(parts)

    # -- listeners ----------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` after every change (once it is handed to the saver, so in the journal)."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _head(self, index: int | None = None) -> Part:
        return ("segments", self._index if index is None else index, "head")

    def checkpoint(self) -> None:
        """Save the running timer's elapsed time and talk time (call it now and then)."""
        self._save(self._head())

    # -- team ---------------------------------------------------------------------------------
    @property
    def members(self) -> list[RecordMember]:
        return self.record.team.members

    @property
    def member_names(self) -> list[str]:
        return [m.name for m in self.record.team.members]

    def _member(self, name: str) -> str:
        for member in self.record.team.members:
            if member.name == name:
                return member.name
        raise DomainError(f"{name!r} is not on this team")

    # -- navigation ---------------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self._index

    @property
    def segment(self) -> SegmentBase:
        return self.record.segments[self._index]

    # -- focus: what is being answered -------------------------------------------------------------
    @property
    def focus(self) -> Focus:
        """The segment, item and round being answered now (read only: see :meth:`focus_item`)."""
        segment = self.segment
        item = segment.focus or None
        if item is None and segment.focus_items():  # not yet pinned (a file from before the focus)
            item = self._start_item(segment)
        return Focus(segment.id, item, self._round_of(segment, item) if item is not None else None)

    def focus_item(self, item_id: str) -> None:
        """Answer ``item_id`` of the current segment now (a criterion, statement or forecast item)."""
        segment = self.segment
        if item_id not in segment.focus_items():
            raise DomainError(f"there is no {item_id!r} to answer in '{segment.title}'")
        if segment.focus == item_id:
            return
        segment.focus = item_id
        self._save(self._head())

    def focus_step(self, step: int) -> None:
        """Move the focus ``step`` items on (round the ends) in the current segment."""
        items = self.segment.focus_items()
        if not items:
            raise DomainError(f"'{self.segment.title}' has nothing to answer one at a time")
        current = self.focus.item
        at = items.index(current) if current in items else 0
        self.focus_item(items[(at + step) % len(items)])

    def _pin_focus(self, recheck: bool = True) -> None:
        """The current segment's item as the record keeps it: where it was, else where to start
        (see :meth:`_start_item`); an item that is gone leaves the focus to the start. Every save
        pins it (without ``recheck``, a segment that has one keeps it unlooked at: a ballot costs
        no walk over the criteria)."""
        segment = self.segment
        if not recheck and segment.focus:
            return
        items = segment.focus_items()
        if segment.focus in items:
            return
        segment.focus = self._start_item(segment) if items else ""

    def _part_of(self, segment: SegmentBase) -> KindPart | None:
        """The engine part of a segment's kind (None: a kind without one, like a briefing)."""
        return None

    def _start_item(self, segment: SegmentBase) -> str:
        """Where answering starts in a segment first entered (each kind's part may say otherwise)."""
        part = self._part_of(segment)
        start = part.start_item(segment) if part is not None else None
        return start if start is not None else segment.focus_items()[0]

    def _round_of(self, segment: SegmentBase, item: str) -> int | None:
        """The current round of an item (None: its kind has no rounds)."""
        part = self._part_of(segment)
        return part.round_of(segment, item) if part is not None else None

    def _current(self, kind: type[S], not_here: str) -> S:
        """The current segment if it is a ``kind`` segment; otherwise a :class:`DomainError` saying
        ``'<title>' is a <kind> segment`` followed by ``not_here``."""
        segment = self.segment
        if not isinstance(segment, kind):
            raise DomainError(f"'{segment.title}' is a {segment.kind} segment{not_here}")
        return segment

    @property
    def segments(self) -> list[SegmentBase]:
        return list(self.record.segments)

    @property
    def finished(self) -> bool:
        return self.record.status == "finished"

    def _leave(self, status: str) -> bool:
        """Stop the current segment's timer and talk; returns whether it was running."""
        was_running = self._deadline is not None
        self._stop_timer()
        self._stop_talk()
        segment = self.segment
        if status in ("done", "skipped"):
            segment.status = status  # type: ignore[assignment]
            segment.ended = self.now()
        return was_running

    def _enter(self, index: int, run: bool) -> None:
        self._index = index
        self.record.current = self.segment.id
        segment = self.segment
        # a segment gone back to keeps 'done' (or 'skipped') while it has time used, until its timer
        # starts again: only the segment left half-way is 'paused', never two at once
        if segment.status in ("done", "skipped") and not segment.elapsed_seconds:
            segment.status = "pending"
        if run:
            self._start_timer()

    def next(self) -> None:
        """Close this segment as done and move to the next; the timer keeps running if it was."""
        self._advance("done")

    def skip(self) -> None:
        """Mark this segment skipped and move on."""
        self._advance("skipped")

    def _advance(self, status: str) -> None:
        """Leave the current segment as ``status`` ('done' or 'skipped') for the next one."""
        if self._index >= len(self.record.segments) - 1:
            raise DomainError("this is the last segment; finish the session instead")
        was_running = self._leave(status)
        self._enter(self._index + 1, was_running)
        self._save(self._head(self._index - 1), self._head())

    def previous(self) -> None:
        """Go back one segment; it reopens paused with the time it had used."""
        if self._index == 0:
            raise DomainError("this is the first segment")
        self.goto(self._index - 1)

    def goto(self, index: int) -> None:
        if not 0 <= index < len(self.record.segments):
            raise DomainError(f"there is no segment {index + 1}")
        if index == self._index:
            return
        leaving, left = self.segment, self._index
        self._leave("paused")
        if leaving.status == "pending" and leaving.elapsed_seconds:
            leaving.status = "paused"
        self._enter(index, False)
        self._save(self._head(left), self._head())

    def finish(self) -> None:
        """End the session: the current segment is done and the record is marked finished."""
        if self.finished:
            raise DomainError("the session is already finished")
        self._leave("done")
        self.record.status = "finished"
        self.record.ended = self.now()
        self._save(self._head())

    def reopen(self) -> None:
        if not self.finished:
            raise DomainError("the session is not finished")
        self.record.status = "in progress"
        self.record.ended = None
        segment = self.segment
        segment.status = "paused"
        self._save(self._head())

    # -- notes and decisions --------------------------------------------------------------------
    def set_notes(self, text: str) -> None:
        self.segment.notes = clean(text)
        self._save(self._head())

    def add_decision(self, text: str) -> None:
        """Record a decision, made in the current segment."""
        if not clean(text):
            raise DomainError("a decision needs some words")
        self.record.decisions.append(Decision(text=clean(text), segment=self.segment.id))
        self._save(self._head())

    def remove_decision(self, index: int) -> None:
        if not 0 <= index < len(self.record.decisions):
            raise DomainError(f"there is no decision {index + 1}")
        del self.record.decisions[index]
        self._save(self._head())

    # -- talk time ----------------------------------------------------------------------------
    @property
    def speaker(self) -> str | None:
        return self._speaker

    def _bank_talk(self) -> None:
        now = self.clock()
        spent = max(now - self._speaking_since, 0.0)
        self._speaking_since = now
        if self._speaker is None or spent == 0:
            return
        key = (self.segment.id, self._speaker)
        for share in self.segment.talk:
            if share.member == self._speaker:
                total = self._talked.get(key)
                total = (total if total is not None and round(total) == share.seconds else share.seconds) + spent
                self._talked[key] = total
                share.seconds = round(total)
                return
        self._talked[key] = spent
        self.segment.talk.append(TalkShare(member=self._speaker, seconds=round(spent)))

    def _stop_talk(self) -> None:
        if self._speaker is not None:
            self._bank_talk()
            self._speaker = None

    def speak(self, member: str | None) -> None:
        """Mark who is speaking now (None: nobody). Pressing the same member again stops them."""
        if member is not None:
            self._member(member)
        if self._speaker is not None:
            self._bank_talk()
        self._speaker = None if member == self._speaker else member
        self._speaking_since = self.clock()
        self._save(self._head())

    def talk_totals(self, segment: SegmentBase | None = None) -> dict[str, float]:
        segment = segment or self.segment
        totals: dict[str, float] = {}
        for share in segment.talk:
            exact = self._talked.get((segment.id, share.member))
            totals[share.member] = exact if exact is not None and round(exact) == share.seconds else float(share.seconds)
        if segment is self.segment and self._speaker is not None:
            totals[self._speaker] = totals.get(self._speaker, 0.0) + max(self.clock() - self._speaking_since, 0.0)
        return totals


class KindPart:
    """One kind's part of the engine, bound to a session: ``session.rated``, ``session.forecast``...

    Each kind's controller has its own namespace, so two kinds may both ``reveal`` and a new kind
    never has to invent a name another one took. It reaches the session's record, saving and
    current segment only through the few session members below."""

    def __init__(self, session: SessionCore) -> None:
        self._session = session

    # -- what a part may ask its session ------------------------------------------------------
    @property
    def record(self) -> SessionRecord:
        return self._session.record

    @property
    def members(self) -> list[RecordMember]:
        return self._session.members

    @property
    def _index(self) -> int:
        return self._session.index

    def now(self) -> datetime:
        return self._session.now()

    def _save(self, *where: Part) -> None:
        self._session._save(*where)

    def _member(self, name: str) -> str:
        return self._session._member(name)

    def _current(self, kind: type[S], not_here: str) -> S:
        return self._session._current(kind, not_here)

    def _pin_focus(self) -> None:
        self._session._pin_focus()

    # -- hooks the session calls --------------------------------------------------------------
    def start_item(self, segment: SegmentBase) -> str | None:
        """Where answering starts in a segment of this kind first entered (None: its first item)."""
        return None

    def round_of(self, segment: SegmentBase, item: str) -> int | None:
        """The current round of one of its items (None: this kind has no rounds)."""
        return None

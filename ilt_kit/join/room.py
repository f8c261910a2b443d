"""Who has joined from their own device, and what each device may see and do.

A :class:`JoinRoom` sits between the web server and the :class:`~ilt_kit.session.engine.Session`.
It holds the session token (from the QR link), the short code members can type instead, and one
claim per member (a token of its own, kept by the member's browser in a cookie). Everything a
phone sees is built here, for one member at a time: the current segment, that member's own
answers and, after a reveal, the result the room sees; nothing about another member's answers
before that. Every answer is the engine call a key press makes, so the engine's rules apply to
phones exactly as to the keyboard; a refusal comes back as :class:`Refused` with the engine's
message.

No web or terminal library is imported here: the server and the app both drive this object on
the app's own event loop.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from ilt_kit.content.models import Rubric, Scenario
from ilt_kit.session.engine import DomainError, Session
from ilt_kit.store.record import (
    BrainstormResult,
    ForecastResult,
    PrioritizeResult,
    RatedBase,
)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be mistaken for each other when read off a wall (no O/0, I/1/L)."""
CODE_LENGTH = 6
CODE_TRIES = 5
"""Wrong codes one address may type per :data:`CODE_WINDOW` seconds."""
CODE_WINDOW = 60.0
MAX_IDEA = 500
"""The longest idea a phone may send, in characters."""


class Refused(Exception):
    """A request the room or the engine does not accept: the message is shown on the phone."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Claim:
    member: str
    token: str
    since: float


@dataclass
class _Limiter:
    """At most ``tries`` failures per ``window`` seconds for each address."""

    tries: int = CODE_TRIES
    window: float = CODE_WINDOW
    clock: Callable[[], float] = time.monotonic
    failures: dict[str, deque[float]] = field(default_factory=dict)

    def blocked(self, who: str) -> bool:
        times = self.failures.get(who)
        if not times:
            return False
        while times and self.clock() - times[0] > self.window:
            times.popleft()
        return len(times) >= self.tries

    def failed(self, who: str) -> None:
        self.failures.setdefault(who, deque()).append(self.clock())


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(typed: str) -> str:
    """A typed code as it is compared: capitals, without spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


class JoinRoom:
    """Members answering from their own devices during one session.

    ``focus`` returns the id of the criterion or statement the facilitator's screen is on (for a
    rubric or survey segment), so phones follow the projected screen; ``changed`` is called after
    every change a phone makes, so the projected screen redraws.
    """

    def __init__(
        self,
        session: Session,
        *,
        scenario: Scenario | None = None,
        rubric_for: Callable[[str], Rubric | None] = lambda _id: None,
        focus: Callable[[], str | None] = lambda: None,
        changed: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.scenario = scenario
        self.rubric_for = rubric_for
        self.focus = focus
        self.changed = changed
        self.clock = clock
        self.token = secrets.token_urlsafe(16)  # 128 bits: unguessable, and short enough for a small QR code
        self.code = new_code()
        self.open = True
        """Whether new devices may join (claimed devices go on answering when it is closed)."""
        self.claims: dict[str, Claim] = {}
        """Claims by member name."""
        self._by_token: dict[str, Claim] = {}
        self.limiter = _Limiter(clock=clock)
        self.version = 0
        """Goes up when who has joined or whether joining is open changes (what devices that have not
        claimed a name are shown); answers are watched in :meth:`answers_key`."""

    # -- tokens and claims ----------------------------------------------------------------------
    def session_token_ok(self, token: str) -> bool:
        return hmac.compare_digest(token.encode(), self.token.encode())

    def check_code(self, typed: str, who: str) -> str:
        """The session token for a typed code; wrong codes from one address are rate limited."""
        if self.limiter.blocked(who):
            raise Refused("too many wrong codes: wait a minute and try again", 429)
        if not self.open:
            raise Refused("joining is closed; ask the facilitator", 403)
        if not hmac.compare_digest(normal_code(typed).encode(), self.code.encode()):
            self.limiter.failed(who)
            raise Refused("that is not the code on the screen", 403)
        return self.token

    def member_for(self, member_token: str | None) -> str | None:
        """The member a device's cookie belongs to (None: not claimed, or released)."""
        if not member_token:
            return None
        claim = self._by_token.get(member_token)
        return claim.member if claim is not None else None

    def claim(self, name: str, current: str | None = None) -> Claim:
        """Give ``name`` to a device. ``current`` is the token the device already holds: a device
        that holds this member's claim keeps it (a reload or a rejoin)."""
        if name not in self.session.member_names:
            raise Refused(f"{name!r} is not on this team")
        held = self.claims.get(name)
        if held is not None:
            if current and hmac.compare_digest(current.encode(), held.token.encode()):
                return held
            raise Refused(f"{name} is already answering on another device; the facilitator can release it", 409)
        if not self.open:
            raise Refused("joining is closed; ask the facilitator", 403)
        if current and current in self._by_token:  # one device answers for one member
            self.release(self._by_token[current].member)
        claim = Claim(member=name, token=secrets.token_urlsafe(24), since=self.clock())
        self.claims[name] = claim
        self._by_token[claim.token] = claim
        self._bump()
        return claim

    def release(self, name: str) -> None:
        """The facilitator frees a member's name (a dead phone): another device may claim it. The
        member's answers stay; they are the session's, not the device's."""
        claim = self.claims.pop(name, None)
        if claim is not None:
            self._by_token.pop(claim.token, None)
            self._bump()

    def set_open(self, open_: bool) -> None:
        self.open = open_
        self._bump()

    def _bump(self) -> None:
        self.version += 1
        self.changed()

    # -- what the screen is on ------------------------------------------------------------------
    def _criterion(self):  # noqa: ANN202
        segment = self.session.segment
        if not isinstance(segment, RatedBase) or not segment.criteria:
            return None
        wanted = self.focus()
        for criterion in segment.criteria:
            if criterion.id == wanted:
                return criterion
        return segment.criteria[0]

    def _prompt(self) -> str:
        if self.scenario is None:
            return ""
        for seg in self.scenario.segments:
            if seg.id == self.session.segment.id:
                return seg.prompt.strip()
        return ""

    def public_key(self) -> tuple:
        """Changes whenever what every device is shown may change (the segment, the criterion on
        screen and its rounds, the ideas or items to answer on); holds no answer."""
        session = self.session
        segment = session.segment
        key: tuple = (session.index, segment.id, session.finished, self.open, self.version)
        criterion = self._criterion()
        if criterion is not None:
            rnd = criterion.rounds[-1]
            key += (criterion.id, len(criterion.rounds), rnd.mode, rnd.revealed, criterion.agreed)
            if rnd.revealed is not None:  # from now on everyone sees the counts
                key += (len(rnd.ballots),)
        elif isinstance(segment, PrioritizeResult):
            key += (tuple((i.id, i.text) for i in session.source_ideas(segment)),)
        elif isinstance(segment, ForecastResult):
            key += (tuple((i.id, i.title) for i in segment.items),)
        return key

    def answers_key(self) -> dict[str, tuple]:
        """Each member's own answers in the current segment, in one walk over them: a device's
        view changes when the public key or its member's entry here changes. Never sent."""
        segment = self.session.segment
        mine: dict[str, tuple] = {}
        criterion = self._criterion()
        if criterion is not None:
            for ballot in criterion.rounds[-1].ballots:
                mine[ballot.member] = (ballot.level,)
        elif isinstance(segment, PrioritizeResult):
            for dot in segment.dots:
                mine[dot.member] = mine.get(dot.member, ()) + ((dot.idea, dot.count),)
        elif isinstance(segment, ForecastResult):
            for item in segment.items:
                for rating in item.ratings:
                    mine[rating.member] = mine.get(rating.member, ()) + ((item.id, rating.likelihood, rating.impact),)
        elif isinstance(segment, BrainstormResult):
            for idea in segment.ideas:
                if idea.author:
                    mine[idea.author] = mine.get(idea.author, ()) + ((idea.id, idea.text),)
        return mine

    # -- what one device sees --------------------------------------------------------------------
    def view(self, member: str | None) -> dict[str, Any]:
        """Everything one device is sent: built from the session and this member's own answers."""
        session = self.session
        segment = session.segment
        data: dict[str, Any] = {
            "session": session.record.title,
            "team": session.record.team.name,
            "open": self.open,
            "me": member,
            "segment": {
                "id": segment.id,
                "kind": segment.kind,
                "title": segment.title,
                "prompt": self._prompt(),
                "number": session.index + 1,
                "of": len(session.segments),
            },
            "finished": session.finished,
        }
        if member is None:
            data["members"] = [{"name": name, "free": name not in self.claims} for name in session.member_names]
            return data
        task: dict[str, Any] = {"kind": "screen"}
        if session.finished:
            task = {"kind": "finished"}
        elif isinstance(segment, RatedBase):
            task = self._rated_task(segment, member)
        elif isinstance(segment, ForecastResult):
            task = {
                "kind": "forecast",
                "label": segment.item_label,
                "items": [
                    {
                        "id": item.id,
                        "title": item.title,
                        "description": item.description,
                        "mine": next(
                            ({"likelihood": r.likelihood, "impact": r.impact} for r in item.ratings if r.member == member),
                            None,
                        ),
                    }
                    for item in segment.items
                ],
            }
        elif isinstance(segment, BrainstormResult):
            task = {"kind": "brainstorm", "mine": [idea.text for idea in segment.ideas if idea.author == member]}
        elif isinstance(segment, PrioritizeResult):
            mine: dict[int, int] = {}
            for dot in segment.dots:
                if dot.member == member:
                    mine[dot.idea] = mine.get(dot.idea, 0) + dot.count
            task = {
                "kind": "prioritize",
                "budget": segment.budget,
                "left": segment.budget - sum(mine.values()),
                "ideas": [
                    {"id": idea.id, "text": idea.text, "theme": idea.theme, "mine": mine.get(idea.id, 0)}
                    for idea in session.source_ideas(segment)
                ],
            }
        data["task"] = task
        return data

    def _rated_task(self, segment: RatedBase, member: str) -> dict[str, Any]:
        criterion = self._criterion()
        assert criterion is not None
        rnd = criterion.rounds[-1]
        rubric = self.rubric_for(segment.rubric_id)
        content = rubric.criterion(criterion.id) if rubric is not None else None
        general = {level.value: level.descriptor for level in rubric.scale.levels} if rubric is not None else {}
        levels = [
            {
                "value": level.value,
                "label": level.label,
                "descriptor": (content.descriptors.get(level.value, "") if content is not None else "")
                or general.get(level.value, ""),
            }
            for level in segment.scale
        ]
        task: dict[str, Any] = {
            "kind": segment.kind,
            "criterion": {
                "id": criterion.id,
                "title": criterion.title,
                "group": criterion.group,
                "statement": criterion.statement,
                "vision": (content.vision.strip() if content is not None and segment.kind == "rubric" else ""),
            },
            "position": [segment.criteria.index(criterion) + 1, len(segment.criteria)],
            "round": rnd.number,
            "mode": rnd.mode,
            "levels": levels,
            "revealed": rnd.revealed is not None,
            "mine": next((b.level for b in rnd.ballots if b.member == member), None),
        }
        if rnd.revealed is not None:
            stats = self.session.stats(criterion.id)
            task["result"] = {
                "counts": [{"value": value, "count": count} for value, count in sorted(stats.counts.items())],
                "total": stats.total,
                "median": stats.median,
                "agreement": stats.agreement,
                "agreed": criterion.agreed,
            }
        return task

    # -- answers ----------------------------------------------------------------------------------
    def answer(self, member: str, data: dict[str, Any]) -> None:
        """One answer from ``member``'s device, as the engine call a key press makes."""
        session = self.session
        kind = data.get("kind")
        segment = session.segment
        if session.finished:
            raise Refused("the session is finished")
        if kind != segment.kind:
            raise Refused(f"the screen has moved on to '{segment.title}'", 409)
        try:
            if isinstance(segment, RatedBase):
                criterion = self._criterion()
                assert criterion is not None
                if data.get("criterion") != criterion.id:
                    raise Refused(f"the screen has moved on to '{criterion.title}'", 409)
                level = data.get("level")
                if level == "withdraw":
                    session.withdraw(criterion.id, member)
                else:
                    session.cast(criterion.id, member, _whole(level, "level"), source="phone")
            elif isinstance(segment, ForecastResult):
                session.rate(
                    str(data.get("item", "")), member, _whole(data.get("likelihood"), "likelihood"),
                    _whole(data.get("impact"), "impact"),
                )
            elif isinstance(segment, BrainstormResult):
                text = data.get("text")
                if not isinstance(text, str):
                    raise Refused("send the idea as text")
                if len(text) > MAX_IDEA:
                    raise Refused(f"an idea is at most {MAX_IDEA} characters")
                session.add_idea(text, author=member)
            elif isinstance(segment, PrioritizeResult):
                idea = _whole(data.get("idea"), "idea")
                if data.get("remove"):
                    session.remove_dot(member, idea)
                else:
                    session.place_dot(member, idea)
            else:
                raise Refused("nothing to answer here: look at the screen")
        except DomainError as error:
            raise Refused(str(error)) from None
        self.changed()  # the projected screen shows who has answered; no other device's view changed


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Refused(f"{name} must be a whole number")
    return value

"""Who has joined from their own device, and what each device may see and do.

A :class:`JoinRoom` sits between the web server and the :class:`~ilt_kit.session.engine.Session`.
It holds the session token (from the QR link), the short code members can type instead, and one
claim per member (a token of its own, kept by the member's browser in a cookie). Everything a
phone sees is built here, for one device at a time: the current segment, the answers that device
itself sent and, after a reveal, the result the room sees; nothing about another member's answers
before that. An answer of the device's member that came from elsewhere (the shared keyboard, or a
device that held the name before) is shown only as "already answered", never its level or
values, until the reveal: picking up a free name must not show anyone what that member chose.
Every answer is the engine call a key press makes, so the engine's rules apply to phones exactly
as to the keyboard; a refusal comes back as :class:`Refused` with the engine's message.

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

from ilt_kit.content.kinds import KINDS
from ilt_kit.content.models import Rubric, Scenario
from ilt_kit.join.kept import KeptClaim, KeptJoin, sent_entries
from ilt_kit.join.phones import PHONES
from ilt_kit.join.phones.base import Refused
from ilt_kit.session.engine import DomainError, Session

__all__ = ["Claim", "JoinRoom", "Refused", "new_code", "normal_code"]

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be mistaken for each other when read off a wall (no O/0, I/1/L)."""
CODE_LENGTH = 6
CODE_TRIES = 5
"""Wrong codes one address may type per :data:`CODE_WINDOW` seconds."""
CODE_WINDOW = 60.0
CODE_ADDRESSES = 1024
"""Addresses whose wrong codes are remembered one by one (memory stays bounded). Beyond them, in a
flood from many addresses, the wrong codes of addresses not remembered count towards one
allowance of ``CODE_TRIES * CODE_ADDRESSES`` a window; once it is used up the code changes (the
join screen shows the new one), so guessing from ever more addresses gains nothing. No address
is ever refused for other addresses' wrong codes."""
MAX_IDEAS = 50
"""The most ideas one member may send from phones in one segment (the keyboard has no limit)."""
IDEA_BURST = 5
IDEA_EVERY = 3.0
"""A device may send :data:`IDEA_BURST` ideas at once, then one more every ``IDEA_EVERY`` seconds."""
ANSWER_BURST = 20
ANSWER_EVERY = 0.25
"""A device may send :data:`ANSWER_BURST` other answers (levels, ratings, dots) at once, then one
more every ``ANSWER_EVERY`` seconds."""
WAITING_PER_NAME = 4
WAITING_PER_ADDRESS = 3
"""Devices that may wait for the facilitator to let them in, for one name and from one address."""
REQUESTS_KEPT = 256
"""Request ids of answers each device had recorded, kept so that a resent answer is recorded once."""
MAX_REQUEST = 64
"""The longest request id a page may send, in characters."""
MOVED_ON = "the screen moved on: here is the current question"
"""What a phone is told when its answer names a segment, item or round that is no longer the one
being answered (the reply carries the current view)."""
LABEL_LENGTH = 4
"""Characters of the label a waiting device shows, so the facilitator lets in the right one."""


@dataclass
class _Bucket:
    """At most ``burst`` at once, then one more every ``every`` seconds."""

    burst: int
    every: float
    level: float = -1.0
    at: float = 0.0

    def take(self, now: float) -> bool:
        if self.level < 0:
            self.level, self.at = float(self.burst), now
        self.level = min(float(self.burst), self.level + (now - self.at) / self.every)
        self.at = now
        if self.level < 1:
            return False
        self.level -= 1
        return True


@dataclass
class Claim:
    member: str
    token: str
    since: float
    label: str = ""
    """What a device waiting for the facilitator shows, and the join screen beside it."""
    who: str = ""
    """The address the claim came from."""
    ideas: _Bucket = field(default_factory=lambda: _Bucket(IDEA_BURST, IDEA_EVERY))
    answers: _Bucket = field(default_factory=lambda: _Bucket(ANSWER_BURST, ANSWER_EVERY))
    sent: dict[tuple, Any] = field(default_factory=dict)
    """What this device itself sent and may be shown again: by (segment id, criterion id, round)
    the level of its ballot; by (segment id, item id) its (likelihood, impact); by (segment id,
    idea id) the dots it placed there. The claim's token is the device: a device that claims a
    name anew (after a release) starts with nothing sent."""
    recorded: dict[str, None] = field(default_factory=dict)
    """The request ids of this device's answers that were recorded (the newest
    :data:`REQUESTS_KEPT`): an answer sent again with one of them is acknowledged, not recorded twice."""


@dataclass
class _Limiter:
    """At most ``tries`` failures per ``window`` seconds for each address, remembered for at most
    ``addresses`` addresses; the failures of addresses beyond them are counted together (see
    :data:`CODE_ADDRESSES`) and never block anyone."""

    tries: int = CODE_TRIES
    window: float = CODE_WINDOW
    clock: Callable[[], float] = time.monotonic
    addresses: int = CODE_ADDRESSES
    failures: dict[str, deque[float]] = field(default_factory=dict)
    others: deque[float] = field(default_factory=deque)
    """When addresses not remembered typed wrong codes, in the window."""
    oldest: float = float("-inf")
    """No remembered address failed last before this moment (the earliest last failure at the
    last look over them; later failures only come after it): until the window has passed it,
    there is none to forget, and a full table is not looked over again at each wrong code."""

    def _key(self, who: str) -> str | None:
        """The address itself if it is (or can now be) remembered; None if the table is full."""
        if who in self.failures or len(self.failures) < self.addresses:
            return who
        self._forget()
        return who if len(self.failures) < self.addresses else None

    def _forget(self) -> None:
        """Drops the addresses whose last failure is older than the window."""
        now = self.clock()
        if now - self.oldest <= self.window:
            return  # every address failed within the window: none to drop
        for who in [who for who, times in self.failures.items() if not times or now - times[-1] > self.window]:
            del self.failures[who]
        self.oldest = min((times[-1] for times in self.failures.values()), default=now)

    def blocked(self, who: str) -> bool:
        times = self.failures.get(who)
        if not times:
            return False
        while times and self.clock() - times[0] > self.window:
            times.popleft()
        return len(times) >= self.tries

    def failed(self, who: str) -> bool:
        """Count a wrong code from ``who``; True when the allowance of the addresses not
        remembered is used up (the code must change)."""
        now = self.clock()
        key = self._key(who)
        if key is not None:
            self.failures.setdefault(key, deque()).append(now)
            return False
        while self.others and now - self.others[0] > self.window:
            self.others.popleft()
        self.others.append(now)
        if len(self.others) >= self.tries * self.addresses:
            self.others.clear()
            return True
        return False


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normal_code(typed: str) -> str:
    """A typed code as it is compared: capitals, without spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


class JoinRoom:
    """Members answering from their own devices during one session.

    Phones follow the engine's focus (:attr:`Session.focus`: the segment, the criterion or
    statement and its round), which the facilitator's screen moves through the engine; nothing
    here asks the screen. ``changed`` is called after every change a phone makes, so the
    projected screen redraws; :attr:`wake` after every change of the room itself (who has
    joined, whether joining is open), so the server's streams look again.
    """

    def __init__(
        self,
        session: Session,
        *,
        scenario: Scenario | None = None,
        rubric_for: Callable[[str], Rubric | None] = lambda _id: None,
        changed: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.scenario = scenario
        self.rubric_for = rubric_for
        self.changed = changed
        self.wake: Callable[[], None] = lambda: None
        """Set by the server: told when the room changes (claims, joining open or closed)."""
        self.keep: Callable[[bool], None] = lambda _now: None
        """Told when what is kept across a restart changes (:meth:`kept`): ``True`` for the room
        itself (a claim, the code, joining open), to be kept at once; ``False`` for what a device
        sent (an answer), which may be kept a moment later."""
        self.clock = clock
        self.token = secrets.token_urlsafe(16)  # 128 bits: unguessable, and short enough for a small QR code
        self.code = new_code()
        self.open = True
        """Whether new devices may join (claimed devices go on answering when it is closed)."""
        self.claims: dict[str, Claim] = {}
        """Claims by member name."""
        self.approve_each = False
        """Whether each new device waits until the facilitator lets it in."""
        self.locked: set[str] = set()
        """Names the facilitator released: the next device to hold one is the one the facilitator lets in."""
        self.waiting: dict[str, Claim] = {}
        """Devices waiting for the facilitator to let them in, by their claim's token."""
        self._by_token: dict[str, Claim] = {}
        self._sends: dict[str, int] = {}
        """How many answers each member's devices have sent (what a device is shown depends on it)."""
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
            if self.limiter.failed(who):  # guessed at from too many addresses: a new code
                self.code = new_code()
                self._bump()
            raise Refused("that is not the code on the screen", 403)
        return self.token

    def member_for(self, member_token: str | None) -> str | None:
        """The member a device's cookie belongs to (None: not claimed, or released)."""
        claim = self._claim_of(member_token)
        return claim.member if claim is not None else None

    def _claim_of(self, member_token: str | None) -> Claim | None:
        return self._by_token.get(member_token) if member_token else None

    def waiting_for(self, member_token: str | None) -> Claim | None:
        """The claim of a device that waits for the facilitator to let it in (None: it does not)."""
        return self.waiting.get(member_token) if member_token else None

    def claim(self, name: str, current: str | None = None, who: str = "") -> Claim:
        """Give ``name`` to a device. ``current`` is the token the device already holds: a device
        that holds this member's claim keeps it (a reload or a rejoin). When the facilitator lets
        each device in (:attr:`approve_each`), or released this name, the claim waits in
        :attr:`waiting` until :meth:`approve`; ``who`` is the device's address."""
        if name not in self.session.member_names:
            raise Refused(f"{name!r} is not on this team")
        held = self.claims.get(name)
        if held is not None:
            if current and hmac.compare_digest(current.encode(), held.token.encode()):
                return held
            raise Refused(f"{name} is already answering on another device; the facilitator can release it", 409)
        waiting = self.waiting_for(current)
        if waiting is not None and waiting.member == name:
            return waiting
        if not self.open:
            raise Refused("joining is closed; ask the facilitator", 403)
        if waiting is not None:  # it waits for another name now
            del self.waiting[waiting.token]
        if self.approve_each or name in self.locked:
            return self._wait(name, who)
        if current and current in self._by_token:  # one device answers for one member
            self._unclaim(self._by_token[current].member)
        claim = Claim(member=name, token=secrets.token_urlsafe(24), since=self.clock(), who=who)
        self.claims[name] = claim
        self._by_token[claim.token] = claim
        self._bump()
        return claim

    def _wait(self, name: str, who: str) -> Claim:
        if sum(claim.member == name for claim in self.waiting.values()) >= WAITING_PER_NAME:
            raise Refused(f"too many devices are waiting for {name}; ask the facilitator", 429)
        if sum(claim.who == who for claim in self.waiting.values()) >= WAITING_PER_ADDRESS:
            raise Refused("too many devices from here are waiting; ask the facilitator", 429)
        labels = {claim.label for claim in self.waiting.values()}
        label = new_code(LABEL_LENGTH)
        while label in labels:
            label = new_code(LABEL_LENGTH)
        claim = Claim(member=name, token=secrets.token_urlsafe(24), since=self.clock(), label=label, who=who)
        self.waiting[claim.token] = claim
        self._bump()
        return claim

    def approve(self, member_token: str) -> Claim | None:
        """The facilitator lets a waiting device in: it holds its name from now on (a device
        holding the name before is let go), and the other devices waiting for it are turned away."""
        claim = self.waiting.pop(member_token, None)
        if claim is None:
            return None
        self._unclaim(claim.member)
        for token in [token for token, other in self.waiting.items() if other.member == claim.member]:
            del self.waiting[token]
        self.claims[claim.member] = claim
        self._by_token[claim.token] = claim
        self.locked.discard(claim.member)
        self._bump()
        return claim

    def turn_away(self, member_token: str) -> None:
        """The facilitator refuses a waiting device: it may ask again."""
        if self.waiting.pop(member_token, None) is not None:
            self._bump()

    def set_approve_each(self, on: bool) -> None:
        self.approve_each = on
        self._bump()

    def release(self, name: str) -> None:
        """The facilitator frees a member's name (a dead phone): another device may claim it, and
        the next to hold it is the device the facilitator lets in. The member's answers stay;
        they are the session's, not the device's."""
        self._unclaim(name)
        self.locked.add(name)
        self._bump()

    def _unclaim(self, name: str) -> None:
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
        self.wake()
        self.keep(True)

    # -- kept across a restart --------------------------------------------------------------------
    def kept(self, port: int) -> KeptJoin:
        """What lets the same link, code and claims work after the app starts again (``port``:
        where the server listens). Devices waiting to be let in are not kept: they ask again."""
        return KeptJoin(
            token=self.token,
            code=self.code,
            port=port,
            open=self.open,
            approve_each=self.approve_each,
            locked=sorted(self.locked),
            claims=[KeptClaim(member=c.member, token=c.token, sent=sent_entries(c.sent)) for c in self.claims.values()],
        )

    def restore(self, kept: KeptJoin) -> None:
        """Take the link, code and claims of a join kept before a restart (claims of names no
        longer on the team are dropped)."""
        names = set(self.session.member_names)
        self.token, self.code = kept.token, kept.code
        self.open, self.approve_each = kept.open, kept.approve_each
        self.locked = {name for name in kept.locked if name in names}
        self.claims.clear()
        self._by_token.clear()
        for saved in kept.claims:
            if saved.member not in names or saved.member in self.claims or saved.token in self._by_token:
                continue
            claim = Claim(member=saved.member, token=saved.token, since=self.clock(), sent=kept.sent_of(saved))
            self.claims[claim.member] = claim
            self._by_token[claim.token] = claim
        self.version += 1

    # -- what is being answered ---------------------------------------------------------------------
    def focus(self) -> str | None:
        """The id of the item being answered (the engine's focus; None in a segment without items)."""
        return self.session.focus.item

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
        return key + PHONES[segment.kind].public(self, segment)

    def answers_key(self) -> dict[str, tuple]:
        """Each member's own answers in the current segment, in one walk over them: a device's
        view changes when the public key or its member's entry here changes. Never sent."""
        segment = self.session.segment
        mine: dict[str, tuple] = {}
        PHONES[segment.kind].answers(self, segment, mine)
        for member, sends in self._sends.items():  # what a device sent itself is shown to it
            mine[member] = mine.get(member, ()) + (sends,)
        return mine

    # -- what one device sees --------------------------------------------------------------------
    def view(self, member: str | None, device: str | None = None) -> dict[str, Any]:
        """Everything one device is sent: built from the session and, for its member, the answers
        this device sent itself (``device`` is its claim's token; without one it has sent none).
        Before a reveal a device is told only *that* its member has answered elsewhere, never what."""
        sent = self._sent_by(device, member)
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
                "phone": KINDS[segment.kind].phone,  # which of the page's kind views shows its task
                "title": segment.title,
                "prompt": self._prompt(),
                "number": session.index + 1,
                "of": len(session.segments),
            },
            "finished": session.finished,
        }
        focus = session.focus
        data["address"] = {"segment": focus.segment, "item": focus.item, "round": focus.round}
        if member is None:
            data["members"] = [{"name": name, "free": name not in self.claims} for name in session.member_names]
            waiting = self.waiting_for(device)
            if waiting is not None:
                data["waiting"] = {"name": waiting.member, "device": waiting.label}
            return data
        data["task"] = {"kind": "finished"} if session.finished else PHONES[segment.kind].task(self, segment, member, sent)
        return data

    def _sent_by(self, device: str | None, member: str | None) -> dict[tuple, Any]:
        """What the device with claim token ``device`` sent for ``member`` (nothing, for any other)."""
        claim = self._claim_of(device)
        return claim.sent if claim is not None and claim.member == member else {}

    # -- answers ----------------------------------------------------------------------------------
    def answer(self, member: str, data: dict[str, Any], device: str | None = None) -> None:
        """One answer from ``member``'s device (``device``: its claim's token), as the engine call a
        key press makes. The device may be shown again what it sent (see :meth:`view`).

        An answer is addressed: the page sends back the ``segment``, ``item`` (``criterion`` for a
        rubric or survey) and ``round`` it was shown, and one that names another than the one being
        answered now (the engine's focus) is refused with :data:`MOVED_ON` (409), never recorded
        elsewhere. A ``request`` id makes it idempotent: sent again by the same device (a reply
        lost on the way), it is acknowledged without being recorded again. The engine call has
        written the change's journal line when this returns, so the reply comes after it."""
        sent = self._sent_by(device, member)
        claim = self._claim_of(device)
        mine = claim if claim is not None and claim.member == member else None
        request = _request_id(data.get("request"))
        if request is not None and mine is not None and request in mine.recorded:
            return  # recorded already: the reply is sent again, the answer is not
        session = self.session
        kind = data.get("kind")
        segment = session.segment
        if session.finished:
            raise Refused("the session is finished")
        if kind != segment.kind or data.get("segment", segment.id) != segment.id:
            raise Refused(MOVED_ON, 409)
        phone = PHONES[segment.kind]
        self._slow_down(member, device, segment, phone)
        try:
            phone.answer(self, segment, member, data, sent)
        except DomainError as error:
            raise Refused(str(error)) from None
        self._sends[member] = self._sends.get(member, 0) + 1
        if request is not None and mine is not None:
            mine.recorded[request] = None
            if len(mine.recorded) > REQUESTS_KEPT:
                del mine.recorded[next(iter(mine.recorded))]
        self.keep(False)  # what the device sent is shown to it again, after a restart too
        self.changed()  # the projected screen shows who has answered; no other device's view changed


    def _slow_down(self, member: str, device: str | None, segment: object, phone: Any) -> None:
        """Refuse an answer over the device's rate, or an idea over the member's cap."""
        claim = self._claim_of(device)
        brainstorm = phone.IDEAS
        if brainstorm and phone.full(segment, member, MAX_IDEAS):
            raise Refused(f"at most {MAX_IDEAS} ideas from one member here: merge or edit them on the screen", 429)
        if claim is None:
            return
        if brainstorm and not claim.ideas.take(self.clock()):
            raise Refused(f"slow down: one idea every {IDEA_EVERY:g} seconds", 429)
        if not brainstorm and not claim.answers.take(self.clock()):
            raise Refused("slow down: too many answers at once; try again in a moment", 429)


def _request_id(value: object) -> str | None:
    """A page's request id (None: it sent none)."""
    if value is None:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= MAX_REQUEST:
        raise Refused(f"a request id is a text of 1 to {MAX_REQUEST} characters")
    return value

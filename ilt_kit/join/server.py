"""The web server members' phones talk to, run on the app's own event loop.

One page (``static/``) is served at ``/j/<session token>``; the typed code at ``/`` leads there
too. The page gets what its member should see from ``state`` and then from ``events`` (Server-Sent
Events), and posts answers as JSON to ``answer``. A device proves who it answers for with its own
HttpOnly cookie, given when it claims a member's name.

Every connection passes a :class:`~ilt_kit.join.gate.Gate` (caps per address and in all, and file
descriptors kept for saving) and must send a whole request in time. Every request passes one
middleware (:func:`_guard`), which turns every refusal into a 4xx with a one-line reason the page
shows, and every body is read, decoded and checked in one place (:func:`_body`).

:class:`JoinServer` starts and stops the site (an aiohttp ``AppRunner`` behind a listening socket of
its own, each connection a :class:`~ilt_kit.join.gate.Door`); no thread of its own ever touches the
session: every handler runs on the loop that runs the app.
"""

from __future__ import annotations

import asyncio
import json
import socket
from functools import cache
from importlib import resources
from typing import Any, Callable

from aiohttp import web

from ilt_kit.content.kinds import KINDS
from ilt_kit.join.gate import Door, Gate, doors_for, fd_limit
from ilt_kit.join.qr import svg
from ilt_kit.join.room import JoinRoom, Refused

COOKIE = "ilt_member"
TICK = 2.0
"""Seconds between two slow looks at the session. Every engine change and every change of the room
is pushed at once (the hub listens to both); this look only catches a change no engine call made."""
HEARTBEAT = 15.0
MAX_STREAMS = 500
"""Event streams of devices that hold no name, open at once; more are refused (each holds a
connection and is woken on changes). A device that holds a name (or waits for the facilitator to
let it in) has one stream of its own: a new one ends the old one (a reload)."""
STREAMS_PER_ADDRESS = 3
"""Event streams one address may hold without a name (a page open in a few tabs)."""
MAX_CONNECTIONS = 600
"""Connections open at once, from every device (fewer when the descriptor limit is low)."""
PER_ADDRESS = 16
"""Connections one address may hold at once (a browser opens up to six to one server)."""
FD_RESERVE = 32
"""File descriptors never given to connections: they are kept for saving the session."""
BACKLOG = 16
"""Connections the event loop accepts at once. It accepts that many again before the gate has seen
(and closed) the ones it refuses: four times as many descriptors are left free for them."""
LISTEN_QUEUE = 1024
"""Connections the system holds until they are accepted (they cost the process no descriptor).
A connection that finds the queue full is never accepted, so the server could not close it
either: many arriving at once must all find a place."""
REQUEST_TIMEOUT = 10.0
"""Seconds a connection has to send a whole request (from its opening or its last answer), and a
request to send its body; a connection that does not is closed."""
WRITE_TIMEOUT = 10.0
"""Seconds a device may leave an event unread (its buffers full) before its stream is dropped."""
MAX_BODY = 16 * 1024
LOOPBACK = "127.0.0.1"

ROOM: web.AppKey[JoinRoom] = web.AppKey("room", JoinRoom)
HUB: web.AppKey["Hub"] = web.AppKey("hub", object)  # type: ignore[arg-type]
DOORS: web.AppKey[dict] = web.AppKey("doors", dict)
"""The open connections' :class:`~ilt_kit.join.gate.Door` by transport (empty under a test client)."""
TOKEN_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
}


def lan_address() -> str:
    """This machine's address on its local network, found without sending anything (a UDP socket
    is pointed at a private address, which only asks the system for its route); the loopback
    address when there is no network."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 9))  # no packet is sent by connect on a UDP socket
        address = probe.getsockname()[0]
    except OSError:
        address = LOOPBACK
    finally:
        probe.close()
    return address


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _asset(*name: str) -> bytes:
    return resources.files("ilt_kit.join").joinpath("static", *name).read_bytes()


KINDS_MARK = b"<!-- kinds:"


@cache
def kind_scripts() -> tuple[str, ...]:
    """Each kind's own view of its task on the page, ``static/kinds/<phone>.js``, for every phone
    part the registry names that has one (one that only says to look at the screen has none)."""
    folder = resources.files("ilt_kit.join").joinpath("static", "kinds")
    phones = dict.fromkeys(kind.phone for kind in KINDS.values() if kind.phone)
    return tuple(f"{phone}.js" for phone in phones if folder.joinpath(f"{phone}.js").is_file())


@cache
def _page() -> bytes:
    """The page, with a script tag for each kind's own file after the shared ``page.js`` (scripts
    of this site only: the policy allows no other, and no inline script)."""
    html = _asset("page.html")
    start = html.index(KINDS_MARK)
    end = html.index(b"\n", start) + 1
    tags = "".join(f'<script src="/static/kinds/{name}" defer></script>\n' for name in kind_scripts())
    return html[:start] + tags.encode() + html[end:]


class Hub:
    """Hears every change of the session (it listens to the engine) and of the room, and wakes the
    open event streams when what a device is shown may have changed. Each stream then sends its
    device a new view only when the public part or its own member's answers changed: one member's
    answer wakes every stream, but only that member's view is built again. Changes heard in one
    turn of the loop are looked at once; a slow look every :data:`TICK` seconds catches what no
    engine call made (another program's edit of the file taken in)."""

    def __init__(self, room: JoinRoom) -> None:
        self.room = room
        self.event = asyncio.Event()
        self.closing = asyncio.Event()
        self.public: tuple = ()
        self.answers: dict[str, tuple] = {}
        self.streams = 0
        """Event streams open now."""
        self.nameless: dict[str, int] = {}
        """Streams of devices without a name, by address (at most :data:`STREAMS_PER_ADDRESS` each
        and :data:`MAX_STREAMS` in all)."""
        self.by_device: dict[str, object] = {}
        """The one stream of each device that holds a name or waits for one, by its claim's token."""
        self._task: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._due = False
        self.ending: str | None = None
        """Why the streams end, told to every page as they close (None: the app stops or crashes,
        and the pages keep trying to reach it)."""

    def heard(self, _parts: object = ()) -> None:
        """A change of the session or the room: look at it once the loop is free (a burst of
        changes in one turn is one look)."""
        if not self._due and self._loop is not None and not self.closing.is_set():
            self._due = True
            self._loop.call_soon_threadsafe(self._look)

    def _look(self) -> None:
        self._due = False
        if not self.closing.is_set():
            self.check()

    def poke(self) -> None:
        self.event.set()
        self.event = asyncio.Event()

    def check(self) -> None:
        public, answers = self.room.public_key(), self.room.answers_key()
        if public != self.public or answers != self.answers:
            self.public, self.answers = public, answers
            self.poke()

    def key_of(self, member: str | None) -> tuple:
        return (self.public, member, self.answers.get(member, ()) if member else ())

    async def _watch(self) -> None:
        while not self.closing.is_set():
            self.check()
            try:
                await asyncio.wait_for(self.closing.wait(), TICK)
            except asyncio.TimeoutError:
                pass

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.room.session.subscribe(self.heard)
        self.room.wake = self.heard
        self.check()
        self._task = self._loop.create_task(self._watch())

    async def stop(self, ending: str | None = None) -> None:
        if self.closing.is_set():
            return
        self.ending = ending
        self.room.session.unsubscribe(self.heard)
        self.room.wake = lambda: None
        self.closing.set()
        self.poke()
        if self._task is not None:
            await self._task


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=lambda d: json.dumps(d, ensure_ascii=False))


def _refusal(error: Refused) -> web.Response:
    return _json({"error": str(error)}, status=error.status)


def _room(request: web.Request) -> JoinRoom:
    """The room, once the session token in the address is checked (404 otherwise)."""
    room = request.app[ROOM]
    if not room.session_token_ok(request.match_info.get("token", "")):
        raise web.HTTPNotFound(text="This join link is not (or no longer) valid: ask for the code on the screen.")
    return room


def _device(request: web.Request) -> str | None:
    """The device's claim token from its cookie; None for one that cannot be a token (any other
    character, a byte that is not text, too long)."""
    value = request.cookies.get(COOKIE)
    if not value or len(value) > 64 or not TOKEN_CHARACTERS.issuperset(value):
        return None
    return value


def _member(request: web.Request, room: JoinRoom) -> str | None:
    return room.member_for(_device(request))


async def _body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object: the one place a body is read, decoded and checked."""
    if request.content_type != "application/json":
        raise Refused("send JSON", 415)
    try:
        raw = await asyncio.wait_for(request.read(), REQUEST_TIMEOUT)
    except web.HTTPRequestEntityTooLarge:
        raise Refused(f"that is too long to send (at most {MAX_BODY // 1024} KB)", 413) from None
    except asyncio.TimeoutError:
        raise Refused("that took too long to send: try again", 408) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise Refused("send the text as UTF-8") from None
    except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than Python's stack
        raise Refused("send JSON") from None
    if not isinstance(data, dict):
        raise Refused("send a JSON object")
    try:  # a lone surrogate (JSON "\ud800") decodes, but is no character: it could never be saved
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise Refused("the text holds a character that is not valid UTF-8") from None
    return data


@web.middleware
async def _guard(request: web.Request, handler: Any) -> web.StreamResponse:
    """Every request: its connection has no deadline while it is handled, and every refusal is a
    4xx whose JSON body is a one-line reason the page shows (a :class:`Refused`, or aiohttp's own:
    not found, method not allowed, too large; a page the browser opens gets aiohttp's text)."""
    door: Door | None = request.app[DOORS].get(request.transport)
    if door is not None:
        door.busy()
    try:
        return await handler(request)
    except Refused as error:
        return _refusal(error)
    except web.HTTPException as error:
        if error.status < 400 or "text/html" in request.headers.get("Accept", ""):
            raise  # a page opened in the browser (an old link): aiohttp's own line of text
        reason = (error.text or error.reason or "not accepted").strip().splitlines()[0]
        if error.status == 413:
            reason = f"that is too long to send (at most {MAX_BODY // 1024} KB)"
        return _json({"error": reason}, status=error.status)
    finally:
        if door is not None:
            door.idle()


async def _headers(request: web.Request, response: web.StreamResponse) -> None:
    """Every response gets the security headers as it is sent: pages, errors (a wrong token, an
    unknown address) and the event stream alike."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


async def page(request: web.Request) -> web.Response:
    if "token" in request.match_info:
        _room(request)
    return web.Response(body=_page(), content_type="text/html", charset="utf-8")


async def static(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    types = {"page.js": "application/javascript", "page.css": "text/css"}
    if name not in types:
        raise web.HTTPNotFound()
    return web.Response(body=_asset(name), content_type=types[name], charset="utf-8")


async def kind_script(request: web.Request) -> web.Response:
    """A kind's own view on the page: only the files :func:`kind_scripts` lists."""
    name = request.match_info["name"]
    if name not in kind_scripts():
        raise web.HTTPNotFound()
    return web.Response(body=_asset("kinds", name), content_type="application/javascript", charset="utf-8")


async def code(request: web.Request) -> web.Response:
    room = request.app[ROOM]
    typed = (await _body(request)).get("code", "")
    token = room.check_code(typed if isinstance(typed, str) else "", request.remote or "?")
    return _json({"go": f"/j/{token}"})


async def state(request: web.Request) -> web.Response:
    room = _room(request)
    return _json(room.view(_member(request, room), _device(request)))


async def claim(request: web.Request) -> web.Response:
    room = _room(request)
    name = (await _body(request)).get("member")
    if not isinstance(name, str):
        raise Refused("choose your name")
    held = room.claim(name, _device(request), who=request.remote or "?")
    request.app[HUB].check()
    response = _json(room.view(room.member_for(held.token), held.token))
    response.set_cookie(
        COOKIE, held.token, path=f"/j/{room.token}", httponly=True, samesite="Strict", max_age=12 * 3600
    )
    return response


def _answering(request: web.Request, room: JoinRoom) -> str:
    member = _member(request, room)
    if member is None:
        if room.waiting_for(_device(request)):
            raise Refused("the facilitator has not let this device in yet: show them the code on your screen", 403)
        raise Refused("choose your name first (or the facilitator released it)", 403)
    return member


async def answer(request: web.Request) -> web.Response:
    room = _room(request)
    _answering(request, room)  # refused before reading a body it will not use
    data = await _body(request)
    member = _answering(request, room)  # again once the body is in: the name may have been released meanwhile
    try:
        room.answer(member, data, _device(request))  # its journal line is written when this returns
    except Refused as error:
        if error.status != 409:
            raise
        # the screen moved on: the page shows why, and the current question at once
        return _json({"error": str(error), "view": room.view(member, _device(request))}, 409)
    # the device's own view at once; other devices' views did not change
    return _json(room.view(member, _device(request)))


async def qr_svg(request: web.Request) -> web.Response:
    room = _room(request)
    link = f"{request.scheme}://{request.host}/j/{room.token}"
    return web.Response(body=svg(link), content_type="image/svg+xml")


async def events(request: web.Request) -> web.StreamResponse:
    """The live view of one device. A device that holds a name (or waits for one) has one stream:
    a new one (the page reloaded) ends the old. Devices without a name share :data:`MAX_STREAMS`,
    at most :data:`STREAMS_PER_ADDRESS` from one address, so no device can take every stream."""
    room = _room(request)
    hub = request.app[HUB]
    device = _device(request)
    me = object()
    if device is not None and (room.member_for(device) or room.waiting_for(device)):
        hub.by_device[device] = me
        hub.poke()  # the device's older stream sees it is no longer its stream, and ends
        address = None
    else:
        device, address = None, request.remote or "?"
        if hub.nameless.get(address, 0) >= STREAMS_PER_ADDRESS or sum(hub.nameless.values()) >= MAX_STREAMS:
            raise Refused("too many devices are connected: try again in a moment", 503)
        hub.nameless[address] = hub.nameless.get(address, 0) + 1
    hub.streams += 1
    try:
        return await _stream(request, room, hub, lambda: device is None or hub.by_device.get(device) is me)
    finally:
        hub.streams -= 1
        if device is not None:
            if hub.by_device.get(device) is me:
                del hub.by_device[device]
        elif address is not None:
            hub.nameless[address] -= 1
            if not hub.nameless[address]:
                del hub.nameless[address]


async def _stream(request: web.Request, room: JoinRoom, hub: Hub, mine: Callable[[], bool]) -> web.StreamResponse:
    """Send the device its view whenever it changes, while the stream is still the device's own (``mine``)."""
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )
    await response.prepare(request)

    async def send(data: bytes) -> None:
        await asyncio.wait_for(response.write(data), WRITE_TIMEOUT)

    last: tuple | None = None
    try:
        while not hub.closing.is_set() and mine():
            woken = hub.event
            member = _member(request, room)
            key = hub.key_of(member)
            if key != last:
                last = key
                text = json.dumps(room.view(member, _device(request)), ensure_ascii=False)
                await send(f"data: {text}\n\n".encode())
            try:
                await asyncio.wait_for(woken.wait(), HEARTBEAT)
            except asyncio.TimeoutError:
                await send(b": still here\n\n")
        if hub.closing.is_set() and hub.ending is not None:  # the page says what to do, and stops trying
            await send(f"event: ended\ndata: {json.dumps({'reason': hub.ending})}\n\n".encode())
    except asyncio.TimeoutError:  # a write the device did not take in time: it is not reading
        if request.transport is not None:
            request.transport.abort()
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    return response


def make_app(room: JoinRoom) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY, middlewares=[_guard])
    app.on_response_prepare.append(_headers)
    hub = Hub(room)
    app[ROOM] = room
    app[HUB] = hub
    app[DOORS] = {}

    async def started(app: web.Application) -> None:
        hub.start()

    async def stopping(app: web.Application) -> None:
        await hub.stop()

    app.on_startup.append(started)
    app.on_shutdown.append(stopping)
    app.router.add_get("/", page)
    app.router.add_post("/code", code)
    app.router.add_get("/static/{name}", static)
    app.router.add_get("/static/kinds/{name}", kind_script)
    app.router.add_get("/j/{token}", page)
    app.router.add_get("/j/{token}/state", state)
    app.router.add_get("/j/{token}/events", events)
    app.router.add_get("/j/{token}/qr.svg", qr_svg)
    app.router.add_post("/j/{token}/claim", claim)
    app.router.add_post("/j/{token}/answer", answer)
    return app


class JoinServer:
    """The site for one room, started and stopped by the app on its own loop."""

    def __init__(self, room: JoinRoom, host: str | None = None, port: int = 8765) -> None:
        self.room = room
        self.host = host or lan_address()
        self.port = port
        self.app = make_app(room)
        self.gate = self._gate()
        self._runner: web.AppRunner | None = None
        self._listener: asyncio.AbstractServer | None = None

    @staticmethod
    def _gate() -> Gate:
        return Gate(per_address=PER_ADDRESS, total=MAX_CONNECTIONS, reserve=FD_RESERVE, limit=fd_limit(), burst=4 * BACKLOG)

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def base(self) -> str:
        """The address phones open (listening on every network, the one of the local network)."""
        host = lan_address() if self.host in ("0.0.0.0", "::") else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    @property
    def link(self) -> str:
        """The address in the QR code: the page, with the session token."""
        return f"{self.base}/j/{self.room.token}"

    async def start(self) -> None:
        """Listen; every connection passes the gate (counted from the descriptors open now)."""
        self.gate = self._gate()
        runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=1.0, keepalive_timeout=REQUEST_TIMEOUT)
        await runner.setup()
        assert runner.server is not None
        protocol = doors_for(runner.server, self.gate, REQUEST_TIMEOUT, self.app[DOORS])
        try:
            sock = socket.create_server((self.host, self.port), family=_family(self.host), reuse_port=False)
        except OSError:
            await runner.cleanup()
            raise
        try:
            listener = await asyncio.get_running_loop().create_server(protocol, sock=sock, backlog=BACKLOG)
        except OSError:
            sock.close()
            await runner.cleanup()
            raise
        sock.listen(LISTEN_QUEUE)  # the system's queue; the loop goes on accepting BACKLOG at a time
        self.gate.start()
        if self.port == 0:
            self.port = listener.sockets[0].getsockname()[1]
        self._runner, self._listener = runner, listener

    async def stop(self, ending: str | None = None) -> None:
        """Stop listening. ``ending``: why, told to every open page (it then stops trying to reach
        the server); None when the app stops or crashes and may come back (``ilt-kit resume``)."""
        if ending is not None and self._runner is not None:
            await self.app[HUB].stop(ending)
            await asyncio.sleep(0.05)  # the streams send it before their connections close
        runner, self._runner = self._runner, None
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        if runner is not None:
            await runner.cleanup()

"""The join server probed as an adversary would, on the loopback address only: malformed and
oversized bodies, odd bytes in tokens and cookies, many addresses typing wrong codes, event
streams that never read, and the headers every response carries."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import CookieJar

from ilt_kit.join import room as room_module
from ilt_kit.join import server as server_module
from ilt_kit.join.room import JoinRoom
from ilt_kit.join.server import COOKIE, SECURITY_HEADERS, make_app


def base(room: JoinRoom) -> str:
    return f"/j/{room.token}"


async def test_deeply_nested_json_is_refused_with_a_message(room, phone):
    """Finding 1: JSON nested deeper than Python's recursion limit crashed the handler (500)."""
    body = "[" * 5000 + "]" * 5000
    await phone.post(f"{base(room)}/claim", json={"member": room.session.member_names[0]})
    for path in ("/code", f"{base(room)}/claim", f"{base(room)}/answer"):
        response = await phone.post(path, data=body, headers={"Content-Type": "application/json"})
        assert response.status == 400, path
        assert "JSON" in (await response.json())["error"]


async def test_a_huge_body_is_refused_with_a_message_the_page_can_read(room, phone):
    """Finding 2: a body over the limit got aiohttp's plain-text 413, which the page cannot show."""
    await phone.post(f"{base(room)}/claim", json={"member": room.session.member_names[0]})
    session = room.session
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "brainstorm"))
    for size in (100_000, 50 * 1024 * 1024):
        response = await phone.post(
            f"{base(room)}/answer", data=b'{"kind": "brainstorm", "text": "' + b"x" * size + b'"}',
            headers={"Content-Type": "application/json"},
        )
        assert response.status == 413
        assert "too long" in (await response.json())["error"]
    assert session.segment.ideas == []


async def test_an_idea_over_the_limit_or_with_escapes_is_refused_or_kept_literal(room, phone):
    await phone.post(f"{base(room)}/claim", json={"member": room.session.member_names[0]})
    session = room.session
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "brainstorm"))
    long = await phone.post(f"{base(room)}/answer", json={"kind": "brainstorm", "text": "x" * 5000})
    assert long.status == 400 and "at most" in (await long.json())["error"]
    sent = "<b>[bold]Plan\x1b[31m red\x07</b>"
    assert (await phone.post(f"{base(room)}/answer", json={"kind": "brainstorm", "text": sent})).status == 200
    assert [i.text for i in session.segment.ideas] == ["<b>[bold]Plan[31m red</b>"]


@pytest.mark.parametrize("path", ["/j/%ED%A0%80/state", "/j/%FF%FE/state", "/j/%00/state"])
async def test_odd_bytes_in_the_session_token_get_a_404_not_a_crash(room, phone, path):
    """Finding 3 (probe): a token that is not valid text must not crash the comparison."""
    assert (await phone.get(path)).status == 404


async def test_an_odd_member_cookie_is_no_member_not_a_crash(room, phone):
    phone.session.cookie_jar.update_cookies({COOKIE: "\udcff\udcfe"})
    response = await phone.get(f"{base(room)}/state")
    assert response.status == 200 and (await response.json())["me"] is None
    claimed = await phone.post(f"{base(room)}/claim", json={"member": room.session.member_names[0]})
    assert claimed.status == 200


def test_wrong_codes_from_many_addresses_are_remembered_in_bounded_memory(room, clock):
    """Finding 4: every address that ever typed a wrong code stayed in memory for good."""
    for n in range(room_module.CODE_ADDRESSES * 3):
        with pytest.raises(room_module.Refused):
            room.check_code("ZZZZZZ", f"10.{n // 65536}.{n // 256 % 256}.{n % 256}")
    assert len(room.limiter.failures) <= room_module.CODE_ADDRESSES
    clock.advance(room_module.CODE_WINDOW + 1)
    with pytest.raises(room_module.Refused):
        room.check_code("ZZZZZZ", "192.168.0.1")
    assert len(room.limiter.failures) == 1  # the old ones are forgotten once their window passed


def test_a_full_table_forgets_each_address_as_soon_as_its_window_has_passed():
    """The table is not looked over at each wrong code while every address in it failed within
    the window; an address is still forgotten, and a new one remembered, the moment it passes."""
    now = [0.0]
    limiter = room_module._Limiter(clock=lambda: now[0], addresses=2, window=60.0)

    def at(moment: float, who: str) -> list[str]:
        now[0] = moment
        limiter.failed(who)
        return sorted(limiter.failures)

    assert at(0, "a") == ["a"]
    assert at(30, "b") == ["a", "b"]
    assert at(40, "c") == ["a", "b"]  # full: both failed within the window
    assert at(60, "c") == ["a", "b"]  # a's window has not passed yet
    assert at(61, "c") == ["b", "c"]  # now it has
    assert at(70, "d") == ["b", "c"]
    assert at(90, "d") == ["b", "c"]
    assert at(91, "d") == ["c", "d"]
    now[0] = 200
    assert not limiter.blocked("c")  # its failures are past: the list of them is emptied
    assert at(200, "e") == ["e"]  # c (emptied) and d (past) are both forgotten


def test_an_address_stays_blocked_however_many_other_addresses_type(room):
    for _ in range(room_module.CODE_TRIES):
        with pytest.raises(room_module.Refused):
            room.check_code("ZZZZZZ", "10.0.0.1")
    for n in range(room_module.CODE_ADDRESSES * 2):
        with pytest.raises(room_module.Refused):
            room.check_code("ZZZZZZ", f"10.1.{n // 256}.{n % 256}")
    with pytest.raises(room_module.Refused) as blocked:
        room.check_code(room.code, "10.0.0.1")
    assert blocked.value.status == 429


async def test_every_response_carries_the_security_headers(room, phone):
    """Finding 5: error responses (a wrong token, an unknown asset) and the event stream went out
    without the security headers, since the middleware only saw responses handlers returned."""
    paths = ["/", base(room), f"{base(room)}/state", "/j/nope/state", "/static/nope.js", "/nowhere"]
    for path in paths:
        response = await phone.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (path, name)
    stream = await phone.get(f"{base(room)}/events")
    for name, value in SECURITY_HEADERS.items():
        assert stream.headers.get(name) == value, ("events", name)
    stream.close()


async def test_event_streams_are_bounded(room, aiohttp_client, monkeypatch):
    """Finding 6: every request for the event stream was held open, however many there were."""
    monkeypatch.setattr(server_module, "MAX_STREAMS", 3)
    client = await aiohttp_client(make_app(room))
    streams = [await client.get(f"{base(room)}/events") for _ in range(3)]
    assert all(s.status == 200 for s in streams)
    refused = await client.get(f"{base(room)}/events")
    assert refused.status == 503 and "too many" in (await refused.json())["error"]
    streams[0].close()
    for _ in range(40):
        again = await client.get(f"{base(room)}/events")
        if again.status == 200:
            break
        await asyncio.sleep(0.05)
    assert again.status == 200
    again.close()
    for s in streams[1:]:
        s.close()


async def test_an_answer_in_flight_when_its_name_is_released_is_not_recorded_for_the_next_device(room, phone, aiohttp_client):
    """Finding 7: the answer handler looked up the device's member before it read the body, so an
    answer still arriving when the facilitator released the name (and another device claimed it)
    was recorded as that member from the old device."""
    session = room.session
    ana = session.member_names[0]
    cid = session.segment.criteria[0].id
    await phone.post(f"{base(room)}/claim", json={"member": ana})
    released = asyncio.Event()

    async def slow_body():
        yield b'{"kind": "rubric", '
        await released.wait()
        yield f'"criterion": "{cid}", "level": 2}}'.encode()

    sending = asyncio.ensure_future(
        phone.post(f"{base(room)}/answer", data=slow_body(), headers={"Content-Type": "application/json"})
    )
    await asyncio.sleep(0.2)  # the request has reached the handler, its body has not
    room.release(ana)
    other = await aiohttp_client(phone.server, cookie_jar=CookieJar(unsafe=True))
    assert (await other.post(f"{base(room)}/claim", json={"member": ana})).status == 200
    released.set()
    response = await sending
    assert response.status == 403
    assert session.rated.voted(cid) == set()


async def test_after_a_new_round_or_going_back_a_phone_sees_only_its_own_answer(room, aiohttp_client):
    session = room.session
    focus = {"i": 0}
    room.focus = lambda: session.segment.criteria[focus["i"]].id
    app = make_app(room)
    ana_phone = await aiohttp_client(app, cookie_jar=CookieJar(unsafe=True))
    ana, ben, cy = session.member_names[:3]
    await ana_phone.post(f"{base(room)}/claim", json={"member": ana})
    first, second = session.segment.criteria[0].id, session.segment.criteria[1].id
    session.rated.cast(first, ana, 1)
    session.rated.cast(first, ben, 4)
    session.rated.reveal(first)
    session.rated.new_round(first)  # a re-vote: the revealed round stays public, the new one is hidden
    session.rated.cast(first, ben, 3)
    session.rated.cast(second, ben, 2)
    session.rated.cast(second, cy, 0)
    texts = []
    for i in (0, 1, 0):  # on the re-voted criterion, forward to an unrevealed one, back again
        focus["i"] = i
        view = await (await ana_phone.get(f"{base(room)}/state")).json()
        task = view["task"]
        texts.append(str(view))
        assert task["mine"] is None and not task["revealed"] and "result" not in task
    assert all(ben not in t and cy not in t for t in texts)


async def test_stopping_the_server_stops_listening_and_ends_the_streams(room):
    from aiohttp import ClientSession, ClientConnectorError

    server = server_module.JoinServer(room, host="127.0.0.1", port=0)
    await server.start()
    async with ClientSession() as client:
        stream = await client.get(f"{server.link}/events")
        assert stream.status == 200
        await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 2)
        await server.stop()
        assert await asyncio.wait_for(stream.content.read(), 3) == b""  # the stream ended
        with pytest.raises(ClientConnectorError):
            await client.get(f"{server.link}/state")


def test_the_server_listens_on_the_local_network_address_unless_told(room):
    server = server_module.JoinServer(room)
    assert server.host == server_module.lan_address() and server.host not in ("0.0.0.0", "::", "")
    assert server_module.JoinServer(room, host="127.0.0.1").host == "127.0.0.1"


async def test_an_event_stream_that_never_reads_is_dropped(room, monkeypatch):
    """Finding 8: a device that opened the event stream and never read it held its handler (and
    its place among the streams) for as long as it liked, once the buffers between were full."""
    import socket

    monkeypatch.setattr(server_module, "WRITE_TIMEOUT", 0.5)
    server = server_module.JoinServer(room, host="127.0.0.1", port=0)
    await server.start()
    hub = server.app[server_module.HUB]
    big = {"filler": "x" * 1_000_000}
    monkeypatch.setattr(room, "view", lambda *_args, **_kwargs: big)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    sock.sendall(f"GET /j/{room.token}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    try:
        for _ in range(200):
            await asyncio.sleep(0.05)
            if hub.streams:
                break
        assert hub.streams == 1
        for _ in range(40):  # the screen changes, again and again; the device reads nothing
            room.set_open(not room.open)
            hub.check()
            await asyncio.sleep(0.05)
            if not hub.streams:
                break
        assert hub.streams == 0
    finally:
        sock.close()
        await server.stop()


async def test_a_forwarded_for_header_does_not_reset_the_code_limit(room, phone):
    for n in range(room_module.CODE_TRIES):
        wrong = await phone.post("/code", json={"code": "ZZZZZZ"}, headers={"X-Forwarded-For": f"10.9.9.{n}"})
        assert wrong.status == 403
    blocked = await phone.post("/code", json={"code": room.code}, headers={"X-Forwarded-For": "10.9.9.200"})
    assert blocked.status == 429


@pytest.mark.parametrize(
    "body, content_type, status",
    [("not json", "application/json", 400), ('{"code": "A"}', "text/plain", 415), ("[1, 2]", "application/json", 400),
     ('{"code": ["A"]}', "application/json", 403), ('"\\ud800"', "application/json", 400)],
)
async def test_bodies_that_are_not_a_json_object_get_a_message(room, phone, body, content_type, status):
    response = await phone.post("/code", data=body.encode(), headers={"Content-Type": content_type})
    assert response.status == status and (await response.json())["error"]


async def test_the_page_policy_also_pins_the_base_address_and_form_targets(room, phone):
    """Finding 9: 'default-src' does not cover <base> or where a form may post; an injected
    <base> or form could send the page's requests, or a typed code, elsewhere."""
    policy = (await phone.get(base(room))).headers["Content-Security-Policy"]
    assert "base-uri 'none'" in policy and "form-action 'self'" in policy

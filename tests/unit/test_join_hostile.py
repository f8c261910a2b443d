"""The join server when the room is hostile or overloaded (on the loopback address only, bounded
loops): connections that never send a whole request, one address holding every connection or
stream, descriptors kept for saving, a device flooding ideas or answers, claims the facilitator
approves, bytes that are not text, and the wrong-code limit under a flood of addresses."""

from __future__ import annotations

import asyncio
import os
import threading

import pytest
from aiohttp import ClientSession, CookieJar

from ilt_kit.join import room as room_module
from ilt_kit.join import server as server_module
from ilt_kit.join.room import JoinRoom, Refused
from ilt_kit.join.server import COOKIE, make_app


@pytest.fixture
async def server(room):
    server = server_module.JoinServer(room, host="127.0.0.1", port=0)
    await server.start()
    yield server
    await server.stop()


def base(room: JoinRoom) -> str:
    return f"/j/{room.token}"


def to_brainstorm(room: JoinRoom) -> None:
    session = room.session
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "brainstorm"))


async def closed_within(reader: asyncio.StreamReader, seconds: float) -> bytes:
    """What the server sent before it closed the connection (it must close it in time)."""
    return await asyncio.wait_for(reader.read(), seconds)


async def raw(server, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(request)
    await writer.drain()
    try:
        return await closed_within(reader, 5)
    finally:
        writer.close()


# -- finding 1: connections and descriptors --------------------------------------------------------


async def test_a_connection_that_never_sends_a_whole_request_is_closed(room, monkeypatch):
    """Finding 1: a connection that sent nothing, or half a request, stayed open for good."""
    monkeypatch.setattr(server_module, "REQUEST_TIMEOUT", 0.3)
    server = server_module.JoinServer(room, host="127.0.0.1", port=0)
    await server.start()
    try:
        silent = await asyncio.open_connection("127.0.0.1", server.port)
        half = await asyncio.open_connection("127.0.0.1", server.port)
        half[1].write(f"GET /j/{room.token}/state HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())  # no blank line
        for reader, writer in (silent, half):
            assert await closed_within(reader, 3) == b""
            writer.close()
        # a device that asks in time is answered, and its idle connection is closed afterwards too
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(f"GET /j/{room.token}/state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        answered = await closed_within(reader, 3)
        assert answered.startswith(b"HTTP/1.1 200")
        writer.close()
    finally:
        await server.stop()


async def test_one_address_cannot_hold_more_than_its_share_of_connections(room, monkeypatch):
    monkeypatch.setattr(server_module, "PER_ADDRESS", 3)
    server = server_module.JoinServer(room, host="127.0.0.1", port=0)
    await server.start()
    held = []
    try:
        for _ in range(3):
            held.append(await asyncio.open_connection("127.0.0.1", server.port))
        await asyncio.sleep(0.1)
        refused = await raw(server, b"")  # the fourth, from the same address
        assert refused.startswith(b"HTTP/1.1 503") and b"too many connections" in refused
        assert refused.count(b"\n") <= 8  # a short answer with a one-line reason
        # another address is let in meanwhile
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port, local_addr=("127.0.0.2", 0))
        writer.write(f"GET /j/{room.token}/state HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        assert (await closed_within(reader, 3)).startswith(b"HTTP/1.1 200")
        writer.close()
    finally:
        for _, writer in held:
            writer.close()
        await server.stop()


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


async def stream_from(server, room, address: str):
    """An event stream opened from ``address`` (a raw socket): (reader, writer, first bytes)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port, local_addr=(address, 0))
    writer.write(f"GET /j/{room.token}/events HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    return reader, writer, await asyncio.wait_for(reader.read(200), 3)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts descriptors in /proc")
async def test_descriptors_are_kept_for_saving_when_the_limit_nears(room, tmp_path):
    """Finding 1: at a low file limit, connections took every descriptor and the session could
    not be saved ("Too many open files"); now the server refuses connections first."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    limit = open_descriptors() + server_module.FD_RESERVE + 4 * server_module.BACKLOG + 6
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    held = []
    try:
        server = server_module.JoinServer(room, host="127.0.0.1", port=0)
        await server.start()
        try:
            answers = []
            for n in range(12):  # streams hold their connection: none of them makes way
                reader, writer, first = await stream_from(server, room, f"127.0.0.{10 + n}")
                held.append(writer)
                answers.append(first[:12])
                if first.startswith(b"HTTP/1.1 503"):
                    break
            assert answers[0] == b"HTTP/1.1 200" and answers[-1] == b"HTTP/1.1 503"
            # the descriptors kept back are there for the journal and the file
            files = [open(tmp_path / f"f{n}", "w") for n in range(server_module.FD_RESERVE // 2)]  # noqa: SIM115
            for file in files:
                file.close()
        finally:
            for writer in held:
                writer.close()
            await server.stop()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


async def test_silent_connections_make_way_for_a_device_when_every_place_is_taken(room, monkeypatch):
    monkeypatch.setattr(server_module, "MAX_CONNECTIONS", 3)
    server = server_module.JoinServer(room, host="127.0.0.1", port=0)
    await server.start()
    silent = []
    try:
        for n in range(3):
            silent.append(await asyncio.open_connection("127.0.0.1", server.port, local_addr=(f"127.0.1.{n + 1}", 0)))
        await asyncio.sleep(0.1)
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port, local_addr=("127.0.2.1", 0))
        writer.write(f"GET /j/{room.token}/state HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        assert (await closed_within(reader, 3)).startswith(b"HTTP/1.1 200")
        writer.close()
        assert await closed_within(silent[0][0], 3) == b""  # the longest silent one made way
        assert server.gate.evicted >= 1
    finally:
        for _, writer in silent:
            writer.close()
        await server.stop()


def test_the_journal_thread_survives_a_descriptor_it_cannot_copy(tmp_path, monkeypatch):
    """Finding 1: ``os.dup`` in the journal's fsync thread raised "Too many open files" outside its
    ``try``; the thread died and nothing was fsynced again for the rest of the session."""
    from ilt_kit.store import journal as journal_module

    journal = journal_module.Journal(tmp_path / "s.toml")
    real_dup = os.dup
    failures = {"left": 1}

    def dup(fd: int) -> int:
        if failures["left"] and threading.current_thread() is journal._syncer:
            failures["left"] -= 1
            raise OSError(24, "Too many open files")
        return real_dup(fd)

    monkeypatch.setattr(journal_module.os, "dup", dup)
    try:
        journal.write(['["put",["title"],"one"]'])
        assert journal.wait_durable(2)
        assert journal._syncer.is_alive() and not failures["left"]
        journal.write(['["put",["title"],"two"]'])
        assert journal.wait_durable(2)
        assert journal.error is None
    finally:
        journal.close()


def test_an_unexpected_error_in_the_journal_thread_is_reported_and_it_goes_on(tmp_path, monkeypatch):
    from ilt_kit.store import journal as journal_module

    heard: list[BaseException] = []
    journal = journal_module.Journal(tmp_path / "s.toml", on_error=heard.append)
    real_fsync = os.fsync
    failures = {"left": 1}

    def fsync(fd: int) -> None:
        if failures["left"] and threading.current_thread() is journal._syncer:
            failures["left"] -= 1
            raise RuntimeError("something unforeseen")
        real_fsync(fd)

    monkeypatch.setattr(journal_module.os, "fsync", fsync)
    try:
        journal.write(['["put",["title"],"one"]'])
        journal.wait_durable(2)
        assert journal._syncer.is_alive() and heard and "unforeseen" in str(heard[0])
        journal.write(['["put",["title"],"two"]'])
        assert journal.wait_durable(2)
    finally:
        journal.close()


# -- finding 2: floods from one device -------------------------------------------------------------


async def test_one_device_sending_ideas_back_to_back_is_slowed(room, phone, clock):
    """Finding 2: ideas had no rate limit: one phone could send them as fast as it liked."""
    await phone.post(f"{base(room)}/claim", json={"member": room.session.member_names[0]})
    to_brainstorm(room)
    statuses = []
    for n in range(room_module.IDEA_BURST + 3):
        response = await phone.post(f"{base(room)}/answer", json={"kind": "brainstorm", "text": f"idea {n}"})
        statuses.append(response.status)
    assert statuses[: room_module.IDEA_BURST] == [200] * room_module.IDEA_BURST
    assert set(statuses[room_module.IDEA_BURST :]) == {429}
    assert "slow down" in (await response.json())["error"]
    assert len(room.session.segment.ideas) == room_module.IDEA_BURST
    clock.advance(room_module.IDEA_EVERY)  # one more, a moment later
    response = await phone.post(f"{base(room)}/answer", json={"kind": "brainstorm", "text": "later"})
    assert response.status == 200


async def test_one_device_sending_answers_back_to_back_is_slowed(room, phone):
    await phone.post(f"{base(room)}/claim", json={"member": room.session.member_names[0]})
    criterion = room.session.segment.criteria[0].id
    statuses = []
    for n in range(room_module.ANSWER_BURST + 2):
        response = await phone.post(
            f"{base(room)}/answer", json={"kind": "rubric", "criterion": criterion, "level": 1 + n % 3}
        )
        statuses.append(response.status)
    assert statuses.count(200) == room_module.ANSWER_BURST and statuses[-1] == 429


def test_a_member_sends_at_most_so_many_ideas_in_a_segment(room, clock, monkeypatch):
    monkeypatch.setattr(room_module, "MAX_IDEAS", 3)
    name = room.session.member_names[0]
    held = room.claim(name)
    to_brainstorm(room)
    for n in range(3):
        clock.advance(room_module.IDEA_EVERY * room_module.IDEA_BURST)
        room.answer(name, {"kind": "brainstorm", "text": f"idea {n}"}, held.token)
    clock.advance(room_module.IDEA_EVERY * room_module.IDEA_BURST)
    with pytest.raises(Refused) as refused:
        room.answer(name, {"kind": "brainstorm", "text": "one more"}, held.token)
    assert refused.value.status == 429 and "at most 3 ideas" in str(refused.value)
    room.session.brainstorm.add("typed at the keyboard", author=name)  # the facilitator is not limited
    assert len(room.session.segment.ideas) == 4


# -- finding 3: streams and claims -----------------------------------------------------------------


async def test_a_claimed_device_has_one_stream_and_a_reload_takes_it_over(room, server):
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as device:
        await device.post(f"{server.link}/claim", json={"member": room.session.member_names[0]})
        first = await device.get(f"{server.link}/events")
        await asyncio.wait_for(first.content.readuntil(b"\n\n"), 2)
        second = await device.get(f"{server.link}/events")  # the page reloaded
        assert second.status == 200
        await asyncio.wait_for(second.content.readuntil(b"\n\n"), 2)
        assert await asyncio.wait_for(first.content.read(), 3) == b""  # the old stream ended
        assert server.app[server_module.HUB].streams == 1
        second.close()


async def test_one_address_cannot_take_every_stream(room, server, monkeypatch):
    """Finding 3: one device holding the code opened every event stream (500 of them), and a
    member who reloaded the page got 503."""
    monkeypatch.setattr(server_module, "MAX_STREAMS", 6)
    monkeypatch.setattr(server_module, "PER_ADDRESS", 100)
    hog = ClientSession()
    member = ClientSession(cookie_jar=CookieJar(unsafe=True))
    streams = []
    try:
        for _ in range(8):
            streams.append(await hog.get(f"{server.link}/events"))
        statuses = [s.status for s in streams]
        assert statuses.count(200) == server_module.STREAMS_PER_ADDRESS and 503 in statuses
        await member.post(f"{server.link}/claim", json={"member": room.session.member_names[1]})
        mine = await member.get(f"{server.link}/events")
        assert mine.status == 200
        mine.close()
    finally:
        for stream in streams:
            stream.close()
        await hog.close()
        await member.close()


async def test_with_approval_on_a_new_device_waits_for_the_facilitator(room, phone):
    room.approve_each = True
    name = room.session.member_names[0]
    claimed = await phone.post(f"{base(room)}/claim", json={"member": name})
    assert claimed.status == 200
    view = await claimed.json()
    assert view["me"] is None and view["waiting"]["name"] == name and len(view["waiting"]["device"]) == 4
    refused = await phone.post(
        f"{base(room)}/answer", json={"kind": "rubric", "criterion": room.session.segment.criteria[0].id, "level": 2}
    )
    assert refused.status == 403 and "facilitator" in (await refused.json())["error"]
    assert name not in room.claims
    (token, waiting), = room.waiting.items()
    assert waiting.label == view["waiting"]["device"]
    room.approve(token)
    assert (await (await phone.get(f"{base(room)}/state")).json())["me"] == name


async def test_a_released_name_goes_only_to_the_device_the_facilitator_approves(room, aiohttp_client):
    """Finding 3: a script re-took a released name within 0.1 s of the facilitator's r."""
    app = make_app(room)
    member = await aiohttp_client(app, cookie_jar=CookieJar(unsafe=True))
    script = await aiohttp_client(app, cookie_jar=CookieJar(unsafe=True))
    name = room.session.member_names[0]
    assert (await member.post(f"{base(room)}/claim", json={"member": name})).status == 200
    room.release(name)
    grabbed = await (await script.post(f"{base(room)}/claim", json={"member": name})).json()
    assert grabbed["me"] is None and grabbed["waiting"]  # the script only waits
    again = await (await member.post(f"{base(room)}/claim", json={"member": name})).json()
    assert again["me"] is None and again["waiting"]
    chosen = next(token for token, claim in room.waiting.items() if claim.label == again["waiting"]["device"])
    room.approve(chosen)
    assert (await (await member.get(f"{base(room)}/state")).json())["me"] == name
    assert (await (await script.get(f"{base(room)}/state")).json())["me"] is None
    assert not room.waiting  # the other device waiting for that name is turned away


# -- finding 4: bytes that are not text ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/code", "/claim", "/answer"])
async def test_a_body_that_is_not_utf8_gets_a_400_with_a_reason(room, phone, path):
    """Finding 4: a body that was not UTF-8 crashed the handler (500)."""
    await phone.post(f"{base(room)}/claim", json={"member": room.session.member_names[0]})
    target = path if path == "/code" else f"{base(room)}{path}"
    response = await phone.post(target, data=b'{"code": "\xff\xfe"}', headers={"Content-Type": "application/json"})
    assert response.status == 400
    reason = (await response.json())["error"]
    assert "UTF-8" in reason and "\n" not in reason


async def test_a_lone_surrogate_in_an_idea_gets_a_400_and_nothing_is_kept(room, phone):
    await phone.post(f"{base(room)}/claim", json={"member": room.session.member_names[0]})
    to_brainstorm(room)
    response = await phone.post(
        f"{base(room)}/answer", data=b'{"kind": "brainstorm", "text": "plan \\ud800"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status == 400 and (await response.json())["error"]
    assert room.session.segment.ideas == []
    fine = await phone.post(f"{base(room)}/answer", json={"kind": "brainstorm", "text": "plan"})
    assert fine.status == 200


async def test_an_invalid_byte_in_the_member_cookie_is_no_crash(room, server):
    name = room.session.member_names[0]
    room.claim(name)
    claim = (f"POST /j/{room.token}/claim HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
             "Content-Type: application/json\r\nContent-Length: %d\r\nCookie: " + COOKIE + "=").encode()
    body = ('{"member": "%s"}' % name).encode()
    answer = await raw(server, claim % len(body) + b"ab\xffcd\r\n\r\n" + body)
    assert answer.startswith(b"HTTP/1.1 409")
    state = await raw(server, f"GET /j/{room.token}/state HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: {COOKIE}=".encode() + b"\xff\r\n\r\n")
    assert state.startswith(b"HTTP/1.1 200")


# -- finding 5: the wrong-code limit ---------------------------------------------------------------


def test_a_right_code_gets_in_however_many_other_addresses_typed_wrong_ones(room):
    """Finding 5: beyond 1,023 addresses every other address shared one allowance, so a real
    phone typing the right code got 429."""
    for n in range(room_module.CODE_ADDRESSES + 50):
        for _ in range(room_module.CODE_TRIES):
            try:
                room.check_code("ZZZZZZ", f"10.1.{n // 256}.{n % 256}")
            except Refused:
                pass
    assert room.check_code(room.code, "192.168.7.7") == room.token
    assert room.check_code(room.code, "10.9.0.1") == room.token


def test_guessing_from_ever_more_addresses_changes_the_code(room, clock):
    """With the wrong-code allowance no longer shared, many addresses could each guess a few
    times: once the addresses not remembered have used up their allowance together, the code
    changes (the join screen shows the new one) and the guesses so far are worth nothing."""
    room.limiter = room_module._Limiter(clock=clock, addresses=4)
    old = room.code
    version = room.version
    for n in range(4 + room_module.CODE_TRIES * 4):
        with pytest.raises(Refused):
            room.check_code("ZZZZZZ", f"10.2.0.{n}")
    assert room.code != old and room.version > version
    with pytest.raises(Refused):
        room.check_code(old, "10.3.0.1")
    assert room.check_code(room.code, "10.3.0.2") == room.token


async def test_every_refusal_is_a_4xx_with_a_one_line_reason(room, phone):
    """Finding 4: refusals came back in several forms; the page reads one: JSON with a one-line
    reason, whatever refused the request (the room, the router, the method)."""
    cases = [("GET", "/j/nope/state"), ("GET", "/nowhere"), ("PUT", "/code"), ("POST", f"{base(room)}/state")]
    for method, path in cases:
        response = await phone.request(method, path)
        assert 400 <= response.status < 500, (method, path)
        reason = (await response.json())["error"]
        assert reason and "\n" not in reason, (method, path)
    page = await phone.get("/j/nope", headers={"Accept": "text/html"})  # an old link opened in a browser
    assert page.status == 404 and "not (or no longer) valid" in await page.text()

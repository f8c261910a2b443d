"""The join server, driven by aiohttp's test client on the loopback address: members join with
the link or the typed code, claim their names, answer, change answers, see the reveal; the engine
refuses what it refuses from the keyboard; and no response says anything about another member's
answer before the reveal."""

from __future__ import annotations

import asyncio
import json
import re

import pytest

from ilt_kit.join.room import CODE_TRIES, JoinRoom
from ilt_kit.join.server import COOKIE, make_app


class Bodies:
    """Every response body a test client has read, to look for leaks afterwards."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def all(self) -> str:
        return "\n".join(self.texts)


class _EngineFocus:
    """``focus["criterion"]``: the engine's focus, as the facilitator's → moves it."""

    def __init__(self, session) -> None:  # noqa: ANN001
        self.session = session

    def __getitem__(self, _key: str) -> str | None:
        return self.session.focus.item

    def __setitem__(self, _key: str, item: str) -> None:
        self.session.focus_item(item)


@pytest.fixture
def setup(make_session, library, clock):
    session, _ = make_session()
    session.goto(next(i for i, s in enumerate(session.segments) if s.id == "score"))
    focus = _EngineFocus(session)
    changes: list[int] = []
    room = JoinRoom(
        session,
        scenario=library.scenario("test-all-kinds"),
        rubric_for=lambda rid: library.rubrics[rid].item if rid in library.rubrics else None,
        changed=lambda: changes.append(1),
        clock=clock,
    )
    return session, room, focus, changes


@pytest.fixture
async def devices(setup, aiohttp_client):
    """make() -> a new device (its own cookie jar) whose bodies are all recorded."""
    session, room, focus, changes = setup
    app = make_app(room)
    bodies = Bodies()
    clients = []

    async def make():
        from aiohttp import CookieJar

        client = await aiohttp_client(app, cookie_jar=CookieJar(unsafe=True))
        original = client.request

        async def request(method, path, **kwargs):
            response = await original(method, path, **kwargs)
            if not path.endswith("/events"):
                bodies.texts.append(await response.text())
            return response

        client.request = request  # type: ignore[method-assign]
        client.get = lambda path, **kw: request("GET", path, **kw)  # type: ignore[method-assign]
        client.post = lambda path, **kw: request("POST", path, **kw)  # type: ignore[method-assign]
        clients.append(client)
        return client

    yield make, bodies


def base(room: JoinRoom) -> str:
    return f"/j/{room.token}"


async def claim(client, room, name):
    """The device claims ``name``; when it waits (a name the facilitator released), the facilitator
    lets it in, and the view is the device's once in."""
    response = await client.post(f"{base(room)}/claim", json={"member": name})
    view = await response.json()
    if response.status == 200 and view.get("waiting"):
        room.approve(next(token for token, held in room.waiting.items() if held.label == view["waiting"]["device"]))
        view = await (await client.get(f"{base(room)}/state")).json()
    return response, view


async def cast(client, room, criterion, level):
    response = await client.post(f"{base(room)}/answer", json={"kind": "rubric", "criterion": criterion, "level": level})
    return response, await response.json()


async def test_the_page_and_its_assets_come_from_the_package(setup, devices):
    session, room, *_ = setup
    make, _ = devices
    phone = await make()
    page = await phone.get(base(room))
    assert page.status == 200 and "text/html" in page.headers["Content-Type"]
    text = await page.text()
    assert "/static/page.js" in text and "http" not in text.replace('http-equiv', '')  # nothing from a CDN
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    for asset in ("page.js", "page.css"):
        assert (await phone.get(f"/static/{asset}")).status == 200
    assert (await phone.get("/static/../room.py")).status == 404
    qr = await phone.get(f"{base(room)}/qr.svg")
    assert qr.status == 200 and "<svg" in await qr.text()


async def test_the_page_loads_each_kinds_own_view_after_the_shared_script(setup, devices):
    """Every phone part the registry names with a view on the page is a script tag of this site,
    after page.js (no inline script); only those files are served from static/kinds/."""
    from ilt_kit.content.kinds import KINDS

    session, room, *_ = setup
    make, _ = devices
    phone = await make()
    text = await (await phone.get(base(room))).text()
    tags = re.findall(r'<script src="([^"]+)" defer></script>', text)
    phones = dict.fromkeys(kind.phone for kind in KINDS.values())
    assert tags == ["/static/page.js"] + [f"/static/kinds/{name}.js" for name in phones if name not in ("plain", "actions")]
    assert text.count("<script") == len(tags) and "kinds:" not in text
    for tag in tags[1:]:
        script = await phone.get(tag)
        assert script.status == 200 and script.headers["Content-Type"].startswith("application/javascript")
        assert f"ILT.kinds.{tag.rsplit('/', 1)[1][:-3]} =" in await script.text()
        assert "script-src 'self'" in script.headers["Content-Security-Policy"]
    for wrong in ("plain.js", "nope.js", "page.css", "..%2Fpage.js"):
        assert (await phone.get(f"/static/kinds/{wrong}")).status == 404


async def test_a_wrong_session_token_gets_nothing(setup, devices):
    session, room, *_ = setup
    make, bodies = devices
    phone = await make()
    for path in ("/j/nope", "/j/nope/state", "/j/nope/events", "/j/nope/qr.svg"):
        assert (await phone.get(path)).status == 404
    assert (await phone.post("/j/nope/claim", json={"member": session.member_names[0]})).status == 404
    assert not room.claims
    assert session.member_names[0] not in bodies.all()


async def test_the_typed_code_leads_to_the_link_and_wrong_codes_are_rate_limited(setup, devices):
    session, room, *_ = setup
    make, _ = devices
    phone = await make()
    ok = await phone.post("/code", json={"code": room.code.lower()[:3] + " " + room.code.lower()[3:]})
    assert ok.status == 200 and (await ok.json())["go"] == base(room)
    for _ in range(CODE_TRIES):
        assert (await phone.post("/code", json={"code": "ZZZZZZ"})).status == 403
    blocked = await phone.post("/code", json={"code": room.code})
    assert blocked.status == 429 and "wait" in (await blocked.json())["error"]


async def test_join_claim_answer_change_and_reveal(setup, devices):
    session, room, focus, changes = setup
    make, bodies = devices
    ana_phone, ben_phone = await make(), await make()
    ana, ben = session.member_names[:2]
    cid = focus["criterion"]

    state = await (await ana_phone.get(f"{base(room)}/state")).json()
    assert state["me"] is None and [m["name"] for m in state["members"]] == session.member_names

    response, view = await claim(ana_phone, room, ana)
    assert response.status == 200 and view["me"] == ana
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["path"] == base(room) and cookie["samesite"] == "Strict"
    assert view["task"]["criterion"]["id"] == cid and view["task"]["mine"] is None
    assert [level["value"] for level in view["task"]["levels"]] == session.rated.scale_values()

    response, view = await cast(ana_phone, room, cid, 2)
    assert response.status == 200 and view["task"]["mine"] == 2
    assert session.rated.voted(cid) == {ana} and changes
    await claim(ben_phone, room, ben)
    _, view = await cast(ben_phone, room, cid, 4)
    _, view = await cast(ana_phone, room, cid, 3)  # changed until the reveal
    ballots = {b.member: (b.level, b.source) for b in session.rated.current_round(session.rated.criterion(cid)).ballots}
    assert ballots == {ana: (3, "phone"), ben: (4, "phone")}
    assert view["task"]["mine"] == 3 and not view["task"]["revealed"] and "result" not in view["task"]

    session.rated.reveal(cid)  # the facilitator's key
    view = await (await ben_phone.get(f"{base(room)}/state")).json()
    result = view["task"]["result"]
    assert view["task"]["revealed"] and view["task"]["mine"] == 4
    assert {c["value"]: c["count"] for c in result["counts"]}[3] == 1 and result["total"] == 2
    refused, body = await cast(ana_phone, room, cid, 1)
    assert refused.status == 400 and "already revealed" in body["error"]


async def test_one_device_cannot_answer_as_another_member(setup, devices):
    session, room, focus, _ = setup
    make, _ = devices
    ana_phone, other = await make(), await make()
    ana = session.member_names[0]
    await claim(ana_phone, room, ana)
    response, body = await claim(other, room, ana)
    assert response.status == 409 and "another device" in body["error"]
    refused, body = await cast(other, room, focus["criterion"], 2)  # no claim: no answer
    assert refused.status == 403 and session.rated.voted(focus["criterion"]) == set()
    other.session.cookie_jar.update_cookies({COOKIE: "forged-token"})
    refused, _ = await cast(other, room, focus["criterion"], 2)
    assert refused.status == 403 and session.rated.voted(focus["criterion"]) == set()


async def test_the_engine_refuses_for_phones_as_for_keys(setup, devices):
    session, room, focus, _ = setup
    make, _ = devices
    phone = await make()
    await claim(phone, room, session.member_names[0])
    cid = focus["criterion"]
    for level, words in ((7, "not on this scale"), ("2", "whole number"), (True, "whole number")):
        response, body = await cast(phone, room, cid, level)
        assert response.status == 400 and words in body["error"]
    other = session.segment.criteria[1].id
    response, body = await cast(phone, room, other, 2)  # the screen is on another criterion
    assert response.status == 409 and session.rated.voted(other) == set()
    response = await phone.post(f"{base(room)}/answer", data="level=2")
    assert response.status == 415
    assert session.rated.voted(cid) == set()


async def test_a_member_whose_phone_died_rejoins_and_keeps_the_answers(setup, devices):
    session, room, focus, _ = setup
    make, _ = devices
    old, new = await make(), await make()
    ana = session.member_names[0]
    cid = focus["criterion"]
    await claim(old, room, ana)
    await cast(old, room, cid, 2)
    # the same browser (its cookie) comes back: it is still Ana
    again = await (await old.get(f"{base(room)}/state")).json()
    assert again["me"] == ana and again["task"]["mine"] == 2
    assert (await claim(old, room, ana))[0].status == 200
    # another device: refused until the facilitator releases the name
    assert (await claim(new, room, ana))[0].status == 409
    room.release(ana)
    assert (await (await old.get(f"{base(room)}/state")).json())["me"] is None
    response, view = await claim(new, room, ana)
    # the answer is kept; the new device is told that Ana has answered, not what (it was not cast there)
    assert response.status == 200 and view["task"]["mine"] is None and view["task"]["answered"]
    assert {b.member: b.level for b in session.rated.current_round(session.rated.criterion(cid)).ballots} == {ana: 2}
    assert (await cast(old, room, cid, 1))[0].status == 403


async def test_closing_joining_keeps_claimed_devices_answering(setup, devices):
    session, room, focus, _ = setup
    make, _ = devices
    ana_phone, late = await make(), await make()
    await claim(ana_phone, room, session.member_names[0])
    room.set_open(False)
    response, body = await claim(late, room, session.member_names[1])
    assert response.status == 403 and "closed" in body["error"]
    assert (await late.post("/code", json={"code": room.code})).status == 403
    assert (await cast(ana_phone, room, focus["criterion"], 2))[0].status == 200


async def test_other_segments_through_the_same_engine_calls(setup, devices):
    session, room, _, _ = setup
    make, _ = devices
    phone = await make()
    ana = session.member_names[0]
    await claim(phone, room, ana)
    post = lambda body: phone.post(f"{base(room)}/answer", json=body)  # noqa: E731

    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "brainstorm"))
    assert (await post({"kind": "brainstorm", "text": "  Common planning time  "})).status == 200
    view = await (await phone.get(f"{base(room)}/state")).json()
    assert view["task"]["mine"] == ["Common planning time"]
    assert [(i.text, i.author) for i in session.segment.ideas] == [("Common planning time", ana)]
    assert (await post({"kind": "brainstorm", "text": "   "})).status == 400
    session.brainstorm.add("Peer visits")

    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "prioritize"))
    ideas = [i.id for i in session.dots.source_ideas()]
    for _ in range(3):
        assert (await post({"kind": "prioritize", "idea": ideas[0]})).status == 200
    over = await post({"kind": "prioritize", "idea": ideas[1]})
    assert over.status == 400 and "used all 3 dots" in (await over.json())["error"]
    view = await (await post({"kind": "prioritize", "idea": ideas[0], "remove": True})).json()
    assert view["task"]["left"] == 1 and [i["mine"] for i in view["task"]["ideas"]] == [2, 0]
    assert [(d.member, d.count, d.source) for d in session.segment.dots] == [(ana, 2, "phone")]  # the record says where

    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "forecast"))
    assert (await post({"kind": "forecast", "item": "funding", "likelihood": 4, "impact": 6})).status == 400
    view = await (await post({"kind": "forecast", "item": "funding", "likelihood": 4, "impact": 5})).json()
    assert view["task"]["items"][0]["mine"] == {"likelihood": 4, "impact": 5}
    assert [(r.member, r.source) for r in session.segment.items[0].ratings] == [(ana, "phone")]

    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "briefing"))
    view = await (await phone.get(f"{base(room)}/state")).json()
    assert view["task"]["kind"] == "screen" and view["segment"]["prompt"] == "Why are we here today?"
    assert (await post({"kind": "briefing"})).status == 400
    stale = await post({"kind": "forecast", "item": "funding", "likelihood": 1, "impact": 1})
    assert stale.status == 409 and "moved on" in (await stale.json())["error"]


async def test_survey_statements_from_phones(setup, devices):
    session, room, focus, _ = setup
    make, _ = devices
    phone = await make()
    await claim(phone, room, session.member_names[0])
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "survey"))
    focus["criterion"] = session.segment.criteria[1].id
    view = await (await phone.get(f"{base(room)}/state")).json()
    task = view["task"]
    assert task["kind"] == "survey" and task["criterion"]["id"] == focus["criterion"]
    assert task["criterion"]["statement"] == session.segment.criteria[1].statement
    response = await phone.post(
        f"{base(room)}/answer", json={"kind": "survey", "criterion": focus["criterion"], "level": task["levels"][-1]["value"]}
    )
    assert response.status == 200 and session.rated.voted(focus["criterion"]) == {session.member_names[0]}


async def test_events_follow_the_facilitator_without_a_reload(setup, devices):
    session, room, focus, _ = setup
    make, _ = devices
    phone = await make()
    await claim(phone, room, session.member_names[0])
    stream = await phone.get(f"{base(room)}/events")
    assert stream.headers["Content-Type"].startswith("text/event-stream")

    async def next_event() -> dict:
        while True:
            line = (await asyncio.wait_for(stream.content.readline(), 2)).decode()
            if line.startswith("data: "):
                return json.loads(line[6:])

    first = await next_event()
    assert first["task"]["criterion"]["id"] == focus["criterion"]
    focus["criterion"] = session.segment.criteria[2].id  # the facilitator presses →
    moved = await next_event()
    assert moved["task"]["criterion"]["id"] == focus["criterion"]
    session.next()
    assert (await next_event())["segment"]["kind"] == "survey"
    stream.close()


async def test_a_move_of_the_engines_focus_is_pushed_at_once_not_found_by_a_poll(setup, devices, monkeypatch):
    """Issue 29: the server listens to the engine. With its slow look a minute away, a move of the
    focus, a ballot from the keyboard and a new claim reach the stream within a second."""
    import ilt_kit.join.server as server_module

    monkeypatch.setattr(server_module, "TICK", 60.0)
    session, room, _, _ = setup
    make, _ = devices
    phone = await make()
    await claim(phone, room, session.member_names[0])
    stream = await phone.get(f"{base(room)}/events")

    async def next_event() -> dict:
        while True:
            line = (await asyncio.wait_for(stream.content.readline(), 1)).decode()
            if line.startswith("data: "):
                return json.loads(line[6:])

    assert (await next_event())["task"]["criterion"]["id"] == session.segment.criteria[0].id
    session.focus_item(session.segment.criteria[1].id)
    assert (await next_event())["task"]["criterion"]["id"] == session.segment.criteria[1].id
    session.rated.cast(session.segment.criteria[1].id, session.member_names[0], 2)  # typed at the keyboard
    assert (await next_event())["task"]["answered"] is True
    stream.close()


async def test_nothing_about_other_answers_is_sent_before_the_reveal(setup, devices):
    """Every body any device read, before the reveal, is searched for the other members' answers."""
    session, room, focus, _ = setup
    make, bodies = devices
    cid = focus["criterion"]
    names = session.member_names
    phones = [await make() for _ in names[:3]]
    for phone, name in zip(phones, names):
        await claim(phone, room, name)
    levels = {names[0]: 1, names[1]: 4, names[2]: 0}
    for phone, name in zip(phones, names):
        await cast(phone, room, cid, levels[name])
    session.rated.cast(cid, names[3], 3)  # and one at the keyboard
    for phone in phones:
        await phone.get(f"{base(room)}/state")
        stream = await phone.get(f"{base(room)}/events")
        bodies.texts.append((await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 2)).decode())
        stream.close()
    for text in bodies.texts:
        if not text.startswith(("{", "data: ")):
            continue
        data = json.loads(text.removeprefix("data: "))
        task = data.get("task")
        if task is None:
            continue
        assert "result" not in task and not task.get("revealed")
        assert task["mine"] in (None, levels[data["me"]])  # a device's own answer, never more
        for other in names:
            if other != data["me"]:
                assert other not in json.dumps(task)
        assert set(task) == {"kind", "criterion", "position", "round", "mode", "levels", "revealed", "mine", "answered"}
    assert "counts" not in bodies.all() and "ballots" not in bodies.all()


async def test_one_members_answer_sends_nothing_to_the_other_devices(setup, devices):
    """An answer changes only its own device's view: the other devices' streams stay quiet (200
    phones must not each be sent a page for every answer), until the screen itself changes."""
    session, room, focus, _ = setup
    make, _ = devices
    ana_phone, ben_phone = await make(), await make()
    ana, ben = session.member_names[:2]
    await claim(ana_phone, room, ana)
    await claim(ben_phone, room, ben)
    stream = await ben_phone.get(f"{base(room)}/events")

    async def next_event(timeout: float) -> dict | None:
        try:
            while True:
                line = (await asyncio.wait_for(stream.content.readline(), timeout)).decode()
                if line.startswith("data: "):
                    return json.loads(line[6:])
        except asyncio.TimeoutError:
            return None

    assert (await next_event(2))["me"] == ben
    for level in (1, 2, 3):
        assert (await cast(ana_phone, room, focus["criterion"], level))[0].status == 200
    assert await next_event(0.8) is None  # more than three looks at the session later
    session.rated.cast(focus["criterion"], ben, 4)  # Ben's ballot, typed at the keyboard: his view changes
    task = (await next_event(2))["task"]
    assert task["answered"] and task["mine"] is None  # that he has answered, not what: not cast on this device
    stream.close()


# -- a device sees the answers it sent itself; one given elsewhere only as "answered" --------------


async def first_event(client, room) -> dict:
    stream = await client.get(f"{base(room)}/events")
    try:
        line = (await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 2)).decode()
    finally:
        stream.close()
    return json.loads(line.removeprefix("data: "))


async def seen(client, room) -> list[dict]:
    """What a device is shown, by each way it can read it: the state and the event stream."""
    return [await (await client.get(f"{base(room)}/state")).json(), await first_event(client, room)]


async def test_a_free_name_does_not_show_a_keyboard_ballot_before_the_reveal(setup, devices):
    """A ballot typed at the keyboard, or cast by the device that held the name before, is hidden
    from whoever picks the name up: they see that the member has answered, never the level."""
    session, room, focus, _ = setup
    make, _ = devices
    cid = focus["criterion"]
    ana, ben = session.member_names[:2]
    session.rated.cast(cid, ana, 3)  # at the keyboard
    old = await make()
    await claim(old, room, ben)
    await cast(old, room, cid, 4)  # Ben's first device
    room.release(ben)
    ana_phone, ben_phone = await make(), await make()
    for phone, name in ((ana_phone, ana), (ben_phone, ben)):
        response, view = await claim(phone, room, name)
        assert response.status == 200
        for shown in [view] + await seen(phone, room):
            task = shown["task"]
            assert task["mine"] is None and task["answered"] is True, (name, task)
    # changing it replaces the hidden ballot, as before, and from then on the device sees its own
    _, view = await cast(ana_phone, room, cid, 1)
    assert view["task"]["mine"] == 1 and view["task"]["answered"]
    assert [s["task"]["mine"] for s in await seen(ana_phone, room)] == [1, 1]
    ballots = {b.member: (b.level, b.source) for b in session.rated.current_round(session.rated.criterion(cid)).ballots}
    assert ballots == {ana: (1, "phone"), ben: (4, "phone")}
    # after the reveal every device sees its member's ballot, wherever it was cast (unchanged)
    session.rated.reveal(cid)
    assert [s["task"]["mine"] for s in await seen(ben_phone, room)] == [4, 4]


async def test_a_ballot_replaced_at_the_keyboard_is_no_longer_shown_to_the_device(setup, devices):
    session, room, focus, _ = setup
    make, _ = devices
    cid = focus["criterion"]
    ana = session.member_names[0]
    phone = await make()
    await claim(phone, room, ana)
    await cast(phone, room, cid, 2)
    session.rated.cast(cid, ana, 4)  # the facilitator types another level for Ana
    for shown in await seen(phone, room):
        assert shown["task"]["mine"] is None and shown["task"]["answered"]
    session.rated.cast(cid, ana, 2)  # even the same level: it was typed at the keyboard, not sent from here
    for shown in await seen(phone, room):
        assert shown["task"]["mine"] is None and shown["task"]["answered"]


async def test_a_device_that_claims_a_name_again_starts_with_nothing_shown(setup, devices):
    """The claim is the device: a device that left a name and picks it up again is a new claim;
    what it sent under its old claim is kept by the session, shown as answered only."""
    session, room, focus, _ = setup
    make, _ = devices
    cid = focus["criterion"]
    ana, ben = session.member_names[:2]
    phone = await make()
    await claim(phone, room, ana)
    await cast(phone, room, cid, 2)
    await claim(phone, room, ben)  # switches to Ben: Ana's name is free again
    _, view = await claim(phone, room, ana)
    assert view["task"]["mine"] is None and view["task"]["answered"]


async def test_survey_answers_given_elsewhere_are_hidden_as_well(setup, devices):
    session, room, focus, _ = setup
    make, _ = devices
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "survey"))
    sid = focus["criterion"] = session.segment.criteria[0].id
    ana = session.member_names[0]
    agree = session.rated.scale_values()[-1]
    session.rated.cast(sid, ana, agree)
    phone = await make()
    _, view = await claim(phone, room, ana)
    assert view["task"]["kind"] == "survey"
    for shown in [view] + await seen(phone, room):
        assert shown["task"]["mine"] is None and shown["task"]["answered"]
    session.rated.reveal(sid)
    assert [s["task"]["mine"] for s in await seen(phone, room)] == [agree, agree]


async def test_forecast_ratings_given_elsewhere_are_shown_as_rated_only(setup, devices):
    session, room, _, _ = setup
    make, _ = devices
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "forecast"))
    ana = session.member_names[0]
    session.forecast.rate("funding", ana, 4, 5)  # at the keyboard
    phone = await make()
    _, view = await claim(phone, room, ana)
    for shown in [view] + await seen(phone, room):
        item = next(i for i in shown["task"]["items"] if i["id"] == "funding")
        assert item["mine"] is None and item["answered"], item
    rating = {"kind": "forecast", "item": "funding", "likelihood": 2, "impact": 3}
    response = await phone.post(f"{base(room)}/answer", json=rating)
    item = next(i for i in (await response.json())["task"]["items"] if i["id"] == "funding")
    assert item["mine"] == {"likelihood": 2, "impact": 3} and item["answered"]
    session.forecast.rate("funding", ana, 1, 1)  # replaced at the keyboard
    for shown in await seen(phone, room):
        item = next(i for i in shown["task"]["items"] if i["id"] == "funding")
        assert item["mine"] is None and item["answered"]


async def test_dots_placed_elsewhere_are_counted_but_not_shown_nor_moved(setup, devices):
    """The projected screen shows how many dots each member has used, not where: a device sees
    where its own dots are, and only how many of its member's others there are."""
    session, room, _, _ = setup
    make, _ = devices
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "brainstorm"))
    session.brainstorm.add("Peer visits")
    session.brainstorm.add("Common planning time")
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "prioritize"))
    first, second = [i.id for i in session.dots.source_ideas()]
    ana = session.member_names[0]
    session.dots.place(ana, first)
    session.dots.place(ana, first)  # two at the keyboard
    phone = await make()
    _, view = await claim(phone, room, ana)
    for shown in [view] + await seen(phone, room):
        task = shown["task"]
        assert [i["mine"] for i in task["ideas"]] == [0, 0]
        assert task["left"] == task["budget"] - 2 and task["elsewhere"] == 2
    post = lambda body: phone.post(f"{base(room)}/answer", json=body)  # noqa: E731
    refused = await post({"kind": "prioritize", "idea": first, "remove": True})  # would tell where they are
    assert refused.status == 400 and "this device" in (await refused.json())["error"]
    assert session.dots.used(ana) == 2
    view = await (await post({"kind": "prioritize", "idea": first})).json()
    assert [i["mine"] for i in view["task"]["ideas"]] == [1, 0] and view["task"]["elsewhere"] == 2
    view = await (await post({"kind": "prioritize", "idea": first, "remove": True})).json()
    assert [i["mine"] for i in view["task"]["ideas"]] == [0, 0] and view["task"]["elsewhere"] == 2
    assert session.dots.used(ana) == 2


async def test_a_device_that_picks_up_a_name_reads_no_earlier_level_anywhere(setup, devices):
    """Every body the second device reads, before the reveal, is searched: no level of the
    member's earlier ballot, by any way in."""
    session, room, focus, _ = setup
    make, bodies = devices
    cid = focus["criterion"]
    ana = session.member_names[0]
    first = await make()
    await claim(first, room, ana)
    await cast(first, room, cid, 4)
    room.release(ana)
    start = len(bodies.texts)
    second = await make()
    await claim(second, room, ana)
    await second.get(f"{base(room)}/state")
    bodies.texts.append(json.dumps(await first_event(second, room)))
    for text in bodies.texts[start:]:
        view = json.loads(text)
        if "task" not in view:  # the device waiting for the facilitator: it is shown no answer at all
            assert view["waiting"] and view["me"] is None
            continue
        task = view["task"]
        assert task["mine"] is None and "result" not in task and task["answered"]


# ------------------------------------------------------------------------------ addressed answers


async def test_an_answer_for_a_round_that_is_over_is_refused_with_the_current_question(setup, devices):
    """Issue 30, finding 4: the page sends back the segment, criterion and round it showed. A
    ballot for round 1 that arrives after the facilitator revealed and opened round 2 was
    recorded in round 2; it is refused, and the reply holds the current question."""
    session, room, _, _ = setup
    make, _ = devices
    phone = await make()
    ana, ben = session.member_names[:2]
    await claim(phone, room, ana)
    shown = await (await phone.get(f"{base(room)}/state")).json()
    cid = shown["task"]["criterion"]["id"]
    session.rated.cast(cid, ben, 2)  # at the keyboard; then the facilitator reveals and votes again
    session.rated.reveal(cid)
    session.rated.new_round(cid)
    late = await phone.post(f"{base(room)}/answer", json={
        "kind": "rubric", "segment": shown["segment"]["id"], "criterion": cid, "round": shown["task"]["round"],
        "level": 3, "request": "r1",
    })
    body = await late.json()
    assert late.status == 409 and body["error"] == "the screen moved on: here is the current question"
    assert body["view"]["task"]["round"] == 2 and body["view"]["address"] == {"segment": "score", "item": cid, "round": 2}
    assert session.rated.voted(cid) == set()


async def test_an_answer_for_another_segment_is_refused_even_of_the_same_kind(setup, devices):
    session, room, _, _ = setup
    make, _ = devices
    phone = await make()
    await claim(phone, room, session.member_names[0])
    cid = session.focus.item
    late = await phone.post(f"{base(room)}/answer", json={
        "kind": "rubric", "segment": "an-earlier-rubric", "criterion": cid, "round": 1, "level": 3,
    })
    assert late.status == 409 and (await late.json())["view"]["segment"]["id"] == "score"
    assert session.rated.voted(cid) == set()


async def test_an_answer_sent_again_with_its_request_id_is_recorded_once_and_acknowledged_again(setup, devices):
    """Issue 30, finding 4: a phone told it timed out sends its answer again; a dot or an idea
    sent twice was recorded twice."""
    session, room, _, _ = setup
    make, _ = devices
    phone = await make()
    ana = session.member_names[0]
    await claim(phone, room, ana)
    post = lambda body: phone.post(f"{base(room)}/answer", json=body)  # noqa: E731
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "brainstorm"))
    idea = {"kind": "brainstorm", "segment": session.segment.id, "text": "Peer visits", "request": "a1"}
    assert [(await post(idea)).status for _ in range(2)] == [200, 200]
    assert [i.text for i in session.segment.ideas] == ["Peer visits"]
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "prioritize"))
    dot = {"kind": "prioritize", "segment": session.segment.id, "idea": session.dots.source_ideas()[0].id, "request": "d1"}
    first, again = await post(dot), await post(dot)
    assert first.status == again.status == 200
    assert (await again.json())["task"]["left"] == session.segment.budget - 1
    assert sum(d.count for d in session.segment.dots) == 1
    assert (await post(dict(dot, request="d2"))).status == 200  # a new tap is a new dot
    assert sum(d.count for d in session.segment.dots) == 2
    assert (await post(dict(dot, request=["not", "text"]))).status == 400


async def test_the_reply_to_an_answer_comes_after_its_journal_line(make_session, library, clock, tmp_path, aiohttp_client, monkeypatch):
    """The acknowledgement means the answer survives a crash: the engine call writes the change's
    journal line (in the call itself), and the reply is sent only after the call returned."""
    from aiohttp import CookieJar

    import ilt_kit.join.server as server_module
    from ilt_kit.store.files import BackgroundSaver, SessionFile
    from ilt_kit.store.journal import Journal

    session, _ = make_session(save=False)
    handle = SessionFile.create(tmp_path / "saved", session.record)
    saver = BackgroundSaver(handle, delay=60.0, record=session.record)
    session.saver = saver
    session.goto(next(i for i, s in enumerate(session.segments) if s.id == "score"))
    events: list[str] = []
    write, reply = Journal.write, server_module._json
    monkeypatch.setattr(Journal, "write", lambda self, ops, sync=True: (write(self, ops, sync), events.append("journal"))[0])
    monkeypatch.setattr(server_module, "_json", lambda data, status=200: (events.append("reply"), reply(data, status))[1])
    room = JoinRoom(session, scenario=library.scenario("test-all-kinds"), clock=clock)
    phone = await aiohttp_client(make_app(room), cookie_jar=CookieJar(unsafe=True))
    await claim(phone, room, session.member_names[0])
    events.clear()
    response = await phone.post(f"{base(room)}/answer", json={"kind": "rubric", "criterion": session.focus.item, "level": 2})
    assert response.status == 200
    assert events == ["journal", "reply"]
    saver.close()


async def test_a_phone_sees_the_dots_ranked_only_once_revealed(setup, devices):
    session, room = setup[0], setup[1]
    phone = await devices[0]()
    ana = session.member_names[0]
    await claim(phone, room, ana)
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "brainstorm"))
    session.brainstorm.add("Peer visits")
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "prioritize"))
    session.segment.hidden = True
    idea = session.dots.source_ideas()[-1].id
    session.dots.place(session.member_names[1], idea)
    view = await (await phone.get(f"{base(room)}/state")).json()
    assert not view["task"]["revealed"] and "ranking" not in view["task"]
    session.dots.reveal()
    view = await (await phone.get(f"{base(room)}/state")).json()
    assert view["task"]["revealed"] and view["task"]["ranking"][0] == {"id": idea, "text": "Peer visits", "dots": 1}
    refused = await phone.post(f"{base(room)}/answer", json={"kind": "prioritize", "idea": idea})
    assert refused.status == 400 and "already revealed" in (await refused.json())["error"]

"""Joining from the run screen: j starts the join server on the app's own loop and shows its QR
code, address and code; answers from phones (here an HTTP client on the loopback address) show
on the projected screen as who has answered; the facilitator releases a name and closes joining
with keys; the server stops with the app."""

from __future__ import annotations

import re

import aiohttp

from tests.tui.conftest import driven, plain, wait_until

SIZE = (120, 36)


def _ready(app) -> None:
    app.join_host = "127.0.0.1"
    app.join_port = 0  # a free port: tests never use a fixed one


async def _phone(server, name: str) -> aiohttp.ClientSession:
    phone = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    response = await phone.post(f"{server.link}/claim", json={"member": name})
    assert response.status == 200, await response.text()
    return phone


async def test_j_shows_the_way_in_phone_answers_reach_the_screen_and_the_app_closes_cleanly_while_phones_follow(make_app, monkeypatch):
    """The way in, phones' answers on the screen; then the app closes while the server follows the
    criterion: the server looks at the session now and then (it once asked the screen, whose
    panes are gone a moment before the server stops: that crashed a test run). Here the server
    looks without pause as the app closes, so it is sure to look then."""
    import ilt_kit.join.server as server_module

    app, _ = make_app(done=2)  # on the rubric
    _ready(app)
    async with driven(app, size=SIZE) as pilot:
        run = app.screen
        await pilot.press("j")
        await pilot.pause()
        join = app.screen
        assert type(join).__name__ == "JoinScreen"
        server = app.joining.server
        assert server.host == "127.0.0.1" and server.port != 0
        qr = plain(join.query_one("#join-qr"))
        assert "█" in qr and len(qr.splitlines()) >= 15
        assert server.base in plain(join.query_one("#join-address"))
        assert plain(join.query_one("#join-code")).split() == list(server.room.code)

        names = run.session.member_names
        phones = [await _phone(server, name) for name in names[:2]]
        members = join.query_one("#join-members")
        await wait_until(pilot, lambda: "2 of 4 joined" in plain(members), "two joined")  # a redraw a moment later
        await pilot.press("escape")
        criterion = run.current_criterion().id
        for phone, level in zip(phones, (2, 3)):
            response = await phone.post(f"{server.link}/answer", json={"kind": "rubric", "criterion": criterion, "level": level})
            assert response.status == 200
        voters = run.query_one("#rubric-ballots")
        await wait_until(pilot, lambda: re.search(r"2 of 4 (voted|answered)", plain(voters)), "two answers shown")
        shown = plain(voters)
        assert "2" not in shown.replace("2 of 4", "")  # who, never what
        await pilot.press("r")
        view = await (await phones[1].get(f"{server.link}/state")).json()
        assert view["task"]["revealed"] and view["task"]["mine"] == 3
        ballots = run.session.rated.current_round(run.session.rated.criterion(criterion)).ballots
        assert {b.source for b in ballots} == {"phone"}
        for phone in phones:
            await phone.close()
        # the app closes cleanly while phones follow a criterion
        assert app.joining.server.room.focus() == run.current_criterion().id
        monkeypatch.setattr(server_module, "TICK", 0)
        await pilot.pause(0.3)  # longer than the usual tick: from now on the server looks without pause
    assert app.joining.server is None  # stopped with the app


async def test_the_run_screen_says_how_many_answer_on_phones(make_app):
    """Finding 6 of the mixed-rooms issue: who joined was shown only on the join screen."""
    app, _ = make_app()
    _ready(app)
    async with driven(app, size=SIZE) as pilot:
        run = app.screen
        await pilot.press("j")
        await pilot.pause()
        server = app.joining.server
        await pilot.press("escape")
        subtitle = run.query_one("#subtitle")
        assert "on phone" not in plain(subtitle)
        phones = [await _phone(server, name) for name in run.session.member_names[:3]]
        await wait_until(pilot, lambda: plain(subtitle).startswith("3 on phones · "), "three on phones")
        await pilot.press("j", "s")  # joining stopped: every phone is disconnected
        await wait_until(pilot, lambda: "on phone" not in plain(subtitle), "no phone any more")
        for phone in phones:
            await phone.close()


async def test_release_close_and_let_each_new_device_in_from_the_join_screen(make_app):
    """Release a name, close and open joining; then finding 3: any device holding the code took
    any free name (and a script re-took a released one at once). With `a` on the join screen each
    new device waits, shown with the label its page shows, until the facilitator lets it in
    (Enter) or turns it away (r). Last, s stops joining."""
    import gc

    from ilt_kit.tui.join import GC_THRESHOLDS

    app, _ = make_app()
    _ready(app)
    before = gc.get_threshold()
    async with driven(app, size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert gc.get_threshold() == GC_THRESHOLDS != before  # while phones may answer
        server = app.joining.server
        room = server.room
        first = room.session.member_names[0]
        phone = await _phone(server, first)
        assert first in room.claims
        await pilot.press("r")  # the first member is selected
        assert first not in room.claims
        await pilot.press("c")
        assert not room.open
        assert "closed" in plain(app.screen.query_one("#join-state"))
        refused = await phone.post(f"{server.link}/claim", json={"member": first})
        assert refused.status == 403
        await pilot.press("c")
        assert room.open
        await phone.close()
        # each new device waits to be let in
        join = app.screen
        await pilot.press("a")
        assert room.approve_each and "each new device waits" in plain(join.query_one("#join-state"))
        phone = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        view = await (await phone.post(f"{server.link}/claim", json={"member": first})).json()
        label = view["waiting"]["device"]
        members = join.query_one("#join-members")
        await wait_until(pilot, lambda: label in plain(members), "the waiting device shown")
        await pilot.press("down", "enter")  # the waiting device, below its name
        assert first in room.claims and not room.waiting
        assert (await (await phone.get(f"{server.link}/state")).json())["me"] == first
        await phone.close()
        await pilot.press("s")
        await pilot.pause()
        assert app.joining.server is None and type(app.screen).__name__ == "RunScreen"
        assert gc.get_threshold() == before  # joining stopped: the collector as it was


async def test_join_at_start_opens_the_join_screen(make_app):
    app, _ = make_app()
    _ready(app)
    app.join_at_start = True
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "JoinScreen"


async def test_a_port_in_use_is_said_plainly(make_app):
    import socket

    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    app, _ = make_app()
    _ready(app)
    app.join_port = blocker.getsockname()[1]
    try:
        async with driven(app, size=SIZE) as pilot:
            await pilot.press("j")
            await pilot.pause()
            assert type(app.screen).__name__ == "RunScreen"
            assert any("cannot let members join" in n.message for n in app._notifications)
    finally:
        blocker.close()


def test_a_redraw_due_after_the_app_has_closed_is_dropped():
    """A phone's answer schedules a redraw a moment later; the app may have closed by then (it
    crashed the test run's teardown once)."""
    from textual.app import ScreenStackError

    from ilt_kit.tui.join import Joining

    class Closed:
        @property
        def screen(self):
            raise ScreenStackError("No screens on stack")

    joining = Joining(Closed())  # type: ignore[arg-type]
    joining._redraw_pending = True
    joining._redraw()
    assert joining._redraw_pending is False


async def test_a_late_answer_is_refused_after_the_facilitator_moved_on_never_recorded_elsewhere(make_app):
    """Issue 30, finding 4, by keys: a phone's ballot addressed to what it was shown arrives after
    the facilitator pressed → (and, on the next criterion, revealed and opened round 2): each is
    refused with the current question, and nothing lands on the criterion or round on screen."""
    app, _ = make_app(done=2)  # on the rubric
    _ready(app)
    async with driven(app, size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("escape")
        session, server = app.session, app.joining.server
        phone = await _phone(server, session.member_names[1])
        try:
            shown = await (await phone.get(f"{server.link}/state")).json()

            def late(view: dict) -> dict:
                task = view["task"]
                return {"kind": task["kind"], "segment": view["segment"]["id"], "criterion": task["criterion"]["id"],
                        "round": task["round"], "level": 2, "request": f"late-{task['round']}"}

            await pilot.press("right")
            first, second = session.segment.criteria[:2]
            response = await phone.post(f"{server.link}/answer", json=late(shown))
            body = await response.json()
            assert response.status == 409 and "moved on" in body["error"]
            assert body["view"]["task"]["criterion"]["id"] == second.id
            shown = body["view"]
            await pilot.press("3", "r", "v")  # the first member's ballot, the reveal, round 2
            await pilot.pause()
            assert len(second.rounds) == 2
            response = await phone.post(f"{server.link}/answer", json=late(shown))
            assert response.status == 409 and (await response.json())["view"]["task"]["round"] == 2
            assert not first.rounds[-1].ballots and not second.rounds[-1].ballots
            assert [b.member for b in second.rounds[0].ballots] == [session.member_names[0]]
        finally:
            await phone.close()


async def test_the_keyboard_cursor_skips_device_members_and_asks_before_replacing_a_phone(make_app):
    """Finding 1 of the mixed-rooms issue: after a digit the cursor went on to a member answering on a
    phone, and the next digit silently replaced (or cast) that member's ballot."""
    from ilt_kit.tui.screens.dialogs import Confirm
    from ilt_kit.tui.widgets.ballots import DEVICE_MARK

    app, _ = make_app(done=2)  # on the rubric
    _ready(app)
    async with driven(app, size=SIZE) as pilot:
        run = app.screen
        await pilot.press("j", "escape")
        session = run.session
        names = session.member_names
        app.joining.room.claim(names[1])  # the second member answers on a phone
        voters = run.query_one("#rubric-ballots")
        await wait_until(pilot, lambda: DEVICE_MARK.strip() in plain(voters), "the device mark shown")
        lines = plain(voters).splitlines()
        assert DEVICE_MARK.strip() in next(line for line in lines if names[1] in line)
        assert DEVICE_MARK.strip() not in next(line for line in lines if names[0] in line)
        pane = run.pane
        await pilot.press("3")  # the first member's ballot: on to the next keyboard member
        assert pane.member == 2
        criterion = run.current_criterion().id
        session.rated.cast(criterion, names[1], 4, source="phone")
        await pilot.press("up", "2")  # the facilitator moved to the phone member on purpose
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        ballots = {b.member: b for b in session.rated.current_round(session.rated.criterion(criterion)).ballots}
        assert (ballots[names[1]].level, ballots[names[1]].source) == (4, "phone")
        await pilot.press("2", "y")
        ballots = {b.member: b for b in session.rated.current_round(session.rated.criterion(criterion)).ballots}
        assert (ballots[names[1]].level, ballots[names[1]].source) == (2, "keyboard")


async def test_the_rated_pane_asks_before_taking_back_a_phones_ballot(make_app):
    """Backspace on a device member's ballot took it back silently."""
    from ilt_kit.tui.screens.dialogs import Confirm

    app, _ = make_app(done=2)  # on the rubric
    _ready(app)
    async with driven(app, size=SIZE) as pilot:
        run = app.screen
        await pilot.press("j", "escape")
        session, names = run.session, run.session.member_names
        app.joining.room.claim(names[0])
        criterion = run.current_criterion().id
        session.rated.cast(criterion, names[0], 4, source="phone")
        run.pane.member = 0
        await pilot.press("backspace")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        assert session.rated.voted(criterion) == {names[0]}
        await pilot.press("backspace", "y")
        assert session.rated.voted(criterion) == set()


async def _to_kind(pilot, run, kind: str) -> None:
    while run.session.segment.kind != kind:
        await pilot.press("n")
        if type(pilot.app.screen).__name__ == "Confirm":  # moving on with something undone
            await pilot.press("y")


async def test_the_forecast_pane_marks_phone_members_skips_them_and_asks_before_replacing(make_app):
    from ilt_kit.tui.screens.dialogs import Confirm
    from ilt_kit.tui.widgets.ballots import DEVICE_MARK

    app, _ = make_app(done=4)  # on the forecast
    _ready(app)
    async with driven(app, size=SIZE) as pilot:
        run = app.screen
        assert run.session.segment.kind == "forecast"
        await pilot.press("j", "escape")
        session, names = run.session, run.session.member_names
        app.joining.room.claim(names[1])
        item = session.segment.items[0].id
        session.forecast.rate(item, names[1], 2, 2, source="phone")
        pane, rater = run.pane, run.pane.query_one("#rater")
        await wait_until(pilot, lambda: f"{DEVICE_MARK.strip()} {names[1]}" in plain(rater), "the phone member marked")
        phones_line = next(line for line in plain(rater).splitlines() if DEVICE_MARK.strip() in line)
        assert phones_line.strip().startswith(DEVICE_MARK.strip())  # one line of its own, not wrapped into others
        await pilot.press("right_square_bracket")  # from the first member: past the phone member
        assert pane._rater() == names[2]
        await pilot.press("left_square_bracket")  # back to the first member, past the phone member again
        assert pane._rater() == names[0]
        pane.rater = 1  # the facilitator moved to the phone member on purpose (only as the last keyboard member could)
        await pilot.press("5", "5")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        rating = next(r for r in session.segment.items[0].ratings if r.member == names[1])
        assert (rating.likelihood, rating.impact, rating.source) == (2, 2, "phone")
        await pilot.press("5", "5", "y")
        rating = next(r for r in session.segment.items[0].ratings if r.member == names[1])
        assert (rating.likelihood, rating.impact, rating.source) == (5, 5, "keyboard")


async def test_the_dot_vote_pane_marks_phone_members_skips_them_and_asks_before_changing_their_dots(make_app):
    from ilt_kit.tui.screens.dialogs import Confirm
    from ilt_kit.tui.widgets.ballots import DEVICE_MARK

    def prepare(session) -> None:  # noqa: ANN001
        session.brainstorm.add("Peer visits")
        for _ in range(4):  # on to the dot vote, each segment closed as n closes it
            session.next()

    app, _ = make_app(done=1, prepare=prepare)  # on the brainstorm first
    _ready(app)
    async with driven(app, size=SIZE) as pilot:
        run = app.screen
        assert run.session.segment.kind == "prioritize"
        await pilot.press("j", "escape")
        session, names = run.session, run.session.member_names
        app.joining.room.claim(names[1])
        idea = session.dots.source_ideas()[-1].id
        session.dots.place(names[1], idea, source="phone")
        pane, voters = run.pane, run.pane.query_one("#voters")
        await wait_until(pilot, lambda: DEVICE_MARK.strip() in plain(voters), "the phone member marked")
        line = next(line for line in plain(voters).splitlines() if names[1] in line)
        assert DEVICE_MARK.strip() in line
        assert DEVICE_MARK.strip() not in next(line for line in plain(voters).splitlines() if names[0] in line)
        await pilot.press("right_square_bracket")  # past the phone member
        assert pane.member == 2
        pane.member = 1
        await pilot.press("backspace")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        assert [(d.member, d.count) for d in session.segment.dots] == [(names[1], 1)]
        await pilot.press("enter")
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        assert [(d.member, d.count, d.source) for d in session.segment.dots] == [(names[1], 2, "keyboard")]


async def test_a_survey_and_a_show_of_hands_name_no_one_when_answers_come_and_change(make_app):
    """Anonymous answers (a survey) and a show of hands (tally mode, rubric and survey alike) never
    name a member in a toast or a dialog: a phone answers and changes its answer, the keyboard
    answers, changes and takes back (a member without an answer too), hands are counted. The ballot
    rows still list who has answered (never what), as the join docs say."""
    from ilt_kit.tui.screens.dialogs import Confirm

    app, _ = make_app(done=2)  # on the rubric
    _ready(app)
    async with driven(app, size=SIZE, notifications=True) as pilot:
        run = app.screen
        await pilot.press("j", "escape")
        server, names = app.joining.server, run.session.member_names
        phone = await _phone(server, names[0])
        shown: list[str] = []  # every dialog's text
        toasts: dict[int, str] = {}  # every toast's text, kept as it shows (a toast goes after 3 s)

        def seen() -> None:
            toasts.update((id(n), f"{n.title} {n.message}") for n in app._notifications)

        async def press(*keys: str) -> None:
            for key in keys:
                await pilot.press(key)
                seen()
                if isinstance(app.screen, Confirm):
                    shown.append(f"{app.screen.question} {app.screen.detail}")
                    await pilot.press("y")

        async def answer(level, status: int = 200) -> None:  # noqa: ANN001
            item, kind = run.current_criterion().id, run.session.segment.kind
            response = await phone.post(f"{server.link}/answer", json={"kind": kind, "criterion": item, "level": level})
            assert response.status == status, await response.text()
            await pilot.pause()
            seen()

        await press("t", "1", "2", "c")  # the rubric by a show of hands
        await pilot.press(*"10", "enter")
        await answer(3, 400)  # a show of hands takes no ballot
        await _to_kind(pilot, run, "survey")
        await answer(4)
        await answer(2)  # the phone changes its answer
        await answer("withdraw")
        await answer(5)
        run.pane.member = 0
        await press("3")  # the keyboard replaces the phone's answer (asked first)
        await press("4", "up", "2")  # the next member answers, then changes it
        await press("down", "backspace")  # the member after it, without an answer: nothing to take back
        await press("down", "backspace")  # the phone's member (asked first): its answer taken back
        await press("right", "t", "2", "3")  # the next statement by a show of hands
        await answer(1, 400)
        await pilot.pause()
        assert run.session.rated.voted(run.session.segment.criteria[0].id) == {names[1]}
        seen()
        messages = list(toasts.values())
        assert any("is changed" in m for m in messages), messages  # the toasts were shown
        named = [(name, text) for text in messages + shown for name in names if name in text]
        assert named == []
        await phone.close()


async def test_a_redraw_due_as_the_join_screen_opens_waits_for_it(make_app):
    """A phone's redraw can come due in the moment the join screen is pushed but not yet built
    (j pressed as a phone claims a name): it once asked the empty screen for its widgets and the
    app crashed. The screen shows the room itself as it mounts."""
    from ilt_kit.tui.screens.join import JoinScreen

    app, _ = make_app()
    _ready(app)
    async with driven(app, size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        phone = await _phone(app.joining.server, app.session.member_names[0])
        app.push_screen(JoinScreen(app.joining, app.joining.server))  # pushed: mounted on the next turn
        app.joining._redraw()
        await pilot.pause()
        assert type(app.screen).__name__ == "JoinScreen"
        assert "1 of 4 joined" in plain(app.screen.query_one("#join-members"))
        await phone.close()

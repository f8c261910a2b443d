"""Issue 30, finding 5: phones survive a restart. The join is kept beside the session file; after
the app ends (a crash, a quit) ``resume`` starts joining again by itself with the same link, code
and claims, on the same port when it is free, and a phone's next answer counts, on the question
the screen shows now."""

from __future__ import annotations

import socket

import aiohttp

from ilt_kit.join.kept import kept_path
from tests.tui.conftest import driven, plain, wait_until

SIZE = (120, 36)


def _resumed(make_app, library, path, clock):
    from ilt_kit.tui.app import IltApp

    app = IltApp(library, sessions_dir=path.parent, clock=clock, wall=clock.wall)
    opened = app.open_session(path)
    app.start = lambda a: a.run_screen(*opened)
    app.join_host, app.join_port = "127.0.0.1", 0
    return app


async def _joined(pilot, app) -> None:
    await wait_until(pilot, lambda: app.joining is not None and app.joining.server is not None, "joining again")


async def test_a_phone_claimed_before_a_restart_answers_after_resume(make_app, library):
    app, clock = make_app(done=2)  # on the rubric
    app.join_host, app.join_port = "127.0.0.1", 0
    phone = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    try:
        async with driven(app, size=SIZE) as pilot:
            await pilot.press("j")
            await pilot.pause()
            server = app.joining.server
            link, port, code = server.link, server.port, server.room.code
            await pilot.press("escape")
            name = app.session.member_names[0]
            assert (await phone.post(f"{link}/claim", json={"member": name})).status == 200
            first, second = (c.id for c in app.session.segment.criteria[:2])
            answered = await phone.post(f"{link}/answer", json={"kind": "rubric", "criterion": first, "level": 2})
            assert answered.status == 200
            await pilot.press("right")  # the screen moves on before the app ends
            path = app.session_file.path
        assert kept_path(path).exists()

        again = _resumed(make_app, library, path, clock)
        async with driven(again, size=SIZE) as pilot:
            await _joined(pilot, again)
            server = again.joining.server
            assert (server.link, server.port, server.room.code) == (link, port, code)  # the same way in
            assert type(again.screen).__name__ == "RunScreen"  # nothing to scan again
            ballots = again.screen.query_one("#rubric-ballots")  # before any phone answers again
            await wait_until(pilot, lambda: f"☎ {name}" in plain(ballots), "the phone member marked ☎ after resume")
            view = await (await phone.get(f"{link}/state")).json()
            assert view["me"] == name and view["address"]["item"] == second  # the current question
            answered = await phone.post(f"{link}/answer", json={"kind": "rubric", "criterion": second, "level": 3})
            assert answered.status == 200, await answered.text()
            ballots = again.session.rated.current_round(again.session.rated.criterion(second)).ballots
            assert [(b.member, b.level, b.source) for b in ballots] == [(name, 3, "phone")]
            await wait_until(pilot, lambda: "1 on a phone" in plain(again.screen.query_one("#subtitle")), "the phone shown")

    finally:
        await phone.close()


async def test_a_taken_port_gives_a_new_address_and_a_join_file_that_cannot_be_read_a_new_join(make_app, library):
    """One session joined, then resumed twice: with its port taken by someone else (the same join
    at a new address, said on the join screen), then with its join file broken (said, with the
    file's line, and a new join made and kept)."""
    app, clock = make_app()
    app.join_host, app.join_port = "127.0.0.1", 0
    async with driven(app, size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        port, token = app.joining.server.port, app.joining.server.room.token
        path = app.session_file.path
    blocker = socket.create_server(("127.0.0.1", port))  # someone else has the port now
    try:
        again = _resumed(make_app, library, path, clock)
        async with driven(again, size=SIZE) as pilot:
            await _joined(pilot, again)
            await wait_until(pilot, lambda: type(again.screen).__name__ == "JoinScreen", "the join screen")
            server = again.joining.server
            assert server.port != port and server.room.token == token
            assert f"port {port} was taken" in plain(again.screen.query_one("#join-moved"))
    finally:
        blocker.close()

    # a join file that cannot be read is said and a new join made
    kept_path(path).write_text("token = \n", encoding="utf-8")
    again = _resumed(make_app, library, path, clock)
    notes: list[str] = []
    again.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
    async with driven(again, size=SIZE) as pilot:
        await _joined(pilot, again)
        assert again.joining.server.room.token != token
        assert any(f"{kept_path(path)}:1:" in note for note in notes)
        assert again.session.record.title == "Blue sky — Lincoln MS"  # the session itself is untouched
    assert kept_path(path).exists()  # the new join is kept instead


async def test_stopping_joining_forgets_the_join(make_app):
    app, _ = make_app()
    app.join_host, app.join_port = "127.0.0.1", 0
    async with driven(app, size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        path = kept_path(app.session_file.path)
        assert path.exists()
        await pilot.press("s")
        await pilot.pause()
        assert not path.exists()

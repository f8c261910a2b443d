"""Fixtures the join server's unit tests share: a room on the scoring segment and a phone talking to it."""

from __future__ import annotations

import pytest
from aiohttp import CookieJar

from ilt_kit.join.room import JoinRoom
from ilt_kit.join.server import make_app


@pytest.fixture
def room(make_session, library, clock):
    session, _ = make_session()
    session.goto(next(i for i, s in enumerate(session.segments) if s.id == "score"))
    return JoinRoom(
        session,
        scenario=library.scenario("test-all-kinds"),
        rubric_for=lambda rid: library.rubrics[rid].item if rid in library.rubrics else None,
        clock=clock,
    )


@pytest.fixture
async def phone(room, aiohttp_client):
    return await aiohttp_client(make_app(room), cookie_jar=CookieJar(unsafe=True))

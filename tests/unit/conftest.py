"""Fixtures the unit tests share: a room on the scoring segment and a phone talking to it (the join
server's tests), and sessions made once for a module's tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import CookieJar

from ilt_kit.join.room import JoinRoom
from ilt_kit.join.server import make_app
from tests.conftest import FakeClock, session_maker


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


@dataclass(frozen=True)
class Made:
    """What :func:`made_once` made: the folder of the sessions, what the build returned and how far
    it moved its clock (in seconds)."""

    folder: Path
    result: Any
    advanced: float


@pytest.fixture(scope="module")
def made_once(library, follow_up_library, team, tmp_path_factory):
    """``made_once(build) -> Made``: ``build(make_session, clock)`` run once for the module, with a
    fake clock and a ``make_session`` of its own that save to a folder of its own, as the
    ``make_session`` fixture does. What it made is shared by the module's tests: read-only; a test
    that changes the files takes its own copy (:func:`tests.unit.test_review_support.own_copy`),
    which is far cheaper than running the meetings through the engine again."""
    done: dict = {}

    def made(build: Callable) -> Made:
        if build not in done:
            clock = FakeClock()
            folder = tmp_path_factory.mktemp("made") / "sessions"
            result = build(session_maker(library, follow_up_library, team, clock, folder), clock)
            done[build] = Made(folder, result, clock.now - clock.origin)
        return done[build]

    return made

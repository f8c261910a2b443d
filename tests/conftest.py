"""Shared fixtures: the small test content, a team, a controllable clock and a saved session."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ilt_kit.content.library import load_library
from ilt_kit.content.library import load_team as _load_team
from tools.session_driver import ScriptedClock, start_session

FIXTURES = Path(__file__).parent / "fixtures"
CONTENT = FIXTURES / "content"
TEAM_FILE = FIXTURES / "teams" / "lincoln.toml"
START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=-5)))


class FakeClock(ScriptedClock):
    """A monotonic clock (from 1000 s) and a wall clock (from :data:`START`) that move only when a test says so."""

    def __init__(self) -> None:
        super().__init__(START, origin=1000.0)


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory, monkeypatch):
    """The review index goes to a cache folder of the test's own (never the user's)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def library():
    lib = load_library([CONTENT], cwd=CONTENT)
    return lib


@pytest.fixture(scope="session")
def team():
    return _load_team(TEAM_FILE)


@pytest.fixture
def make_session(library, team, clock, tmp_path):
    """make_session(save=True) -> (Session, SessionFile | None)."""

    def make(scenario_id: str = "test-all-kinds", save: bool = True, title: str = "Blue sky — Lincoln MS"):
        folder = tmp_path / "sessions" if save else None
        return start_session(library, scenario_id, team, title, clock, facilitator="Dana Whitfield", folder=folder)

    return make

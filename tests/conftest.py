"""Shared fixtures: the small test content, a team, a controllable clock and a saved session."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from ilt_kit.content.library import load_library
from ilt_kit.content.library import load_team as _load_team

FIXTURES = Path(__file__).parent / "fixtures"
CONTENT = FIXTURES / "content"
TEAM_FILE = FIXTURES / "teams" / "lincoln.toml"
START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=-5)))


class FakeClock:
    """A monotonic clock and a wall clock that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return START + timedelta(seconds=self.now - 1000.0)

    def advance(self, seconds: float) -> None:
        self.now += seconds


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
    """make_session(saver=True) -> (Session, SessionFile | None)."""
    from ilt_kit.session.engine import Session, build_record
    from ilt_kit.store.files import SessionFile

    def make(scenario_id: str = "test-all-kinds", save: bool = True, title: str = "Blue sky — Lincoln MS"):
        scenario = library.scenario(scenario_id)
        rubrics = {k: v.item for k, v in library.rubrics.items()}
        record = build_record(scenario, rubrics, team, title, "Dana Whitfield", clock.wall())
        handle = SessionFile.create(tmp_path / "sessions", record) if save else None
        session = Session(record, clock=clock, wall=clock.wall, saver=handle.save if handle else None)
        return session, handle

    return make

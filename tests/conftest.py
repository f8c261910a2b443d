"""Shared fixtures: the small test content, a team, a controllable clock and a saved session."""

from __future__ import annotations

import gc
import itertools
import os
import shutil
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import settings

if sys.dont_write_bytecode:
    # The run's processes share their compiled modules, as Python does by default, even where the
    # environment asks for none (``PYTHONDONTWRITEBYTECODE``, set in many container images): else
    # each of xdist's workers compiles the package and rewrites every test module for pytest's
    # assertions again, and each command run in a new interpreter compiles what it imports, about
    # 12 CPU-seconds of a run. Set before the package is first imported; the workers and the
    # commands inherit the environment. The caches go to ``__pycache__`` folders, which git ignores.
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

os.environ.setdefault("TEXTUAL_FPS", "1000")
"""The apps under test draw a frame as soon as one is due, not at most 60 a second: the UI tests
wait for the frame after each key (a frame shows what the key did), and at 60 a second each wait
was up to 17 ms of doing nothing, about 4 s of the suite's time. Textual's documented setting
(``textual.constants.MAX_FPS``), read once, when Textual is first imported: the snapshot plugin,
which imports Textual, is therefore loaded here (``pytest_plugins``), after this, instead of when
pytest starts (``-p no:textual-snapshot`` in ``pyproject.toml``). What a frame shows is the same."""

pytest_plugins = ["pytest_textual_snapshot"]

from ilt_kit.content.library import load_library  # noqa: E402
from ilt_kit.content.library import load_team as _load_team  # noqa: E402
from tools.session_driver import ScriptedClock, start_session  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
CONTENT = FIXTURES / "content"
TEAM_FILE = FIXTURES / "teams" / "lincoln.toml"
FOLLOW_UP = FIXTURES / "follow-up"
"""The follow-up kind's own scenario (``test-follow-up``), kept apart from the shared content, whose
listing the home screens and ``check`` tests know."""
START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=-5)))


class FakeClock(ScriptedClock):
    """A monotonic clock (from 1000 s) and a wall clock (from :data:`START`) that move only when a test says so."""

    def __init__(self) -> None:
        super().__init__(START, origin=1000.0)


settings.register_profile("suite", max_examples=25)
settings.register_profile("thorough", max_examples=1000)
settings.load_profile("suite")
"""The property tests that take the profile's number of examples (records of every kind written and
read back, every key of a TOML document located, the statistics) try 25 new ones on every run of
the suite, and Hypothesis first tries again any failure it has found before (its example database).
``pytest --hypothesis-profile=thorough`` tries 1,000 each: run it after changing the file format,
the writer or the key locator. Properties with a number of their own keep it."""


RAM_FOLDER = Path("/dev/shm")
"""A folder in memory (tmpfs) that most Linux machines have."""


def pytest_configure(config: pytest.Config) -> None:
    """The tests' temporary folders go to memory when the machine has a folder there with room
    to spare (1 GiB) and no ``--basetemp`` was given: the suite saves sessions some tens of
    thousands of times, and each save syncs the file, its folder and the journal to disk, which
    on a disk costs about 0.3 ms each and on tmpfs nothing. The code under test is the same (it
    still syncs; a sync in memory is immediate), and a crash test kills a process, not the
    machine. xdist's workers take their folders inside the controller's.

    Each run has a folder of its own (two runs at once would otherwise empty each other's), named
    with its process id: it is removed when the run ends, and a folder left by a run that no longer
    exists (one that was killed) is removed by the next run."""
    if config.option.basetemp or hasattr(config, "workerinput"):
        return
    try:
        room = os.statvfs(RAM_FOLDER)
    except OSError:
        return
    if room.f_bavail * room.f_frsize >= 1 << 30 and os.access(RAM_FOLDER, os.W_OK):
        prefix = f"ilt-kit-tests-{os.getuid()}-"
        for left in RAM_FOLDER.glob(f"{prefix}*"):
            if not _running(left.name.removeprefix(prefix)):
                shutil.rmtree(left, ignore_errors=True)
        config.option.basetemp = str(RAM_FOLDER / f"{prefix}{os.getpid()}")
        config.stash[_RAM_BASETEMP] = Path(config.option.basetemp)


_RAM_BASETEMP = pytest.StashKey[Path]()


def _running(pid: str) -> bool:
    """Whether the process ``pid`` (a number as text) still runs."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (the default in ``pyproject.toml``) starts one worker more than there are cores:
    a good part of the suite waits rather than computes (the pilot letting the app settle, child
    processes killed at random moments, a browser answering), and the extra worker fills those
    waits. On two cores, measured one after the other, two workers took 81 s and three 75 s; four are
    no faster."""
    return (os.cpu_count() or 1) + 1


FIRST = (
    "_browser.py",  # waits on a browser: started first, its waits are filled by the other workers
    "test_store_crash.py", "test_two_writers.py", "test_district_doc.py",  # child processes for seconds
    "test_hostile_text.py", "test_run_session.py", "test_join_tui.py", "test_summary_screen.py",  # long UI walks
)
"""Test files whose tests take longest: they run first."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest tests first, then the UI tests, then the unit tests: the workers share the tests
    out as they go, so a run ends on many short tests instead of a worker still busy with a long one
    while the others wait. The order within each part stays the order of the files."""

    def rank(item: pytest.Item) -> int:
        path = item.path.as_posix()
        if path.endswith(FIRST):
            return 0
        return 1 if "/tests/tui/" in path else 2

    items.sort(key=rank)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Once the tests are collected, the objects made so far (the modules of Textual, pydantic,
    Hypothesis and the package, the content models) are set aside from the garbage collector, and
    it runs after 50,000 new objects instead of 700, and through the older objects 50 and 100 times
    less often than that instead of 10 and 10: the UI tests make many short-lived objects, and each
    collection went through the whole heap, about a tenth of the suite's CPU time (the last step,
    from 20,000, 20 and 50, took a fifth off the collector's time for about 80 MB more a worker).
    Only the collector's timing changes; every object is still freed."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


@pytest.fixture(scope="session")
def _cache_folders(tmp_path_factory):
    """Where each test's cache folder goes (one folder of the process's, made once)."""
    return tmp_path_factory.mktemp("caches")


@pytest.fixture(autouse=True)
def _own_cache_folder(_cache_folders, monkeypatch):
    """The review index goes to a cache folder of the test's own (never the user's), made only if
    the test writes an index: a folder made by ``mktemp`` for each of the thousand tests costs a
    listing of all the earlier ones each time."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(_cache_folders / str(next(_CACHE_NUMBERS))))


_CACHE_NUMBERS = itertools.count()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def library():
    lib = load_library([CONTENT], cwd=CONTENT)
    return lib


@pytest.fixture(scope="session")
def follow_up_library():
    """The shared content and the follow-up's scenario."""
    return load_library([CONTENT, FOLLOW_UP], cwd=CONTENT)


@pytest.fixture(scope="session")
def team():
    return _load_team(TEAM_FILE)


@pytest.fixture
def make_session(library, follow_up_library, team, clock, tmp_path):
    """make_session(save=True) -> (Session, SessionFile | None); ``earlier``: what a follow-up copies in."""
    return session_maker(library, follow_up_library, team, clock, tmp_path / "sessions")


def session_maker(library, follow_up_library, team, clock: FakeClock, folder: Path):  # noqa: ANN001, ANN201
    """What the ``make_session`` fixture gives: sessions of the shared content (or the follow-up's
    scenario) started by the team's facilitator on ``clock``, saved to ``folder`` unless ``save=False``."""

    def make(scenario_id: str = "test-all-kinds", save: bool = True, title: str = "Blue sky — Lincoln MS", earlier=None):
        content = library if scenario_id in library.scenarios else follow_up_library
        return start_session(content, scenario_id, team, title, clock, facilitator="Dana Whitfield", folder=folder if save else None, earlier=earlier)

    return make


def pytest_unconfigure(config: pytest.Config) -> None:
    """When the tests are over, everything left is set aside from the garbage collector too: the
    last thing pytest does in each process is five full collections (to report any exception raised
    while freeing objects after the last test), up to 2 s of each worker's exit spent on garbage the
    process is about to hand back whole. An exception raised while objects are freed during the
    tests is still reported, at the test that was running. The run's folder in memory goes."""
    gc.freeze()
    if (folder := config.stash.get(_RAM_BASETEMP, None)) is not None:
        shutil.rmtree(folder, ignore_errors=True)

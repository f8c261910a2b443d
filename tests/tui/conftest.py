"""UI test helpers: an app on the fixture content with a fake clock, at a pinned size."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.conftest import CONTENT, FakeClock

IDLE_WINDOW = 0.005
"""Seconds of quiet that end the pilot's wait after a key (Textual's own is 0.02)."""


def _shorten_the_pilots_idle_wait() -> None:
    """After each key (twice) and each ``pause()``, Textual's pilot sleeps in windows of 20 ms until
    one passes with under 5 % of it spent on the CPU: at least 40 ms a key, about 70 s of a
    three-minute suite spent asleep. The same rule with 5 ms windows (quiet still meaning under 5 %)
    waits just as surely for the app to settle; with the changes in ``tests/conftest.py`` it takes
    the suite from about 115 s to 70 s on two cores. Textual is pinned in ``pyproject.toml``; if
    these names ever go, this says so at once rather than letting the suite slow down unnoticed.
    What the app does on its own timers (the clock's tick, a redraw after a phone's answer) is
    waited for by :func:`wait_until`, never by a pause of a fixed length. Textual (8.2) has no public
    setting for this wait: ``Pilot.press`` and ``Pilot.pause`` call it with these module constants,
    and ``pause(delay)`` waits a fixed time instead of for the app to settle."""
    from textual import _wait

    if not (hasattr(_wait, "SLEEP_GRANULARITY") and hasattr(_wait, "SLEEP_IDLE")):
        raise RuntimeError("Textual's pilot no longer waits as tests/tui/conftest.py expects: look again")
    _wait.SLEEP_GRANULARITY = IDLE_WINDOW
    _wait.SLEEP_IDLE = IDLE_WINDOW / 20


_shorten_the_pilots_idle_wait()


def _share_parsed_css_between_apps() -> None:
    """Each app a test opens parses the same stylesheets again (the app's, each screen's, every
    widget's defaults), about 25 ms of the 0.17 s it takes to reach the run screen. Textual keeps
    what it parsed for one app only; here the rules parsed from the same text with the same theme
    variables are kept for every app of the process. Parsing has no other effect, and the rules
    are only read once parsed, so every app gets the rules it would have parsed itself. Textual (8.2)
    keeps its parse cache on each app's stylesheet and offers no public way to share it."""
    from textual.css.stylesheet import Stylesheet

    parse_rules = getattr(Stylesheet, "_parse_rules", None)
    if parse_rules is None or not hasattr(Stylesheet(), "_variables"):
        raise RuntimeError("Textual's stylesheet no longer parses as tests/tui/conftest.py expects: look again")
    parsed: dict[tuple, list] = {}

    def shared(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):  # noqa: ANN001, ANN202
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        if key not in parsed:
            parsed[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        return parsed[key]

    Stylesheet._parse_rules = shared


_share_parsed_css_between_apps()


@pytest.fixture
def make_app(library, team, tmp_path):
    from ilt_kit.tui.app import IltApp

    def make(scenario_id: str | None = "test-all-kinds", clock: FakeClock | None = None, **kwargs):
        clock = clock or FakeClock()
        app = IltApp(library, sessions_dir=tmp_path / "sessions", team=team, clock=clock, wall=clock.wall, **kwargs)
        if scenario_id is not None:
            opened = app.new_session(library.scenario(scenario_id), team, "Blue sky — Lincoln MS", "Dana Whitfield")
            app.start = lambda a: a.run_screen(*opened)
        return app, clock

    return make


def plain(widget, width: int = 200) -> str:
    """The text a Static shows (its Rich content rendered without styles)."""
    from rich.console import Console

    console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(widget.content)
    return console.export_text()


async def wait_until(pilot, condition, what: str, timeout: float = 5.0) -> None:
    """Let the app run until ``condition()`` holds, for what its own timers do: the clock's tick
    four times a second, a redraw a moment after a phone's answer. A fixed pause is too short on a
    busy machine (a tick can come late) and longer than needed on an idle one."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not {what} after {timeout} s")
        await asyncio.sleep(0.02)  # the app's timers run meanwhile (a pause would repaint the screen)


async def type_text(pilot, text: str) -> None:
    """Put ``text`` into the focused box at its cursor, as a paste does (a key a character costs a
    wait for the screen each); anywhere else the characters are pressed, in one press."""
    from textual.widgets import Input, TextArea

    focused = pilot.app.focused
    if isinstance(focused, Input):
        focused.insert_text_at_cursor(text)
    elif isinstance(focused, TextArea):
        focused.insert(text)
    else:
        await pilot.press(*text)
        return
    await pilot.pause()


__all__ = ["CONTENT", "plain", "type_text", "wait_until"]


@pytest.fixture(scope="session")
def _idle_browsers():
    """Chromium windows a test of this process has finished with, for the next test to take: a
    start costs about a second of CPU and two of waiting. They are closed when the tests end."""
    idle: list = []
    yield idle
    for driver in idle:
        driver.quit()


@pytest.fixture
def browsers(_idle_browsers):
    """``browsers()`` gives a phone-sized Chromium window, a new one or one an earlier test left
    blank and without cookies (so no page of an earlier test, and no name it claimed, is in it)."""
    taken = []

    def make():
        try:
            driver = _idle_browsers.pop()  # atomic: two threads may ask at once
        except IndexError:
            from tests import browser

            driver = browser.start()
        taken.append(driver)
        return driver

    yield make
    for driver in taken:
        try:
            driver.get("about:blank")
            driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
            assert driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"] == []
            assert len(driver.window_handles) == 1
        except Exception:  # noqa: BLE001 - a window in a bad state is closed, never handed on
            driver.quit()
        else:
            _idle_browsers.append(driver)

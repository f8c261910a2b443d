"""UI test helpers: an app on the fixture content with a fake clock, at a pinned size."""

from __future__ import annotations

import asyncio
import time
import unicodedata
from contextlib import asynccontextmanager

import pytest
from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS, KEY_TO_UNICODE_NAME, REPLACED_KEYS
from textual.pilot import Pilot

from tests.conftest import CONTENT, FakeClock


class KeyPilot(Pilot):
    """Textual's pilot, waiting for the app by what it has done rather than by the clock.

    Textual's own ``press`` and ``pause`` sleep in windows of 20 ms until one passes with the
    process nearly idle: at least 40 ms a key. Here a key goes to the app as a terminal's key
    would (a ``Key`` event posted to the app), and the wait ends once the app, the screen and the
    focused widget have handled what was queued before it (``call_later``) and the screen has
    repainted (``call_after_refresh``), again until neither the screen nor its number of widgets
    changes. Only Textual's public API is used; nothing of Textual's is patched. What the app does
    later on its own timers (the clock's tick, a redraw after a phone's answer) is waited for by
    :func:`wait_until`."""

    async def press(self, *keys: str) -> None:
        for key in keys:
            event = _key_event(key)
            event.set_sender(self.app)
            self.app.post_message(event)
            await self.settle()

    async def pause(self, delay: float | None = None) -> None:
        if delay is not None:
            await asyncio.sleep(delay)
        await self.settle()

    async def resize_terminal(self, width: int, height: int) -> None:
        """The terminal's new size, once the screen has it (the app takes a resize on a short timer)."""
        await super().resize_terminal(width, height)
        screen = self.app.screen
        wanted = [
            _breakpoint(screen.HORIZONTAL_BREAKPOINTS or self.app.HORIZONTAL_BREAKPOINTS, width),
            _breakpoint(screen.VERTICAL_BREAKPOINTS or self.app.VERTICAL_BREAKPOINTS, height),
        ]
        wanted = [name for name in wanted if name]
        await wait_until(self, lambda: all(screen.has_class(name) for name in wanted), f"the screen's classes for {width}x{height}")
        await self.settle()

    async def settle(self, timeout: float = 10.0) -> None:
        """Until the app, the screen and the focused widget have handled what was queued for them
        (again while that mounted or removed widgets or changed the screen), then until the
        screen has repainted (at most ``timeout`` a step)."""
        seen = None
        while self.app.is_running and self.app.return_code is None:  # not quitting
            screen = self.app.screen
            deadline = time.monotonic() + timeout
            while not screen.is_running and screen is self.app.screen:  # a screen just pushed starts
                assert time.monotonic() < deadline, f"{screen} did not start in {timeout} s"
                await asyncio.sleep(0.001)
            await _handled(self.app, [self.app, self.app.screen, self.app.focused], timeout)
            await self.app.animator.wait_until_complete()
            refreshed = asyncio.Event()
            screen = self.app.screen
            if screen.call_after_refresh(refreshed.set):  # a screen closed meanwhile never repaints
                await _within(self.app, refreshed, timeout, lambda: screen.is_running and screen is self.app.screen)
            now = (id(self.app.screen), sum(1 for _ in self.app.screen.walk_children(with_self=True)))
            if now == seen:
                return
            seen = now


def _breakpoint(breakpoints, size: int) -> str | None:  # noqa: ANN001
    """The class a screen takes at ``size`` cells from its breakpoints (Textual's rule: the last
    one whose threshold the size reaches)."""
    reached = [name for threshold, name in (breakpoints or []) if size >= threshold]
    return reached[-1] if reached else None


async def _within(app, done: asyncio.Event, timeout: float, still=lambda: True) -> None:  # noqa: ANN001
    """Until ``done`` is set, the app is quitting (it answers nothing more) or ``still()`` no longer
    holds; an app still busy after ``timeout`` fails the test."""
    deadline = time.monotonic() + timeout
    while not done.is_set() and app.return_code is None and app.is_running and still():
        if time.monotonic() > deadline:
            raise AssertionError(f"the app did not settle in {timeout} s")
        try:
            await asyncio.wait_for(done.wait(), 0.05)
        except TimeoutError:
            pass


async def _handled(app, nodes: list, timeout: float) -> None:  # noqa: ANN001
    """Until each of ``nodes`` has handled what was queued for it before this call."""
    done = asyncio.Event()

    def one() -> None:
        nonlocal left
        left -= 1
        if left == 0:
            done.set()

    asked = [node for node in nodes if node is not None and node.call_later(one)]
    left = len(asked)
    if left:  # a widget removed meanwhile answers no more
        await _within(app, done, timeout, lambda: all(node.is_running for node in asked))


def _key_event(key: str) -> events.Key:
    """The ``Key`` event a terminal sends for ``key`` (a key's name, like ``enter``, or a character)."""
    if len(key) == 1 and not key.isalnum():
        try:
            name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            name = {"\t": "tab"}.get(key, key)
        key = KEY_NAME_REPLACEMENTS.get(name, name)
    original = REPLACED_KEYS.get(key, key)
    try:
        character: str | None = unicodedata.lookup(KEY_TO_UNICODE_NAME.get(original, original))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


ANIMATIONS = "none"
"""The apps under test move at once where they would animate (a scroll to the selected row): each
step of an animation is a frame drawn, about an eighth of the frames the UI tests drew, and the
tests look at where a move ends. Textual's documented setting (``App.animation_level``, or
``TEXTUAL_ANIMATIONS`` for a whole process)."""


def keyed(run_before):  # noqa: ANN001, ANN201
    """A snapshot's ``run_before`` driven by a :class:`KeyPilot` instead of the snapshot plugin's."""

    async def run(pilot) -> None:  # noqa: ANN001
        pilot.app.animation_level = ANIMATIONS
        keys = KeyPilot(pilot.app)
        await keys.settle()
        await run_before(keys)

    return run


@asynccontextmanager
async def driven(app, size: tuple[int, int], **options):  # noqa: ANN001, ANN201
    """``app.run_test(size=...)`` with a :class:`KeyPilot`."""
    app.animation_level = ANIMATIONS
    async with app.run_test(size=size, **options):
        pilot = KeyPilot(app)
        await pilot.settle()
        yield pilot


@pytest.fixture
def make_app(library, team, tmp_path):
    from ilt_kit.tui.app import IltApp

    def make(scenario_id: str | None = "test-all-kinds", clock: FakeClock | None = None, done: int = 0, prepare=None, **kwargs):  # noqa: ANN001
        """The app on a new session of ``scenario_id`` (``None``: on the home screen), its first
        ``done`` segments closed as ``n`` closes them (the screen opens on the next one: a test
        of a later segment does not pay for mounting the panes before it); ``prepare(session)``
        then records what the test needs before the screen opens."""
        clock = clock or FakeClock()
        app = IltApp(library, sessions_dir=tmp_path / "sessions", team=team, clock=clock, wall=clock.wall, **kwargs)
        if scenario_id is not None:
            opened = app.new_session(library.scenario(scenario_id), team, "Blue sky — Lincoln MS", "Dana Whitfield")
            for _ in range(done):
                opened[0].next()
            if prepare is not None:
                prepare(opened[0])
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


__all__ = ["CONTENT", "KeyPilot", "driven", "keyed", "plain", "type_text", "wait_until"]


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

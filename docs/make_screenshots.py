"""Make the README's screenshots (SVG) from the built-in content, with a fixed clock.

    python docs/make_screenshots.py

Writes docs/screenshots/home.svg, run-rubric.svg and run-survey.svg.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ilt_kit.content.library import load_library, load_team
from ilt_kit.tui.app import IltApp

HERE = Path(__file__).resolve().parent
START = datetime(2026, 11, 22, 15, 30, tzinfo=timezone(timedelta(hours=-5)))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return START + timedelta(seconds=self.now)


async def shoot(name: str, scenario_id: str | None, segment: int, keys: list[str], advance: float, title: str = "", size=(120, 36)) -> None:
    library = load_library(cwd=Path(tempfile.mkdtemp()))
    team = load_team(HERE / "example-team.toml")
    clock = Clock()
    os.chdir(tempfile.mkdtemp())  # an empty sessions folder, named "sessions" on screen
    app = IltApp(library, sessions_dir=Path("sessions"), team=team, clock=clock, wall=clock.wall)
    if scenario_id:
        session, handle = app.new_session(library.scenario(scenario_id), team, title, team.facilitator)
        session.goto(segment)
        app.start = lambda a: a.run_screen(session, handle)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # home: the library and the saved sessions, found in threads
        await pilot.pause()
        for key in keys:
            if key == "tick":
                clock.now += advance
                continue
            await pilot.press(key)
        if scenario_id:
            app.screen.refresh_clock()
        await pilot.pause()
        app.save_screenshot(str(HERE / "screenshots" / f"{name}.svg"))


async def main() -> None:
    await shoot("home", None, 0, [], 0)
    await shoot("run-rubric", "vision-teacher-learning", 1, ["space", "tick", "3", "3", "2", "4", "3", "1", "r"], 1040, "Vision calibration — Lincoln MS")
    await shoot("run-survey", "where-are-we-now", 2, ["space", "tick", "4", "4", "2", "5", "3", "2", "r"], 300, "Where are we now? — Lincoln MS")


if __name__ == "__main__":
    asyncio.run(main())

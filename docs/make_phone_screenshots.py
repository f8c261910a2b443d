"""Screenshots of the members' page for the README, taken by headless Chromium at a phone's size.

    python docs/make_phone_screenshots.py [OUT_DIR]

Runs a session of the built-in scenarios in memory (nothing is saved), serves the page on the
loopback address only, and writes phone-*.png (default: docs/screenshots/).
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ilt_kit.content.library import load_library  # noqa: E402
from ilt_kit.join.room import JoinRoom  # noqa: E402
from ilt_kit.join.server import JoinServer  # noqa: E402
from ilt_kit.session.engine import Session, build_record  # noqa: E402
from tests import browser  # noqa: E402
from tools.make_examples import TEAM as EXAMPLE_TEAM  # noqa: E402

TEAM = EXAMPLE_TEAM.model_copy(update={"school": "Lincoln Middle School"})
"""The example sessions' team (``tools/make_examples.py``), naming its school."""
WHEN = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=-5)))


def session_of(library, scenario_id: str) -> tuple[Session, object]:
    scenario = library.scenario(scenario_id)
    rubrics = {key: loaded.item for key, loaded in library.rubrics.items()}
    record = build_record(scenario, rubrics, TEAM, "November ILT meeting", TEAM.facilitator, WHEN)
    return Session(record, wall=lambda: WHEN), scenario


def goto(session: Session, kind: str) -> None:
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == kind))


async def main(out: Path) -> None:
    from selenium.webdriver.common.by import By

    library = load_library([])
    driver = await asyncio.to_thread(browser.start)
    try:
        async def shot(room: JoinRoom, name: str, claim: str | None, act=None) -> None:  # noqa: ANN001
            server = JoinServer(room, host="127.0.0.1", port=0)
            await server.start()
            try:
                await asyncio.to_thread(driver.delete_all_cookies)
                await asyncio.to_thread(driver.get, server.link)
                await asyncio.sleep(0.6)
                if claim is not None:
                    buttons = await asyncio.to_thread(driver.find_elements, By.CSS_SELECTOR, ".names button")
                    button = next(b for b in buttons if claim in b.text)
                    await asyncio.to_thread(button.click)
                    await asyncio.sleep(0.6)
                if act is not None:
                    await act()
                    await asyncio.sleep(0.6)
                await asyncio.to_thread(driver.save_screenshot, str(out / f"phone-{name}.png"))
                print(out / f"phone-{name}.png")
            finally:
                await server.stop()

        def room_for(session: Session, scenario) -> JoinRoom:  # noqa: ANN001
            return JoinRoom(session, scenario=scenario, rubric_for=lambda rid: library.rubrics[rid].item)

        session, scenario = session_of(library, "vision-teacher-learning")
        goto(session, "rubric")
        room = room_for(session, scenario)
        room.claim("Luis Ortega")
        room.claim("Ana Sousa")
        await shot(room, "join", None)
        cid = session.segment.criteria[0].id
        await shot(room, "rubric", "Marcus Chen", lambda: asyncio.to_thread(
            lambda: driver.execute_script("arguments[0].click()", driver.find_element(By.CSS_SELECTOR, 'button[data-level="2"]'))))
        for name, level in zip(session.member_names, (3, 2, 2, 1, 2, 3)):
            session.rated.cast(cid, name, level, source="phone")
        session.rated.reveal(cid)
        await shot(room, "revealed", "Priya Raman")

        session, scenario = session_of(library, "where-are-we-now")
        goto(session, "survey")
        await shot(room_for(session, scenario), "survey", "Marcus Chen")

        def click(selector: str):  # noqa: ANN202 - the page shows as marked only what it sent itself
            return lambda: asyncio.to_thread(
                lambda: driver.execute_script("arguments[0].click()", driver.find_element(By.CSS_SELECTOR, selector)))

        async def rate() -> None:
            await click('button[aria-label="likelihood 4"]')()
            await click('button[aria-label="impact 5"]')()

        session, scenario = session_of(library, "forecasting")
        goto(session, "forecast")
        await shot(room_for(session, scenario), "forecast", "Marcus Chen", rate)

        session, scenario = session_of(library, "blue-sky")
        goto(session, "brainstorm")
        for text in ("Teachers visit each other's classrooms every month", "Common planning time for every grade team",
                     "Student work at the centre of every PLC meeting", "Coaching cycles open to every teacher"):
            session.brainstorm.add(text, author=session.member_names[1])
        goto(session, "prioritize")
        ideas = [idea.id for idea in session.dots.source_ideas()]
        await shot(room_for(session, scenario), "dots", "Marcus Chen", click(f'button[aria-label="a dot on idea {ideas[1]}"]'))
    finally:
        await asyncio.to_thread(driver.quit)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    asyncio.run(main(target))

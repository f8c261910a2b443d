"""A real browser answers a follow-up: the page shows the action the screen is on, carries it over
to a date, writes its evidence of impact, and follows the screen to the next action to drop it.
Skipped (with the reason) only when no Chromium is installed and this is not CI."""

from __future__ import annotations

import asyncio
from datetime import date

from tests.tui.conftest import driven, wait_until
from tests.tui.test_follow_up_pane import _app
from tests.tui.test_join_browser import _body, _claim, _text_in_h1, _wait

SIZE = (120, 36)


async def test_a_member_follows_up_an_action_from_the_page(follow_up_library, team, tmp_path, browsers):
    from selenium.webdriver.common.by import By

    app, _ = _app(follow_up_library, team, tmp_path)
    app.join_host, app.join_port = "127.0.0.1", 0
    async with driven(app, size=SIZE) as pilot:
        session = app.session
        await pilot.press("j")
        await pilot.pause()
        server = app.joining.server
        await pilot.press("escape")
        phone = await asyncio.to_thread(browsers)
        await asyncio.to_thread(_claim, phone, server.link, session.member_names[1])
        await asyncio.to_thread(_wait, phone, _text_in_h1("Follow up"))
        first, second, _ = session.segment.actions
        assert first.what in await asyncio.to_thread(_body, phone)

        def carry_and_write() -> None:
            day = _wait(phone, lambda d: d.find_element(By.ID, "carry-date"))
            phone.execute_script("arguments[0].value = '2027-01-15'", day)
            buttons = phone.find_elements(By.CSS_SELECTOR, "#view .choices button")
            phone.execute_script("arguments[0].click()", buttons[1])
            _wait(phone, lambda d: "Now: carried to 2027-01-15" in _body(d))
            box = phone.find_element(By.ID, "impact")
            box.send_keys("Two visits so far <b>and</b> counting")
            phone.execute_script("arguments[0].click()", phone.find_element(By.CSS_SELECTOR, "#view button.primary"))

        await asyncio.to_thread(carry_and_write)
        await wait_until(pilot, lambda: first.impact != "", "the evidence recorded")
        assert (first.status, first.carried_to, first.impact) == ("carried", date(2027, 1, 15), "Two visits so far <b>and</b> counting")
        assert not await asyncio.to_thread(phone.find_elements, By.CSS_SELECTOR, "#view b")  # shown as text

        await pilot.press("down")  # the screen moves on: the page follows
        await asyncio.to_thread(_wait, phone, lambda d: second.what in d.find_element(By.CSS_SELECTOR, "#view .card h2").text)

        reason = "Done by the district instead: https://example.org/" + "w" * 120  # one long word

        def drop() -> int:
            phone.find_element(By.ID, "drop-reason").send_keys(reason)
            buttons = phone.find_elements(By.CSS_SELECTOR, "#view .choices button")
            phone.execute_script("arguments[0].click()", buttons[2])
            _wait(phone, lambda d: "Now: dropped: Done by the district instead" in _body(d))
            return phone.execute_script("return document.documentElement.scrollWidth - window.innerWidth")

        overflow = await asyncio.to_thread(drop)
        assert (second.status, second.reason) == ("dropped", reason)
        assert overflow <= 0  # a long word wraps: the page never scrolls sideways on a phone

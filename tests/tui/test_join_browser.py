"""A real browser: two headless Chromium windows, as two members, answer a whole criterion from
the page while the app runs in Pilot; the projected screen shows that two have answered (never
what), the page follows the facilitator to the next criterion, and the reveal reaches both pages.

Selenium's calls block, so they run in threads while the app's own loop serves the page; only the
loop ever touches the session. Skipped (with the reason) only when no Chromium is installed and
this is not CI, where it must run."""

from __future__ import annotations

import asyncio
import os
import re

import pytest

from tests import browser
from tests.tui.conftest import driven, plain, wait_until

SIZE = (120, 36)

if browser.find() is None:
    if os.environ.get("CI"):
        raise RuntimeError(browser.missing_reason() + " — and CI must run them")
    pytest.skip(browser.missing_reason(), allow_module_level=True)


def _wait(driver, condition, timeout: float = 15.0):  # noqa: ANN001, ANN202
    """Until ``condition`` holds; the page redraws when the session changes, so an element found a
    moment ago may be gone: that is tried again. The timeout only ends a test that would otherwise
    hang: how soon a page follows is no test's business (a loaded machine may take seconds)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    ignored = (NoSuchElementException, StaleElementReferenceException)
    return WebDriverWait(driver, timeout, poll_frequency=0.05, ignored_exceptions=ignored).until(condition)


def _text_in_h1(text: str):  # noqa: ANN202
    from selenium.webdriver.common.by import By

    def check(driver):  # noqa: ANN001, ANN202
        headings = driver.find_elements(By.CSS_SELECTOR, "#view h1")
        return bool(headings) and text in headings[0].text

    return check


def _claim(driver, link: str, name: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(link)

    def claimed(d) -> bool:  # noqa: ANN001
        if d.find_element(By.ID, "who").text == name:
            return True
        for button in d.find_elements(By.CSS_SELECTOR, ".names button"):
            if name in button.text:
                button.click()
        return False

    _wait(driver, claimed)


def _choose(driver, level: int) -> None:
    from selenium.webdriver.common.by import By

    def chosen(d) -> bool:  # noqa: ANN001
        button = d.find_element(By.CSS_SELECTOR, f'button[data-level="{level}"]')
        if button.get_attribute("aria-pressed") == "true":
            return True
        button.click()
        return False

    _wait(driver, chosen)


def _body(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").text


async def test_two_members_answer_a_criterion_from_their_browsers(make_app, browsers):
    app, _ = make_app(done=2)  # on the rubric
    app.join_host, app.join_port = "127.0.0.1", 0
    async with driven(app, size=SIZE) as pilot:
        run = app.screen
        session = run.session
        await pilot.press("j")
        await pilot.pause()
        server = app.joining.server
        await pilot.press("escape")
        ana_name, ben_name = session.member_names[:2]
        ana, ben = await asyncio.gather(asyncio.to_thread(browsers), asyncio.to_thread(browsers))
        await asyncio.gather(
            asyncio.to_thread(_claim, ana, server.link, ana_name), asyncio.to_thread(_claim, ben, server.link, ben_name)
        )
        first, second = session.segment.criteria[:2]
        for driver in (ana, ben):
            await asyncio.to_thread(_wait, driver, _text_in_h1(first.title))

        # the facilitator moves to the next criterion: both pages follow within a second
        await pilot.press("right")
        for driver in (ana, ben):
            await asyncio.to_thread(_wait, driver, _text_in_h1(second.title), 1.5)

        await asyncio.gather(asyncio.to_thread(_choose, ana, 2), asyncio.to_thread(_choose, ben, 4))
        await asyncio.to_thread(_choose, ben, 3)  # changed before the reveal
        voters = run.query_one("#rubric-ballots")
        await wait_until(pilot, lambda: re.search(r"2 of 4 (voted|answered)", plain(voters)), "two answers shown")
        assert "Revealed" not in await asyncio.to_thread(_body, ana)
        ballots = {b.member: (b.level, b.source) for b in session.rated.current_round(session.rated.criterion(second.id)).ballots}
        assert ballots == {ana_name: (2, "phone"), ben_name: (3, "phone")}

        await pilot.press("r")  # the reveal, on the projected screen and on both pages
        for driver in (ana, ben):
            await asyncio.to_thread(_wait, driver, lambda d: "Revealed" in _body(d))
        label = {level.value: level.label for level in session.segment.scale}
        assert f"You chose: {label[2]}" in await asyncio.to_thread(_body, ana)
        assert f"You chose: {label[3]}" in await asyncio.to_thread(_body, ben)


async def test_code_ideas_and_dots_from_a_browser_shown_as_text(make_app, browsers):
    """The typed code leads to the page (a wrong one is refused on the page); an idea sent from the
    page is recorded as typed, and shown as text in the dot vote, never as markup."""
    from selenium.webdriver.common.by import By

    app, _ = make_app(done=1)  # on the brainstorm
    app.join_host, app.join_port = "127.0.0.1", 0
    async with driven(app, size=SIZE) as pilot:
        session = app.screen.session
        await pilot.press("j")
        await pilot.pause()
        server = app.joining.server
        await pilot.press("escape")
        phone = await asyncio.to_thread(browsers)

        def type_code(code: str) -> None:
            field = _wait(phone, lambda d: d.find_element(By.ID, "code-input"))
            field.clear()
            field.send_keys(code)
            phone.find_element(By.CSS_SELECTOR, "#code-form button").click()

        await asyncio.to_thread(phone.get, server.base + "/")
        await asyncio.to_thread(type_code, "ZZZ ZZZ")
        await asyncio.to_thread(_wait, phone, lambda d: "not the code" in d.find_element(By.ID, "notice").text)
        await asyncio.to_thread(type_code, server.room.code.lower())
        await asyncio.to_thread(_wait, phone, lambda d: d.current_url == server.link)
        name = session.member_names[2]
        await asyncio.to_thread(_claim, phone, server.link, name)

        idea = '<b>Peer visits</b> & "walkthroughs"'

        def send_idea() -> None:
            box = _wait(phone, lambda d: d.find_element(By.ID, "idea"))
            box.send_keys(idea)
            phone.execute_script("arguments[0].click()", phone.find_element(By.CSS_SELECTOR, "#view button.primary"))
            _wait(phone, lambda d: idea in d.find_element(By.CSS_SELECTOR, ".mine-list").text)

        await asyncio.to_thread(send_idea)
        assert [(i.text, i.author) for i in session.segment.ideas] == [(idea, name)]
        while session.segment.kind != "prioritize":
            await pilot.press("n")
        await asyncio.to_thread(_wait, phone, lambda d: "dots left" in _body(d))
        assert idea in await asyncio.to_thread(_body, phone)
        assert not await asyncio.to_thread(phone.find_elements, By.CSS_SELECTOR, "#view b")

        def dot() -> None:
            plus = phone.find_element(By.CSS_SELECTOR, '.dots button[aria-label^="a dot"]')
            phone.execute_script("arguments[0].click()", plus)
            _wait(phone, lambda d: "2 of 3 dots left" in _body(d))

        await asyncio.to_thread(dot)
        assert session.dots.used(name) == 1


async def test_a_page_that_picks_up_a_name_says_answered_but_not_what(make_session, library, browsers):
    """A ballot typed at the keyboard for a member is not shown on the page that claims the name:
    it says the member has answered, no level is marked, and choosing one replaces it; the same
    for dots placed at the keyboard."""
    from selenium.webdriver.common.by import By

    from ilt_kit.join.room import JoinRoom
    from ilt_kit.join.server import JoinServer

    session, _ = make_session()
    session.goto(next(i for i, s in enumerate(session.segments) if s.id == "score"))
    cid = session.segment.criteria[0].id
    room = JoinRoom(
        session,
        scenario=library.scenario("test-all-kinds"),
        rubric_for=lambda rid: library.rubrics[rid].item if rid in library.rubrics else None,
    )
    ana = session.member_names[0]
    session.rated.cast(cid, ana, 3)
    server = JoinServer(room, host="127.0.0.1", port=0)
    await server.start()
    try:
        phone = await asyncio.to_thread(browsers)
        await asyncio.to_thread(_claim, phone, server.link, ana)
        await asyncio.to_thread(_wait, phone, lambda d: "already answered" in _body(d))
        pressed = await asyncio.to_thread(phone.find_elements, By.CSS_SELECTOR, 'button[aria-pressed="true"]')
        assert pressed == []
        await asyncio.to_thread(_choose, phone, 1)
        await asyncio.to_thread(_wait, phone, lambda d: "Your answer is in" in _body(d))
        assert {b.member: (b.level, b.source) for b in session.rated.current_round(session.rated.criterion(cid)).ballots} == {
            ana: (1, "phone")
        }

        session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "brainstorm"))
        session.brainstorm.add("Peer visits")
        session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "prioritize"))
        session.dots.place(ana, session.dots.source_ideas()[0].id)
        await asyncio.to_thread(_wait, phone, lambda d: "1 of your dots was placed at the keyboard" in _body(d))
        minus = await asyncio.to_thread(phone.find_element, By.CSS_SELECTOR, '.dots button[aria-label^="take a dot"]')
        assert not await asyncio.to_thread(minus.is_enabled)
        count = await asyncio.to_thread(phone.find_element, By.CSS_SELECTOR, ".dots .count")
        assert await asyncio.to_thread(count.get_attribute, "textContent") == "0"
    finally:
        await server.stop()


async def test_a_page_waits_for_the_facilitator_and_goes_on_once_let_in(make_session, library, browsers):
    """Finding 3: with approval on, the page shows the label the join screen shows beside the
    waiting device, and goes on by itself once the facilitator lets it in."""
    from selenium.webdriver.common.by import By

    from ilt_kit.join.room import JoinRoom
    from ilt_kit.join.server import JoinServer

    session, _ = make_session()
    session.goto(next(i for i, s in enumerate(session.segments) if s.id == "score"))
    cid = session.segment.criteria[0].id
    room = JoinRoom(
        session,
        scenario=library.scenario("test-all-kinds"),
        rubric_for=lambda rid: library.rubrics[rid].item if rid in library.rubrics else None,
    )
    room.approve_each = True
    ana = session.member_names[0]
    server = JoinServer(room, host="127.0.0.1", port=0)
    await server.start()
    try:
        phone = await asyncio.to_thread(browsers)

        def ask() -> None:
            phone.get(server.link)
            _wait(phone, lambda d: any(ana in b.text for b in d.find_elements(By.CSS_SELECTOR, ".names button")))
            next(b for b in phone.find_elements(By.CSS_SELECTOR, ".names button") if ana in b.text).click()

        await asyncio.to_thread(ask)
        await asyncio.to_thread(_wait, phone, lambda d: "Waiting for the facilitator" in _body(d))
        (token, waiting), = room.waiting.items()
        label = await asyncio.to_thread(phone.find_element, By.CSS_SELECTOR, ".label-code")
        assert await asyncio.to_thread(lambda: label.text) == waiting.label
        room.approve(token)
        await asyncio.to_thread(_wait, phone, lambda d: d.find_element(By.ID, "who").text == ana)
        await asyncio.to_thread(_choose, phone, 2)
        await asyncio.to_thread(_wait, phone, lambda d: "Your answer is in" in _body(d))
    finally:
        await server.stop()


async def test_a_tap_after_the_screen_moved_on_shows_why_and_the_current_question(make_session, library, browsers, monkeypatch):
    """Issue 30, finding 4: the facilitator moves on while the page still shows the criterion
    before (the push has not arrived: here the server's pushes are held back). The tap is refused;
    the page says the screen moved on and shows the current question, and nothing is recorded."""
    from selenium.webdriver.common.by import By

    import ilt_kit.join.server as server_module
    from ilt_kit.join.room import JoinRoom
    from ilt_kit.join.server import HUB, JoinServer

    monkeypatch.setattr(server_module, "TICK", 60.0)
    session, _ = make_session()
    session.goto(next(i for i, s in enumerate(session.segments) if s.id == "score"))
    first, second = session.segment.criteria[:2]
    room = JoinRoom(
        session,
        scenario=library.scenario("test-all-kinds"),
        rubric_for=lambda rid: library.rubrics[rid].item if rid in library.rubrics else None,
    )
    server = JoinServer(room, host="127.0.0.1", port=0)
    await server.start()
    try:
        phone = await asyncio.to_thread(browsers)
        await asyncio.to_thread(_claim, phone, server.link, session.member_names[0])
        await asyncio.to_thread(_wait, phone, _text_in_h1(first.title))
        monkeypatch.setattr(server.app[HUB], "check", lambda: None)  # the push of the move is late
        session.focus_item(second.id)
        button = await asyncio.to_thread(phone.find_element, By.CSS_SELECTOR, 'button[data-level="2"]')
        await asyncio.to_thread(button.click)
        await asyncio.to_thread(_wait, phone, _text_in_h1(second.title))
        notice = await asyncio.to_thread(phone.find_element, By.ID, "notice")
        assert "the screen moved on: here is the current question" in await asyncio.to_thread(lambda: notice.text)
        assert session.rated.voted(first.id) == set() and session.rated.voted(second.id) == set()
    finally:
        await server.stop()


async def test_a_page_recovers_after_the_screen_restarts_and_says_when_the_session_ended(make_session, library, browsers):
    """Issue 30, finding 5: the app stops (a crash) and comes back with the join it kept: the page
    says plainly that the link is lost (never 'Reconnecting' for good), reconnects by itself, shows
    the question the screen shows now and answers it; once the session ends it says so."""
    from selenium.webdriver.common.by import By

    from ilt_kit.join.room import JoinRoom
    from ilt_kit.join.server import JoinServer

    session, _ = make_session()
    session.goto(next(i for i, s in enumerate(session.segments) if s.id == "score"))
    first, second = session.segment.criteria[:2]

    def new_room() -> JoinRoom:
        return JoinRoom(
            session,
            scenario=library.scenario("test-all-kinds"),
            rubric_for=lambda rid: library.rubrics[rid].item if rid in library.rubrics else None,
        )

    room = new_room()
    server = JoinServer(room, host="127.0.0.1", port=0)
    await server.start()
    phone = await asyncio.to_thread(browsers)
    await asyncio.to_thread(_claim, phone, server.link, session.member_names[0])
    await asyncio.to_thread(_wait, phone, _text_in_h1(first.title))
    await asyncio.to_thread(phone.execute_script, "LOST_AFTER = 300;")  # the page says so sooner than in a room

    kept, port = room.kept(server.port), server.port
    await server.stop()  # the app is gone
    lost = "Lost the connection to the screen. Ask the facilitator; this page keeps trying."
    await asyncio.to_thread(_wait, phone, lambda d: d.find_element(By.ID, "link").text == lost, 5.0)
    assert "Reconnecting" not in await asyncio.to_thread(lambda: phone.find_element(By.ID, "status").text)
    session.focus_item(second.id)  # the facilitator moved on meanwhile

    again = new_room()
    again.restore(kept)  # what resume reads back from beside the session file
    server = JoinServer(again, host="127.0.0.1", port=port)
    await server.start()
    try:
        await asyncio.to_thread(_wait, phone, _text_in_h1(second.title), 8.0)
        assert not await asyncio.to_thread(lambda: phone.find_element(By.ID, "link").is_displayed())
        await asyncio.to_thread(_choose, phone, 2)
        assert [(b.level, b.source) for b in session.rated.current_round(session.rated.criterion(second.id)).ballots] == [(2, "phone")]

        session.goto(len(session.segments) - 1)
        session.finish()
        await asyncio.to_thread(_wait, phone, lambda d: "The session has ended. You can close this page." in _body(d))
        status = await asyncio.to_thread(phone.find_element, By.ID, "status")
        assert await asyncio.to_thread(lambda: status.text) == "The session has ended. You can close this page."
    finally:
        await server.stop()
    await asyncio.sleep(0.5)  # the page has lost the screen now: it still says the session ended, not "lost"
    body = await asyncio.to_thread(_body, phone)
    assert "The session has ended. You can close this page." in body and "Lost the connection" not in body


async def test_a_page_says_when_the_facilitator_stopped_joining(make_session, library, browsers):
    from ilt_kit.join.room import JoinRoom
    from ilt_kit.join.server import JoinServer

    session, _ = make_session()
    room = JoinRoom(session, scenario=library.scenario("test-all-kinds"))
    server = JoinServer(room, host="127.0.0.1", port=0)
    await server.start()
    phone = await asyncio.to_thread(browsers)
    await asyncio.to_thread(_claim, phone, server.link, session.member_names[0])
    await server.stop("stopped")
    await asyncio.to_thread(_wait, phone, lambda d: "The facilitator stopped answering on phones. You can close this page." in _body(d))

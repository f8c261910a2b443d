"""Headless Chromium phones for trying a mixed room by hand: run the app in a terminal with
``--join --join-host 127.0.0.1`` and, beside it, ``python -i tools/room_phones.py``; then, at the
prompt::

    start(3)                        # three phone-sized browsers
    for i in range(3): go(i, LINK)  # the join link (the QR code's address)
    claim(0, "Marcus Chen")         # pick a name on phone 0
    level(0, 3)                     # rubric or survey: a level
    rate(0, 0, 4, 5)                # forecast: item 0, likelihood 4, impact 5
    idea(0, "Peer visits")          # brainstorm
    dot(0, 2)                       # dot vote: a dot on idea 2 (dot(0, 2, take=True) takes one back)
    status(0); body(0)              # what the page says: its status line, banner and notice; all its text
    shot(0, "phone0.png")           # a screenshot to look at

The browsers reach only the loopback address (see ``tests/browser.py``). Nothing here is used by
the tests.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import browser  # noqa: E402

PHONES: dict[int, object] = {}
PAUSE = 0.3
"""Seconds after a tap, for the page to send it and show the answer."""


def start(n: int = 3) -> None:
    for i in range(n):
        PHONES[i] = browser.start()


def go(i: int, link: str) -> None:
    PHONES[i].get(link)


def _find(i: int, css: str):  # noqa: ANN202
    from selenium.webdriver.common.by import By

    return PHONES[i].find_elements(By.CSS_SELECTOR, css)


def _tap(i: int, element) -> None:  # noqa: ANN001
    PHONES[i].execute_script("arguments[0].scrollIntoView({block: 'center'})", element)  # the status line may cover it
    element.click()
    time.sleep(PAUSE)


def claim(i: int, name: str, tries: int = 50) -> bool:
    for _ in range(tries):
        if _find(i, "#who")[0].text == name:
            return True
        button = next((b for b in _find(i, ".names button") if name in b.text), None)
        if button is not None:
            _tap(i, button)
        else:
            time.sleep(0.2)
    return False


def level(i: int, value: int) -> None:
    _tap(i, _find(i, f'button[data-level="{value}"]')[0])


def rate(i: int, item: int, likelihood: int, impact: int) -> None:
    for index in (likelihood - 1, 5 + impact - 1):  # the page is drawn again after each tap
        _tap(i, _find(i, "#view .card")[item].find_elements("css selector", ".scale button")[index])


def idea(i: int, text: str) -> None:
    box = _find(i, "#idea")[0]
    box.clear()
    box.send_keys(text)
    _tap(i, _find(i, "#view button.primary")[0])


def dot(i: int, idea_id: int, take: bool = False) -> None:
    label = f"take a dot from idea {idea_id}" if take else f"a dot on idea {idea_id}"
    _tap(i, _find(i, f'[aria-label="{label}"]')[0])


def status(i: int) -> tuple[str, str, str]:
    return tuple(_find(i, f"#{part}")[0].text for part in ("status", "link", "notice"))  # type: ignore[return-value]


def body(i: int) -> str:
    return _find(i, "body")[0].text


def shot(i: int, path: str) -> None:
    PHONES[i].save_screenshot(path)


def stop() -> None:
    for driver in PHONES.values():
        driver.quit()
    PHONES.clear()

"""Headless Chromium for the tests and the screenshot script: Debian's chromium and chromium-driver
driven by Selenium. Blocking calls: run them in a thread (``asyncio.to_thread``) while the app's
loop serves the page."""

from __future__ import annotations

import os
import shutil

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DRIVERS = ("chromedriver",)
PHONE = (390, 844)
"""A phone-sized window, in CSS pixels."""


def find() -> tuple[str, str] | None:
    """(browser, driver) paths, or None when either is missing."""
    browser = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    driver = next((path for name in DRIVERS if (path := shutil.which(name))), None)
    if driver is None and os.path.exists("/usr/lib/chromium/chromedriver"):
        driver = "/usr/lib/chromium/chromedriver"
    return (browser, driver) if browser and driver else None


def missing_reason() -> str:
    return (
        "no Chromium with its driver was found (install Debian's chromium and chromium-driver: "
        "apt-get install chromium chromium-driver); the browser tests need one"
    )


def start(size: tuple[int, int] = PHONE, scale: float = 1.0):  # noqa: ANN201
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = find()
    assert found is not None, missing_reason()
    browser, driver = found
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-domain-reliability",
        "--no-pings",
        # only the loopback address: no name resolves, so nothing leaves the machine
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ):
        options.add_argument(argument)
    # a phone's viewport (a headless window cannot be narrower than 500 pixels)
    metrics = {"width": size[0], "height": size[1], "pixelRatio": scale, "mobile": True, "touch": True}
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    return webdriver.Chrome(options=options, service=Service(driver))

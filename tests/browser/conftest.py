"""Playwright for Python driving Debian's Chromium (/usr/bin/chromium).

Playwright's own browser download does not work on this network, so the system browser is used."""

from __future__ import annotations

import os

import pytest

from tests import requires

CHROMIUM = requires.CHROMIUM
# Playwright's sync API runs an event loop in the test thread; the ORM calls the fixtures make there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_session():
    """The session's one Chromium. The ``browser`` fixture is defined once, in tests/conftest.py, over this: a
    test directory that imported a fixture of its own would start a second Playwright in the same run ("Sync API
    inside the asyncio loop"), so the chapters' journeys (tests/information, tests/disclosure) share this one."""
    if not CHROMIUM.exists():
        requires.missing("chromium", f"Chromium is missing at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, live_server, username: str, password: str = "zaduo-demo-2026") -> None:
    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def sign_out(page) -> None:
    """退出 lives in the menu on a phone (issue 14): open the menu first when its toggle is shown."""
    toggle = page.locator("[data-nav-toggle]")
    if toggle.count() and toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.click("text=退出")
    page.wait_for_load_state("networkidle")

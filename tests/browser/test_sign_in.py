"""Browser journey: the demo clerk signs in and lands on 我的待办, on a desktop and on a phone."""

from __future__ import annotations

import pytest

from org.demo import build_demo_office

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_signs_in_and_lands_on_my_work(desktop, live_server, tmp_path):
    build_demo_office()
    sign_in(desktop, live_server, "shoufa")
    assert desktop.url == f"{live_server.url}/"
    assert desktop.locator("h1").inner_text() == "我的待办"
    assert "索南卓玛" in desktop.locator("[data-current-user]").inner_text()
    assert "收发秘书" in desktop.locator("[data-current-user]").inner_text()
    # Static assets are served locally: the stylesheet applied (the header is the brand red).
    colour = desktop.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor")
    assert colour == "rgb(164, 22, 26)"
    shot = tmp_path / "clerk-home.png"
    desktop.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 5_000


def test_phone_menu_opens_and_sign_out_works(phone, live_server, tmp_path):
    build_demo_office()
    sign_in(phone, live_server, "xianzhang")
    nav = phone.locator("#mainnav")
    assert not nav.is_visible()  # folded away on a phone
    phone.click("[data-nav-toggle]")
    assert nav.is_visible()
    assert phone.locator("[data-nav=incoming]").is_visible()
    phone.screenshot(path=str(tmp_path / "leader-phone.png"), full_page=True)
    phone.click("text=退出")
    phone.wait_for_load_state("networkidle")
    assert "/accounts/login/" in phone.url


def test_wrong_password_shows_chinese_message(desktop, live_server):
    build_demo_office()
    sign_in(desktop, live_server, "shoufa", password="not-the-password")
    assert "用户名或密码不正确" in desktop.locator("[role=alert]").inner_text()

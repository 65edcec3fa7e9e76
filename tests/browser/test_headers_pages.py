"""Browser: a form left open past a new sign-in says it expired and reloads its page; a POST-only address opened
directly says what to do — both in Chinese (issue 12)."""

from __future__ import annotations

import pytest

from org.demo import build_demo_office

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_expired_form_says_so_and_reloads_its_page(desktop, live_server):
    """The clerk opens the 销毁清册 form, signs out and in again in another tab (a new CSRF token), then submits
    the old form: the page says nothing was saved; 重新载入页面 brings the form back and it then submits."""
    build_demo_office()
    sign_in(desktop, live_server, "shoufa")
    form_page = f"{live_server.url}/records/destruction/"
    desktop.goto(form_page)
    form = desktop.locator("form[action$='/records/destruction/new/']")
    form.locator("input[name=title]").fill("2026年第一批重份文件销毁")
    other = desktop.context.new_page()
    other.goto(f"{live_server.url}/")
    other.click("text=退出")
    sign_in(other, live_server, "shoufa")
    other.close()
    form.locator("button[type=submit]").click()
    desktop.wait_for_load_state("networkidle")
    assert "页面已过期" in desktop.locator("h1").inner_text()
    desktop.click("[data-reload]")
    desktop.wait_for_load_state("networkidle")
    assert desktop.url == form_page


def test_a_post_only_address_opened_directly_says_what_to_do(desktop, live_server):
    build_demo_office()
    sign_in(desktop, live_server, "shoufa")
    # As from a link on the list page (a typed address or bookmark sends no Referer: then only 返回我的待办).
    response = desktop.goto(
        f"{live_server.url}/records/destruction/new/", referer=f"{live_server.url}/records/destruction/"
    )
    assert response.status == 405
    assert desktop.locator("h1").inner_text() == "请从页面上的按钮操作"
    desktop.click("text=返回上一页")
    desktop.wait_for_load_state("networkidle")
    assert desktop.url == f"{live_server.url}/records/destruction/"

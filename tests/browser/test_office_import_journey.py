"""Browser journey: an administrator sets up the office from the Excel workbook in the admin; a new colleague
signs in with the one-time password, is sent to change it, and then uses the app. At 1366 px, the width of the
office's desktop screens. Screenshots go to $ZADUO_SCREENSHOTS when set (to look at them), else tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from org.office_workbook import build_template
from tests.factories import PASSWORD, person
from tests.org.test_office_import import LINES, PEOPLE, SECTIONS, UNITS, changed, fill

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Ziji-de-Mima-88"


@pytest.fixture
def wide(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    yield context
    context.close()


def test_admin_imports_the_office_and_a_newcomer_changes_the_initial_password(wide, live_server, tmp_path):
    shots = Path(os.environ.get("ZADUO_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    person(staff=True, username="guanliyuan")
    good = tmp_path / "office.xlsx"
    good.write_bytes(fill(build_template(), people=PEOPLE, sections=SECTIONS, lines=LINES, units=UNITS))
    bad = tmp_path / "office-with-mistakes.xlsx"
    people = changed(changed(PEOPLE, 6, 4, "收发员"), 5, 6, "是")
    bad.write_bytes(fill(build_template(), people=people, sections=changed(SECTIONS, 4, 2, "dz-fazhi"), units=UNITS))

    admin = wide.new_page()
    sign_in(admin, live_server, "guanliyuan", PASSWORD)
    admin.goto(f"{live_server.url}/admin/org/")
    admin.click("text=从 Excel 导入办公室")
    assert admin.locator("h1").inner_text() == "从 Excel 导入办公室"
    admin.screenshot(path=str(shots / "office-import-upload.png"), full_page=True)

    admin.set_input_files("input[name=workbook]", str(bad))
    admin.click("input[type=submit][value='检查（不写入）']")
    refused = admin.locator("[data-report-refused]").inner_text()
    assert "发现 3 处错误，整个文件未导入" in refused
    problems = admin.locator("[data-problems]").inner_text()
    assert "人员 第8行 E列（角色）" in problems and "未知角色“收发员”" in problems
    assert "科室 第6行 C列（分管办公室领导）" in problems
    admin.screenshot(path=str(shots / "office-import-refused.png"), full_page=True)

    admin.set_input_files("input[name=workbook]", str(good))
    admin.click("input[type=submit][value='检查（不写入）']")
    assert "检查通过（试运行，未写入）" in admin.locator("[data-report-ok]").inner_text()
    admin.screenshot(path=str(shots / "office-import-report.png"), full_page=True)

    admin.click("input[type=submit][value='确认导入']")
    assert admin.locator("[data-report-ok]").inner_text() == "已导入。"
    row = admin.locator("[data-initial-passwords] tr", has_text="dz-shoufa")
    initial = row.locator("code").inner_text()
    admin.screenshot(path=str(shots / "office-import-applied.png"), full_page=True)

    newcomer = wide.browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    sign_in(newcomer, live_server, "dz-shoufa", initial)
    assert newcomer.url == f"{live_server.url}/accounts/password/"
    assert "这是您第一次登录" in newcomer.locator("[data-first-sign-in]").inner_text()
    newcomer.screenshot(path=str(shots / "first-sign-in.png"), full_page=True)
    newcomer.goto(f"{live_server.url}/")  # any other page sends them back
    assert newcomer.url == f"{live_server.url}/accounts/password/"
    newcomer.fill("input[name=old_password]", initial)
    newcomer.fill("input[name=new_password1]", NEW_PASSWORD)
    newcomer.fill("input[name=new_password2]", NEW_PASSWORD)
    newcomer.click("button.primary")
    assert newcomer.locator("h1").inner_text() == "密码已修改"
    newcomer.click("text=返回我的待办")
    assert newcomer.locator("h1").inner_text() == "我的待办"
    assert "求吉拉姆" in newcomer.locator("[data-current-user]").inner_text()
    newcomer.context.close()

"""Browser journey of a group visit (集体访) at the petition desk [47]–[50], on a desk (1280) and a phone (390).

Eight people come about one matter; the petition staff register them at the desk with three representatives —
adding rows, each ID number checked by its checksum [48] — and refer the case to the township with an opinion
[47]; the township's 单位联络员, on a phone, sees it on their unit's page and records the answer; the petition
staff answer the petitioner and close the case with 满意 [50]. Every page is looked at at both widths (no
sideways scrolling on the phone); screenshots go to the test's tmp_path, and to PET_SHOTS when set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from petitions.models import Case, Satisfaction, State
from tests.factories import PASSWORD

from ..petitions.factories import id_number, phone
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
REPRESENTATIVES = [("才仁多吉", 301), ("扎西拉姆", 302), ("尼玛次仁", 303)]


def _shot(page, tmp_path, name: str) -> None:
    folder = Path(os.environ.get("PET_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _fits(page) -> None:
    """Nothing on the page pushes it wider than the screen (no sideways scrolling on a phone)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, (page.url, width)


def _context(browser, live_server, user, *, phone: bool = False):
    options = PHONE if phone else {"viewport": {"width": 1280, "height": 900}}
    page = browser.new_context(locale="zh-CN", **options).new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live_server, user.username, PASSWORD)
    return page


def test_a_group_visit_of_eight_registered_referred_answered_by_the_township_and_closed(
    browser, live_server, office, tmp_path
):
    base = live_server.url
    township = office.units["township"]

    # The desk: the case, a 集体访 of 8, three representatives (two rows added) [48], [49].
    staff = _context(browser, live_server, office["xinfang"])
    staff.goto(f"{base}/petitions/new/")
    staff.select_option("select[name=channel]", label="来访")
    staff.select_option("select[name=category]", label="国土资源/草场纠纷")
    staff.select_option("select[name=township]", str(township.pk))
    staff.fill("input[name=title]", "冬季草场边界争议（八户牧民）")
    staff.fill("textarea[name=request]", "请求重新勘定冬季草场边界。")
    staff.check("input[name=is_group]")
    staff.fill("input[name=head_count]", "8")
    staff.click("[data-add-person]")
    staff.click("[data-add-person]")
    assert staff.locator("[data-petitioner]").count() == 3
    for i, (name, n) in enumerate(REPRESENTATIVES):
        staff.fill(f"input[name=p-{i}-name]", name)
        staff.fill(f"input[name=p-{i}-id_number]", id_number(n))
        staff.fill(f"input[name=p-{i}-phone]", phone(n))
        staff.check(f"input[name=p-{i}-is_representative]")
    # A mistyped ID number first: refused with the checksum's message, nothing saved [48].
    staff.fill("input[name=p-2-id_number]", id_number(303)[:-1] + ("0" if id_number(303)[-1] != "0" else "1"))
    _shot(staff, tmp_path, "desk-1-form")
    staff.click("button[data-save]")
    staff.wait_for_selector("[data-error-summary]")
    assert "校验位不符" in staff.inner_text("[data-error-summary]") and not Case.objects.exists()
    staff.fill("input[name=p-2-id_number]", id_number(303))
    staff.click("button[data-save]")
    staff.wait_for_selector("article[data-case]")
    case = Case.objects.get()
    assert case.is_group and case.head_count == 8 and case.petitioners.filter(is_representative=True).count() == 3
    assert id_number(301) in staff.inner_text("[data-people]")  # petition staff see it in clear [48]
    _shot(staff, tmp_path, "desk-2-registered")

    # Referred to the township with the staff's opinion [47].
    staff.select_option("[data-refer-form] select[name=unit]", str(township.pk))
    staff.fill("[data-refer-form] textarea[name=opinion]", "属地管理，请乡政府组织勘界并报送办理结果。")
    staff.click("button[data-refer]")
    staff.wait_for_selector("[data-state=handling]")
    _shot(staff, tmp_path, "desk-3-referred")

    # The township's 联络员 on a phone: their unit's page, then the answer [47].
    contact = _context(browser, live_server, office["lianluo"], phone=True)
    contact.goto(f"{base}/petitions/unit/")
    assert contact.locator(f"[data-waiting] [data-case='{case.pk}']").count() == 1
    _fits(contact)
    _shot(contact, tmp_path, "phone-4-unit-home")
    contact.click(f"[data-case='{case.pk}'] a[data-answer]")
    contact.wait_for_selector("form[data-unit-answer-form]")
    _fits(contact)
    contact.fill("textarea[name=answer]", "已组织双方现场勘界，边界以二〇一六年确权图为准，双方签字认可。")
    button = contact.locator("button[data-submit-answer]").bounding_box()
    assert button["width"] >= 300 and button["height"] >= 44, button  # a thumb's button
    _shot(contact, tmp_path, "phone-5-answer-form")
    contact.click("button[data-submit-answer]")
    contact.wait_for_selector("[data-unit-answer]")
    assert id_number(301) in contact.inner_text("[data-people]")  # the unit handling it sees it in clear [48]
    _fits(contact)
    _shot(contact, tmp_path, "phone-6-answered")
    contact.context.close()

    # The staff answer the petitioner (处理意见书) and close it with 满意 [48], [50].
    staff.goto(f"{base}/petitions/{case.pk}/")
    staff.fill("[data-answer-panel] textarea[name=answer]", "经乡政府组织勘界，边界以确权图为准，已当面告知各代表。")
    staff.click("button[data-answer]")
    staff.wait_for_selector("[data-state=answered]")
    staff.select_option("[data-close-panel] select[name=satisfaction]", label="满意")
    staff.click("button[data-close]")
    staff.wait_for_selector("[data-state=closed]")
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.satisfaction == Satisfaction.SATISFIED
    assert "满意" in staff.inner_text("[data-closed]")
    _shot(staff, tmp_path, "desk-7-closed")
    staff.goto(f"{base}/petitions/?state=all")
    assert staff.locator(f"tr[data-case='{case.pk}']").count() == 1
    assert id_number(301) not in staff.inner_text("[data-cases]")  # the list shows no number [48]
    _shot(staff, tmp_path, "desk-8-list")
    staff.context.close()

    # A leader on a phone: the list, the case masked, the lifecycle — nothing wider than the screen [48].
    leader = _context(browser, live_server, office["zhuren"], phone=True)
    for name, url in (
        ("list", "/petitions/?state=all"),
        ("case", f"/petitions/{case.pk}/"),
        ("flow", "/petitions/lifecycle/"),
    ):
        response = leader.goto(f"{base}{url}")
        assert response.status == 200, url
        _fits(leader)
        _shot(leader, tmp_path, f"phone-9-leader-{name}")
        assert id_number(301) not in leader.inner_text("body") and phone(301) not in leader.inner_text("body")
        if name == "case":
            assert leader.locator("[data-masked-note]").count() == 1  # masked, and says why [48]
    leader.context.close()


def test_the_desk_pages_fit_a_phone(browser, live_server, office, tmp_path):
    """The 登记 form and the list at 390 px: no sideways scrolling; the save button a thumb's width."""
    page = _context(browser, live_server, office["xinfang"], phone=True)
    for name, url in (("new", "/petitions/new/"), ("list", "/petitions/")):
        assert page.goto(f"{live_server.url}{url}").status == 200
        _fits(page)
        _shot(page, tmp_path, f"phone-desk-{name}")
    page.goto(f"{live_server.url}/petitions/new/")
    box = page.locator("button[data-save]").bounding_box()
    assert box["width"] >= 300, box
    page.context.close()

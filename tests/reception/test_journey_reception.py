"""Browser journey of an official reception [6], on a desk (1280) and a phone (390×844): 综合科's chief registers
a request with its 公函 at a desk; the deputy director in charge of 综合科 approves it on a phone; the chief makes
the schedule and prints it; the visitors come; the chief marks it held and fills in the 公务接待清单, then prints it.
No sideways scrolling on the phone. Screenshots go to ``$DUTIES_SHOTS/reception/`` when set, else tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from org.demo import build_demo_office
from reception.models import Reception, State

from ..browser.conftest import sign_in
from .factories import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1280, "height": 900}}
TITLE = "州农牧局调研草原生态保护补奖工作"


def _folder(tmp_path) -> Path:
    root = os.environ.get("DUTIES_SHOTS")
    folder = Path(root) / "reception" if root else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, (page.url, width)


def _page(browser, live_server, username: str, *, phone: bool = False):
    page = browser.new_context(locale="zh-CN", **(PHONE if phone else DESK)).new_page()
    sign_in(page, live_server, username)
    return page


def test_request_approve_schedule_held_and_the_record_pdf_6(browser, live_server, tmp_path):
    users = build_demo_office()
    folder = _folder(tmp_path)
    base = live_server.url

    def shot(page, name):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    # 综合科's chief at a desk registers the request with its 公函 [6].
    chief = _page(browser, live_server, "kezhang")
    chief.goto(f"{base}/reception/new/")
    chief.wait_for_selector("form[data-request-form]")
    chief.check("input[name=kind][value=reception]")
    chief.fill("input[name=title]", TITLE)
    chief.fill("input[name=visiting_unit]", "玉树州农牧局")
    chief.fill("input[name=letter_number]", "玉农牧函〔2026〕18号")
    chief.fill("textarea[name=visitors]", "扎西 处长\n卓玛 科长\n王强 科员")
    chief.fill("input[name=visitor_count]", "3")
    chief.fill("textarea[name=purpose]", "调研草原生态保护补助奖励政策落实情况")
    chief.fill("input[name=arrive_on]", TODAY.isoformat())
    chief.fill("input[name=leave_on]", TODAY.isoformat())
    chief.select_option("select[name=receiving_leader]", value=str(users["fuxianzhang1"].pk))
    chief.fill("input[name=accompany_count]", "2")
    chief.fill("input[name=meal_standard]", "60")
    chief.fill("input[name=estimated_cost]", "900")
    shot(chief, "desk-1-request")
    chief.click("button[data-submit]")
    chief.wait_for_selector("article[data-reception][data-state=submitted]")
    obj = Reception.objects.get(title=TITLE)
    assert obj.waiting_for == users["fuzhuren_wenmi"]

    # The deputy director in charge of 综合科, on a phone, approves [6].
    leader = _page(browser, live_server, "fuzhuren_wenmi", phone=True)
    leader.goto(f"{base}/reception/{obj.pk}/")
    leader.wait_for_selector("form[data-decide-form]")
    _fits(leader)
    leader.check("input[name=decision][value=approve]")
    shot(leader, "phone-2-approve")
    leader.click("button[data-decide]")
    leader.wait_for_selector("article[data-state=approved]")
    _fits(leader)
    leader.goto(f"{base}/reception/")
    leader.wait_for_selector(f"tr[data-reception='{obj.pk}']")
    _fits(leader)
    shot(leader, "phone-3-list")

    # The chief makes the schedule and prints it [6].
    chief.goto(f"{base}/reception/{obj.pk}/")
    chief.wait_for_selector("form[data-schedule-form]")
    chief.fill("form[data-schedule-form] input[name=start]", "09:30")
    chief.fill("form[data-schedule-form] input[name=item]", "听取工作汇报")
    chief.fill("form[data-schedule-form] input[name=place]", "县政府三楼会议室")
    chief.fill("form[data-schedule-form] input[name=accompanied_by]", "分管副县长")
    chief.click("button[data-schedule-add]")
    chief.wait_for_selector("[data-schedule-line]")
    shot(chief, "desk-4-schedule")
    pdf = chief.request.get(f"{base}/reception/{obj.pk}/schedule.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # The visitors came: held, then the 公务接待清单, signed by the handler [6].
    chief.click("button[data-held]")
    chief.wait_for_selector("article[data-state=held]")
    chief.click("a[data-record]")
    chief.wait_for_selector("form[data-record-form]")
    chief.fill("input[name=meal_0_on]", TODAY.isoformat())
    chief.select_option("select[name=meal_0_meal]", value="lunch")
    chief.fill("input[name=meal_0_diners]", "5")
    chief.fill("input[name=meal_0_cost]", "300")
    chief.fill("input[name=other_note]", "公务用车油费")
    chief.fill("input[name=other_cost]", "80")
    shot(chief, "desk-5-record")
    chief.click("button[data-record-submit]")
    chief.wait_for_selector("article[data-state=recorded]")
    assert "380.00元" in chief.inner_text("[data-total]")
    shot(chief, "desk-6-recorded")
    pdf = chief.request.get(f"{base}/reception/{obj.pk}/record.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    (folder / "record.pdf").write_bytes(pdf.body())
    assert Reception.objects.get(pk=obj.pk).state == State.RECORDED

    # The same page on a phone: nothing wider than the screen.
    phone = _page(browser, live_server, "kezhang", phone=True)
    phone.goto(f"{base}/reception/{obj.pk}/")
    phone.wait_for_selector("[data-record-section]")
    _fits(phone)
    shot(phone, "phone-7-recorded")

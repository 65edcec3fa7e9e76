"""Browser journey of a government information item (政务信息) [44]–[46], on a desk (1280) and a phone (390×844).

The township's 联络员, on a phone, submits an item for their unit [45]; the information officer screens it and
edits it — the submitted text and the current one side by side [46] — and sends it for review; the office
leader approves it on a phone [46]; the officer sends it to the prefecture (州) [44] and records its adoption
(州级采用) with the 州长's 批示 [46]; the township's score on the scores page rises by the points the rules give
[46]. Every page is looked at at both widths (no sideways scrolling on the phone); screenshots go to INFO_SHOTS
(default /tmp/info-shots).
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from information import services
from information.models import InformationItem, ScoringKey, State
from org.demo import build_demo_office
from org.models import Unit

from ..browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1280, "height": 900}}
TITLE = "萨呼腾镇开展冬春草原防火巡查"
BODY = "近日，萨呼腾镇组织三十名护林员对重点草场开展防火巡查。\n共排查隐患十二处，已全部整改。"
EDITED = "近日，萨呼腾镇组织三十二名护林员对重点草场开展防火巡查。\n共排查隐患十二处，已全部整改到位。"


def _shot(page, name: str) -> None:
    folder = Path(os.environ.get("INFO_SHOTS", "/tmp/info-shots"))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _fits(page) -> None:
    """Nothing on the page pushes it wider than the screen (no sideways scrolling on a phone)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, (page.url, width)


def _context(browser, live_server, username: str, *, phone: bool = False):
    page = browser.new_context(locale="zh-CN", **(PHONE if phone else DESK)).new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations (归档？ …)
    sign_in(page, live_server, username)
    return page


def _unit_points(page, base: str, unit: Unit) -> Decimal:
    """The unit's points this year on the scores page (a unit with nothing adopted has no row: 0)."""
    page.goto(f"{base}/information/scores/?year={timezone.localdate().year}")
    page.wait_for_selector("[data-kpis]")
    cell = page.locator(f"[data-table=units] tr[data-unit='{unit.pk}'] [data-points]")
    if cell.count() == 0:
        return Decimal(0)
    return Decimal(cell.inner_text().strip().replace("分", "") or "0")


def test_a_township_item_is_edited_approved_sent_to_the_prefecture_adopted_and_scores(browser, live_server):
    users = build_demo_office()
    year_start = date(timezone.localdate().year, 1, 1)
    for key, points in ((ScoringKey.PREFECTURE_ADOPTION, "3"), (ScoringKey.LEADER_INSTRUCTION, "2")):
        services.set_scoring_rule(actor=users["zhuren"], key=key, points=Decimal(points), effective_from=year_start)
    base = live_server.url
    township = users["lianluo"].profile.unit

    # The township's 联络员 on a phone: 报送信息 for their own unit [45].
    contact = _context(browser, live_server, "lianluo", phone=True)
    contact.goto(f"{base}/information/submit/")
    contact.wait_for_selector("form[data-submit-form]")
    assert contact.locator("select[name=unit]").count() == 0  # their own unit, not a choice [45]
    _fits(contact)
    contact.select_option("select[name=kind]", value="dynamic")
    contact.fill("input[name=title]", TITLE)
    contact.fill("textarea[name=body]", BODY)
    _shot(contact, "phone-1-submit")
    contact.click("button[data-submit]")
    contact.wait_for_selector("article[data-item][data-state=submitted]")
    item = InformationItem.objects.get(title=TITLE)
    assert item.unit == township and item.author == users["lianluo"].profile.full_name
    _fits(contact)
    _shot(contact, "phone-2-submitted")
    contact.goto(f"{base}/information/")
    assert contact.locator(f"tr[data-item='{item.pk}']").count() == 1
    _fits(contact)
    _shot(contact, "phone-3-contact-list")

    # The information officer at a desk: screens it (kept), edits it, sends it for review [46].
    officer = _context(browser, live_server, "xinxi")
    officer.goto(f"{base}/information/?state=submitted")
    officer.click(f"tr[data-item='{item.pk}'] a")
    officer.wait_for_selector("form[data-screen-form]")
    _shot(officer, "desk-4-to-screen")
    officer.check("input[name=decision][value=keep]")
    officer.click("button[data-screen]")
    officer.wait_for_selector("article[data-state=editing]")
    officer.click("a[data-edit]")
    officer.wait_for_selector("form[data-edit-form]")
    officer.fill("textarea[name=body]", EDITED)
    officer.fill("input[name=note]", "核实人数")
    officer.click("button[data-save]")
    officer.wait_for_selector("[data-side-by-side]")
    assert "三十名" in officer.inner_text("[data-first-text]")  # the submitted text, kept [46]
    assert "二" in officer.inner_text("[data-current-text] ins")  # the change marked in the current one
    _shot(officer, "desk-5-side-by-side")
    officer.click("button[data-to-review]")
    officer.wait_for_selector("article[data-state=reviewing]")

    # The office leader on a phone: the text, the versions one under the other, 同意报送 [46].
    leader = _context(browser, live_server, "zhuren", phone=True)
    leader.goto(f"{base}/information/{item.pk}/")
    leader.wait_for_selector("form[data-review-form]")
    _fits(leader)
    _shot(leader, "phone-6-review")
    leader.check("input[name=decision][value=approve]")
    leader.fill("input[name=comment]", "同意报送州政府办公室。")
    button = leader.locator("button[data-review]").bounding_box()
    assert button["height"] >= 44, button  # a thumb's button
    leader.click("button[data-review]")
    leader.wait_for_selector("article[data-state=approved]")
    _fits(leader)
    leader.context.close()

    points_before = _unit_points(officer, base, township)

    # The officer sends it to the prefecture (州) [44] and records its adoption there, with the 批示 [46].
    officer.goto(f"{base}/information/{item.pk}/")
    officer.wait_for_selector("form[data-send-form]")
    officer.check("input[name=targets][value=prefecture]")
    officer.select_option("select[name=channel]", value="network")
    _shot(officer, "desk-7-send")
    officer.click("button[data-send]")
    officer.wait_for_selector("article[data-state=sent]")
    assert "州" in officer.inner_text("[data-sendings]")
    officer.click("[data-adopt-panel] summary")
    officer.select_option("select[name=level]", value="prefecture")
    officer.fill("input[name=publication]", "《玉树政务信息》2026年第41期")
    officer.fill("textarea[name=instruction]", "做法扎实，请各县借鉴。")
    officer.fill("input[name=instructed_by]", "州长")
    _shot(officer, "desk-8-adopt")
    officer.click("button[data-adopt]")
    officer.wait_for_selector("article[data-state=adopted]")
    assert "州级采用" in officer.inner_text("[data-adoptions]") and "州长批示" in officer.inner_text("[data-adoptions]")
    _shot(officer, "desk-9-adopted")

    # The township's score rises by the adoption and the 批示 [46].
    points_after = _unit_points(officer, base, township)
    assert points_after == points_before + Decimal(5), (points_before, points_after)
    _shot(officer, "desk-10-scores")
    officer.context.close()

    # The contact sees it adopted, and the score, on the phone.
    contact.goto(f"{base}/information/{item.pk}/")
    assert "州级采用" in contact.inner_text("[data-adoptions]")
    _fits(contact)
    _shot(contact, "phone-11-adopted")
    contact.goto(f"{base}/information/scores/?year={timezone.localdate().year}")
    contact.wait_for_selector("[data-kpis]")
    _fits(contact)
    _shot(contact, "phone-12-scores")
    contact.context.close()
    item.refresh_from_db()
    assert item.state == State.ADOPTED and item.revision_count == 2


def test_the_list_and_an_urgent_item_at_both_widths_by_keyboard(browser, live_server):
    """[46] an 紧急信息 stands out in red on the list; the list's filters and the item's review form work from the
    keyboard alone, on a desk and on a phone."""
    users = build_demo_office()
    data = services.ItemData(title="萨呼腾镇突发暴雪", body="昨夜降雪四十厘米，道路中断。", kind="urgent", unit=None)
    item = services.submit_item(actor=users["xinxi"], data=data)
    assert item.state == State.REVIEWING  # 急事急报: straight to the leader [46]
    base = live_server.url
    for phone in (False, True):
        page = _context(browser, live_server, "zhuren", phone=phone)
        page.goto(f"{base}/information/")
        row = page.locator(f"tr[data-item='{item.pk}']")
        assert row.locator("[data-urgent-tag]").count() == 1
        color = row.locator("[data-urgent-tag]").evaluate("e => getComputedStyle(e).color")
        assert color == "rgb(198, 40, 40)", color  # var(--red)
        _fits(page)
        _shot(page, f"{'phone' if phone else 'desk'}-list-urgent")
        # The keyboard: search by typing, Enter submits the filters; the row's link is reachable by Tab.
        page.focus("input[name=q]")
        page.keyboard.type("暴雪")
        page.keyboard.press("Enter")
        page.wait_for_url("**q=*")
        assert page.locator("tr[data-item]").count() == 1
        page.context.close()
    page = _context(browser, live_server, "zhuren")
    page.goto(f"{base}/information/{item.pk}/")
    page.focus("input[name=comment]")
    page.keyboard.type("同意，立即报送。")
    page.keyboard.press("Tab")  # to the button
    assert page.evaluate("document.activeElement.dataset.review") == ""
    page.keyboard.press("Enter")
    page.wait_for_selector("article[data-state=approved]")
    page.context.close()


def test_the_information_pages_pass_axe_at_both_widths(browser, live_server):
    """WCAG 2.1 AA (issue 14): the list, 报送信息 (and its failed submit), an item with every step form it can
    show, 编辑 and 比对 — no serious or critical axe violation, on a desk and a phone."""
    from ..browser.test_a11y_axe import _axe

    users = build_demo_office()
    township = users["lianluo"].profile.unit
    screening = services.submit_item(
        actor=users["lianluo"], data=services.ItemData(title="待筛选的信息", body=BODY, unit=township)
    )
    item = services.submit_item(actor=users["lianluo"], data=services.ItemData(title=TITLE, body=BODY, unit=township))
    services.screen_item(actor=users["xinxi"], pk=item.pk, keep=True)
    services.edit_item(actor=users["xinxi"], pk=item.pk, title=TITLE, body=EDITED, note="核实人数")
    services.submit_for_review(actor=users["xinxi"], pk=item.pk)
    services.review_item(actor=users["zhuren"], pk=item.pk, approve=True)
    today = timezone.localdate()
    services.send_item(
        actor=users["xinxi"], pk=item.pk, sendings=[services.SendingData(target="prefecture", sent_on=today)]
    )
    base = live_server.url
    pages = [
        "/information/",
        "/information/?state=sent&more=1&target=prefecture",
        "/information/submit/",
        f"/information/{screening.pk}/",
        f"/information/{item.pk}/",
        f"/information/{item.pk}/compare/",
    ]
    problems = {}
    for phone in (False, True):
        page = _context(browser, live_server, "xinxi", phone=phone)
        for path in pages:
            page.goto(f"{base}{path}")
            page.wait_for_selector("main")
            for details in page.locator("details").all():  # the folded step forms are checked open too
                details.evaluate("d => d.open = true")
            found = _axe(page)
            if found:
                problems[(phone, path)] = found
        page.goto(f"{base}/information/submit/")
        page.click("button[data-submit]")  # nothing filled: the error summary
        page.wait_for_selector(".error-summary, .error")
        found = _axe(page)
        if found:
            problems[(phone, "submit-errors")] = found
        page.context.close()
    # The leader's review form and the contact's withdraw form [46].
    urgent = services.submit_item(
        actor=users["lianluo"], data=services.ItemData(title="紧急", body=BODY, kind="urgent", unit=township)
    )
    for who, path in (("zhuren", f"/information/{urgent.pk}/"), ("lianluo", f"/information/{screening.pk}/")):
        page = _context(browser, live_server, who, phone=True)
        page.goto(f"{base}{path}")
        for details in page.locator("details").all():
            details.evaluate("d => d.open = true")
        found = _axe(page)
        if found:
            problems[(who, path)] = found
        page.context.close()
    assert not problems, problems

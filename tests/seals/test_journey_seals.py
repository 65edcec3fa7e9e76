"""Browser journey of the seals [7], on a desk (1280) and a phone (390×844).

萨呼腾镇's 联络员, on a phone, applies for the town's new seal; the office director approves it on a desk; the
registry clerk records it made and hands it over — the seal is then in the register, in use, and the town's
联络员 sees it. A line staff member asks to stamp a certificate with the county government's seal; before any
approval the clerk's 登记用印 form says why it cannot record a use (and refuses when sent); a deputy director
approves the request on a phone; the clerk records the use from the request's page and it is in the 用印登记簿.
Every page is looked at at its width (no sideways scrolling on a phone) and by axe-core (no serious or critical
WCAG 2.1 AA violation). Screenshots go to $DUTIES_SHOTS/seals/
when that is set, else to the test's own tmp_path.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone

from org.demo import build_demo_office
from seals import services
from seals.models import ApplicationState, RequestState, SealApplication, SealRequest, SealState, SealUse, Serves
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESK = {"viewport": {"width": 1280, "height": 900}}
TOWN = "萨呼腾镇人民政府"
SEAL_NAME = "杂多县萨呼腾镇人民政府"
SUBJECT = "关于才仁多杰家庭草场承包经营情况的证明"


@pytest.fixture
def shots(tmp_path) -> Path:
    base = os.environ.get("DUTIES_SHOTS")
    folder = Path(base) / "seals" if base else tmp_path / "seals"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def _axe(page) -> list[str]:
    """The page's serious and critical WCAG 2.1 A/AA violations (axe-core), as ``rule: target`` lines."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    found = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )
    return [f"{v['id']}: {', '.join(v['nodes'][:3])}" for v in found if v["impact"] in SERIOUS]


def _shot(page, folder: Path, name: str) -> None:
    """The screenshot, after checking the page has no serious accessibility violation."""
    problems = _axe(page)
    assert not problems, (page.url, problems)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _fits(page) -> None:
    """Nothing on the page pushes it wider than the screen (no sideways scrolling on a phone)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, (page.url, width)


def _person(browser, live_server, username: str, *, phone: bool = False):
    page = browser.new_context(locale="zh-CN", **(PHONE if phone else DESK)).new_page()
    sign_in(page, live_server, username)
    return page


def test_a_towns_new_seal_and_a_certificates_stamp_7(browser, live_server, shots):
    users = build_demo_office()
    base = live_server.url
    today = timezone.localdate().isoformat()
    county_seal = services.seal_register(
        actor=users["shoufa"],
        data=services.SealData(name="杂多县人民政府", kind="official", serves=Serves.COUNTY, made_on=None),
    )

    # The town's 联络员 applies for the new seal, on a phone [7].
    contact = _person(browser, live_server, "lianluo", phone=True)
    contact.goto(f"{base}/seals/applications/")
    contact.click("a[data-application-new]")
    contact.wait_for_selector("form[data-application-form]")
    assert TOWN in contact.inner_text("select[name=unit]")
    contact.fill("input[name=seal_name]", SEAL_NAME)
    contact.select_option("select[name=reason]", "renamed")
    contact.fill("textarea[name=explanation]", "镇政府更名，原印章已停用，申请刻制新印章。")
    _fits(contact)
    _shot(contact, shots, "phone-1-apply")
    contact.click("button[data-submit-application]")
    contact.wait_for_selector("article[data-application][data-state=submitted]")
    application = SealApplication.objects.get(seal_name=SEAL_NAME)
    assert application.unit.name == TOWN
    _fits(contact)

    # The office director approves it, on a desk [7].
    director = _person(browser, live_server, "zhuren")
    director.goto(f"{base}/seals/")
    assert director.inner_text("[data-tile=applications_to_decide] strong") == "1"
    director.goto(f"{base}/seals/applications/{application.pk}/")
    # by keyboard alone: the comment, Tab to 批准刻制, Enter
    director.focus("#decide-comment")
    director.keyboard.type("同意刻制")
    director.keyboard.press("Tab")
    assert director.evaluate("document.activeElement.hasAttribute('data-approve')")
    _shot(director, shots, "desk-2-approve")
    director.keyboard.press("Enter")
    director.wait_for_selector("article[data-application][data-state=approved]")

    # The clerk records it made, then handed over: the seal is in the register, in use [7].
    clerk = _person(browser, live_server, "shoufa")
    clerk.goto(f"{base}/seals/applications/{application.pk}/")
    clerk.fill("form[data-made-form] input[name=made_on]", today)
    clerk.fill("form[data-made-form] input[name=maker]", "杂多县公安局备案刻章点")
    _shot(clerk, shots, "desk-3-made")
    clerk.click("button[data-made]")
    clerk.wait_for_selector("form[data-handover-form]")
    clerk.fill("form[data-handover-form] input[name=handed_on]", today)
    clerk.fill("form[data-handover-form] input[name=received_by_name]", "才让卓玛")
    clerk.fill("form[data-handover-form] input[name=received_by_phone]", "13909760000")
    _shot(clerk, shots, "desk-4-hand-over")
    clerk.click("button[data-hand-over]")
    clerk.wait_for_selector("article[data-application][data-state=handed_over]")
    application.refresh_from_db()
    assert application.state == ApplicationState.HANDED_OVER
    town_seal = application.seal
    assert town_seal.state == SealState.IN_USE
    clerk.click("a[data-seal-link]")
    clerk.wait_for_selector(f"article[data-seal='{town_seal.pk}'][data-state=in_use]")
    clerk.goto(f"{base}/seals/")
    row = clerk.inner_text(f"tr[data-seal='{town_seal.pk}']")
    assert SEAL_NAME in row and "在用" in row
    _shot(clerk, shots, "desk-5-register")
    contact.goto(f"{base}/seals/")
    assert SEAL_NAME in contact.inner_text(f"tr[data-seal='{town_seal.pk}']")
    assert f'data-seal="{county_seal.pk}"' not in contact.content()  # the county's own seal is not the town's
    _fits(contact)
    _shot(contact, shots, "phone-6-town-seals")

    # A line staff member asks to stamp a certificate with the county government's seal [7].
    staff = _person(browser, live_server, "guikou1")
    staff.goto(f"{base}/seals/requests/")
    staff.click("a[data-request-new]")
    staff.wait_for_selector("form[data-request-form]")
    staff.select_option("select[name=seal]", str(county_seal.pk))
    staff.fill("input[name=subject]", SUBJECT)
    staff.select_option("select[name=purpose]", "certificate")
    staff.fill("input[name=copies]", "2")
    staff.fill("textarea[name=reason]", "牧户办理草原生态补奖需要")
    _shot(staff, shots, "desk-7-request")
    staff.click("button[data-submit-request]")
    staff.wait_for_selector("article[data-request][data-state=submitted]")
    request = SealRequest.objects.get(subject=SUBJECT)

    # Before any approval the clerk cannot record a use: the form says why, and refuses when sent [7].
    clerk.goto(f"{base}/seals/uses/new/")
    assert "须先经办公室主任或副主任批准" in clerk.inner_text("[data-no-request]")
    clerk.select_option("form[data-use-form] select[name=seal]", str(county_seal.pk))
    clerk.fill("form[data-use-form] input[name=subject]", SUBJECT)
    clerk.click("button[data-record]")
    clerk.wait_for_selector("[data-error-summary]")
    assert "没有已批准的用印申请，不能登记用印" in clerk.inner_text("[data-error-summary]")
    _shot(clerk, shots, "desk-8-no-request")
    assert not SealUse.objects.exists()

    # A deputy director approves it, on a phone [7].
    deputy = _person(browser, live_server, "fuzhuren", phone=True)
    deputy.goto(f"{base}/seals/requests/{request.pk}/")
    _fits(deputy)
    _shot(deputy, shots, "phone-9-approve")
    deputy.click("button[data-approve]")
    deputy.wait_for_selector("article[data-request][data-state=approved]")
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED and request.decided_by == users["fuzhuren"]

    # The clerk records the use from the request's page; it is in the 用印登记簿 [7].
    clerk.goto(f"{base}/seals/requests/{request.pk}/")
    clerk.click("a[data-record-use]")
    clerk.wait_for_selector("form[data-use-form]")
    assert clerk.input_value("select[name=request]") == str(request.pk)
    _shot(clerk, shots, "desk-10-record-use")
    clerk.click("button[data-record]")
    clerk.wait_for_selector("table[data-uses]")
    use = SealUse.objects.get(request=request)
    assert use.seal == county_seal and use.copies == 2 and use.approved_by == users["fuzhuren"]
    row = clerk.inner_text(f"tr[data-use='{use.pk}']")
    assert SUBJECT in row and request.number in row
    _shot(clerk, shots, "desk-11-use-register")

    # The request's page prints as a paper: no menus, no buttons, its facts and history kept.
    clerk.goto(f"{base}/seals/requests/{request.pk}/")
    clerk.emulate_media(media="print")
    assert not clerk.is_visible("nav.seal-nav") and not clerk.is_visible("a[data-pdf]")
    assert SUBJECT in clerk.inner_text("article[data-request]") and clerk.is_visible("[data-log]")
    clerk.screenshot(path=str(shots / "print-13-request.png"), full_page=True)
    clerk.emulate_media(media="screen")

    # The clerk's pages fit a phone too.
    phone = _person(browser, live_server, "shoufa", phone=True)
    for url in ("/seals/", "/seals/uses/", f"/seals/requests/{request.pk}/", f"/seals/applications/{application.pk}/",
                f"/seals/{town_seal.pk}/"):  # fmt: skip
        phone.goto(f"{base}{url}")
        _fits(phone)
        assert not _axe(phone), url
    _shot(phone, shots, "phone-12-seal")

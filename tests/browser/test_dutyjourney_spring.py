"""Browser journey of the duty room over 春节 [41], [42], on a desk (1280) and on phones (390 × 844).

Before the festival the deputy director generates the 春节 roster from the holiday offered on the page; it shows
as incomplete until every day has a county-government leader and an office leader as 带班, and publishing it
before is refused with the reason in Chinese [41]; with them it is published and printed for the wall. On the
first night the person on duty logs a call on a phone; in the morning they hand over and the morning person
confirms on a phone [41]. Every duty page is looked at at both widths. Screenshots go to the test's tmp_path
(and DUTY_SHOTS when set)."""

from __future__ import annotations

import os
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

from duty import services
from duty.calendar import holiday_periods
from duty.defaults import ensure_default_kinds
from duty.models import Handover, HandoverState, LogEntry, Roster, RosterState
from org.demo import build_demo_office
from org.roles import Role

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROTA = ["zhiban", "guikou1", "guikou2", "guikou3", "dazi"]


def _shot(page, tmp_path, name: str) -> None:
    folder = Path(os.environ.get("DUTY_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"duty-{name}.png"), full_page=True)


def _fits_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url}: the page must fit a phone without sideways scrolling ({width}px)"


def _context(browser, live_server, username, *, phone: bool):
    if phone:
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
        )
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    sign_in(page, live_server, username)
    return context, page


def _local(day, hh, mm=0):
    return timezone.make_aware(datetime.combine(day, time(hh, mm)))


def test_spring_festival_roster_a_night_call_and_the_morning_handover(browser, live_server, tmp_path):
    users = build_demo_office()
    ensure_default_kinds()
    group = Group.objects.get(name=Role.DUTY_OFFICER.value)
    for name in ROTA:
        users[name].groups.add(group)
    year = timezone.localdate().year + 1
    first, last = next(p[:2] for p in holiday_periods(year) if p[2] == "春节")
    base = live_server.url

    with time_machine.travel(_local(first - timedelta(days=20), 10), tick=True) as clock:
        # 生成值班表 from the holiday offered on the page [41], [42].
        context, page = _context(browser, live_server, "fuzhuren", phone=False)
        page.goto(f"{base}/duty/rosters/new/")
        page.locator("[data-holiday=春节]").first.click()
        assert page.input_value("input[name=starts_on]") == first.isoformat()
        assert page.input_value("select[name=period]") == "holiday"
        page.click("[data-generate-submit]")
        page.wait_for_load_state("networkidle")
        roster = Roster.objects.get()
        assert page.url.endswith(f"/duty/rosters/{roster.pk}/")
        assert page.locator("[data-incomplete]").first.is_visible()
        assert "缺县政府领导" in page.inner_text("[data-roster-grid]")
        _shot(page, tmp_path, "roster-incomplete-desk")

        # Publishing without the 带班 leaders is refused, in Chinese [41].
        page.click("[data-publish]")
        page.wait_for_load_state("networkidle")
        assert "缺少带班的县政府领导和办公室领导" in page.inner_text("[data-refusal]")
        roster.refresh_from_db()
        assert roster.state == RosterState.DRAFT

        # The leaders of each holiday day, from the grid.
        days = [d.isoformat() for d in sorted(set(roster.shifts.values_list("day", flat=True)))]
        for i, day in enumerate(days):
            details = page.locator(f"[data-lead-form='{day}']")
            details.locator("summary").click()
            details.locator("select[name=county_leader]").select_option(str(users["changwu"].pk))
            office = users["zhuren"] if i % 2 else users["fuzhuren"]
            details.locator("select[name=office_leader]").select_option(str(office.pk))
            details.locator("button[type=submit]").click()
            page.wait_for_load_state("networkidle")
            assert "王建国" in page.inner_text(f"[data-leaders='{day}']")
        roster.refresh_from_db()
        if roster.shifts.filter(person__isnull=True).exists():  # a few people: fill by hand where rotation could not
            for shift in roster.shifts.filter(person__isnull=True).order_by("starts_at"):
                details = page.locator(f"[data-assign='{shift.pk}']")
                details.locator("summary").click()
                details.locator("select[name=person]").select_option(str(users["zhiban"].pk))
                details.locator("button[type=submit]").click()
                page.wait_for_load_state("networkidle")
        assert page.locator("[data-incomplete]").count() == 0
        page.click("[data-publish]")
        page.wait_for_load_state("networkidle")
        roster.refresh_from_db()
        assert roster.state == RosterState.PUBLISHED
        assert page.inner_text("[data-roster-state]") == "已发布"
        _shot(page, tmp_path, "roster-published-desk")
        pdf = page.request.get(f"{base}/duty/rosters/{roster.pk}/roster.pdf")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
        (Path(os.environ.get("DUTY_SHOTS") or tmp_path) / "duty-roster.pdf").write_bytes(pdf.body())
        context.close()

        # The roster on a phone: one day under another, nothing wider than the screen.
        context, page = _context(browser, live_server, "changwu", phone=True)
        page.goto(f"{base}/duty/rosters/{roster.pk}/")
        _fits_phone(page)
        _shot(page, tmp_path, "roster-phone")
        page.goto(f"{base}/duty/mine/")
        assert "节假日带班" in page.content()
        _fits_phone(page)
        context.close()

        # The first night: the person on duty logs a call on a phone [41].
        night = roster.shifts.get(day=first, kind__code="holiday-night")
        morning = roster.shifts.get(day=first + timedelta(days=1), kind__code="holiday-day")
        night_name = next(k for k, u in users.items() if u.pk == night.person_id)
        morning_name = next(k for k, u in users.items() if u.pk == morning.person_id)
        clock.move_to(_local(first, 23, 10))
        context, page = _context(browser, live_server, night_name, phone=True)
        page.goto(f"{base}/duty/")
        assert users[night_name].profile.full_name in page.inner_text("[data-on-post]")
        assert "王建国" in page.inner_text("[data-on-post]")  # the 带班 leaders of the night
        _fits_phone(page)
        _shot(page, tmp_path, "today-night-phone")
        page.click("[data-log-new]")
        page.fill("input[name=caller]", "扎青乡人民政府值班室 才仁")
        page.fill("input[name=phone]", "0976-8123456")
        page.fill("textarea[name=content]", "报告：扎青乡降大雪，通往县城道路积雪约20厘米。")
        page.fill("textarea[name=action_taken]", "已报告带班领导，通知交通运输局除雪。")
        page.click("[data-log-submit]")
        page.wait_for_load_state("networkidle")
        entry = LogEntry.objects.get()
        assert entry.shift_id == night.pk and entry.recorded_by_id == night.person_id
        assert "扎青乡降大雪" in page.content()
        _fits_phone(page)
        _shot(page, tmp_path, "log-entry-phone")

        # The morning: the night person hands over, the morning person confirms on a phone [41].
        clock.move_to(_local(first + timedelta(days=1), 8, 20))
        page.goto(f"{base}/duty/")
        if page.url.endswith("/login/") or "/accounts/login/" in page.url:
            sign_in(page, live_server, night_name)
            page.goto(f"{base}/duty/")
        page.click(f"[data-hand-over='{night.pk}']")
        page.fill("textarea[name=open_matters]", "扎青乡道路除雪进展，待交通运输局回电。")
        page.click("[data-handover-submit]")
        page.wait_for_load_state("networkidle")
        handover = Handover.objects.get()
        assert handover.incoming_person_id == morning.person_id
        _fits_phone(page)
        context.close()

        clock.move_to(_local(first + timedelta(days=1), 8, 35))
        context, page = _context(browser, live_server, morning_name, phone=True)
        page.goto(f"{base}/duty/handovers/")
        page.click(f"[data-to-confirm='{handover.pk}']")
        assert "待交通运输局回电" in page.inner_text("[data-matters]")
        _fits_phone(page)
        _shot(page, tmp_path, "handover-confirm-phone")
        page.click("[data-confirm]")
        page.wait_for_load_state("networkidle")
        handover.refresh_from_db()
        assert handover.state == HandoverState.CONFIRMED and handover.confirmed_by_id == morning.person_id
        assert page.inner_text("[data-handover-state]") == "已接班"
        page.goto(f"{base}/duty/")
        assert "扎青乡降大雪" in page.inner_text("[data-today-log]")  # the night's calls, past midnight
        _fits_phone(page)
        context.close()

        # A swap asked for a later shift, so its pages are looked at too [42].
        later = roster.shifts.filter(day=last).exclude(person=None).first()
        partner = next(users[n] for n in ROTA if users[n].pk != later.person_id)
        swap = services.swap_request(
            actor=later.person, shift_pk=later.pk, other_person_pk=partner.pk, reason="家中有事"
        )

        # Every duty page at both widths.
        pages = [
            "/duty/",
            "/duty/rosters/",
            f"/duty/rosters/{roster.pk}/",
            "/duty/rosters/new/",
            "/duty/mine/",
            "/duty/swaps/",
            f"/duty/swaps/{swap.pk}/",
            f"/duty/shifts/{later.pk}/swap/",
            "/duty/handovers/",
            f"/duty/handovers/{handover.pk}/",
            "/duty/log/",
            "/duty/log/?q=积雪",
            f"/duty/log/{entry.pk}/",
            "/duty/log/new/",
        ]
        for phone in (False, True):
            context, page = _context(browser, live_server, "fuzhuren", phone=phone)
            for url in pages:
                answer = page.goto(f"{base}{url}")
                assert answer.status == 200, url
                if phone:
                    _fits_phone(page)
                slug = url.strip("/").replace("/", "-").replace("?q=", "-q-") or "today"
                _shot(page, tmp_path, f"page-{slug}-{'phone' if phone else 'desk'}")
            context.close()

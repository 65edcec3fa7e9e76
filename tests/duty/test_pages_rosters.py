"""The roster pages (值班表) [41], [42]: generating a month's or a holiday's roster, the calendar grid with the 带班
leaders and the “incomplete” mark, hand edits refused in Chinese with a 4xx, publishing, the PDF and the ICS."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from duty import feeds
from duty.models import Roster, RosterLog, RosterState, Shift

from .factories import away, fill, holiday_roster, lead_every_day, published, roster

pytestmark = pytest.mark.django_db


def test_an_office_leader_generates_a_holiday_roster_from_the_page(client, duty_office):
    """生成值班表 for 国庆 from the form: a draft with its holiday days, shown as a grid [41], [42]."""
    client.force_login(duty_office["fuzhuren"])
    page = client.get(reverse("duty:roster_new"))
    assert page.status_code == 200 and "国庆节" in page.content.decode()  # the holiday periods offered
    answer = client.post(
        reverse("duty:roster_new"),
        {"period": "holiday", "starts_on": "2026-10-01", "ends_on": "2026-10-07", "title": "", "note": ""},
    )
    r = Roster.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("duty:roster", args=[r.pk])
    assert r.period == Roster.Period.HOLIDAY and r.state == RosterState.DRAFT and "国庆" in r.title
    page = client.get(answer["Location"]).content.decode()
    assert 'data-day="2026-10-01"' in page and "缺县政府领导" in page and "缺办公室领导" in page
    assert "data-incomplete" in page  # [41]: no 带班 leaders yet


def test_generating_is_the_office_leaders_and_bad_dates_are_a_chinese_400(client, duty_office):
    """Only an office leader makes the roster [42]; a bad range is said in Chinese, nothing created."""
    client.force_login(duty_office["zhiban"])
    assert client.get(reverse("duty:roster_new")).status_code == 403
    client.force_login(duty_office["fuzhuren"])
    answer = client.post(
        reverse("duty:roster_new"), {"period": "month", "starts_on": "2026-10-31", "ends_on": "2026-10-01"}
    )
    assert answer.status_code == 400 and "截止日期不能早于起始日期" in answer.content.decode()
    answer = client.post(reverse("duty:roster_new"), {"period": "month", "starts_on": "x", "ends_on": ""})
    assert answer.status_code == 400 and "起始日期格式" in answer.content.decode()
    assert not Roster.objects.exists()


def test_publishing_a_holiday_roster_without_its_leaders_is_refused_on_the_page(client, duty_office):
    """[41]: a holiday roster lacking a county-government leader and an office leader cannot be published; the
    page says which is missing (400) and the roster stays a draft. With both, it is published."""
    r = holiday_roster(duty_office)
    fill(r, duty_office.rota)
    client.force_login(duty_office["fuzhuren"])
    answer = client.post(reverse("duty:roster_publish", args=[r.pk]), {"version": r.version})
    body = answer.content.decode()
    assert answer.status_code == 400 and "不能发布" in body and "缺少带班的县政府领导和办公室领导" in body
    r.refresh_from_db()
    assert r.state == RosterState.DRAFT
    # The leaders set from the page, day by day.
    for day in sorted(set(r.shifts.values_list("day", flat=True))):
        r.refresh_from_db()
        answer = client.post(
            reverse("duty:roster_leaders", args=[r.pk]),
            {
                "version": r.version,
                "day": day.isoformat(),
                "county_leader": duty_office["changwu"].pk,
                "office_leader": duty_office["zhuren"].pk,
            },
        )
        assert answer.status_code == 302
    r.refresh_from_db()
    assert client.post(reverse("duty:roster_publish", args=[r.pk]), {"version": r.version}).status_code == 302
    r.refresh_from_db()
    assert r.state == RosterState.PUBLISHED


def test_two_leaders_of_one_level_are_refused_as_the_holiday_pair(client, duty_office):
    """[41]: the office-leader seat takes an office leader; a county-government leader there is refused (400)."""
    r = holiday_roster(duty_office)
    client.force_login(duty_office["fuzhuren"])
    answer = client.post(
        reverse("duty:roster_leaders", args=[r.pk]),
        {
            "version": r.version,
            "day": "2026-10-01",
            "county_leader": duty_office["changwu"].pk,
            "office_leader": duty_office["changwu"].pk,
        },
    )
    assert answer.status_code == 400 and "不是办公室领导" in answer.content.decode()
    assert not Shift.objects.filter(roster=r, office_leader__isnull=False).exists()


def test_a_hand_edit_putting_someone_on_leave_on_duty_is_refused_in_chinese(client, duty_office):
    """[42]: a person on approved leave is not rostered; the hand edit that would roster them is refused on the
    roster's page with the reason (400) and the shift keeps its person."""
    on_leave = duty_office.rota[1]
    away(on_leave, date(2026, 10, 1), date(2026, 10, 3))
    r = roster(duty_office, date(2026, 10, 1), date(2026, 10, 3), period=Roster.Period.HOLIDAY)
    assert not r.shifts.filter(person=on_leave).exists()  # generation left them out
    shift = r.shifts.order_by("starts_at").first()
    before = shift.person_id
    client.force_login(duty_office["fuzhuren"])
    answer = client.post(
        reverse("duty:shift_assign", args=[r.pk, shift.pk]), {"version": r.version, "person": on_leave.pk}
    )
    body = answer.content.decode()
    assert answer.status_code == 400 and "外出" in body and "不能安排值班" in body and "data-roster-grid" in body
    shift.refresh_from_db()
    assert shift.person_id == before


def test_a_hand_edit_is_logged_and_not_for_others(client, duty_office):
    """[42]: the roster's maker edits it (logged with both names); a person on duty cannot (403)."""
    r = roster(duty_office, date(2026, 9, 21), date(2026, 9, 25))
    shift = r.shifts.filter(person__isnull=False).order_by("starts_at").first()
    other = next(p for p in duty_office.rota if p.pk != shift.person_id)
    client.force_login(duty_office["zhiban"])
    answer = client.post(
        reverse("duty:shift_assign", args=[r.pk, shift.pk]), {"version": r.version, "person": other.pk}
    )
    assert answer.status_code == 403
    client.force_login(duty_office["fuzhuren"])
    answer = client.post(
        reverse("duty:shift_assign", args=[r.pk, shift.pk]), {"version": r.version, "person": other.pk}
    )
    assert answer.status_code == 302
    shift.refresh_from_db()
    assert shift.person_id == other.pk
    assert RosterLog.objects.filter(document=r, action="assign").exists()
    # A stale page (someone else changed the roster) is a 409.
    answer = client.post(reverse("duty:shift_assign", args=[r.pk, shift.pk]), {"version": 0, "person": ""})
    assert answer.status_code == 409


def test_the_roster_pdf_for_the_wall(client, duty_office):
    """The published roster prints as a PDF with the 带班 leaders [41], [42]."""
    r = published(duty_office, date(2026, 10, 1), date(2026, 10, 3), period=Roster.Period.HOLIDAY)
    client.force_login(duty_office["zhiban"])
    answer = client.get(reverse("duty:roster_pdf", args=[r.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")


def test_a_persons_ics_has_their_shifts_and_leading_days_and_resets(client, duty_office):
    """ICS per person: their shifts and, for a leader, the holiday days they lead; 重置 kills the old address."""
    r = published(duty_office, date(2026, 10, 1), date(2026, 10, 2), period=Roster.Period.HOLIDAY)
    someone = r.shifts.exclude(person=None).first().person
    token = feeds.token_for(someone)
    client.logout()
    ics = client.get(reverse("duty:feed", args=[token]))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert text.count("BEGIN:VEVENT") == r.shifts.filter(person=someone).count()
    assert "值班：节假日" in text
    leader_ics = client.get(reverse("duty:feed", args=[feeds.token_for(duty_office["changwu"])])).content.decode()
    assert leader_ics.count("带班：国庆节") == 2  # one event a day, not one a shift
    client.force_login(someone)
    assert client.post(reverse("duty:mine")).status_code == 302
    client.logout()
    assert client.get(reverse("duty:feed", args=[token])).status_code == 404
    assert client.get(reverse("duty:feed", args=["1-forged"])).status_code == 404


def test_outsiders_see_no_roster(client, duty_office):
    """The chapter is the office's and the county leaders' [41]: a unit contact gets 403 and 404s."""
    from org.roles import Role
    from tests.factories import person

    r = holiday_roster(duty_office)
    outsider = person(Role.UNIT_CONTACT, full_name="外单位联络员")
    client.force_login(outsider)
    assert client.get(reverse("duty:rosters")).status_code == 403
    assert client.get(reverse("duty:roster", args=[r.pk])).status_code == 403
    assert client.get(reverse("duty:today")).status_code == 403


ROSTER_PAGES = ["duty:today", "duty:rosters", "duty:roster", "duty:mine", "duty:roster_new"]


@pytest.mark.parametrize("name", ROSTER_PAGES)
def test_roster_pages_cost_the_same_for_a_week_and_two_months(client, duty_office, count_queries, name):
    """PERFORMANCE.md: the grid and the lists do not grow with the number of shifts and rosters [41], [42]."""
    small = roster(duty_office, date(2026, 10, 1), date(2026, 10, 7), period=Roster.Period.HOLIDAY)
    lead_every_day(duty_office, small)
    client.force_login(duty_office["fuzhuren"])
    url = reverse(f"duty:{name[5:]}", args=[small.pk]) if name == "duty:roster" else reverse(name)
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    big = roster(duty_office, date(2026, 11, 1), date(2026, 12, 31))
    roster(duty_office, date(2027, 1, 1), date(2027, 1, 31))
    url = reverse("duty:roster", args=[big.pk]) if name == "duty:roster" else url
    client.get(url)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)

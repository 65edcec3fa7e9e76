"""值班统计 [41], [42], [43]: duty days per person and the holiday leaders' 带班 days, approved swaps, missed
handovers as the reminder engine counts them (exactly the unconfirmed ones), emergency reports by kind and
month; the page for the chapter's people only, its query count flat in the number of rosters and reports."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from duty import services, statistics
from duty.models import Shift
from org.roles import Role
from org.selectors import display_name
from tests.factories import person

from .factories import local, published, report
from .factories import roster as draft_roster

pytestmark = pytest.mark.django_db


def _figures(office, year=2026):
    return statistics.year_figures(office["zhuren"], year=year)


def _by_name(f):
    return {p.name: p for p in f.people}


def test_duty_days_and_holiday_leaders_带班_days_41(duty_office):
    """[41] each person's duty days are the distinct days with a shift; the 带班 leaders count their holiday days;
    a draft roster is no one's duty yet."""
    roster = published(duty_office, date(2026, 10, 1), date(2026, 10, 3))
    draft_roster(duty_office, date(2026, 11, 2), date(2026, 11, 6))
    f = _figures(duty_office)
    shifts = list(Shift.objects.filter(roster=roster, active=True))
    assert f.shifts_total == len(shifts) and f.empty_shifts == 0
    people = _by_name(f)
    for someone in {s.person for s in shifts}:
        mine = [s for s in shifts if s.person_id == someone.pk]
        row = people[someone.profile.full_name]
        assert (row.shifts, row.days, row.holiday_shifts) == (len(mine), len({s.day for s in mine}), len(mine))
    assert people[display_name(duty_office["changwu"])].lead_days == 3
    assert people[display_name(duty_office["zhuren"])].lead_days == 3
    assert sum(p.shifts for p in f.people) == len(shifts)


def test_a_missed_handover_is_counted_once_and_a_confirmed_one_not_42(duty_office, clock):
    """[42] after the 国庆 shifts, every shift followed by another whose handover was not confirmed in time is a
    missed handover (once, in its month, on its person); the one confirmed in time is not."""
    roster = published(duty_office, date(2026, 10, 1), date(2026, 10, 3))
    shifts = list(Shift.objects.filter(roster=roster, active=True).order_by("starts_at"))
    first, second = shifts[0], shifts[1]
    clock.move_to(first.ends_at - timedelta(minutes=5))
    handover = services.handover_write(actor=first.person, shift_pk=first.pk, open_matters="无")
    clock.move_to(second.starts_at + timedelta(minutes=10))
    services.handover_confirm(actor=second.person, pk=handover.pk)
    clock.move_to(local(2026, 10, 10, 9))
    f = _figures(duty_office)
    # Every shift but the last has a next one; the first was handed over in time.
    assert f.missed_total == len(shifts) - 2
    assert f.missed[9] == f.missed_total  # October
    missed_people = sum(p.missed for p in f.people)
    assert missed_people == f.missed_total
    assert _figures(duty_office).missed_total == f.missed_total  # counting again counts the same


def test_approved_swaps_are_counted_by_month_and_person_42(duty_office):
    """[42] a swap asked, accepted and approved counts as 已批准 in the month of the shift, on the one who asked."""
    roster = published(duty_office, date(2026, 10, 1), date(2026, 10, 3))
    shift = Shift.objects.filter(roster=roster, active=True).order_by("starts_at").first()
    stand_in = person(Role.DUTY_OFFICER, full_name="替班员甲")
    swap = services.swap_request(actor=shift.person, shift_pk=shift.pk, other_person_pk=stand_in.pk, reason="家中有事")
    services.swap_accept(actor=stand_in, pk=swap.pk)
    services.swap_approve(actor=roster.made_by, pk=swap.pk)
    f = _figures(duty_office)
    assert f.swaps["已批准"][9] == 1 and f.swaps_total == 1
    assert _by_name(f)[shift.person.profile.full_name].swapped_out == 1


def test_emergency_reports_by_kind_and_month_43(duty_office, clock):
    """[43] reports counted by their category and the month they came in."""
    report(duty_office, category="natural")
    report(duty_office, category="natural")
    clock.move_to(local(2026, 10, 2, 23))
    report(duty_office, category="accident")
    f = _figures(duty_office)
    assert f.reports["自然灾害"][8] == 2 and f.reports["事故灾难"][9] == 1 and f.reports_total == 3
    assert _figures(duty_office, 2025).reports_total == 0


def test_the_statistics_page_is_the_chapters_and_its_query_count_is_flat_41_42_43(
    duty_office, client_as, count_queries, clock
):
    """[41][42][43] the page shows the tables beneath the charts; the same number of queries with one holiday roster
    and a report as with a month's roster more and ten reports; a person without the chapter is refused."""
    published(duty_office, date(2026, 10, 1), date(2026, 10, 3))
    report(duty_office)
    client = client_as("zhiban")
    url = reverse("duty:statistics")
    client.get(url)
    with count_queries() as few:
        page = client.get(url).content.decode()
    assert 'data-table="people"' in page and "duty-stats-data" in page and "echarts.min.js" in page
    published(duty_office, date(2026, 11, 1), date(2026, 11, 30))
    for i in range(10):
        report(duty_office, title=f"事件{i}", category="social")
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert client.get(url, {"year": "abc"}).status_code == 200
    assert client_as("lianluo").get(url).status_code == 403

"""The handover pages (交接班) [41], [42]: the outgoing person writes the open matters, the incoming person
confirms on a phone page, both timed; a missed handover is flagged on the list."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from duty.models import Handover, HandoverState, Roster

from .factories import local, published

pytestmark = pytest.mark.django_db


def _night_and_morning(duty_office):
    r = published(duty_office, date(2026, 10, 1), date(2026, 10, 3), period=Roster.Period.HOLIDAY)
    night = r.shifts.get(day=date(2026, 10, 1), kind__code="holiday-night")
    morning = r.shifts.get(day=date(2026, 10, 2), kind__code="holiday-day")
    return r, night, morning


def test_the_night_person_hands_over_and_the_morning_person_confirms(client, clock, duty_office):
    """[41]: 交班 by the outgoing person with the open matters, 接班 confirmed by the incoming one, both timed."""
    _r, night, morning = _night_and_morning(duty_office)
    clock.move_to(local(2026, 10, 2, 8, 20))
    client.force_login(night.person)
    assert client.get(reverse("duty:handover_write", args=[night.pk])).status_code == 200
    answer = client.post(reverse("duty:handover_write", args=[night.pk]), {"open_matters": "昂赛乡停电，待回电。"})
    handover = Handover.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("duty:handover", args=[handover.pk])
    assert handover.incoming_person_id == morning.person_id and handover.written_at == local(2026, 10, 2, 8, 20)

    # Someone else cannot confirm; the incoming person sees the button and confirms.
    other = next(p for p in duty_office.rota if p.pk not in (night.person_id, morning.person_id))
    client.force_login(other)
    assert "data-confirm" not in client.get(reverse("duty:handover", args=[handover.pk])).content.decode()
    assert client.post(reverse("duty:handover_confirm", args=[handover.pk])).status_code == 403
    clock.move_to(local(2026, 10, 2, 8, 35))
    client.force_login(morning.person)
    page = client.get(reverse("duty:handover", args=[handover.pk])).content.decode()
    assert "data-confirm" in page and "昂赛乡停电" in page
    answer = client.post(
        reverse("duty:handover_confirm", args=[handover.pk]), {"version": handover.version, "note": "已知悉"}
    )
    assert answer.status_code == 302
    handover.refresh_from_db()
    assert handover.state == HandoverState.CONFIRMED and handover.confirmed_at == local(2026, 10, 2, 8, 35)
    # A second confirmation (a stale page) is refused, not a 500.
    again = client.post(reverse("duty:handover_confirm", args=[handover.pk]), {"version": handover.version - 1})
    assert again.status_code in (403, 409)


def test_a_handover_before_the_shift_or_by_someone_else_is_refused(client, clock, duty_office):
    """[41]: only the person on the shift (or an office leader) hands it over, and not before it started."""
    _r, night, morning = _night_and_morning(duty_office)
    client.force_login(night.person)
    answer = client.post(reverse("duty:handover_write", args=[night.pk]), {"open_matters": "无"})
    assert answer.status_code == 400 and "尚未开始" in answer.content.decode()
    clock.move_to(local(2026, 10, 2, 8, 0))
    client.force_login(morning.person)
    answer = client.post(reverse("duty:handover_write", args=[night.pk]), {"open_matters": "无"})
    assert answer.status_code == 400 and "只有该班次的值班人员可以交班" in answer.content.decode()
    assert not Handover.objects.exists()


def test_missed_handovers_are_flagged_on_the_list(client, clock, duty_office):
    """[42]: a shift whose handover was not confirmed within the grace after the next shift started is flagged
    (未交班 / 超时未接班); a confirmed one in time is 已交接."""
    r, night, morning = _night_and_morning(duty_office)
    from duty import services

    clock.move_to(local(2026, 10, 2, 8, 25))
    h = services.handover_write(actor=night.person, shift_pk=night.pk, open_matters="无")
    services.handover_confirm(actor=morning.person, pk=h.pk)
    clock.move_to(local(2026, 10, 2, 12, 0))
    client.force_login(duty_office["fuzhuren"])
    page = client.get(reverse("duty:handovers"))
    body = page.content.decode()
    assert page.status_code == 200
    day1 = r.shifts.get(day=date(2026, 10, 1), kind__code="holiday-day")  # ended 17:30, nobody handed over
    assert f'data-shift="{day1.pk}" data-flag="missed"' in body
    assert f'data-shift="{night.pk}" data-flag="ok"' in body
    assert f'data-shift="{morning.pk}" data-flag="on"' in body
    assert "data-missed-count" in body
    assert client.get(reverse("duty:handovers") + "?until=bad").status_code == 400


def test_handover_list_costs_the_same_with_few_and_many_shifts(client, clock, duty_office, count_queries):
    """PERFORMANCE.md: the list reads a week's shifts and their handovers in a fixed number of queries [42]."""
    published(duty_office, date(2026, 10, 1), date(2026, 10, 2), period=Roster.Period.HOLIDAY)
    clock.move_to(local(2026, 10, 3, 12, 0))
    client.force_login(duty_office["fuzhuren"])
    url = reverse("duty:handovers")
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    published(duty_office, date(2026, 10, 3), date(2026, 10, 7), period=Roster.Period.HOLIDAY)
    clock.move_to(local(2026, 10, 8, 12, 0))
    client.force_login(duty_office["fuzhuren"])  # the session idled out over five days
    client.get(url)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)

"""Bad input on the roster, swap, handover and log pages is a Chinese 4xx, never a 5xx (issue 12) [41], [42]:
empty, over-long, wrong-type, unknown-choice and absurd values posted to every step, and absurd ids."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from duty import services
from duty.models import Roster

from .factories import holiday_roster, local, published

pytestmark = pytest.mark.django_db

LONG = "长" * 5000
JUNK = [
    {},
    {"version": "x", "person": "abc", "county_leader": "不存在", "office_leader": "-1", "day": "2026-99-99"},
    {"version": "99999999999999999999", "person": "99999999999999999999", "day": "0001-01-01"},
    {
        "period": "weekly",
        "starts_on": "1900-01-01",
        "ends_on": "9999-12-31",
        "title": LONG,
        "note": LONG,
        "reason": LONG,
        "comment": LONG,
        "other_person": "x",
        "other_shift": "99999999999999999999",
        "open_matters": LONG * 2,
        "note_": LONG,
        "caller": LONG,
        "content": LONG * 2,
        "phone": LONG,
        "at": "2026-02-30T25:61",
        "corrects": "99999999999999999999",
    },
]


def test_junk_is_never_a_5xx(client, clock, duty_office):
    draft = holiday_roster(duty_office, date(2026, 10, 8), date(2026, 10, 8))
    r = published(duty_office, date(2026, 10, 1), date(2026, 10, 3), period=Roster.Period.HOLIDAY)
    shift = r.shifts.exclude(person=None).order_by("starts_at").first()
    swap = services.swap_request(
        actor=shift.person,
        shift_pk=shift.pk,
        other_person_pk=next(p for p in duty_office.rota if p.pk != shift.person_id).pk,
        reason="有事",
    )
    clock.move_to(local(2026, 10, 2, 8, 20))
    night = r.shifts.get(day=date(2026, 10, 1), kind__code="holiday-night")
    handover = services.handover_write(actor=night.person, shift_pk=night.pk, open_matters="无")
    entry = services.log_add(actor=duty_office["zhiban"], caller="某乡", content="某事")
    urls = [
        reverse("duty:roster_new"),
        reverse("duty:shift_assign", args=[draft.pk, draft.shifts.first().pk]),
        reverse("duty:shift_assign", args=[draft.pk, shift.pk]),  # a shift of another roster
        reverse("duty:roster_leaders", args=[draft.pk]),
        reverse("duty:roster_publish", args=[draft.pk]),
        reverse("duty:roster_cancel", args=[draft.pk]),
        reverse("duty:swap_new", args=[shift.pk]),
        reverse("duty:swap_accept", args=[swap.pk]),
        reverse("duty:swap_decline", args=[swap.pk]),
        reverse("duty:swap_approve", args=[swap.pk]),
        reverse("duty:swap_refuse", args=[swap.pk]),
        reverse("duty:swap_withdraw", args=[swap.pk]),
        reverse("duty:handover_write", args=[night.pk]),
        reverse("duty:handover_confirm", args=[handover.pk]),
        reverse("duty:log_new"),
        reverse("duty:mine"),
    ]
    for who in ("fuzhuren", "zhiban", "changwu"):
        client.force_login(duty_office[who])
        for url in urls:
            for data in JUNK:
                answer = client.post(url, data)
                assert answer.status_code < 500, (who, url, data.keys(), answer.status_code)
                if answer.status_code >= 400:
                    assert "Traceback" not in answer.content.decode()
    client.force_login(duty_office["fuzhuren"])
    huge = "99999999999999999999"
    for url in [
        f"/duty/rosters/{huge}/",
        f"/duty/rosters/{huge}/roster.pdf",
        f"/duty/swaps/{huge}/",
        f"/duty/handovers/{huge}/",
        f"/duty/log/{huge}/",
        f"/duty/shifts/{huge}/swap/",
        f"/duty/shifts/{huge}/handover/",
        f"/duty/log/new/?corrects={huge}",
        "/duty/log/new/?corrects=abc",
        "/duty/log/?before=1_2_3&q=" + LONG,
        "/duty/log/?after=99999999999999999999999_1",
        "/duty/handovers/?until=0001-01-01",
        "/duty/rosters/new/?starts_on=garbage&period=x",
        "/duty/rosters/?page=99999999",
        "/duty/feed/abc.ics",
    ]:
        answer = client.get(url)
        assert answer.status_code in (200, 400, 404), (url, answer.status_code)
    assert client.get(reverse("duty:log_entry", args=[entry.pk])).status_code == 200

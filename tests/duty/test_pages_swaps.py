"""The swap pages (换班) [42]: asked from one's own shift, accepted by the other, approved by the office leader who
made the roster; the roster keeps both names in its history."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from duty.models import Roster, RosterLog, Swap, SwapState
from org.roles import Role
from tests.factories import person

from .factories import published

pytestmark = pytest.mark.django_db


def _setup(duty_office):
    r = published(duty_office, date(2026, 10, 1), date(2026, 10, 3), period=Roster.Period.HOLIDAY)
    shift = r.shifts.exclude(person=None).order_by("starts_at").first()
    asker = shift.person
    other = person(Role.DUTY_OFFICER, full_name="替班员")  # on the rota, not on this roster
    return r, shift, asker, other


def test_a_swap_needs_both_people_and_the_leaders_approval(client, duty_office):
    """[42]: requested by the person on duty, accepted by the other, approved by the roster's maker — only then
    does the shift change hands, and the roster's history names both."""
    r, shift, asker, other = _setup(duty_office)
    client.force_login(asker)
    assert client.get(reverse("duty:swap_new", args=[shift.pk])).status_code == 200
    answer = client.post(
        reverse("duty:swap_new", args=[shift.pk]), {"other_person": other.pk, "other_shift": "", "reason": "家中有事"}
    )
    swap = Swap.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("duty:swap", args=[swap.pk])

    # The leader cannot approve before the other person accepted; the asker cannot accept for them.
    client.force_login(duty_office["fuzhuren"])
    assert client.post(reverse("duty:swap_approve", args=[swap.pk])).status_code == 403
    client.force_login(asker)
    assert client.post(reverse("duty:swap_accept", args=[swap.pk])).status_code == 403
    shift.refresh_from_db()
    assert shift.person_id == asker.pk

    client.force_login(other)
    page = client.get(reverse("duty:swap", args=[swap.pk])).content.decode()
    assert "data-swap-accept" in page
    assert client.post(reverse("duty:swap_accept", args=[swap.pk])).status_code == 302
    shift.refresh_from_db()
    assert shift.person_id == asker.pk  # not yet: the leader approves [42]

    # Someone else of the office is not the approver.
    client.force_login(duty_office["zhiban"])
    assert client.post(reverse("duty:swap_approve", args=[swap.pk])).status_code == 403
    client.force_login(duty_office["fuzhuren"])
    page = client.get(reverse("duty:swaps")).content.decode()
    assert f'href="{reverse("duty:swap", args=[swap.pk])}"' in page  # waiting for me
    assert client.post(reverse("duty:swap_approve", args=[swap.pk]), {"comment": "同意"}).status_code == 302
    swap.refresh_from_db()
    shift.refresh_from_db()
    assert swap.state == SwapState.APPROVED and shift.person_id == other.pk
    entry = RosterLog.objects.get(document=r, action="swap")
    assert asker.profile.full_name in entry.comment and other.profile.full_name in entry.comment
    roster_page = client.get(reverse("duty:roster", args=[r.pk])).content.decode()
    assert entry.comment in roster_page  # the history on the roster's page keeps both names


def test_a_swap_form_with_no_reason_or_oneself_is_a_chinese_400(client, duty_office):
    """[42]: a reason is needed; the other person must be another of the 值班人员."""
    _r, shift, asker, other = _setup(duty_office)
    client.force_login(asker)
    answer = client.post(reverse("duty:swap_new", args=[shift.pk]), {"other_person": other.pk, "reason": ""})
    assert answer.status_code == 400 and "请填写换班理由" in answer.content.decode()
    answer = client.post(reverse("duty:swap_new", args=[shift.pk]), {"other_person": asker.pk, "reason": "x"})
    assert answer.status_code == 400 and "不是值班人员" in answer.content.decode()
    assert not Swap.objects.exists()


def test_only_the_person_on_the_shift_may_ask(client, duty_office):
    """[42]: someone else's shift cannot be swapped away by me (the form says so, 400; nothing created)."""
    _r, shift, asker, other = _setup(duty_office)
    client.force_login(other)
    answer = client.post(reverse("duty:swap_new", args=[shift.pk]), {"other_person": asker.pk, "reason": "想换"})
    assert answer.status_code == 400 and "本人可以申请换班" in answer.content.decode()
    assert not Swap.objects.exists()


def test_declined_and_withdrawn_swaps_change_nothing(client, duty_office):
    _r, shift, asker, other = _setup(duty_office)
    client.force_login(asker)
    client.post(reverse("duty:swap_new", args=[shift.pk]), {"other_person": other.pk, "reason": "出差"})
    swap = Swap.objects.get()
    client.force_login(other)
    assert client.post(reverse("duty:swap_decline", args=[swap.pk]), {"comment": "当天有事"}).status_code == 302
    swap.refresh_from_db()
    shift.refresh_from_db()
    assert swap.state == SwapState.DECLINED and shift.person_id == asker.pk
    # A step on a closed swap is refused, not a 500.
    assert client.post(reverse("duty:swap_accept", args=[swap.pk])).status_code == 403


def test_swap_list_costs_the_same_with_few_and_many(client, duty_office, count_queries):
    """PERFORMANCE.md: the swap list does not grow with its rows [42]."""
    r, _shift, asker, other = _setup(duty_office)
    from duty import services

    shifts = list(r.shifts.exclude(person=None).order_by("starts_at"))
    services.swap_request(actor=shifts[0].person, shift_pk=shifts[0].pk, other_person_pk=other.pk, reason="a")
    client.force_login(duty_office["fuzhuren"])
    url = reverse("duty:swaps")
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for s in shifts[1:5]:
        partner = other if s.person_id != other.pk else asker
        services.swap_request(actor=s.person, shift_pk=s.pk, other_person_pk=partner.pk, reason="b")
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)

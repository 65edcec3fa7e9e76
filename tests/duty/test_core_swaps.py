"""换班 [42]: asked by one, accepted by the other, approved by the office leader who made the roster; the roster's
history keeps both names."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.workflow import ActionRefused
from duty import services
from duty.models import Shift, SwapState

from .factories import away, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def october(duty_office):
    return published(duty_office, date(2026, 10, 12), date(2026, 10, 13))  # two weekday nights


def _shift_and_other(office, roster):
    shift = roster.shifts.select_related("person").order_by("starts_at").first()
    other = next(p for p in office.rota if p.pk != shift.person_id and not roster.shifts.filter(person=p).exists())
    return shift, other


def test_a_swap_needs_the_other_person_and_the_approval(duty_office, october):
    """[42] the swap changes nothing until the other person accepts and the roster's office leader approves."""
    shift, other = _shift_and_other(duty_office, october)
    asker = shift.person
    swap = services.swap_request(actor=asker, shift_pk=shift.pk, other_person_pk=other.pk, reason="家中有事")
    assert Shift.objects.get(pk=shift.pk).person == asker

    # Nobody but the other person answers; not even the roster's leader can skip the acceptance.
    with pytest.raises(ActionRefused):
        services.swap_accept(actor=duty_office["fuzhuren"], pk=swap.pk)
    with pytest.raises(ActionRefused):
        services.swap_approve(actor=duty_office["fuzhuren"], pk=swap.pk)
    services.swap_accept(actor=other, pk=swap.pk)
    assert Shift.objects.get(pk=shift.pk).person == asker

    # Approval is the roster maker's: not the asker, not the other person, not another deputy director.
    for someone in (asker, other, duty_office["fuzhuren_wenmi"]):
        with pytest.raises(ActionRefused):
            services.swap_approve(actor=someone, pk=swap.pk)
    services.swap_approve(actor=duty_office["fuzhuren"], pk=swap.pk)
    swap.refresh_from_db()
    assert swap.state == SwapState.APPROVED and swap.decided_by == duty_office["fuzhuren"]
    assert Shift.objects.get(pk=shift.pk).person == other
    entry = october.log.get(action="swap")
    assert asker.profile.full_name in entry.comment and other.profile.full_name in entry.comment


def test_only_the_person_on_duty_asks_and_a_declined_swap_changes_nothing(duty_office, october):
    shift, other = _shift_and_other(duty_office, october)
    with pytest.raises(ActionRefused):
        services.swap_request(actor=other, shift_pk=shift.pk, other_person_pk=other.pk, reason="x")
    swap = services.swap_request(actor=shift.person, shift_pk=shift.pk, other_person_pk=other.pk, reason="出差")
    services.swap_decline(actor=other, pk=swap.pk, comment="当天有事")
    swap.refresh_from_db()
    assert swap.state == SwapState.DECLINED
    with pytest.raises(ActionRefused):
        services.swap_approve(actor=duty_office["fuzhuren"], pk=swap.pk)
    assert Shift.objects.get(pk=shift.pk).person == shift.person


def test_an_exchange_moves_both_shifts(duty_office, october):
    """对调: each takes the other's shift; both names kept in the roster's history [42]."""
    first = october.shifts.order_by("starts_at").first()
    second = october.shifts.exclude(person=first.person).order_by("-starts_at").first()
    swap = services.swap_request(
        actor=first.person,
        shift_pk=first.pk,
        other_person_pk=second.person_id,
        other_shift_pk=second.pk,
        reason="对调",
    )
    services.swap_accept(actor=second.person, pk=swap.pk)
    services.swap_approve(actor=duty_office["fuzhuren"], pk=swap.pk)
    assert Shift.objects.get(pk=first.pk).person_id == second.person_id
    assert Shift.objects.get(pk=second.pk).person_id == first.person_id


def test_a_swap_to_someone_on_leave_is_refused_at_approval(duty_office, october):
    """[42] the one taking over may not be on approved leave then."""
    shift, other = _shift_and_other(duty_office, october)
    swap = services.swap_request(actor=shift.person, shift_pk=shift.pk, other_person_pk=other.pk, reason="病")
    services.swap_accept(actor=other, pk=swap.pk)
    away(other, shift.day, shift.day)
    with pytest.raises(ValidationError, match="外出"):
        services.swap_approve(actor=duty_office["fuzhuren"], pk=swap.pk)
    assert Shift.objects.get(pk=shift.pk).person == shift.person

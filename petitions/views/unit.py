"""The responsible unit's pages [47]: a 单位联络员's home — their unit's referred cases, those waiting for the
unit's answer first, nearest limit first — and the answer form (办理结果), used by the contact through the system
or by the office recording an answer that came on paper (as supervision's feedback pages).

The contact sees only the cases referred to their unit (``selectors.cases_visible_to``); the case comes through
``selectors.get_case_for`` (404 for "missing" and "not yours"); the answer through ``services.record_unit_answer``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, seen_version
from core.idempotency import idempotent
from org.models import Unit

from .. import rules, selectors, services
from ..forms import UnitAnswerForm
from ..models import State
from .cases import _names, mark


def unit_home(request):
    """本单位信访件: waiting for our answer (nearest limit first), then the rest still being handled [47]."""
    user = request.user
    unit_id = rules.contact_unit_id(user)
    if unit_id is None:
        raise PermissionDenied("本页供责任单位联络员使用；办公室人员请在信访件列表按单位筛选 [47]。")
    rows = list(
        selectors.list_rows(selectors.cases_visible_to(user).filter(state=State.HANDLING, unit_id=unit_id)).order_by(
            "handle_due", "id"
        )[:300]
    )
    waiting_ids = set(
        selectors.waiting_referrals(unit_id).filter(case_id__in=[c.pk for c in rows]).values_list("case_id", flat=True)
    )
    today = timezone.localdate()
    mark(rows, today)
    _names(rows)
    waiting = [c for c in rows if c.pk in waiting_ids]
    answered = [c for c in rows if c.pk not in waiting_ids]
    return render(
        request,
        "petitions/unit_home.html",
        {
            "title": "本单位信访件",
            "unit": Unit.objects.filter(pk=unit_id).first(),
            "waiting": waiting,
            "answered": answered,
            "today": today,
            "pet_contact": True,
        },
    )


@idempotent  # a double click records one answer
def unit_answer(request, pk: int):
    """登记单位办理结果 [47]. Offered on the case's page; this page is also where a form with errors comes back
    (400)."""
    user = request.user
    case = selectors.get_case_for(user, pk)
    if not rules.can_record_unit_answer(case, user):
        raise PermissionDenied("只有信访接待人员、承办人或承办单位的联络员可以登记办理结果 [47]。")
    referral = case.referrals.filter(superseded_at__isnull=True).select_related("unit").order_by("-routed_at").first()
    if case.state != State.HANDLING or referral is None or referral.answered_at is not None:
        raise PermissionDenied(f"该信访件{case.get_state_display()}，没有等待单位回复的转送交办 [47]。")
    form = UnitAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = apply_to_form(
                form,
                lambda: services.record_unit_answer(
                    actor=user, pk=case.pk, seen_version=seen_version(request), answer=form.cleaned_data["answer"]
                ),
            )
            if done is not None:
                messages.success(request, "已报送办理结果，由信访工作人员答复信访人 [47]。")
                return redirect("petitions:detail", pk=case.pk)
        status = 400
    return render(
        request,
        "petitions/unit_answer.html",
        {
            "title": "报送办理结果",
            "case": case,
            "referral": referral,
            "form": form,
            "people": selectors.petitioners_shown(case, user),
            "pet_contact": rules.is_unit_contact(user),
            "today": timezone.localdate(),
        },
        status=status,
    )


urlpatterns: list = [
    path("unit/", unit_home, name="unit"),
    path("<int:pk>/unit-answer/", unit_answer, name="unit_answer"),
]

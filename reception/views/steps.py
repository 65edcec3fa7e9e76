"""The steps on a reception's page, each a POST carrying the page's ``version`` (a page left open while someone
else acted gets a 409): 审批 (批准 / 退回 / 不予接待), 补充公函, 日程, 接待完成, 取消 [6]. The form checks the shape
(400), the service everything else (403) — through ``core.actions.workflow_action``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect

from core.actions import seen_version, workflow_action
from core.idempotency import idempotent

from .. import selectors, services
from ..forms import DecisionForm, LetterForm, ReasonForm, ScheduleForm
from ..models import State


def _valid(form) -> dict:
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    return form.cleaned_data


def _decide(request, user, obj, version):
    d = _valid(DecisionForm(request.POST))
    comment = d.get("comment", "")
    if d["decision"] == "approve":
        if obj.state == State.HEAD_REVIEW:
            services.head_approve_request(actor=user, pk=obj.pk, seen_version=version, comment=comment)
            return "县长已批准 [6]。"
        done = services.approve_request(actor=user, pk=obj.pk, seen_version=version, comment=comment)
        return "已同意，报县长审批 [6]。" if done.state == State.HEAD_REVIEW else "已批准 [6]。"
    if d["decision"] == "return":
        services.return_request(actor=user, pk=obj.pk, seen_version=version, comment=comment)
        return "已退回 [6]。"
    services.reject_request(actor=user, pk=obj.pk, seen_version=version, comment=comment)
    return "已决定不予接待 [6]。"


def _letter(request, user, obj, version):
    d = _valid(LetterForm(request.POST, request.FILES))
    services.attach_letter(
        actor=user, pk=obj.pk, seen_version=version, letter_number=d.get("letter_number", ""), letter=d.get("letter")
    )
    return "公函已补充 [6]。"


def _schedule(request, user, obj, version):
    d = _valid(ScheduleForm(request.POST))
    services.add_schedule_item(
        actor=user,
        pk=obj.pk,
        seen_version=version,
        day=d["day"],
        start=d["start"],
        item=d["item"],
        place=d.get("place", ""),
        accompanied_by=d.get("accompanied_by", ""),
    )
    return "日程已添加 [6]。"


def _unschedule(request, user, obj, version):
    line = request.POST.get("line", "")
    if not line.isdigit():
        raise ValidationError("没有这条日程。")
    services.remove_schedule_item(actor=user, pk=obj.pk, line_id=int(line), seen_version=version)
    return "日程已撤下。"


def _held(request, user, obj, version):
    services.mark_held(actor=user, pk=obj.pk, seen_version=version)
    return "已登记接待完成，请在5个工作日内填报公务接待清单 [6]。"


def _cancel(request, user, obj, version):
    d = _valid(ReasonForm(request.POST))
    services.cancel_request(actor=user, pk=obj.pk, seen_version=version, reason=d["reason"])
    return "已取消（记录保留）。"


STEPS = {
    "decide": _decide,
    "letter": _letter,
    "schedule": _schedule,
    "unschedule": _unschedule,
    "held": _held,
    "cancel": _cancel,
}


@idempotent
@workflow_action
def act(request, pk: int, action: str):
    user = request.user
    obj = selectors.get_reception_for(user, pk)
    step = STEPS.get(action)
    if step is None:
        raise Http404("没有这个操作。")
    messages.success(request, step(request, user, obj, seen_version(request)))
    return redirect("reception:detail", pk=obj.pk)

"""The steps of a case, each a POST from the case's page to the service that owns it [47]–[50]: 受理, 不予受理
(with the reason), 转送·交办 (to a unit, with the opinion), 答复 (处理意见书), 延期 (asked, and decided by the
organ's head), 办结 (with the petitioner's satisfaction), 复查 / 复核 (asked within 30 days, decided), 息诉罢访.

Permission, state and the 条例's limits are the services' to check; a refusal is a Chinese 4xx page
(``core.actions.workflow_action``: bad input 400, not allowed 403, a page older than the case 409 — the
``version`` each form carries). The unit's answer has its own page (``unit.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path

from core.actions import seen_version, workflow_action

from .. import selectors, services
from ..forms import (
    AcceptForm,
    AnswerForm,
    CloseForm,
    ExtensionDecisionForm,
    ExtensionForm,
    ReasonForm,
    ReferForm,
    ReviewDecisionForm,
    ReviewRequestForm,
    SettlementForm,
)
from ..models import Extension, ReviewKind


def _cleaned(request, form_class: type[forms.Form]) -> dict:
    """The step's form, or a 400 naming each field that is missing or wrong."""
    form = form_class(request.POST)
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label}：{error}" if name in form.fields else error
            for name, errors in form.errors.items()
            for error in errors
        ]
        raise ValidationError(problems)
    return form.cleaned_data


@dataclass(frozen=True)
class Step:
    form: type[forms.Form]
    call: Callable  # (actor, case, version, cleaned data) -> the service's result
    done: str


def _pending_extension(case):
    found = Extension.objects.filter(case=case, approved__isnull=True).only("id").first()
    if found is None:
        raise Http404("没有等待审批的延期申请。")
    return found.pk


STEPS: dict[str, Step] = {
    "accept": Step(
        AcceptForm,
        lambda u, c, v, d: services.accept_case(actor=u, pk=c.pk, seen_version=v, opinion=d["opinion"]),
        "已受理，由本机关办理；请制作受理告知书告知信访人 [48]。",
    ),
    "refuse": Step(
        ReasonForm,
        lambda u, c, v, d: services.refuse_case(actor=u, pk=c.pk, seen_version=v, reason=d["reason"]),
        "已决定不予受理；请制作不予受理告知书，书面告知信访人 [47]。",
    ),
    "refer": Step(
        ReferForm,
        lambda u, c, v, d: services.refer_case(
            actor=u, pk=c.pk, seen_version=v, unit=d["unit"], kind=d["kind"], opinion=d["opinion"]
        ),
        "已转交责任单位办理，并通知该单位联络员 [47]。",
    ),
    "answer": Step(
        AnswerForm,
        lambda u, c, v, d: services.answer_case(actor=u, pk=c.pk, seen_version=v, answer=d["answer"]),
        "已答复信访人；请打印处理意见书送达信访人 [48]。",
    ),
    "extension": Step(
        ExtensionForm,
        lambda u, c, v, d: services.request_extension(actor=u, pk=c.pk, reason=d["reason"], days=d["days"]),
        "延期申请已提交，待办公室主任审批（《信访工作条例》第三十五条）。",
    ),
    "decide_extension": Step(
        ExtensionDecisionForm,
        lambda u, c, v, d: services.decide_extension(
            actor=u, extension_id=_pending_extension(c), approve=d["approve"], comment=d["comment"]
        ),
        "已审批延期申请。",
    ),
    "close": Step(
        CloseForm,
        lambda u, c, v, d: services.close_case(actor=u, pk=c.pk, seen_version=v, satisfaction=d["satisfaction"]),
        "已办结 [50]。",
    ),
    "review": Step(
        ReviewRequestForm,
        lambda u, c, v, d: services.request_review(
            actor=u,
            pk=c.pk,
            seen_version=v,
            kind=ReviewKind.REVIEW,
            requested_on=d["requested_on"],
            request=d["request"],
        ),
        "已登记复查申请，30日内作出复查意见（《信访工作条例》第三十五条）。",
    ),
    "rereview": Step(
        ReviewRequestForm,
        lambda u, c, v, d: services.request_review(
            actor=u,
            pk=c.pk,
            seen_version=v,
            kind=ReviewKind.REREVIEW,
            requested_on=d["requested_on"],
            request=d["request"],
        ),
        "已登记复核申请，30日内作出复核意见（《信访工作条例》第三十六条）。",
    ),
    "decide_review": Step(
        ReviewDecisionForm,
        lambda u, c, v, d: services.decide_review(
            actor=u, pk=c.pk, seen_version=v, opinion=d["opinion"], upheld=d["upheld"]
        ),
        "已登记复查（复核）意见，并答复信访人 [50]。",
    ),
    "settle": Step(
        SettlementForm,
        lambda u, c, v, d: services.record_settlement(
            actor=u, pk=c.pk, seen_version=v, settled_on=d["settled_on"], note=d["note"]
        ),
        "已登记息诉罢访 [50]。",
    ),
}


@workflow_action
def case_act(request, pk: int, action: str):
    """One step of the case's life, by the service that owns it (permission, state and limits checked there)."""
    user = request.user
    case = selectors.get_case_for(user, pk)
    step = STEPS.get(action)
    if step is None:
        raise Http404("没有这个操作。")
    data = _cleaned(request, step.form)
    result = step.call(user, case, seen_version(request), data)
    done = step.done
    if action == "decide_extension":
        done = "已同意延期，办理期限已顺延。" if result.approved else "已不同意延期。"
    elif action == "close":
        case.refresh_from_db(fields=["satisfaction"])
        done = f"已办结，信访人评价：{case.get_satisfaction_display()} [50]。"
    messages.success(request, done)
    return redirect("petitions:detail", pk=case.pk)


urlpatterns: list = [
    path("<int:pk>/act/<slug:action>/", case_act, name="act"),
]

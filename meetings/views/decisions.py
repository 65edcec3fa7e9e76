"""议定事项 pages: every decision I may see with its deadline (overdue ones marked), filtered by state, overdue,
responsible leader and kind of meeting; one decision with its log and the actions 立项督办, 办结 (落实情况) and
撤销; the list as an Excel workbook [37], [15], [39], [40].

Every read through ``decisions_visible_to`` (a classified meeting's decisions only to people who may see that
meeting [31], [32]); the list costs the same number of queries for 3 rows as for 300.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import refusal_response, seen_version, workflow_action
from core.pagination import page_number

from .. import exports, rules, services
from ..forms_work import DecisionFilterForm, ReasonForm, ResultForm
from ..models import Decision, DecisionState
from ..selectors import OPEN_DECISION_STATES, decision_rows, decisions_visible_to

PAGE_SIZE = 50
EXPORT = "meetings.export_meeting"


def filtered_decisions(user, form: DecisionFilterForm):
    """The decisions the list shows, by its filters (an invalid filter is ignored, never an error)."""
    qs = decisions_visible_to(user)
    state = form.cleaned_data.get("state") if form.is_valid() else ""
    if not state:
        qs = qs.filter(state__in=OPEN_DECISION_STATES)  # the partial index decision_open_due
    elif state != "all":
        qs = qs.filter(state=state)
    if form.is_valid():
        d = form.cleaned_data
        if d.get("overdue"):
            qs = qs.filter(state__in=OPEN_DECISION_STATES, due_date__lt=timezone.localdate())
        if d.get("leader"):
            qs = qs.filter(leader=d["leader"])
        if d.get("kind"):
            qs = qs.filter(meeting__kind=d["kind"])
    if state and state not in [s.value for s in OPEN_DECISION_STATES]:
        return decision_rows(qs).order_by("-due_date", "-id")  # history: the latest first
    return decision_rows(qs).order_by("due_date", "id")


def decision_list(request):
    """议定事项: what was decided, by whom it is to be done and by when; overdue ones in red [37], [39], [40]."""
    user = request.user
    form = DecisionFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    page = Paginator(filtered_decisions(user, form), PAGE_SIZE).get_page(page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/decision_list.html",
        {
            "title": "会议议定事项",
            "page": page,
            "form": form,
            "today": timezone.localdate(),
            "open_states": [s.value for s in OPEN_DECISION_STATES],
            "can_export": user.has_perm(EXPORT),
            "query": query.urlencode(),
        },
    )


def get_decision_for(user, pk) -> Decision:
    try:
        return decision_rows(decisions_visible_to(user)).select_related("topic", "tracked_by__profile").get(pk=pk)
    except (Decision.DoesNotExist, ValueError, TypeError):
        raise Http404("该议定事项不存在，或您无权查看。") from None


def _supervision_item(user, d: Decision):
    """The supervision item a tracked decision became, if this person may see it (one query) [37]."""
    if d.state == DecisionState.OPEN:
        return None
    from supervision.selectors import items_visible_to

    return items_visible_to(user).filter(decision=d).only("id", "year", "serial", "state").first()


def decision(request, pk: int):
    user = request.user
    d = get_decision_for(user, pk)
    may = rules.can_track_decision(d, user)
    is_open = d.state in OPEN_DECISION_STATES
    return render(
        request,
        "meetings/decision_detail.html",
        {
            "title": f"议定事项：{d.text[:30]}",
            "d": d,
            "today": timezone.localdate(),
            "overdue": is_open and d.due_date < timezone.localdate(),
            "can_track": may and rules.is_organiser(user) and d.state == DecisionState.OPEN,
            # A tracked decision is finished or voided through its supervision item, which it follows [37].
            "can_finish": may and d.state == DecisionState.OPEN,
            "can_void": may and rules.is_organiser(user) and d.state == DecisionState.OPEN,
            "item": _supervision_item(user, d),
            "log": list(d.log.select_related("actor__profile").order_by("at", "id")),
        },
    )


def _field(form_class, request, message: str) -> dict:
    form = form_class(request.POST)
    if not form.is_valid():
        raise ValidationError(message)
    return form.cleaned_data


@workflow_action
def decision_act(request, pk: int, action: str):
    user = request.user
    d = get_decision_for(user, pk)
    version = seen_version(request)
    if action == "track":
        services.decision_track(actor=user, pk=d.pk, seen_version=version)
        done = "已立项督办：督查事项已登记，经办人和责任单位将在办结时限前收到提醒 [37][39][40]。"
    elif action == "finish":
        result = _field(ResultForm, request, "请填写落实情况 [40]。")["result"]
        d = services.decision_finish(actor=user, pk=d.pk, seen_version=version, result=result)
        done = "已办结。" if d.on_time else "已办结（逾期办结）。"
    elif action == "void":
        reason = _field(ReasonForm, request, "请写明撤销原因（300字以内）。")["reason"]
        services.decision_void(actor=user, pk=d.pk, seen_version=version, reason=reason)
        done = "议定事项已撤销。"
    else:
        raise Http404("没有这个操作。")
    messages.success(request, done)
    return redirect("meetings:decision", pk=d.pk)


def decision_xlsx(request):
    """议定事项 in Excel, with the list's filters; typed text never becomes a formula (``ops.xlsx``)."""
    if not request.user.has_perm(EXPORT):
        raise PermissionDenied("只有办公室领导和收发秘书可以导出议定事项。")
    form = DecisionFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    content = exports.decisions_xlsx(filtered_decisions(request.user, form)[: exports.MAX_ROWS])
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = exports.disposition(f"会议议定事项-{timezone.localdate():%Y%m%d}.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list = [
    path("decisions/", decision_list, name="decisions"),
    path("decisions/export.xlsx", decision_xlsx, name="decisions_xlsx"),
    path("decisions/<int:pk>/", decision, name="decision"),
    path("decisions/<int:pk>/<slug:action>/", decision_act, name="decision_act"),
]

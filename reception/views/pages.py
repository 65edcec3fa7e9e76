"""公务接待 pages: the list (filters: state, month, unit, kind; search; keyset paging), 登记申请, one reception
with its schedule, 清单 and history and the steps this person may take, the corrected request, the 清单 form and
the lifecycle page [6]. Every read goes through ``selectors``; every write through ``services``."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django_fsm import has_transition_perm

from core.actions import apply_to_form, refusal_response, seen_version
from core.idempotency import idempotent
from core.pagination import BadPageRequest, capped_counts, keyset_page
from core.workflow import StaleAction

from .. import lifecycle, rules, selectors, services
from ..forms import DecisionForm, FilterForm, LetterForm, ReasonForm, RecordForm, RequestForm, ScheduleForm
from ..models import Kind, State

PAGE_SIZE = 50
COUNT_CAP = 10_000


def _allowed(user) -> None:
    if not rules.can_open_reception(user):
        raise PermissionDenied("公务接待供综合科、办公室领导和县领导查看 [6]。")


def month_range(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def filtered(user, d: dict):
    qs = selectors.receptions_visible_to(user)
    if d.get("state"):
        qs = qs.filter(state=d["state"])
    if d.get("kind"):
        qs = qs.filter(kind=d["kind"])
    if d.get("month"):
        start, end = month_range(*d["month"])
        qs = qs.filter(arrive_on__gte=start, arrive_on__lt=end)
    if (d.get("unit") or "").strip():
        qs = qs.filter(visiting_unit__icontains=d["unit"].strip())
    for word in (d.get("q") or "").split()[:5]:
        qs = qs.filter(Q(title__icontains=word) | Q(visiting_unit__icontains=word) | Q(purpose__icontains=word))
    return qs


def reception_list(request):
    """公务接待: every request this person may see, newest first [6]."""
    user = request.user
    _allowed(user)
    form = FilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        reasons = [m for errors in form.errors.values() for m in errors]
        return refusal_response(request, status=400, messages=["筛选条件不正确。", *reasons])
    qs = filtered(user, form.cleaned_data if form.is_bound else {})
    (counted,) = capped_counts([qs], COUNT_CAP)
    try:
        page = keyset_page(
            [selectors.list_rows(qs)], request, field="registered_at", size=PAGE_SIZE, few=[counted <= COUNT_CAP]
        )
    except BadPageRequest as exc:
        return refusal_response(request, status=400, messages=[str(exc)])
    query = request.GET.copy()
    for key in ("before", "after", "date"):
        query.pop(key, None)
    return render(
        request,
        "reception/list.html",
        {
            "title": "公务接待",
            "page": page,
            "count": min(counted, COUNT_CAP),
            "count_more": counted > COUNT_CAP,
            "form": form,
            "filtered": bool(query),
            "query": query.urlencode(),
            "can_register": rules.can_register(user),
            "can_export": rules.can_export(user),
            "month": request.GET.get("month", ""),
        },
    )


def _data(d: dict) -> services.RequestData:
    return services.RequestData(
        kind=d["kind"],
        title=d["title"],
        purpose=d["purpose"],
        visitor_count=d["visitor_count"],
        arrive_on=d["arrive_on"],
        leave_on=d["leave_on"],
        visiting_unit=d.get("visiting_unit", ""),
        letter_number=d.get("letter_number", ""),
        visitors=d.get("visitors", ""),
        place=d.get("place", ""),
        receiving_leader=d.get("receiving_leader"),
        leaders_attending=d.get("leaders_attending", ""),
        accompany_count=d.get("accompany_count") or 0,
        meal_standard=d.get("meal_standard") or 0,
        lodging=bool(d.get("lodging")),
        estimated_cost=d.get("estimated_cost") or 0,
    )


@idempotent
def reception_create(request):
    """登记接待申请 or a 重大活动 [6]."""
    user = request.user
    _allowed(user)
    if not rules.can_register(user):
        raise PermissionDenied("只有综合科工作人员可以登记接待申请 [6]。")
    form = RequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        obj = apply_to_form(form, lambda: services.submit_request(actor=user, data=_data(d), letter=d.get("letter")))
        if obj is not None:
            messages.success(request, "接待申请已登记，待审批 [6]。")
            return redirect("reception:detail", pk=obj.pk)
    return render(
        request,
        "reception/form.html",
        {"title": "登记接待申请", "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def reception_edit(request, pk: int):
    """A returned request, corrected and resubmitted [6]."""
    user = request.user
    obj = selectors.get_reception_for(user, pk)
    if obj.state != State.RETURNED or not rules.can_handle(obj, user):
        raise PermissionDenied("只有退回的申请可由综合科修改后重新报批 [6]。")
    initial = {
        f: getattr(obj, f)
        for f in [
            "kind",
            "title",
            "visiting_unit",
            "letter_number",
            "visitors",
            "visitor_count",
            "purpose",
            "arrive_on",
            "leave_on",
            "place",
            "receiving_leader",
            "leaders_attending",
            "accompany_count",
            "meal_standard",
            "lodging",
            "estimated_cost",
        ]
    }
    form = RequestForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            done = apply_to_form(
                form,
                lambda: services.resubmit_request(
                    actor=user, pk=obj.pk, seen_version=seen_version(request), data=_data(d), letter=d.get("letter")
                ),
            )
        except StaleAction as stale:
            return refusal_response(request, status=409, messages=[stale.message], error=stale)
        if done is not None:
            messages.success(request, "已修改并重新报批 [6]。")
            return redirect("reception:detail", pk=obj.pk)
    return render(
        request,
        "reception/form.html",
        {"title": "修改后重新报批", "form": form, "obj": obj},
        status=400 if form.is_bound and form.errors else 200,
    )


def _can(obj, user) -> dict:
    def allowed(name):
        return has_transition_perm(getattr(obj, name), user)

    approve = obj.state == State.SUBMITTED and rules.is_office_approver(user)
    head = obj.state == State.HEAD_REVIEW and rules.is_county_head(user)
    return {
        "decide": approve or head,
        "head": head,
        "letter": rules.can_attach_letter(obj, user) and obj.kind == Kind.RECEPTION,
        "edit": obj.state == State.RETURNED and rules.can_handle(obj, user),
        "schedule": rules.can_edit_schedule(obj, user),
        "held": allowed("mark_held"),
        "record": allowed("mark_recorded"),
        "cancel": allowed("cancel"),
    }


def reception_detail(request, pk: int):
    """One reception: the request, the approval, the schedule, the 清单 and the history [6]."""
    user = request.user
    obj = selectors.get_reception_for(user, pk)
    record = selectors.record_of(obj)
    can = _can(obj, user)
    return render(
        request,
        "reception/detail.html",
        {
            "title": obj.title,
            "obj": obj,
            "steps": lifecycle.steps_for(obj),
            "schedule": selectors.schedule_of(obj),
            "record": record,
            "meals": selectors.meals_of(record),
            "log": selectors.log_of(obj),
            "can": can,
            "any_step": any(can.values()),
            "decision_form": DecisionForm(),
            "letter_form": LetterForm(),
            "schedule_form": ScheduleForm(initial={"day": obj.arrive_on}),
            "reason_form": ReasonForm(),
            "threshold": rules.leader_approval_above(),
        },
    )


def record_form(request, pk: int):
    """公务接待清单: filled in and signed by the handler after the reception [6]."""
    user = request.user
    obj = selectors.get_reception_for(user, pk)
    if obj.state != State.HELD or not rules.can_handle(obj, user):
        raise PermissionDenied("接待完成后由综合科经办人填报公务接待清单 [6]。")
    form = RecordForm(
        request.POST or None,
        initial={
            "actual_visitors": obj.visitors,
            "actual_visitor_count": obj.visitor_count,
            "actual_accompany_count": obj.accompany_count,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.RecordData(
            actual_visitors=d["actual_visitors"],
            actual_visitor_count=d["actual_visitor_count"],
            actual_accompany_count=d["actual_accompany_count"],
            meals=[services.Meal(served_on=m[0], meal=m[1], diners=m[2], cost=m[3]) for m in d["meals"]],
            lodging_note=d.get("lodging_note", ""),
            lodging_cost=d.get("lodging_cost") or 0,
            other_note=d.get("other_note", ""),
            other_cost=d.get("other_cost") or 0,
        )
        try:
            done = apply_to_form(
                form,
                lambda: services.record_reception(actor=user, pk=obj.pk, seen_version=seen_version(request), data=data),
            )
        except StaleAction as stale:
            return refusal_response(request, status=409, messages=[stale.message], error=stale)
        if done is not None:
            messages.success(request, f"公务接待清单已填报，合计{done.total}元 [6]。")
            return redirect("reception:detail", pk=obj.pk)
    return render(
        request,
        "reception/record_form.html",
        {"title": "填报公务接待清单", "form": form, "obj": obj},
        status=400 if form.is_bound and form.errors else 200,
    )


def lifecycle_page(request):
    _allowed(request.user)
    return render(request, "reception/lifecycle.html", {"lifecycle": lifecycle.LIFECYCLE, "title": "办理流程"})

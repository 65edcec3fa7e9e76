"""检查 pages [36]: the list (filters, capped paging), 拟定检查计划, one inspection with its units and findings and
every step the rules allow this person — 批准 (an office leader), 开始检查, 登记问题, 结束检查 (or 结转) — and the
findings list as PDF.

A unit's 联络员 sees the inspections that include their unit and, on them, their unit's findings only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number
from core.pdf import pdf_response

from .. import lifecycle, pdf, rules, selectors, services
from ..forms import CloseForm, CommentForm, FindingForm, InspectionFilterForm, InspectionForm
from ..models import InspectionState
from .common import PAGE_SIZE, CappedPaginator, allowed, count_findings, finding_rows, nav


def inspections(request):
    """政务公开检查: planned, under way, closed — newest first, with their findings counted [36]."""
    user = request.user
    allowed(user)
    form = InspectionFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    d = form.cleaned_data if form.is_bound else {}
    qs = selectors.inspections_visible_to(user)
    if d.get("state"):
        qs = qs.filter(state=d["state"])
    if d.get("year"):
        qs = qs.filter(year=d["year"])
    paginator = CappedPaginator(qs.order_by("-planned_on", "-id"), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    count_findings(page.object_list, user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosure/inspections.html",
        {
            **nav(user),
            "title": "政务公开检查",
            "page": page,
            "capped": paginator.capped,
            "form": form,
            "query": query.urlencode(),
            "filtered": bool(query),
            "can_plan": rules.can_plan_inspection(user),
        },
    )


@idempotent  # a double click plans one inspection
def inspection_new(request):
    """拟定检查计划: what, when, which units; an office leader approves it [36]."""
    user = request.user
    allowed(user)
    if not rules.can_plan_inspection(user):
        raise PermissionDenied("只有政务公开专员或办公室领导可以拟定检查计划 [36]。")
    form = InspectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            inspection = apply_to_form(form, lambda: services.inspection_plan(actor=user, data=form.to_data()))
            if inspection is not None:
                messages.success(request, "已拟定检查计划，待办公室领导批准 [36]。")
                return redirect("disclosure:inspection", pk=inspection.pk)
        status = 400
    return render(
        request, "disclosure/inspection_form.html", {**nav(user), "title": "拟定检查计划", "form": form}, status=status
    )


def offered(inspection, user) -> dict:
    """Only the steps the services would take from this person."""
    state = inspection.state
    officer = rules.is_officer(user)
    return {
        "approve": state == InspectionState.PLANNED
        and inspection.approved_at is None
        and rules.can_approve_inspection(inspection, user),
        "start": state == InspectionState.PLANNED and inspection.approved_at is not None and officer,
        "record": rules.can_record_finding(inspection, user),
        "close": state == InspectionState.IN_PROGRESS and officer,
    }


FINDING_ROWS = 200  # an inspection's page lists this many; the findings list (?inspection=) has them all


def _findings(user, inspection, today, limit: int | None = None):
    qs = finding_rows(selectors.findings_visible_to(user).filter(inspection=inspection)).order_by(
        "unit__sort_order", "unit__name", "due_on", "id"
    )
    rows = list(qs[: limit + 1] if limit else qs)
    for f in rows:
        f.late_days = (today - f.due_on).days if f.is_overdue(today) else 0
    return rows


def inspection_detail(request, pk: int):
    user = request.user
    allowed(user)
    inspection = selectors.get_inspection_for(user, pk)
    today = timezone.localdate()
    can = offered(inspection, user)
    findings = _findings(user, inspection, today, limit=FINDING_ROWS)
    more = len(findings) > FINDING_ROWS
    findings = findings[:FINDING_ROWS]
    contact_unit = rules.contact_unit_id(user)
    return render(
        request,
        "disclosure/inspection_detail.html",
        {
            **nav(user),
            "title": services.INSPECTION_FLOW.name(inspection),
            "inspection": inspection,
            # A unit's 联络员 sees their own unit's part of the inspection, no other unit's name [36].
            "units": list(
                inspection.units.filter(**({"pk": contact_unit} if contact_unit else {})).order_by(
                    "kind", "sort_order", "name"
                )
            ),
            "findings": findings,
            "more": more,
            "unsettled": (
                selectors.unsettled(selectors.findings_visible_to(user).filter(inspection=inspection)).count()
                if more
                else sum(1 for f in findings if f.state != "accepted")
            ),
            "log": list(inspection.log.select_related("actor__profile").order_by("at", "id"))
            if not contact_unit
            else [],
            "steps": lifecycle.steps_for(inspection),
            "can": can,
            "finding_form": FindingForm(inspection=inspection) if can["record"] else None,
            "close_form": CloseForm() if can["close"] else None,
            "today": today,
        },
    )


@idempotent  # a double click records one finding
def finding_new(request, pk: int):
    """登记检查发现的问题, with the rectification asked and its deadline [36]."""
    user = request.user
    allowed(user)
    inspection = selectors.get_inspection_for(user, pk)
    if not rules.is_officer(user):
        raise PermissionDenied("只有政务公开专员或办公室领导可以登记检查发现的问题 [36]。")
    form = FindingForm(request.POST or None, inspection=inspection)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            finding = apply_to_form(
                form, lambda: services.finding_record(actor=user, inspection_pk=inspection.pk, data=form.to_data())
            )
            if finding is not None:
                messages.success(request, f"已登记{finding.unit.name}的问题，已通知该单位联络员整改 [36]。")
                return redirect("disclosure:inspection", pk=inspection.pk)
        status = 400
    return render(
        request,
        "disclosure/finding_form.html",
        {**nav(user), "title": "登记检查发现的问题", "inspection": inspection, "form": form},
        status=status,
    )


def _text(form) -> dict:
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    return form.cleaned_data


@workflow_action
def inspection_act(request, pk: int, action: str):
    """批准, 开始检查, 结束检查 — by the service that owns each step (permission and state checked there) [36]."""
    user = request.user
    allowed(user)
    inspection = selectors.get_inspection_for(user, pk)
    version = seen_version(request)
    if action == "approve":
        d = _text(CommentForm(request.POST))
        services.inspection_approve(actor=user, pk=inspection.pk, seen_version=version, comment=d["comment"])
        messages.success(request, "已批准检查计划 [36]。")
    elif action == "start":
        services.inspection_start(actor=user, pk=inspection.pk, seen_version=version)
        messages.success(request, "已开始检查，可以登记发现的问题 [36]。")
    elif action == "close":
        d = _text(CloseForm(request.POST))
        services.inspection_close(
            actor=user, pk=inspection.pk, seen_version=version, summary=d["summary"], carry_over=d["carry_over"]
        )
        messages.success(request, "检查已结束。")
    else:
        raise Http404("没有这个操作。")
    return redirect("disclosure:inspection", pk=inspection.pk)


def inspection_pdf(request, pk: int):
    """检查发现问题及整改清单 (PDF): the findings this person may see — a unit's 联络员 their own unit's [36]."""
    user = request.user
    allowed(user)
    inspection = selectors.get_inspection_for(user, pk)
    today = timezone.localdate()
    findings = _findings(user, inspection, today)
    scope = "（本单位）" if rules.is_unit_contact(user) else ""
    content = pdf.findings_pdf(inspection, findings, scope=scope, today=today)
    return pdf_response(content, f"检查问题清单-{inspection.period}.pdf")


urlpatterns: list = [
    path("inspections/", inspections, name="inspections"),
    path("inspections/new/", inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", inspection_detail, name="inspection"),
    path("inspections/<int:pk>/findings/new/", finding_new, name="finding_new"),
    path("inspections/<int:pk>/act/<slug:action>/", inspection_act, name="inspection_act"),
    path("inspections/<int:pk>/findings.pdf", inspection_pdf, name="inspection_pdf"),
]

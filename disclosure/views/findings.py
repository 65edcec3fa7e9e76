"""检查发现问题 pages [36]: the list across inspections (filters, capped paging, overdue marked), one finding with
its history and the steps this person may take — 报送整改情况 (the unit's 联络员 for their own unit, or the
officer), 验收 or 退回 (the office) — and its materials.

The finding comes through ``selectors.get_finding_for``: another unit's finding is a 404 to a 联络员.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number

from .. import exports, lifecycle, rules, selectors, services
from ..forms import CommentForm, FindingFilterForm, ReportForm, SendBackForm
from ..models import FindingAttachment, FindingState
from .common import FINDING_COLUMNS, PAGE_SIZE, CappedPaginator, allowed, finding_rows, nav


def filtered_findings(user, form, today):
    qs = selectors.findings_visible_to(user)
    d = form.cleaned_data if form.is_bound else {}
    state = d.get("state", "")
    if not state:
        qs = selectors.unsettled(qs)  # the partial indexes' predicate
    elif state != "all":
        qs = qs.filter(state=state)
    if d.get("unit"):
        qs = qs.filter(unit=d["unit"])
    if d.get("year"):
        qs = qs.filter(inspection__year=d["year"])
    if d.get("overdue"):
        qs = selectors.overdue_findings(qs, today)
    if d.get("inspection"):
        qs = qs.filter(inspection_id=d["inspection"])
    rows = finding_rows(qs)
    if not state or state in (FindingState.OPEN, FindingState.REPORTED):
        return rows.order_by("due_on", "id")  # what is due first (the partial indexes)
    return rows.order_by("-id")  # history: the latest recorded first, read backwards along the primary key


def findings(request):
    """整改问题: every finding this person may see, the unsettled ones by deadline first [36]."""
    user = request.user
    allowed(user)
    contact = rules.is_unit_contact(user)
    form = FindingFilterForm(request.GET or None, contact=contact)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    today = timezone.localdate()
    paginator = CappedPaginator(filtered_findings(user, form, today), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    for f in page.object_list:
        f.late_days = (today - f.due_on).days if f.is_overdue(today) else 0
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosure/findings.html",
        {
            **nav(user),
            "title": "本单位整改问题" if contact else "整改问题",
            "page": page,
            "capped": paginator.capped,
            "form": form,
            "query": query.urlencode(),
            "filtered": bool(query),
            "contact": contact,
            "today": today,
        },
    )


def findings_xlsx(request):
    """整改问题登记表 (Excel): the list's filters, the rows this person may see — a 联络员's their unit's [36]."""
    user = request.user
    allowed(user)
    contact = rules.is_unit_contact(user)
    form = FindingFilterForm(request.GET or None, contact=contact)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    today = timezone.localdate()
    qs = filtered_findings(user, form, today).only(
        *FINDING_COLUMNS, "rectification_asked", "rectification_report", "on_time"
    )
    rows = list(qs[: exports.MAX_ROWS])
    title = "本单位整改问题登记表" if contact else "政务公开检查整改问题登记表"
    content = exports.findings_xlsx(rows, title=f"{title}（{today:%Y年%m月%d日}导出）", today=today)
    return exports.download(content, f"{title}.xlsx")


def offered(finding, user) -> dict:
    state = finding.state
    return {
        "report": state == FindingState.OPEN and rules.can_report_rectification(finding, user),
        "accept": state == FindingState.REPORTED and rules.can_accept_rectification(finding, user),
    }


def finding_detail(request, pk: int):
    user = request.user
    allowed(user)
    finding = selectors.get_finding_for(user, pk)
    today = timezone.localdate()
    can = offered(finding, user)
    late = finding.is_overdue(today)
    return render(
        request,
        "disclosure/finding_detail.html",
        {
            **nav(user),
            "title": services.FINDING_FLOW.name(finding),
            "finding": finding,
            "today": today,
            "late": late,
            "late_days": (today - finding.due_on).days if late else 0,
            "attachments": list(finding.attachments.all()),
            "log": list(finding.log.select_related("actor__profile").order_by("at", "id")),
            "steps": lifecycle.steps_for(finding),
            "can": can,
            "report_form": ReportForm() if can["report"] else None,
            "contact": rules.is_unit_contact(user),
        },
    )


@idempotent  # a double click reports once
def report(request, pk: int):
    """报送整改情况 [36]: offered on the finding's page; a form with errors comes back here (400)."""
    user = request.user
    allowed(user)
    finding = selectors.get_finding_for(user, pk)
    if not rules.can_report_rectification(finding, user):
        raise PermissionDenied("只有该单位的联络员或政务公开专员可以报送整改情况 [36]。")
    form = ReportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = apply_to_form(
                form,
                lambda: services.rectification_report(
                    actor=user,
                    pk=finding.pk,
                    seen_version=seen_version(request),
                    report=form.cleaned_data["report"],
                    uploads=form.cleaned_data.get("files") or (),
                ),
            )
            if done is not None:
                messages.success(request, "整改情况已报送，待办公室验收 [36]。")
                return redirect("disclosure:finding", pk=finding.pk)
        status = 400
    return render(
        request,
        "disclosure/report_form.html",
        {**nav(user), "title": "报送整改情况", "finding": finding, "form": form},
        status=status,
    )


@workflow_action
def finding_act(request, pk: int, action: str):
    """验收 or 退回 a rectification (the office) [36]."""
    user = request.user
    allowed(user)
    finding = selectors.get_finding_for(user, pk)
    version = seen_version(request)
    if action == "accept":
        form = CommentForm(request.POST)
        if not form.is_valid():
            raise ValidationError("意见不超过300字。")
        done = services.rectification_accept(
            actor=user, pk=finding.pk, seen_version=version, comment=form.cleaned_data["comment"]
        )
        messages.success(request, "整改已验收。" if done.on_time else "整改已验收（逾期整改）。")
    elif action == "send_back":
        form = SendBackForm(request.POST)
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        d = form.cleaned_data
        services.rectification_send_back(
            actor=user, pk=finding.pk, seen_version=version, reason=d["reason"], due_on=d["due_on"]
        )
        messages.success(request, "已退回重新整改，已通知该单位联络员 [36]。")
    else:
        raise Http404("没有这个操作。")
    return redirect("disclosure:finding", pk=finding.pk)


def attachment(request, pk: int, attachment_id: int):
    """整改材料, only through its finding's visibility [36]."""
    finding = selectors.get_finding_for(request.user, pk)
    found = FindingAttachment.objects.filter(finding=finding, pk=attachment_id).first()
    if found is None:
        raise Http404("该附件不存在。")
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不在服务器上，请联系管理员。") from None
    response = FileResponse(handle, as_attachment=True, filename=found.name, content_type=found.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list = [
    path("findings/", findings, name="findings"),
    path("findings.xlsx", findings_xlsx, name="findings_xlsx"),
    path("findings/<int:pk>/", finding_detail, name="finding"),
    path("findings/<int:pk>/report/", report, name="report"),
    path("findings/<int:pk>/act/<slug:action>/", finding_act, name="finding_act"),
    path("findings/<int:pk>/files/<int:attachment_id>/", attachment, name="finding_attachment"),
]

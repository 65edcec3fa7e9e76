"""突发事件报告 pages [43], [8]: record one on a phone (接报：时间、地点、事件、伤亡、来源、等级), the list, the report
with its timeline (首报/续报/终报, the leaders told and when they read it, their instructions, their agreements with
who and when), the leaders' phone page (已阅、批示、同意上报), 报州政府值班室 — refused by the service until a
county-government leader AND an office leader have agreed, the page says which is missing — and the
值班信息专报 PDF.

Every read through ``selectors.reports_visible_to`` (everyone who opens the chapter; anyone else 404, the list
403); every write through ``duty.services``; refusals become Chinese 4xx pages (``core.actions``).
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number
from core.pdf import PdfFontMissing, pdf_response
from org.models import Unit
from org.selectors import display_name

from .. import pdf_reports, rules, services
from ..models import EmergencyReport, FollowUp, ReportState
from ..selectors import get_for, log_visible_to, reports_visible_to

PAGE_SIZE = 30
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
BOTH_LEVELS = (rules.COUNTY_LEVEL, rules.OFFICE_LEVEL)
MAX_ID = 2**31 - 1
EARLIEST_YEAR = 2000


def _chapter(user) -> None:
    if not rules.can_open_duty(user):
        raise PermissionDenied("值班页面供办公室工作人员和县政府领导使用 [41][43]。")


def _local_input(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


# --- forms ----------------------------------------------------------------------------------------------------------


class _Moment(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        super().__init__(input_formats=DATETIME_FORMATS, **kwargs)


class ReportForm(forms.Form):
    """接报登记, laid out for a phone: the time it came in first, then where, what, casualties, who reported."""

    received_at = _Moment(
        label="接报时间", error_messages={"required": "请填写接报时间。", "invalid": "接报时间格式不正确。"}
    )
    title = forms.CharField(label="事件名称", max_length=200, error_messages={"required": "请填写事件名称。"})
    category = forms.ChoiceField(label="事件类别", choices=EmergencyReport.Category.choices)
    level = forms.ChoiceField(label="事件等级", choices=EmergencyReport.Level.choices, initial="0")
    occurred_at = _Moment(label="发生时间", required=False, error_messages={"invalid": "发生时间格式不正确。"})
    place = forms.CharField(label="发生地点", max_length=200, error_messages={"required": "请填写发生地点。"})
    description = forms.CharField(
        label="基本情况",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="时间、地点、起因、经过、已采取的措施",
        error_messages={"required": "请填写基本情况。"},
    )
    casualties = forms.CharField(
        label="人员伤亡", max_length=300, required=False, help_text="无伤亡的请填“暂无人员伤亡”"
    )
    source = forms.CharField(
        label="报告单位（人）", max_length=200, error_messages={"required": "请填写报告单位（人）。"}
    )
    source_unit = forms.ModelChoiceField(
        label="报告单位（选填）",
        queryset=Unit.objects.filter(is_active=True).order_by("kind", "sort_order", "id"),
        required=False,
        empty_label="（不选）",
        error_messages={"invalid_choice": "所选报告单位不存在。"},
    )
    source_phone = forms.CharField(label="报告人电话", max_length=40, required=False)
    from_entry = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)

    def clean(self):
        data = super().clean()
        received, occurred = data.get("received_at"), data.get("occurred_at")
        for name, moment in (("received_at", received), ("occurred_at", occurred)):
            if moment is not None and moment.year < EARLIEST_YEAR:
                self.add_error(name, "时间不正确，请重新填写。")
                data[name] = None
        received, occurred = data.get("received_at"), data.get("occurred_at")
        if received and occurred and occurred > received:
            self.add_error("occurred_at", "发生时间不能晚于接报时间。")
        return data


class FollowUpForm(forms.Form):
    stage = forms.ChoiceField(
        label="类别",
        choices=[(FollowUp.Stage.FURTHER, "续报"), (FollowUp.Stage.FINAL, "终报")],
        error_messages={"invalid_choice": "请选择续报或终报。", "required": "请选择续报或终报。"},
    )
    content = forms.CharField(
        label="内容",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "请填写内容。"},
    )
    casualties = forms.CharField(label="人员伤亡（更新）", max_length=300, required=False)


class InstructionForm(forms.Form):
    text = forms.CharField(
        label="批示内容",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "请填写批示内容。"},
    )
    leader = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, error_messages={"invalid": "所选批示领导不存在。"}
    )


class AgreeForm(forms.Form):
    note = forms.CharField(label="意见（选填）", max_length=300, required=False)


class SendForm(forms.Form):
    METHODS = ["电话", "传真", "值班信息系统", "电子邮件", "专人送达"]
    method = forms.CharField(label="报送方式", max_length=30, error_messages={"required": "请填写报送方式。"})
    receiver = forms.CharField(label="州值班室接收人", max_length=50, required=False)


class ListFilter(forms.Form):
    state = forms.ChoiceField(choices=[("", "全部"), *list(ReportState.choices)], required=False)
    category = forms.ChoiceField(choices=[("", "全部"), *list(EmergencyReport.Category.choices)], required=False)
    q = forms.CharField(max_length=50, required=False)


# --- reads ---------------------------------------------------------------------------------------------------------


def get_report_for(user, pk) -> EmergencyReport:
    """The report, or 404 for missing and not-yours alike [43]."""
    return get_for(
        user,
        reports_visible_to(user).select_related(
            "source_unit", "prefecture_sent_by__profile", "shift__kind", "shift__person__profile"
        ),
        pk,
    )


def agreement_state(report: EmergencyReport, agreements) -> dict:
    """Which of the two levels agreed, by whom and when, and what is still missing [43], [8]."""
    by_level: dict[str, list] = {level: [] for level in BOTH_LEVELS}
    for agreement in agreements:
        by_level.setdefault(agreement.level, []).append(agreement)
    missing = [rules.LEVEL_LABELS[level] for level in BOTH_LEVELS if not by_level[level]]
    return {
        "rows": [(rules.LEVEL_LABELS[level], by_level[level]) for level in BOTH_LEVELS],
        "missing": missing,
        "missing_text": "和".join(missing),
        "complete": not missing,
    }


def timeline(report: EmergencyReport, follow_ups, instructions, agreements, notices) -> list[dict]:
    """首报、续报、终报, the leaders' 已阅, instructions, agreements and the report to the prefecture, in time order."""
    rows: list[dict] = []
    for f in follow_ups:
        rows.append(
            {
                "at": f.at,
                "kind": f.stage,
                "label": f.get_stage_display(),
                "who": display_name(f.recorded_by),
                "text": f.content,
                "extra": f"人员伤亡：{f.casualties}" if f.casualties else "",
            }
        )
    for n in notices:
        if n.acknowledged_at:
            rows.append(
                {
                    "at": n.acknowledged_at,
                    "kind": "read",
                    "label": "领导已阅",
                    "who": display_name(n.leader),
                    "text": "",
                    "extra": "",
                }
            )
    for i in instructions:
        recorded = "" if i.recorded_by_id == i.leader_id else f"（{display_name(i.recorded_by)}记录）"
        rows.append(
            {
                "at": i.at,
                "kind": "instruction",
                "label": "领导批示",
                "who": display_name(i.leader) + recorded,
                "text": i.text,
                "extra": "",
            }
        )
    for a in agreements:
        rows.append(
            {
                "at": a.at,
                "kind": "agreement",
                "label": f"{a.get_level_display()}同意上报",
                "who": display_name(a.leader),
                "text": a.note,
                "extra": "",
            }
        )
    if report.prefecture_sent_at:
        receiver = f"，接收人{report.prefecture_receiver}" if report.prefecture_receiver else ""
        rows.append(
            {
                "at": report.prefecture_sent_at,
                "kind": "sent",
                "label": "报州政府值班室",
                "who": display_name(report.prefecture_sent_by),
                "text": f"{report.special_label}（{report.prefecture_method}{receiver}）",
                "extra": "",
            }
        )
    rows.sort(key=lambda r: r["at"])
    return rows


def _report_context(request, report: EmergencyReport) -> dict:
    user = request.user
    follow_ups = list(report.follow_ups.select_related("recorded_by__profile"))
    instructions = list(report.instructions.select_related("leader__profile", "recorded_by__profile"))
    agreements = list(report.agreements.select_related("leader__profile"))
    notices = list(report.notices.select_related("leader__profile"))
    level = rules.leader_level(user)
    my_notice = next((n for n in notices if n.leader_id == user.pk), None)
    agreed = agreement_state(report, agreements)
    open_report = report.state in (ReportState.RECEIVED, ReportState.AGREED)
    return {
        "report": report,
        "timeline": timeline(report, follow_ups, instructions, agreements, notices),
        "notices": notices,
        "agreed": agreed,
        "my_level": rules.LEVEL_LABELS.get(level, ""),
        "my_notice": my_notice,
        "i_agreed": any(a.leader_id == user.pk for a in agreements),
        "can_agree": bool(level) and open_report,
        "can_instruct": bool(level) or rules.can_record(user),
        "can_record": rules.can_handle_report(report, user) and report.state != ReportState.CLOSED,
        "can_send": rules.can_handle_report(report, user)
        and report.state in (ReportState.RECEIVED, ReportState.AGREED),
        "leaders": [n.leader for n in notices],
        "follow_form": FollowUpForm(),
        "instruction_form": InstructionForm(),
        "agree_form": AgreeForm(),
        "send_form": SendForm(),
        "methods": SendForm.METHODS,
        "latest": follow_ups[-1] if follow_ups else None,
    }


# --- pages ---------------------------------------------------------------------------------------------------------


def report_list(request):
    """突发事件报告: newest first, by state and kind, searched by name and place [43]."""
    _chapter(request.user)
    form = ListFilter(request.GET or None)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    qs = reports_visible_to(request.user)
    if form.is_bound:
        d = form.cleaned_data
        if d.get("state"):
            qs = qs.filter(state=d["state"])
        if d.get("category"):
            qs = qs.filter(category=d["category"])
        for word in (d.get("q") or "").split()[:5]:
            qs = qs.filter(Q(title__icontains=word) | Q(place__icontains=word) | Q(source__icontains=word))
    page = Paginator(qs.order_by("-received_at", "-id"), PAGE_SIZE).get_page(page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    waiting = reports_visible_to(request.user).filter(state=ReportState.RECEIVED).count()
    return render(
        request,
        "duty/emergency_list.html",
        {
            "title": "突发事件报告",
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "waiting": waiting,
            "can_record": rules.can_record(request.user),
        },
    )


@idempotent
def report_new(request):
    """接报登记 (首报) on a phone: the leaders are told at once [43]."""
    _chapter(request.user)
    if not rules.can_record(request.user):
        raise PermissionDenied("突发事件由值班人员接报登记 [43]。")
    entry = None
    raw_entry = request.POST.get("from_entry") or request.GET.get("entry") or ""
    if raw_entry.isdigit():
        entry = log_visible_to(request.user).filter(pk=int(raw_entry), report__isnull=True).first()
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            report = apply_to_form(
                form,
                lambda: services.report_record(
                    actor=request.user,
                    title=d["title"],
                    received_at=d["received_at"],
                    place=d["place"],
                    description=d["description"],
                    source=d["source"],
                    casualties=d["casualties"],
                    category=d["category"],
                    level=d["level"],
                    occurred_at=d["occurred_at"],
                    source_unit_pk=d["source_unit"].pk if d["source_unit"] else None,
                    source_phone=d["source_phone"],
                    from_entry_pk=entry.pk if entry else None,
                ),
            )
            if report is not None:
                told = report.notices.count()
                messages.success(request, f"已登记并即时报告县政府领导和办公室领导{told}人 [43]。")
                return redirect("duty:report", report.pk)
    else:
        initial = {"received_at": _local_input(timezone.now()), "level": EmergencyReport.Level.UNKNOWN}
        if entry is not None:
            initial.update(
                received_at=_local_input(entry.at),
                source=entry.caller[:200],
                source_phone=entry.phone,
                description=entry.content,
                from_entry=entry.pk,
            )
        form = ReportForm(initial=initial)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "duty/emergency_form.html", {"title": "接报登记（首报）", "form": form, "entry": entry}, status=status
    )


def report_detail(request, pk: int):
    """The report with its timeline, the leaders told, the agreements and what is still missing [43], [8]."""
    report = get_report_for(request.user, pk)
    return render(request, "duty/emergency_detail.html", {"title": report.title, **_report_context(request, report)})


def report_leader(request, pk: int):
    """The leaders' phone page: what happened, 已阅, 批示, 同意上报州政府值班室 [43], [8]."""
    report = get_report_for(request.user, pk)
    return render(
        request, "duty/emergency_leader.html", {"title": f"请阅：{report.title}", **_report_context(request, report)}
    )


def _after(request, report):
    if request.POST.get("page") == "leader":
        return redirect("duty:report_leader", report.pk)
    return redirect("duty:report", report.pk)


def _form_or_400(request, form):
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        return refusal_response(request, status=400, messages=errors or ["提交的内容有误。"])
    return None


@workflow_action
def report_acknowledge(request, pk: int):
    report = get_report_for(request.user, pk)
    services.report_acknowledge(actor=request.user, pk=report.pk)
    messages.success(request, "已阅。")
    return _after(request, report)


@workflow_action
def report_instruct(request, pk: int):
    report = get_report_for(request.user, pk)
    form = InstructionForm(request.POST)
    if (bad := _form_or_400(request, form)) is not None:
        return bad
    services.report_instruct(
        actor=request.user, pk=report.pk, text=form.cleaned_data["text"], leader_pk=form.cleaned_data["leader"]
    )
    messages.success(request, "批示已记录，已告知接报人 [43]。")
    return _after(request, report)


@workflow_action
def report_agree(request, pk: int):
    report = get_report_for(request.user, pk)
    form = AgreeForm(request.POST)
    if (bad := _form_or_400(request, form)) is not None:
        return bad
    agreement = services.report_agree(
        actor=request.user, pk=report.pk, note=form.cleaned_data["note"], seen_version=seen_version(request)
    )
    messages.success(
        request, f"已记录：{agreement.get_level_display()}{display_name(request.user)}同意上报州政府值班室。"
    )
    return _after(request, report)


@workflow_action
def report_follow_up(request, pk: int):
    report = get_report_for(request.user, pk)
    form = FollowUpForm(request.POST)
    if (bad := _form_or_400(request, form)) is not None:
        return bad
    d = form.cleaned_data
    follow = services.report_follow_up(
        actor=request.user,
        pk=report.pk,
        stage=d["stage"],
        content=d["content"],
        casualties=d["casualties"],
        seen_version=seen_version(request),
    )
    messages.success(request, f"{follow.get_stage_display()}已记录，已告知各位领导 [43]。")
    return _after(request, report)


@workflow_action
def report_send(request, pk: int):
    """报州政府值班室: the service refuses (403) until both levels have agreed [43], [8]."""
    report = get_report_for(request.user, pk)
    form = SendForm(request.POST)
    if (bad := _form_or_400(request, form)) is not None:
        return bad
    report = services.report_send_to_prefecture(
        actor=request.user,
        pk=report.pk,
        method=form.cleaned_data["method"],
        receiver=form.cleaned_data["receiver"],
        seen_version=seen_version(request),
    )
    messages.success(request, f"已报州政府值班室，{report.special_label}。")
    return redirect("duty:report", report.pk)


def report_pdf(request, pk: int):
    """值班信息专报 (PDF): numbered when the report goes to the 州政府值班室 [43], [8]."""
    report = get_report_for(request.user, pk)
    if not report.special_serial:
        return refusal_response(
            request,
            status=400,
            messages=["值班信息专报在报州政府值班室时编号；请先经县政府领导和办公室领导同意并报送 [43][8]。"],
        )
    try:
        content = pdf_reports.special_report_pdf(report)
    except PdfFontMissing as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return pdf_response(content, f"值班信息专报-{report.year}-{report.special_serial}-{report.title}.pdf")


urlpatterns = [
    path("reports/", report_list, name="reports"),
    path("reports/new/", report_new, name="report_new"),
    path("reports/<int:pk>/", report_detail, name="report"),
    path("reports/<int:pk>/leader/", report_leader, name="report_leader"),
    path("reports/<int:pk>/acknowledge/", report_acknowledge, name="report_acknowledge"),
    path("reports/<int:pk>/instruct/", report_instruct, name="report_instruct"),
    path("reports/<int:pk>/agree/", report_agree, name="report_agree"),
    path("reports/<int:pk>/follow-up/", report_follow_up, name="report_follow_up"),
    path("reports/<int:pk>/send/", report_send, name="report_send"),
    path("reports/<int:pk>/special-report.pdf", report_pdf, name="report_pdf"),
]

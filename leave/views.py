"""Pages of 请销假 [51], [54]. Thin: read through ``selectors``, act through ``services``.

Bad input → the page again with a Chinese message and 400; someone acted first → 409 with what happened; a step
this person may not take → 403 with the reason (``core.actions``). Nothing a person types reaches a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number
from core.pdf import PdfFontMissing, pdf_response
from core.workflow import StaleAction
from org.models import Section
from org.selectors import display_name

from . import exports, feeds, lifecycle, rules, selectors, services, statistics
from .forms import (
    ApproveForm,
    DayForm,
    ExtendForm,
    LeaveForm,
    MonthForm,
    PlanForm,
    RejectForm,
    ReturnForm,
    WithdrawForm,
    YearForm,
    clamp_year,
    month_of,
)
from .models import ACTIVE_STATES, LeaveRequest, State
from .periods import half_of, next_half

PAGE_SIZE = 50
EXPORT = "leave.export_leaverequest"


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _staff_only(user) -> None:
    _require(
        rules.can_open_leave(user) or rules.sees_all(user),
        "请销假页面供办公室工作人员使用；县政府领导的外出由收发秘书登记 [26(6)3]。",
    )


# --- 我的请假 ------------------------------------------------------------------------------------------------------


def request_list(request):
    """我的请假: what waits for my decision (approvers), what waits for my 销假, my drafts and every request of
    mine [51], [54]. County leaders who approve (the director's own leave) see their queue here too."""
    user = request.user
    page = Paginator(selectors.my_requests(user), PAGE_SIZE).get_page(page_number(request))
    return render(
        request,
        "leave/list.html",
        {
            "title": "请销假",
            "page": page,
            "waiting": list(selectors.awaiting_decision(user)[:PAGE_SIZE]),
            "to_return": list(selectors.to_report_return(user)[:PAGE_SIZE]),
            "can_request": rules.can_request(user),
            "sees_all": rules.sees_all(user),
            "can_open": rules.can_open_leave(user),
            "can_export": user.has_perm(EXPORT),
            "year": timezone.localdate().year,
        },
    )


# --- the form: new and edit, with who will approve shown before sending [51], [54] -----------------------------


def _plan_for(user, data: dict, *, exclude_pk=None, extends=None):
    """The approval plan for what the form holds so far, or None while kind or dates are missing."""
    form = PlanForm(data)
    if not form.is_valid():
        return None
    d = form.cleaned_data
    return services.approval_plan(
        person=user,
        kind=d["kind"],
        start_date=d["start_date"],
        start_half=d["start_half"],
        end_date=d["end_date"],
        end_half=d["end_half"],
        destination=d["destination"],
        leaves_county=d["leaves_county"],
        extends=extends,
        exclude_pk=exclude_pk,
    )


def _initial_plan_data(form: LeaveForm) -> dict:
    """The form's values as the plan reads them: the bound data, else the initial values of a draft."""
    if form.is_bound:
        return form.data
    out = {}
    for name in ("kind", "start_date", "start_half", "end_date", "end_half", "destination"):
        value = form.initial.get(name, form.fields[name].initial)
        out[name] = value.isoformat() if isinstance(value, date) else ("" if value is None else value)
    if form.initial.get("leaves_county"):
        out["leaves_county"] = "on"
    return out


def _save(user, form: LeaveForm, req: LeaveRequest | None, version, *, send: bool) -> LeaveRequest:
    """Save the draft (and send it, when asked) in one transaction: a refused sending saves nothing."""
    data = form.to_data()
    upload = form.cleaned_data.get("attachment")
    with transaction.atomic():
        if req is None:
            saved = services.leave_create(actor=user, data=data, attachment=upload)
        else:
            saved = services.leave_update(
                actor=user,
                pk=req.pk,
                seen_version=version,
                data=data,
                attachment=upload,
                remove_attachment=bool(form.cleaned_data.get("remove_attachment")),
            )
        if send:
            saved = services.leave_submit(actor=user, pk=saved.pk)
    return saved


def _form_page(request, req: LeaveRequest | None):
    user = request.user
    initial = (
        LeaveForm.initial_for(req) if req else {"start_date": timezone.localdate(), "end_date": timezone.localdate()}
    )
    form = LeaveForm(request.POST or None, request.FILES or None, user=user, req=req, initial=initial)
    status = 200
    if request.method == "POST" and "preview" not in request.POST:
        send = "send" in request.POST
        if form.is_valid():
            try:
                saved = apply_to_form(form, lambda: _save(user, form, req, seen_version(request), send=send))
            except StaleAction as error:
                back = reverse("leave:detail", args=[req.pk]) if req else ""
                return refusal_response(request, status=409, messages=[error.message], back=back, error=error)
            if saved is not None:
                done = (
                    f"已报告，等待{display_name(saved.approver)}审批 [54]。"
                    if send
                    else "草稿已保存，核对后请“报告审批”。"
                )
                messages.success(request, done)
                return redirect("leave:detail", pk=saved.pk)
        status = 400
    elif request.method == "POST":
        form.is_valid()  # 预览: show the plan and the form's own messages, save nothing
    plan = _plan_for(user, _initial_plan_data(form), exclude_pk=req.pk if req else None)
    return render(
        request,
        "leave/form.html",
        {"title": "修改请假单" if req else "填写请假单", "form": form, "req": req, "plan": plan},
        status=status,
    )


@idempotent
def create(request):
    """填写请假单 [51], [54]."""
    _require(
        rules.can_request(request.user),
        "只有办公室工作人员可以在此报告出差、学习(培训)、请(休)假 [51][54]；县政府领导的外出由收发秘书登记。",
    )
    return _form_page(request, None)


def edit(request, pk: int):
    """修改草稿: the person's own, before it is sent [54]."""
    req = selectors.get_leave_for(request.user, pk)
    _require(
        req.person_id == request.user.pk and req.state == State.DRAFT, "只有请假人本人可以修改尚未报告的请假单 [54]。"
    )
    return _form_page(request, req)


@require_GET
def plan(request):
    """The plan as JSON for the form's script: who will approve and why, the days, 年休假 — never saved."""
    if not rules.can_request(request.user):
        return JsonResponse({"error": "只有办公室工作人员可以请假 [51][54]。"}, status=403)
    exclude = request.GET.get("draft", "")
    exclude_pk = None
    if exclude.isdigit():
        exclude_pk = selectors.get_leave_for(request.user, int(exclude)).pk  # 404 unless visible
    result = _plan_for(request.user, request.GET, exclude_pk=exclude_pk)
    html = render_to_string("leave/_plan.html", {"plan": result}, request=request)
    return JsonResponse({"ok": bool(result and result.ok), "html": html})


# --- one request --------------------------------------------------------------------------------------------------


def _detail_context(request, req: LeaveRequest, **extra) -> dict:
    user = request.user
    actions = dict(selectors.available_actions(req, user))
    can_return = rules.can_report_return(req, user) and (
        "report_return" in actions or (req.state == State.APPROVED and req.has_started)
    )
    now_day, now_half = half_of(timezone.now())
    context = {
        "title": f"请假单：{req}",
        "req": req,
        "steps": lifecycle.steps_for(req),
        "log": list(req.log.select_related("actor__profile").order_by("at", "id")),
        "actions": actions,
        "can_edit": req.state == State.DRAFT and req.person_id == user.pk,
        "can_extend": rules.can_extend(req, user) and req.state in ACTIVE_STATES and not _has_live_extension(req),
        "can_return": can_return,
        "return_form": ReturnForm(initial={"returned_on": now_day, "returned_half": now_half}),
        "plan": (
            services.approval_plan(
                person=req.person,
                kind=req.kind,
                start_date=req.start_date,
                start_half=req.start_half,
                end_date=req.end_date,
                end_half=req.end_half,
                destination=req.destination,
                leaves_county=req.leaves_county,
                extends=req.extends,
                exclude_pk=req.pk,
            )
            if req.state == State.DRAFT and req.person_id == user.pk
            else None
        ),
        "annual": (
            selectors.annual_leave_balance(req.person, year=req.start_date.year) if req.kind.is_annual_leave else None
        ),
        "extensions": list(req.extensions.exclude(state=State.DRAFT).select_related("kind").order_by("id")),
        "errors": [],
    }
    context.update(extra)
    return context


def _has_live_extension(req: LeaveRequest) -> bool:
    return req.extensions.filter(state__in=[State.DRAFT, State.PENDING, *ACTIVE_STATES]).exists()


def detail(request, pk: int):
    req = selectors.get_leave_for(request.user, pk)
    return render(request, "leave/detail.html", _detail_context(request, req))


def decide(request, pk: int):
    """审批 on a phone: the request in brief, one tap 批准 (opinion optional), 不批准 with a reason [51], [54]."""
    req = selectors.get_leave_for(request.user, pk)
    actions = dict(selectors.available_actions(req, request.user))
    if "approve" not in actions:
        if req.state != State.PENDING:
            return redirect("leave:detail", pk=req.pk)
        raise PermissionDenied(
            f"该请假单应由{display_name(req.approver) if req.approver else '审批人'}审批"
            f"（{req.approval_rule} {req.approval_article}），您不能审批。"
        )
    annual = selectors.annual_leave_balance(req.person, year=req.start_date.year) if req.kind.is_annual_leave else None
    return render(
        request,
        "leave/decide.html",
        {
            "title": f"审批：{req}",
            "req": req,
            "annual": annual,
            "chain": selectors.chain_of(req) if req.extends_id else [],
        },
    )


@dataclass(frozen=True)
class Action:
    """One button of the request page: the service, the form whose fields are its keyword arguments, and what
    the person is told when it is done."""

    service: Callable
    done: str
    form: type[forms.Form] | None = None


ACTIONS = {
    "submit": Action(services.leave_submit, "已报告，等待审批 [54]。"),
    "withdraw": Action(services.leave_withdraw, "已撤回。", WithdrawForm),
    "approve": Action(services.leave_approve, "已批准。", ApproveForm),
    "reject": Action(services.leave_reject, "已不批准，理由已告知请假人。", RejectForm),
    "return": Action(services.leave_return, "已销假。", ReturnForm),
}


@workflow_action
def act(request, pk: int, action: str):
    """Every button of a request posts here: read the form, call the one service, answer [51], [54]."""
    req = selectors.get_leave_for(request.user, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这个操作。")
    data = {}
    if spec.form is not None:
        form = spec.form(request.POST)
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        data = form.cleaned_data
    spec.service(actor=request.user, pk=req.pk, seen_version=seen_version(request), **data)
    if action not in ("approve", "reject"):
        messages.success(request, spec.done)
        return redirect("leave:detail", pk=req.pk)
    # The approver goes on through the queue: the next request waiting, or 我的请假 when none is left.
    nxt = selectors.awaiting_decision(request.user).first()
    messages.success(
        request, f"{display_name(req.person)}的{req.kind.name}{spec.done}" + ("下一份待审批：" if nxt else "")
    )
    return redirect("leave:decide", pk=nxt.pk) if nxt else redirect("leave:list")


@idempotent
def extend(request, pk: int):
    """续假 [54]: a new linked request from the half-day after the approved end, sent at once; its approver
    counts the whole chain."""
    req = selectors.get_leave_for(request.user, pk)
    _require(rules.can_extend(req, request.user), "只有请假人本人可以续假 [54]。")
    form = ExtendForm(request.POST or None, request.FILES or None, initial={"end_date": req.end_date})
    status = 200
    plan = None
    if request.method == "POST" and "preview" in request.POST:
        if form.is_valid():
            plan = _extension_plan(req, form.cleaned_data)
        else:
            status = 400
    elif request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                new = apply_to_form(
                    form,
                    lambda: services.leave_extend(
                        actor=request.user,
                        pk=req.pk,
                        seen_version=seen_version(request),
                        end_date=d["end_date"],
                        end_half=d["end_half"],
                        reason=d["reason"],
                        attachment=d.get("attachment"),
                    ),
                )
            except StaleAction as error:
                back = reverse("leave:detail", args=[req.pk])
                return refusal_response(request, status=409, messages=[error.message], back=back, error=error)
            if new is not None:
                messages.success(request, f"续假已报告，等待{display_name(new.approver)}审批（连同原假合计计算）[54]。")
                return redirect("leave:detail", pk=new.pk)
        status = 400
    return render(
        request, "leave/extend.html", {"title": "续假", "req": req, "form": form, "plan": plan}, status=status
    )


def _extension_plan(req: LeaveRequest, data: dict):
    """Who will approve the 续假: counted on the whole chain [54]."""
    start_date, start_half = next_half(req.end_date, req.end_half)
    return services.approval_plan(
        person=req.person,
        kind=req.kind,
        start_date=start_date,
        start_half=start_half,
        end_date=data["end_date"],
        end_half=data["end_half"],
        destination=req.destination,
        leaves_county=req.leaves_county,
        extends=req,
    )


def attachment(request, pk: int):
    """The supporting paper, only through the request's visibility (404 for missing and not yours)."""
    req = selectors.get_leave_for(request.user, pk)
    if not req.attachment:
        raise Http404("该请假单没有附件。")
    try:
        handle = req.attachment.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不在服务器上，请联系管理员。") from None
    response = FileResponse(
        handle, as_attachment=True, filename=req.attachment_name or "附件", content_type=req.attachment_type or None
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def lifecycle_page(request):
    return render(request, "core/lifecycle.html", {"lifecycle": lifecycle.LIFECYCLE})


# --- who is away: the board, the month calendar, a person's year -------------------------------------------------


def board(request):
    """在岗/外出 today: who is away, back when, who covers — the page the clerk opens before distributing
    documents [26(6)3], [54]."""
    _staff_only(request.user)
    form = DayForm(request.GET or None)
    today = timezone.localdate()
    day = (form.cleaned_data.get("day") if form.is_valid() else None) or today
    rows = selectors.board(request.user, day=day)
    return render(
        request,
        "leave/board.html",
        {
            "title": "在岗/外出",
            "rows": rows,
            "day": day,
            "today": today,
            "prev": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "sees_all": rules.sees_all(request.user),
            "bad_day": form.is_bound and not form.is_valid(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def month(request):
    """A month of absences by section, morning and afternoon cells [54]."""
    _staff_only(request.user)
    form = MonthForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["年份、月份或科室不正确，请从页面上选择。"])
    year, mon = month_of(form, timezone.localdate())
    section = form.cleaned_data.get("section") if form.is_bound else None
    cal = selectors.month_calendar(request.user, year=year, month=mon, section_id=section.pk if section else None)
    first = date(year, mon, 1)
    prev = first - timedelta(days=1)
    nxt = first + timedelta(days=32)
    return render(
        request,
        "leave/month.html",
        {
            "title": f"{year}年{mon}月请销假日历",
            "cal": cal,
            "sections": Section.objects.order_by("sort_order", "id"),
            "section": section,
            "prev": (prev.year, prev.month),
            "next": (nxt.year, nxt.month),
            "sees_all": rules.sees_all(request.user),
            "can_export": request.user.has_perm(EXPORT),
        },
    )


def person_year(request, user_id: int):
    """One person's year: requests, days per kind, 年休假 (themself, or those who see all) [54]."""
    person = get_object_or_404(get_user_model().objects.select_related("profile__section"), pk=user_id)
    form = YearForm(request.GET or None)
    year = clamp_year(form.cleaned_data.get("year") if form.is_valid() else None, timezone.localdate().year)
    py = selectors.person_year(request.user, person=person, year=year)
    return render(
        request,
        "leave/year.html",
        {"title": f"{display_name(person)}的{year}年请销假", "py": py, "year": year},
    )


# --- exports ------------------------------------------------------------------------------------------------------


def form_pdf(request, pk: int):
    """请假审批单 as a paper form: the request, the approver's opinion and the dates [51], [54]."""
    req = selectors.get_leave_for(request.user, pk)
    if req.state == State.DRAFT:
        raise Http404("草稿尚未报告，没有审批单。")
    try:
        content = exports.form_pdf(req)
    except PdfFontMissing as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return pdf_response(content, f"请假审批单-{display_name(req.person)}-{req.start_date:%Y%m%d}.pdf")


def attendance_xlsx(request):
    """考勤汇总 of a month in Excel: per person, working days away by kind [54]."""
    _require(request.user.has_perm(EXPORT), "只有办公室领导和收发秘书可以导出考勤汇总。")
    form = MonthForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["年份或月份不正确，请从页面上选择。"])
    year, mon = month_of(form, timezone.localdate())
    section = form.cleaned_data.get("section") if form.is_bound else None
    content = exports.attendance_xlsx(request.user, year=year, month=mon, section_id=section.pk if section else None)
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = exports.disposition(f"考勤汇总-{year}年{mon:02d}月.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


# --- the ICS feed ------------------------------------------------------------------------------------------------


def feed_settings(request):
    """The person's own calendar address; 重置 makes a new one and the old one stops working."""
    _require(rules.can_request(request.user), "只有办公室工作人员有请销假日历订阅。")
    if request.method == "POST":
        feeds.reset(request.user)
        messages.success(request, "已重置订阅地址：原地址立即失效，请在日历软件中改用新地址。")
        return redirect("leave:feed_settings")
    url = request.build_absolute_uri(reverse("leave:feed", args=[feeds.token_for(request.user)]))
    return render(request, "leave/feed.html", {"title": "日历订阅", "url": url})


@login_not_required
@require_GET
def feed(request, token: str):
    """ICS of one person's approved absences: kind and period only, never the reason. Reached by the secret
    address alone (calendar programs do not sign in); a wrong or reset address is a plain 404."""
    person = feeds.person_for(token)
    if person is None:
        raise Http404("订阅地址无效或已重置。")
    response = HttpResponse(feeds.ics_for(person), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="leave.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- statistics -------------------------------------------------------------------------------------------------


def stats(request):
    """Statistics for office leaders and the 收发秘书: days away per month, section, kind and person; decisions
    on time; 事后补办 [51], [54]."""
    _require(rules.sees_all(request.user), "统计页面供办公室领导和收发秘书查看。")
    form = YearForm(request.GET or None)
    year = clamp_year(form.cleaned_data.get("year") if form.is_valid() else None, timezone.localdate().year)
    figures = statistics.year_figures(request.user, year=year)
    return render(
        request,
        "leave/stats.html",
        {"title": f"{year}年请销假统计", "year": year, "f": figures, "chart_data": figures.chart_data()},
    )

"""值班表 pages [41], [42]: the list, generating one for a month or a holiday period (春节 …), the roster as a
calendar grid with the 带班 leaders of each statutory holiday day and an “incomplete” mark where they are missing,
hand edits (a refusal — someone away, without the role, too little rest — shown in Chinese on the roster with a
400), publishing (refused while incomplete), cancelling; the roster PDF for the wall; a person's duties with
their ICS address.

Every read through ``duty.selectors`` (everyone who opens the chapter); every write through ``duty.services``."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.actions import error_messages, log_refusal, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number
from core.pdf import PdfFontMissing, pdf_response
from core.workflow import ActionRefused
from org.roles import COUNTY_LEADERS, OFFICE_LEADERS

from .. import calendar as duty_calendar
from .. import conf, feeds, pdf, rules, services
from ..forms import AssignForm, CancelForm, GenerateForm, LeadersForm, leader_choices, month_bounds, rota_choices
from ..models import DayType, Roster, RosterState
from ..selectors import get_for, roster_gaps, rosters_visible_to, shifts_visible_to
from .common import chapter, with_incomplete

PAGE_SIZE = 30
WEEKDAYS = "一二三四五六日"


# --- the list and generating ---------------------------------------------------------------------------------------


def roster_list(request):
    """值班表: newest first, paged (a page number is capped) [42]."""
    chapter(request.user)
    qs = with_incomplete(rosters_visible_to(request.user)).order_by("-starts_on", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(page_number(request))
    return render(
        request,
        "duty/roster_list.html",
        {"title": "值班表", "nav": "rosters", "page": page, "can_make": rules.can_make_roster(request.user)},
    )


def _holiday_choices(today: date) -> list[dict]:
    """This year's and next year's holiday breaks still ahead (春节、国庆 …): one click fills the form."""
    out = []
    calendar = duty_calendar.WorkCalendar.load()
    for year in (today.year, today.year + 1):
        for first, last, name in duty_calendar.holiday_periods(year, calendar):
            if last >= today:
                out.append({"name": name, "starts_on": first, "ends_on": last, "days": (last - first).days + 1})
    return out[:10]


@idempotent
def roster_new(request):
    """生成值班表 for a month or a holiday period [41], [42]."""
    chapter(request.user)
    if not rules.can_make_roster(request.user):
        raise PermissionDenied("只有办公室领导可以编排值班表 [42]。")
    if request.method == "POST":
        form = GenerateForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                roster = services.roster_generate(
                    actor=request.user,
                    period=d["period"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    title=d["title"],
                    note=d["note"],
                )
            except (ValidationError, ActionRefused) as error:
                log_refusal(400, request=request, error=error)
                for message in error_messages(error) if isinstance(error, ValidationError) else [str(error)]:
                    form.add_error(None, message)
            else:
                messages.success(request, f"已生成“{roster.title}”（草稿），请核对后安排带班领导并发布。")
                return redirect("duty:roster", roster.pk)
        status = 400
    else:
        today = timezone.localdate()
        first, last = month_bounds((today.replace(day=1) + timedelta(days=32)).replace(day=1))
        initial = {"period": Roster.Period.MONTH, "starts_on": first, "ends_on": last}
        for key in ("period", "starts_on", "ends_on"):
            if request.GET.get(key):
                initial[key] = request.GET[key]
        form = GenerateForm(initial=initial)
        status = 200
    return render(
        request,
        "duty/roster_new.html",
        {
            "title": "生成值班表",
            "nav": "rosters",
            "form": form,
            "holidays": _holiday_choices(timezone.localdate()),
            "min_rest_hours": f"{conf.min_rest().total_seconds() / 3600:g}",
        },
        status=status,
    )


# --- one roster ----------------------------------------------------------------------------------------------------


def _grid(roster: Roster, shifts) -> tuple[list[list[dict | None]], list[dict]]:
    """The roster's days as weeks of seven (Monday first; None pads the first and last week), each day with its
    shifts and, on a statutory holiday, its two 带班 leaders or what is missing [41]."""
    by_day: OrderedDict[date, dict] = OrderedDict()
    day = roster.starts_on
    today = timezone.localdate()
    while day <= roster.ends_on:
        by_day[day] = {
            "date": day,
            "weekday": WEEKDAYS[day.weekday()],
            "shifts": [],
            "day_type": "",
            "holiday_name": "",
            "today": day == today,
        }
        day += timedelta(days=1)
    for shift in shifts:
        cell = by_day.get(shift.day)
        if cell is None:
            continue
        cell["shifts"].append(shift)
        cell["day_type"] = cell["day_type"] or shift.day_type
        cell["holiday_name"] = cell["holiday_name"] or shift.holiday_name
    days = list(by_day.values())
    for cell in days:
        holiday = [s for s in cell["shifts"] if s.day_type == DayType.HOLIDAY]
        cell["holiday"] = bool(holiday)
        if holiday:
            cell["county_leader"] = next((s.county_leader for s in holiday if s.county_leader_id), None)
            cell["office_leader"] = next((s.office_leader for s in holiday if s.office_leader_id), None)
            cell["incomplete"] = any(s.needs_leaders for s in holiday)
        cell["empty"] = any(s.person_id is None for s in cell["shifts"])
    weeks: list[list[dict | None]] = []
    week: list[dict | None] = [None] * roster.starts_on.weekday()
    for cell in days:
        week.append(cell)
        if len(week) == 7:
            weeks.append(week)
            week = []
    if week:
        weeks.append(week + [None] * (7 - len(week)))
    return weeks, days


def _roster_context(request, roster: Roster, *, errors=(), assign_form=None) -> dict:
    user = request.user
    shifts = list(
        roster.shifts.filter(active=True)
        .select_related("kind", "person__profile", "county_leader__profile", "office_leader__profile")
        .order_by("starts_at", "seat", "id")
    )
    weeks, days = _grid(roster, shifts)
    editable = roster.state != RosterState.CANCELLED and rules.can_edit_roster(roster, user)
    now = timezone.now()
    gaps = roster_gaps(roster) if roster.state == RosterState.DRAFT else []
    log = list(roster.log.select_related("actor__profile").order_by("-at", "-id")[:50])
    context = {
        "title": roster.title,
        "nav": "rosters",
        "roster": roster,
        "weeks": weeks,
        "days": days,
        "weekdays": WEEKDAYS,
        "gaps": gaps,
        "errors": list(errors),
        "editable": editable,
        "can_publish": editable and roster.state == RosterState.DRAFT,
        "now": now,
        "log": log,
        "shift_count": len(shifts),
        "cancel_form": CancelForm() if editable else None,
        "me": user.pk,
    }
    if editable:
        context["rota"] = rota_choices()
        context["county_leaders"] = leader_choices(sorted(COUNTY_LEADERS))
        context["office_leaders"] = leader_choices(sorted(OFFICE_LEADERS))
    return context


def roster_detail(request, pk: int):
    """The roster as a calendar grid [41], [42]."""
    chapter(request.user)
    roster = get_for(request.user, Roster.objects.select_related("made_by__profile", "published_by__profile"), pk)
    return render(request, "duty/roster_detail.html", _roster_context(request, roster))


def _refused_on_roster(request, roster_pk: int, error: Exception, status: int):
    """A hand edit or publication refused: the roster again, the reason on top in Chinese, with a 4xx."""
    log_refusal(status, request=request, error=error)
    roster = get_for(request.user, Roster.objects.select_related("made_by__profile"), roster_pk)
    reasons = error_messages(error) if isinstance(error, ValidationError) else [str(error)]
    return render(request, "duty/roster_detail.html", _roster_context(request, roster, errors=reasons), status=status)


def _roster_step(request, pk: int, call):
    try:
        call()
    except ValidationError as error:
        return _refused_on_roster(request, pk, error, 400)
    except ActionRefused as error:
        return _refused_on_roster(request, pk, error, 403)
    return None


@workflow_action
def shift_assign(request, pk: int, shift_pk: int):
    """调整值班人员 [42]: refused (in Chinese, on the roster) for someone away, without the role, or too soon."""
    chapter(request.user)
    shift = get_for(request.user, shifts_visible_to(request.user).filter(roster_id=pk), shift_pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _refused_on_roster(request, pk, ValidationError(error_messages_of(form)), 400)
    refused = _roster_step(
        request,
        pk,
        lambda: services.shift_assign(
            actor=request.user,
            shift_pk=shift.pk,
            person_pk=form.cleaned_data["person"],
            seen_version=seen_version(request),
        ),
    )
    if refused:
        return refused
    messages.success(request, f"已调整 {shift.day:%m月%d日}{shift.kind.name} 的值班人员。")
    return redirect(f"{reverse('duty:roster', args=[pk])}#day-{shift.day:%Y-%m-%d}")


def error_messages_of(form) -> list[str]:
    return [m for errors in form.errors.values() for m in errors]


@workflow_action
def roster_leaders(request, pk: int):
    """带班领导 of a statutory holiday day: a county-government leader and an office leader [41]."""
    chapter(request.user)
    get_for(request.user, rosters_visible_to(request.user), pk)
    form = LeadersForm(request.POST)
    if not form.is_valid():
        return _refused_on_roster(request, pk, ValidationError(error_messages_of(form)), 400)
    d = form.cleaned_data
    refused = _roster_step(
        request,
        pk,
        lambda: services.roster_set_leaders(
            actor=request.user,
            roster_pk=pk,
            day=d["day"],
            county_leader_pk=d["county_leader"],
            office_leader_pk=d["office_leader"],
            seen_version=seen_version(request),
        ),
    )
    if refused:
        return refused
    messages.success(request, f"已安排 {d['day']:%m月%d日} 的带班领导。")
    return redirect(f"{reverse('duty:roster', args=[pk])}#day-{d['day']:%Y-%m-%d}")


@workflow_action
def roster_publish(request, pk: int):
    """发布 [42]: refused while a statutory holiday day lacks its two 带班 leaders [41] or a shift is empty."""
    chapter(request.user)
    get_for(request.user, rosters_visible_to(request.user), pk)
    refused = _roster_step(
        request, pk, lambda: services.roster_publish(actor=request.user, pk=pk, seen_version=seen_version(request))
    )
    if refused:
        return refused
    messages.success(request, "值班表已发布，已通知表上的值班人员和带班领导。")
    return redirect("duty:roster", pk)


@workflow_action
def roster_cancel(request, pk: int):
    chapter(request.user)
    get_for(request.user, rosters_visible_to(request.user), pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _refused_on_roster(request, pk, ValidationError(error_messages_of(form)), 400)
    refused = _roster_step(
        request,
        pk,
        lambda: services.roster_cancel(
            actor=request.user, pk=pk, reason=form.cleaned_data["reason"], seen_version=seen_version(request)
        ),
    )
    if refused:
        return refused
    messages.success(request, "值班表已作废。")
    return redirect("duty:roster", pk)


def roster_pdf(request, pk: int):
    """The roster to post on the wall (A4 landscape, a CJK font embedded) [42]."""
    chapter(request.user)
    roster = get_for(request.user, Roster.objects.select_related("made_by__profile", "published_by__profile"), pk)
    if roster.state == RosterState.CANCELLED:
        raise Http404("该值班表已作废。")
    try:
        content = pdf.roster_pdf(roster)
    except PdfFontMissing:
        return HttpResponse("服务器缺少中文字体，暂不能生成 PDF，请联系管理员。", status=503, content_type="text/plain")
    return pdf_response(content, f"{roster.title}.pdf")


# --- my duties and the ICS feed ------------------------------------------------------------------------------------


def my_duties(request):
    """我的值班: the person's shifts ahead (and the last ones), 带班 days for leaders, the ICS address [41]."""
    chapter(request.user)
    if request.method == "POST":
        feeds.reset(request.user)
        messages.success(request, "已重置订阅地址：原地址立即失效，请在日历软件中改用新地址。")
        return redirect("duty:mine")
    now = timezone.now()
    qs = shifts_visible_to(request.user).filter(roster__state=RosterState.PUBLISHED).select_related("roster")
    ahead = list(qs.filter(person=request.user, ends_at__gte=now).order_by("starts_at", "id")[:40])
    past = list(qs.filter(person=request.user, ends_at__lt=now).order_by("-starts_at", "-id")[:10])
    leading = []
    if rules.is_leader(request.user):
        from django.db.models import Q

        leading = list(
            qs.filter(Q(county_leader=request.user) | Q(office_leader=request.user), ends_at__gte=now).order_by(
                "starts_at", "id"
            )[:40]
        )
    url = request.build_absolute_uri(reverse("duty:feed", args=[feeds.token_for(request.user)]))
    return render(
        request,
        "duty/mine.html",
        {
            "title": "我的值班",
            "nav": "mine",
            "ahead": ahead,
            "past": past,
            "leading": leading,
            "feed_url": url,
            "now": now,
        },
    )


@login_not_required
@require_GET
def feed(request, token: str):
    """ICS of one person's shifts and 带班 days, by the secret address alone (calendar programs do not sign in);
    a wrong or reset address is a plain 404."""
    person = feeds.person_for(token)
    if person is None:
        raise Http404("订阅地址无效或已重置。")
    response = HttpResponse(feeds.ics_for(person), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="duty.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns: list = [
    path("rosters/", roster_list, name="rosters"),
    path("rosters/new/", roster_new, name="roster_new"),
    path("rosters/<int:pk>/", roster_detail, name="roster"),
    path("rosters/<int:pk>/shifts/<int:shift_pk>/assign/", shift_assign, name="shift_assign"),
    path("rosters/<int:pk>/leaders/", roster_leaders, name="roster_leaders"),
    path("rosters/<int:pk>/publish/", roster_publish, name="roster_publish"),
    path("rosters/<int:pk>/cancel/", roster_cancel, name="roster_cancel"),
    path("rosters/<int:pk>/roster.pdf", roster_pdf, name="roster_pdf"),
    path("mine/", my_duties, name="mine"),
    path("feed/<str:token>.ics", feed, name="feed"),
]

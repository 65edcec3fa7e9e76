"""交接班 pages [41], [42]: the outgoing person writes the handover (open matters) from their shift; the incoming
person confirms it on a phone-friendly page; both with times. The list flags the missed ones — no handover
written, not confirmed within ``DUTY_HANDOVER_GRACE_MINUTES`` of the next shift's start, nobody on post — the
same rule the reminder engine tells the roster's office leader once (``duty.deadline_sources``)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, seen_version, workflow_action
from core.idempotency import idempotent

from .. import conf, rules, services
from ..forms import ConfirmForm, HandoverForm
from ..models import Handover, HandoverState, RosterState, Shift
from ..selectors import get_for, next_shift_after, shifts_visible_to, visible
from .common import chapter

WINDOW_DAYS = 7
MAX_GAP = timedelta(days=2)


def _handovers(user):
    return visible(
        user,
        Handover.objects.select_related(
            "shift__kind",
            "shift__roster",
            "next_shift__kind",
            "outgoing_person__profile",
            "incoming_person__profile",
            "confirmed_by__profile",
        ),
    )


@idempotent
def handover_write(request, shift_pk: int):
    """交班 [41]: the outgoing person writes what is still open; the incoming one is told to confirm."""
    chapter(request.user)
    shift = get_for(request.user, shifts_visible_to(request.user).select_related("roster"), shift_pk)
    existing = Handover.objects.filter(shift=shift).first()
    if existing is not None and request.method == "GET":
        return redirect("duty:handover", existing.pk)
    form = HandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        handover = apply_to_form(
            form,
            lambda: services.handover_write(
                actor=request.user, shift_pk=shift.pk, open_matters=form.cleaned_data["open_matters"]
            ),
        )
        if handover is not None:
            messages.success(request, "已交班，已通知接班人确认。")
            return redirect("duty:handover", handover.pk)
    following = next_shift_after(shift)
    return render(
        request,
        "duty/handover_write.html",
        {"title": "交班", "nav": "handovers", "shift": shift, "following": following, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _due(handover: Handover):
    """When it must be confirmed by: the grace after the later of the shift's end and the next one's start."""
    later = max(handover.shift.ends_at, handover.next_shift.starts_at) if handover.next_shift else None
    return (later or handover.shift.ends_at) + conf.handover_grace()


def handover_detail(request, pk: int):
    """The handover, laid out for a phone: what is open, who handed over and when, 确认接班 [41]."""
    chapter(request.user)
    handover = get_for(request.user, _handovers(request.user), pk)
    due = _due(handover)
    now = timezone.now()
    late = (handover.state == HandoverState.WRITTEN and now > due) or (
        handover.confirmed_at is not None and handover.confirmed_at > due
    )
    return render(
        request,
        "duty/handover_detail.html",
        {
            "title": "交接班",
            "nav": "handovers",
            "h": handover,
            "due": due,
            "late": late,
            "can_confirm": handover.state == HandoverState.WRITTEN
            and rules.can_confirm_handover(handover, request.user),
            "form": ConfirmForm(),
        },
    )


@workflow_action
def handover_confirm(request, pk: int):
    """接班 [41]."""
    chapter(request.user)
    get_for(request.user, _handovers(request.user), pk)
    form = ConfirmForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.handover_confirm(actor=request.user, pk=pk, note=note, seen_version=seen_version(request))
    messages.success(request, "已确认接班。")
    return redirect("duty:handover", pk)


def _flag(shift: Shift, following: Shift | None, now: datetime) -> tuple[str, str]:
    """(code, Chinese label) of a shift's handover: the missed ones flagged [42]."""
    grace = conf.handover_grace()
    handover = getattr(shift, "handover", None)
    if shift.person_id is None:
        return "unmanned", "无人在岗"
    if shift.starts_at > now:
        return "ahead", "未开始"
    if shift.ends_at > now:
        return "on", "在岗"
    due = max(shift.ends_at, following.starts_at if following else shift.ends_at) + grace
    if handover is None:
        return ("missed", "未交班（漏交接）") if now > due else ("due", "待交班")
    if handover.state == HandoverState.WRITTEN:
        return ("missed", "超时未接班") if now > due else ("written", "待接班确认")
    if handover.confirmed_at and handover.confirmed_at > due:
        return "late", "接班超时"
    return "ok", "已交接"


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def handover_list(request):
    """交接班: the shifts that ended in a week (up to ``?until=``), each with its handover and a flag for a missed
    one [41], [42]. A fixed number of queries whatever the number of rosters."""
    chapter(request.user)
    now = timezone.now()
    raw_until = request.GET.get("until")
    until = _day(raw_until)
    if until is not None and until.year < 2000:
        until = None
    if raw_until and until is None:
        return HttpResponseBadRequest("日期格式应为 2026-01-31。".encode(), content_type="text/plain; charset=utf-8")
    until = min(until or timezone.localdate(now), timezone.localdate(now))
    end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
    start = end - timedelta(days=WINDOW_DAYS)
    shifts = list(
        shifts_visible_to(request.user)
        .filter(roster__state=RosterState.PUBLISHED, starts_at__lt=min(end, now), ends_at__gte=start)
        .select_related("handover__incoming_person__profile", "handover__confirmed_by__profile")
        .order_by("-starts_at", "-seat", "-id")
    )
    # The next shifts' starts, for when each handover was due: one query over the window's end.
    starts = list(
        Shift.objects.filter(
            active=True, roster__state=RosterState.PUBLISHED, starts_at__gte=start, starts_at__lt=end + MAX_GAP
        )
        .order_by("starts_at", "seat", "id")
        .values_list("pk", "starts_at")
    )
    rows = []
    for shift in shifts:
        following_start = next((at for pk, at in starts if at >= shift.ends_at and pk != shift.pk), None)
        following = Shift(starts_at=following_start) if following_start else None
        code, label = _flag(shift, following, now)
        rows.append({"shift": shift, "handover": getattr(shift, "handover", None), "flag": code, "label": label})
    mine_waiting = list(
        _handovers(request.user)
        .filter(state=HandoverState.WRITTEN, incoming_person=request.user)
        .order_by("written_at", "id")[:10]
    )
    return render(
        request,
        "duty/handover_list.html",
        {
            "title": "交接班",
            "nav": "handovers",
            "rows": rows,
            "missed": sum(1 for r in rows if r["flag"] in ("missed", "late", "unmanned")),
            "until": until,
            "first_day": until - timedelta(days=WINDOW_DAYS - 1),
            "earlier": until - timedelta(days=WINDOW_DAYS),
            "later": until + timedelta(days=WINDOW_DAYS) if until < timezone.localdate(now) else None,
            "mine_waiting": mine_waiting,
            "grace": int(conf.handover_grace().total_seconds() // 60),
        },
    )


urlpatterns: list = [
    path("handovers/", handover_list, name="handovers"),
    path("shifts/<int:shift_pk>/handover/", handover_write, name="handover_write"),
    path("handovers/<int:pk>/", handover_detail, name="handover"),
    path("handovers/<int:pk>/confirm/", handover_confirm, name="handover_confirm"),
]

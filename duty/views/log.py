"""值班日志 pages [41]: add an entry during a shift (time, from whom, what, what was done), a correction as a new
entry naming the one it corrects (append-only), and the search — words in who called, what and what was done,
a date range — newest first, paged by (time, id) so every entry is reachable however deep, each page one index
range read (1,000,000 entries in the benchmark)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form
from core.idempotency import idempotent

from .. import rules, services
from ..forms import LogForm, LogSearchForm
from ..models import LogEntry
from ..selectors import get_for, log_visible_to, search_log
from .common import chapter

PAGE_SIZE = 50


class BadCursor(ValueError):
    pass


@dataclass
class LogPage:
    object_list: list
    newer: str = ""  # cursor for ?after=, empty on the newest page
    older: str = ""  # cursor for ?before=, empty on the oldest


def _cursor(entry: LogEntry) -> str:
    return f"{int(entry.at.timestamp() * 1_000_000)}_{entry.pk}"


def _parse(text: str) -> tuple[datetime, int]:
    micro, _, pk = text.partition("_")
    try:
        return datetime.fromtimestamp(int(micro) / 1_000_000, tz=UTC), int(pk)
    except (ValueError, OverflowError, OSError):
        raise BadCursor("翻页参数无效，请从第一页重新翻页。") from None


def log_page(qs, request, size: int = PAGE_SIZE) -> LogPage:
    """Newest first by (time, id): the newest page, the one older than ``?before=`` or newer than ``?after=``.
    One index range read of ``size + 1`` rows whatever the depth (the ``duty_log_recent`` index)."""
    before, after = request.GET.get("before"), request.GET.get("after")
    if after:
        at, pk = _parse(after)
        rows = list(qs.filter(Q(at__gt=at) | Q(at=at, pk__gt=pk)).order_by("at", "id")[: size + 1])
        more = len(rows) > size
        rows = rows[:size][::-1]
        return LogPage(rows, newer=_cursor(rows[0]) if more and rows else "", older=_cursor(rows[-1]) if rows else "")
    if before:
        at, pk = _parse(before)
        qs = qs.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))
    rows = list(qs.order_by("-at", "-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return LogPage(
        rows, newer=_cursor(rows[0]) if before and rows else "", older=_cursor(rows[-1]) if more and rows else ""
    )


def _bad(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def log_list(request):
    """值班日志 and its search [41]."""
    chapter(request.user)
    search = LogSearchForm(request.GET or None)
    if request.GET and not search.is_valid():
        return _bad("；".join(m for errors in search.errors.values() for m in errors))
    d = search.cleaned_data if search.is_bound else {}
    since = until = None
    if d.get("since"):
        since = timezone.make_aware(datetime.combine(d["since"], time.min))
    if d.get("until"):
        until = timezone.make_aware(datetime.combine(d["until"] + timedelta(days=1), time.min))
    qs = search_log(request.user, d.get("q", ""), since=since, until=until).select_related(
        "shift__kind", "corrects", "report"
    )
    try:
        page = log_page(qs, request)
    except BadCursor as exc:
        return _bad(str(exc))
    query = request.GET.copy()
    for key in ("before", "after", "date"):
        query.pop(key, None)
    can_record = rules.can_record(request.user)
    return render(
        request,
        "duty/log_list.html",
        {
            "title": "值班日志",
            "nav": "log",
            "page": page,
            "search": search,
            "q": d.get("q", ""),
            "query": query.urlencode(),
            "can_record": can_record,
            "form": LogForm() if can_record else None,
        },
    )


@idempotent
def log_new(request):
    """记一笔 [41]: filed under the shift on post at its time; a correction names the entry it corrects."""
    chapter(request.user)
    if not rules.can_record(request.user):
        raise PermissionDenied("只有值班人员可以记录值班日志 [41]。")
    corrects = None
    raw = request.POST.get("corrects") or request.GET.get("corrects")
    if raw:
        corrects = get_for(request.user, log_visible_to(request.user), raw)
    form = LogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        entry = apply_to_form(
            form,
            lambda: services.log_add(
                actor=request.user,
                caller=d["caller"],
                content=d["content"],
                action_taken=d["action_taken"],
                phone=d["phone"],
                at=d["at"],
                corrects_pk=corrects.pk if corrects else None,
            ),
        )
        if entry is not None:
            messages.success(request, "已记入值班日志。")
            return redirect("duty:log_entry", entry.pk)
    elif request.method == "GET" and corrects is not None:
        form = LogForm(
            initial={
                "caller": corrects.caller,
                "phone": corrects.phone,
                "content": corrects.content,
                "action_taken": corrects.action_taken,
            }
        )
    return render(
        request,
        "duty/log_new.html",
        {"title": "更正日志" if corrects else "记录值班日志", "nav": "log", "form": form, "corrects": corrects},
        status=400 if request.method == "POST" else 200,
    )


def log_entry(request, pk: int):
    chapter(request.user)
    entry = get_for(
        request.user,
        log_visible_to(request.user).select_related("shift__kind", "shift__person__profile", "corrects", "report"),
        pk,
    )
    corrections = list(entry.corrections.select_related("recorded_by__profile").order_by("at", "id"))
    return render(
        request,
        "duty/log_entry.html",
        {
            "title": "值班日志",
            "nav": "log",
            "e": entry,
            "corrections": corrections,
            "can_record": rules.can_record(request.user),
        },
    )


urlpatterns: list = [
    path("log/", log_list, name="log"),
    path("log/new/", log_new, name="log_new"),
    path("log/<int:pk>/", log_entry, name="log_entry"),
]

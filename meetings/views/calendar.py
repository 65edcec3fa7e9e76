"""会议日历: a week (default) or a month of meetings — the person's own (我的会议: those they attend or chair) or,
for the organisers, the office's (every meeting they may see) [6], [17]; and the person's ICS feed.

Everything is read through ``selectors.meetings_visible_to`` / ``my_meetings``. A classified meeting the person
is seated on but may not open yet (no pledge this year) shows its kind and time only, never its title [31], [32].
A fixed number of queries whatever the number of meetings (tests/meetings/test_mtgpages_queries.py).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.actions import refusal_response

from .. import feeds, rules, selectors
from ..forms import WhenForm
from ..models import BOOKED_STATES, Meeting

MAX_ROWS = 500  # a month of an office's meetings is a few dozen; the cap only guards the page
WEEKDAYS = "一二三四五六日"
LONGEST = timedelta(days=3)  # the longest meeting the services accept


def _scope(request, form: WhenForm) -> str:
    """Organisers choose 我的会议 or 全部会议 (theirs by default: they serve the office's meetings); everyone
    else sees their own."""
    if not rules.is_organiser(request.user):
        return "mine"
    return (form.cleaned_data.get("scope") if form.is_valid() else "") or "office"


def _hidden_seats(user, start, end) -> list[Meeting]:
    """Meetings the person is on but may not open (classified, this year's pledge missing): kind and time only."""
    seats = selectors.my_seats(user).filter(starts_at__lt=end, ends_at__gt=start).values("meeting_id")
    return list(
        Meeting.objects.filter(pk__in=seats, state__in=BOOKED_STATES, secret_level__gt=0)
        .exclude(pk__in=selectors.meetings_visible_to(user).filter(pk__in=seats, secret_level__gt=0).values("pk"))
        .only("id", "kind", "starts_at", "ends_at", "state", "secret_level")
        .order_by("starts_at", "id")
    )


def _days(first: date, last: date, rows, hidden, *, month: int | None = None) -> list[dict]:
    """Each day from ``first`` to ``last`` with the meetings that share a moment with it, in time order."""
    by_day = defaultdict(list)
    for meeting, secret in [*[(m, False) for m in rows], *[(m, True) for m in hidden]]:
        start = timezone.localtime(meeting.starts_at).date()
        end = timezone.localtime(meeting.ends_at - timedelta(microseconds=1)).date()
        day = max(start, first)
        while day <= min(end, last):
            by_day[day].append({"m": meeting, "hidden": secret})
            day += timedelta(days=1)
    today = timezone.localdate()
    out = []
    day = first
    while day <= last:
        items = sorted(by_day.get(day, []), key=lambda i: (i["m"].starts_at, i["m"].pk))
        out.append(
            {
                "date": day,
                "weekday": WEEKDAYS[day.weekday()],
                "items": items,
                "today": day == today,
                "outside": month is not None and day.month != month,
                "weekend": day.weekday() >= 5,
            }
        )
        day += timedelta(days=1)
    return out


def calendar(request):
    """会议日历: ?view=week|month, ?date=YYYY-MM-DD, ?scope=mine|office (organisers)."""
    user = request.user
    if not rules.can_open_meetings(user):
        raise PermissionDenied("请先登录。")
    form = WhenForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return refusal_response(
            request,
            status=400,
            messages=["日期或视图不正确：日期请写成 2026-09-14 的格式，年份在1950年至2100年之间。"],
            back=reverse("meetings:calendar"),
        )
    d = form.cleaned_data if form.is_bound else {}
    today = timezone.localdate()
    day = d.get("date") or today
    view = d.get("view") or "week"
    scope = _scope(request, form)
    if view == "month":
        start, end = selectors.month_bounds(day.year, day.month)
        first_of_month = day.replace(day=1)
        last_of_month = (end - timedelta(days=1)).date()
        first = first_of_month - timedelta(days=first_of_month.weekday())
        last = last_of_month + timedelta(days=6 - last_of_month.weekday())
        prev = (first_of_month - timedelta(days=1)).replace(day=1)
        nxt = last_of_month + timedelta(days=1)
        title = f"{day.year}年{day.month}月"
        grid_start, grid_end = selectors.week_bounds(first)[0], selectors.week_bounds(last)[1]
    else:
        start, end = selectors.week_bounds(day)
        first = start.date()
        last = first + timedelta(days=6)
        prev, nxt = first - timedelta(days=7), first + timedelta(days=7)
        title = f"{first.year}年{first.month}月{first.day}日—{last.month}月{last.day}日"
        grid_start, grid_end = start, end
    if scope == "mine":
        qs = selectors.my_meetings(user, start=grid_start, end=grid_end)
    else:
        qs = selectors.in_window(selectors.meetings_visible_to(user), grid_start, grid_end)
    # A meeting lasts at most three days (services._problems), so only those starting from three days before the
    # window can reach into it: the (starts_at, id) index is read over a bounded range, not the whole history.
    qs = qs.filter(starts_at__gte=grid_start - LONGEST)
    # The person's own seats on meetings they may not open yet: in either view, kind and time only [32].
    hidden = _hidden_seats(user, grid_start, grid_end)
    rows = list(selectors.list_rows(qs).order_by("starts_at", "id")[:MAX_ROWS])
    days = _days(first, last, rows, hidden, month=day.month if view == "month" else None)
    return render(
        request,
        "meetings/calendar.html",
        {
            "title": f"{'我的会议' if scope == 'mine' else '会议日历'}：{title}",
            "heading": title,
            "days": days,
            "view": view,
            "scope": scope,
            "day": day,
            "today": today,
            "prev": prev,
            "next": nxt,
            "count": len(rows) + len(hidden),
            "truncated": len(rows) >= MAX_ROWS,
            "organiser": rules.is_organiser(user),
            "weekdays": WEEKDAYS,
            "nav": "calendar",
        },
    )


# --- the ICS feed ------------------------------------------------------------------------------------------------


def feed_settings(request):
    """The person's own calendar address; 重置 makes a new one and the old one stops working."""
    if not rules.can_open_meetings(request.user):
        raise PermissionDenied("请先登录。")
    if request.method == "POST":
        feeds.reset(request.user)
        messages.success(request, "已重置订阅地址：原地址立即失效，请在日历软件中改用新地址。")
        return redirect("meetings:feed_settings")
    url = request.build_absolute_uri(reverse("meetings:feed", args=[feeds.token_for(request.user)]))
    return render(
        request,
        "meetings/calendar_feed.html",
        {"title": "会议日历订阅", "url": url, "organiser": rules.is_organiser(request.user), "nav": "feed"},
    )


@login_not_required
@require_GET
def feed(request, token: str):
    """ICS of one person's meetings. Reached by the secret address alone (calendar programs do not sign in); a
    wrong or reset address is a plain 404. A classified meeting is “涉密会议” and its time only [31], [32]."""
    person = feeds.person_for(token)
    if person is None:
        raise Http404("订阅地址无效或已重置。")
    response = HttpResponse(feeds.ics_for(person), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns: list = [
    path("", calendar, name="calendar"),
    path("calendar-feed/", feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", feed, name="feed"),
]

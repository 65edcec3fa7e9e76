"""A minimal 今日值班 page so the chapter's link works; the page helpers replace it with the full pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from . import rules
from .selectors import roster_gaps, rosters_visible_to, shifts_at


def today(request):
    """今日值班: who is on duty now, and the 带班 leaders on a holiday [41]."""
    if not rules.can_open_duty(request.user):
        raise PermissionDenied("值班页面供办公室工作人员和县政府领导使用 [41]。")
    now = timezone.now()
    on_post = list(shifts_at(now)[:5])
    rosters = list(rosters_visible_to(request.user).order_by("-starts_on", "-id")[:5])
    return render(
        request,
        "duty/today.html",
        {
            "title": "今日值班",
            "now": now,
            "on_post": on_post,
            "rosters": [(r, roster_gaps(r) if r.state == "draft" else []) for r in rosters],
        },
    )

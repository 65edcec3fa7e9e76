"""值班统计: duty days per person (and 带班 days), swaps, missed handovers, emergency reports by kind and month —
ECharts charts, each with the same figures as a table beneath it [41], [42], [43]."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from .. import rules, statistics


def _year(request) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    if raw.isdigit() and 2000 <= int(raw) <= this_year + 1:
        return int(raw)
    return this_year


def stats(request):
    """值班统计 for a year: everyone who opens the chapter sees it (the rotation's fairness is theirs too) [42]."""
    if not rules.can_open_duty(request.user):
        raise PermissionDenied("值班统计供办公室工作人员和县政府领导查看 [41][42]。")
    year = _year(request)
    figures = statistics.year_figures(request.user, year=year)
    return render(
        request,
        "duty/stats.html",
        {"title": f"{year}年值班统计", "year": year, "f": figures, "chart_data": figures.chart_data()},
    )


urlpatterns: list = [
    path("statistics/", stats, name="statistics"),
]

"""会议统计 for the office's organisers: meetings per kind and month, topics, decisions on time [17], [6], [37]."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path

from .. import rules, statistics
from ..forms_work import YearForm


def stats(request):
    if not rules.is_organiser(request.user):
        raise PermissionDenied("会议统计供办公室领导和收发秘书查看 [6][17]。")
    year = YearForm(request.GET or None).year_or_now()
    figures = statistics.year_figures(request.user, year=year)
    return render(
        request,
        "meetings/stats.html",
        {"title": f"{year}年会议统计", "year": year, "f": figures, "chart_data": figures.chart_data()},
    )


urlpatterns: list = [
    path("statistics/", stats, name="statistics"),
]

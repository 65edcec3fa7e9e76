"""督查统计 for county leaders and the office [11], [37]–[40]: on-time rates per unit and per source, late items
with their reasons, items per leader — charts with the same figures as tables beneath, and the Excel export.

Open to everyone who works with the chapter; what is counted comes through the visibility selector, so a unit
contact's figures (page and Excel) are their own unit's only [40], a classified item counts only for those who may
see it [31], [32]. The page costs the same handful of queries for ten items as for a hundred thousand.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from .. import exports, rules, statistics


def _year(request) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year + 1 else this_year


def _allowed(request) -> None:
    if not rules.can_open_supervision(request.user):
        raise PermissionDenied("督查统计供县领导、办公室和责任单位联络员查看 [11][37]。")


def _scope(user) -> str:
    return "（本单位）" if rules.is_unit_contact(user) else ""


def stats(request):
    _allowed(request)
    year = _year(request)
    figures = statistics.year_statistics(request.user, year=year)
    return render(
        request,
        "supervision/stats.html",
        {
            "sup_contact": rules.is_unit_contact(request.user),
            "title": f"{year}年督查统计{_scope(request.user)}",
            "year": year,
            "s": figures,
            "chart_data": figures.chart_data(),
            "late_limit": statistics.LATE_ROWS,
        },
    )


def stats_xlsx(request):
    _allowed(request)
    year = _year(request)
    figures = statistics.year_statistics(request.user, year=year, late_limit=statistics.EXPORT_LATE_ROWS)
    book = exports.statistics_xlsx(figures, scope=_scope(request.user))
    return exports.download(book, f"督查统计{year}.xlsx")


urlpatterns: list = [
    path("statistics/", stats, name="statistics"),
    path("statistics.xlsx", stats_xlsx, name="statistics_xlsx"),
]

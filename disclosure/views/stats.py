"""政务公开统计 [36]: findings per unit, rectification on time, the assessment ranking — charts with the same
figures as tables beneath. Read through the visibility selectors: a unit's 联络员 sees their own unit's figures
only. A fixed handful of queries whatever the number of findings."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import path

from core.actions import refusal_response

from .. import rules, statistics
from .common import BadYear, allowed, nav, year_of


def stats(request):
    user = request.user
    allowed(user)
    try:
        year = year_of(request)
    except BadYear as error:
        return refusal_response(request, status=400, messages=[str(error)])
    figures = statistics.year_statistics(user, year=year)
    scope = "（本单位）" if rules.is_unit_contact(user) else ""
    return render(
        request,
        "disclosure/stats.html",
        {
            **nav(user),
            "title": f"{year}年政务公开统计{scope}",
            "year": year,
            "s": figures,
            "chart_data": figures.chart_data(),
        },
    )


urlpatterns: list = [
    path("statistics/", stats, name="stats"),
]

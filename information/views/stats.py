"""政务信息统计 [44]–[46]: items per unit and week, sent and adopted per level (the adoption rates), each week
against the quota with the short weeks marked — ECharts charts with the same figures as tables beneath them.

Open to the information staff and the office's and county's leaders (``rules.can_view_statistics``); every
figure is read through ``selectors.items_visible_to``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from core.actions import refusal_response

from .. import rules, statistics
from .files import BadPeriod, _nav, period_choices, period_of


def stats(request):
    user = request.user
    if not rules.can_view_statistics(user):
        raise PermissionDenied("政务信息统计供政务信息员和办公室、县政府领导查看 [44]。")
    try:
        period = period_of(request)
    except BadPeriod as error:
        return refusal_response(request, status=400, messages=[str(error)])
    s = statistics.period_statistics(user, period)
    return render(
        request,
        "information/stats.html",
        {
            "title": f"{period.label}政务信息统计",
            "period": period,
            "s": s,
            "chart_data": s.chart_data(),
            "can_export": rules.can_export(user),
            "partial": not rules.sees_everything(user),
            **period_choices(),
            **_nav(user),
        },
    )

"""信访统计 for the leaders [47]–[50]: cases by channel, category, township and unit, the on-time rates of the
《信访工作条例》's limits, repeat / skip-level / group visits, disruptions [49] and the late cases — ECharts charts
with the same figures as tables beneath, by month or year — and the monthly report as Excel and PDF.

Open to the petition staff and the leaders (``rules.can_view_statistics``); the figures carry no personal data.
The page costs the same dozen queries for ten cases as for a hundred thousand.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from core.actions import refusal_response
from core.pdf import PdfFontMissing, pdf_response, render_pdf

from .. import exports, rules, statistics

EARLIEST_YEAR = 2000


class BadPeriod(ValueError):
    pass


def period_of(request, *, month_required: bool = False) -> statistics.Period:
    """``?year=2026`` (the whole year) or ``?year=2026&month=9``; nothing: this year (this month for a report)."""
    today = timezone.localdate()
    raw_year, raw_month = request.GET.get("year", "").strip(), request.GET.get("month", "").strip()
    if not raw_year:
        return statistics.Period(today.year, today.month if month_required else None)
    if not raw_year.isdigit() or not EARLIEST_YEAR <= int(raw_year) <= today.year + 1:
        raise BadPeriod(f"年度应为{EARLIEST_YEAR}至{today.year + 1}年之间的年份。")
    if not raw_month:
        if month_required:
            raise BadPeriod("月报请选择月份。")
        return statistics.Period(int(raw_year))
    if not raw_month.isdigit() or not 1 <= int(raw_month) <= 12:
        raise BadPeriod("月份应为1至12。")
    return statistics.Period(int(raw_year), int(raw_month))


def _allowed(request) -> None:
    if not rules.can_view_statistics(request.user):
        raise PermissionDenied("信访统计供信访接待人员和办公室、县政府领导查看 [47]。")


def stats(request):
    _allowed(request)
    try:
        period = period_of(request)
    except BadPeriod as error:
        return refusal_response(request, status=400, messages=[str(error)])
    figures = statistics.period_statistics(request.user, period=period)
    this_year = timezone.localdate().year
    return render(
        request,
        "petitions/stats.html",
        {
            "title": f"{period.label}信访统计",
            "period": period,
            "s": figures,
            "chart_data": figures.chart_data(),
            "late_limit": statistics.LATE_ROWS,
            "export_late_limit": statistics.EXPORT_LATE_ROWS,
            "years": list(range(this_year + 1, max(EARLIEST_YEAR, this_year - 10) - 1, -1)),
            "months": list(range(1, 13)),
            "pet_desk": rules.can_register(request.user),
        },
    )


def _report_figures(request):
    """The monthly (or yearly) report's figures, all late cases included."""
    period = period_of(request)
    return statistics.period_statistics(request.user, period=period, late_limit=statistics.EXPORT_LATE_ROWS)


def report_xlsx(request):
    """信访工作月报 as Excel: the page's tables, one sheet each [47]–[50]."""
    _allowed(request)
    try:
        figures = _report_figures(request)
    except BadPeriod as error:
        return refusal_response(request, status=400, messages=[str(error)])
    return exports.download(exports.report_xlsx(figures), f"信访工作报表{figures.period.slug}.xlsx")


def report_pdf(request):
    """信访工作月报 as PDF, laid out as the office's papers (GB/T 9704 margins)."""
    _allowed(request)
    try:
        figures = _report_figures(request)
    except BadPeriod as error:
        return refusal_response(request, status=400, messages=[str(error)])
    try:
        content = render_pdf(
            "petitions/pdf/report.html", {"s": figures, "issued_on": timezone.localdate(), "late_limit": 500}
        )
    except PdfFontMissing as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return pdf_response(content, f"信访工作报表{figures.period.slug}.pdf")


def register_xlsx(request):
    """信访登记簿 as Excel for the period, personal data masked for everyone (issue 19) [48]."""
    if not rules.can_export(request.user):
        raise PermissionDenied("信访登记簿供信访接待人员和办公室、县政府领导导出 [47]。")
    try:
        period = period_of(request)
    except BadPeriod as error:
        return refusal_response(request, status=400, messages=[str(error)])
    content = exports.register_xlsx(statistics.cases_of_period(request.user, period), label=period.label)
    return exports.download(content, f"信访登记簿{period.slug}.xlsx")


urlpatterns: list = [
    path("register.xlsx", register_xlsx, name="register_xlsx"),
    path("statistics/", stats, name="statistics"),
    path("statistics/report.xlsx", report_xlsx, name="report_xlsx"),
    path("statistics/report.pdf", report_pdf, name="report_pdf"),
]

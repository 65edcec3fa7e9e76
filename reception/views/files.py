"""公务接待's files: the 公函 as uploaded, the day's schedule and the 公务接待清单 as A4 PDFs, and the monthly
公务接待台账 as Excel [6] — each through the one visibility selector."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils import timezone

from core.actions import refusal_response
from core.pdf import pdf_response

from .. import exports, pdf, rules, selectors
from ..forms import FilterForm
from .pages import month_range


def letter(request, pk: int):
    obj = selectors.get_reception_for(request.user, pk)
    if not obj.letter_file:
        raise Http404("没有上传公函。")
    response = FileResponse(obj.letter_file.open("rb"), as_attachment=True, filename=obj.letter_name or "公函")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def schedule_pdf(request, pk: int):
    obj = selectors.get_reception_for(request.user, pk)
    return pdf_response(pdf.schedule_pdf(obj, selectors.schedule_of(obj)), f"接待日程-{obj.pk}.pdf")


def record_pdf(request, pk: int):
    obj = selectors.get_reception_for(request.user, pk)
    record = selectors.record_of(obj)
    if record is None:
        raise Http404("尚未填报公务接待清单。")
    return pdf_response(pdf.record_pdf(obj, record, selectors.meals_of(record)), f"公务接待清单-{obj.pk}.pdf")


def export(request):
    """公务接待台账 of one month (``?month=2026-09``; this month by default) [6]."""
    user = request.user
    if not rules.can_export(user):
        raise PermissionDenied("公务接待台账供综合科和办公室领导导出 [6]。")
    form = FilterForm({"month": request.GET.get("month", "")})
    if not form.is_valid():
        return refusal_response(request, status=400, messages=["月份格式应为 2026-09。"])
    today = timezone.localdate()
    year, month = form.cleaned_data["month"] or (today.year, today.month)
    start, end = month_range(year, month)
    qs = (
        selectors.receptions_visible_to(user)
        .filter(arrive_on__gte=start, arrive_on__lt=end)
        .select_related("receiving_leader__profile", "handler__profile", "record")
        .order_by("arrive_on", "id")
    )
    return exports.download(exports.ledger_xlsx(qs, year, month), f"公务接待台账-{year}-{month:02d}.xlsx")

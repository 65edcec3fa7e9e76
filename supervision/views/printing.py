"""督查 papers to print [37]–[40], [11]: the 催办通知单 for a late item's unit, and the 督查通报 — previewed (样稿,
unnumbered), issued by an office leader (numbered in its own series, stored as issued) and listed.

The notice comes through ``selectors.get_item_for`` (404 for an item one may not see); the bulletin holds only
unclassified items and is the office's paper: unit contacts, outside the office, do not get the list [40].
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import refusal_response, workflow_action
from core.idempotency import idempotent
from core.pdf import PdfFontMissing, pdf_response

from .. import bulletins, pdf, rules, selectors
from ..models import TRACKED_STATES, Bulletin


def _font_missing(error) -> HttpResponse:
    return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")


def urge_pdf(request, pk: int):
    """督查催办通知单 (PDF) for an item past its deadline, to send to its lead unit [40]."""
    item = selectors.get_item_for(request.user, pk)
    if not rules.is_supervisor(request.user):
        raise PermissionDenied("催办通知单由办公室督查人员打印 [39][40]。")
    today = timezone.localdate()
    if not (item.state in TRACKED_STATES and item.deadline and item.deadline < today):
        return refusal_response(request, status=400, messages=["该事项未逾期，不需要催办通知单 [40]。"])
    try:
        content = pdf.urge_notice_pdf(item, today=today)
    except PdfFontMissing as error:
        return _font_missing(error)
    return pdf_response(content, f"督查催办通知单-{item.year}-{item.serial}.pdf")


def _office(request) -> None:
    if not rules.is_supervisor(request.user):
        raise PermissionDenied("督查通报由办公室起草、办公室领导审定印发 [37][38]。")


class PeriodForm(forms.Form):
    start = forms.DateField(label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label="标题（可不填）", required=False, max_length=100)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            bulletins.check_period(start, end)  # a ValidationError: the form's error
        return data


def _last_month() -> tuple[date, date]:
    first = timezone.localdate().replace(day=1)
    end = first - timedelta(days=1)
    return end.replace(day=1), end


def bulletin_list(request):
    """督查通报 issued, newest first, and the form to preview or issue the next one [11], [40]."""
    _office(request)
    start, end = _last_month()
    return render(
        request,
        "supervision/pdf_bulletin_list.html",
        {
            "sup_contact": rules.is_unit_contact(request.user),
            "title": "督查通报",
            "bulletins": Bulletin.objects.select_related("issued_by__profile").order_by("-year", "-serial")[:200],
            "form": PeriodForm(initial={"start": start, "end": end}),
            "can_issue": bulletins.can_issue(request.user),
        },
    )


def bulletin_preview(request):
    """样稿: the bulletin for the period, unnumbered, nothing stored."""
    _office(request)
    form = PeriodForm(request.GET or None)
    if not form.is_valid():
        reasons = [m for errors in form.errors.values() for m in errors] or ["请填写通报的起止日期。"]
        return refusal_response(request, status=400, messages=reasons)
    data = form.cleaned_data
    try:
        content = bulletins.bulletin_preview(
            actor=request.user, start=data["start"], end=data["end"], title=data["title"]
        )
    except PdfFontMissing as error:
        return _font_missing(error)
    return pdf_response(content, f"督查通报样稿-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.pdf")


@idempotent  # a double click issues one number, not two
@workflow_action
def bulletin_issue(request):
    """印发: the next number of the year's series, stored as issued [11], [40]."""
    form = PeriodForm(request.POST)
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    data = form.cleaned_data
    try:
        bulletin = bulletins.bulletin_issue(
            actor=request.user, start=data["start"], end=data["end"], title=data["title"]
        )
    except PdfFontMissing as error:
        return _font_missing(error)
    messages.success(request, f"督查通报{bulletin.number_label}已印发。")
    return redirect("supervision:bulletins")


def bulletin_file(request, pk: int):
    """An issued bulletin, exactly as issued."""
    _office(request)
    bulletin = Bulletin.objects.filter(pk=pk).first()
    if bulletin is None:
        raise Http404("该督查通报不存在。")
    try:
        handle = bulletin.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不在服务器上，请联系管理员。") from None
    response = FileResponse(
        handle, content_type="application/pdf", filename=f"督查通报{bulletin.year}-{bulletin.serial}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list = [
    path("<int:pk>/urge.pdf", urge_pdf, name="urge_pdf"),
    path("bulletins/", bulletin_list, name="bulletins"),
    path("bulletins/preview.pdf", bulletin_preview, name="bulletin_preview"),
    path("bulletins/issue/", bulletin_issue, name="bulletin_issue"),
    path("bulletins/<int:pk>.pdf", bulletin_file, name="bulletin_pdf"),
]

"""现行有效规范性文件目录 [13]: the public list every signed-in person may read and take away — the page, the
Excel copy and the PDF a county posts (序号, 文件名称, 文号, 施行日期, 有效期至).

In force is not a state: published, in effect and not past 有效期至 today (``selectors.in_force``); a document
past its validity leaves the list on its own.
"""

from __future__ import annotations

from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from core.actions import refusal_response
from core.pdf import pdf_response

from .. import exports, pdf, selectors
from ..forms import InForceFilterForm
from .common import IN_FORCE_COLUMNS, chapter_allowed, nav, search

MAX_ROWS = 2000  # a county has some hundreds at most; the list shows them all on one page, as the paper does


def listed(request):
    """The in-force list, filtered, or ``None`` for a hand-edited filter."""
    chapter_allowed(request.user)
    form = InForceFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    d = form.cleaned_data if form.is_bound else {}
    qs = selectors.in_force_visible_to(request.user, timezone.localdate())
    if d.get("authority"):
        qs = qs.filter(authority=d["authority"])
    qs = search(qs, d.get("q", ""))
    return form, list(qs.only(*IN_FORCE_COLUMNS)[: MAX_ROWS + 1])


def in_force(request):
    """现行有效规范性文件目录: every signed-in person, 联络员 too — normative documents are public [13]."""
    form, rows = listed(request)
    if rows is None:
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    more = len(rows) > MAX_ROWS
    query = request.GET.urlencode()
    return render(
        request,
        "normative/in_force.html",
        {
            **nav(request.user),
            "title": "现行有效规范性文件目录",
            "rows": rows[:MAX_ROWS],
            "more": more,
            "form": form,
            "query": query,
            "filtered": bool(query),
            "today": timezone.localdate(),
        },
    )


def in_force_xlsx(request):
    _form, rows = listed(request)
    if rows is None:
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    today = timezone.localdate()
    content = exports.in_force_xlsx(rows[:MAX_ROWS], today=today)
    return exports.download(content, f"现行有效规范性文件目录（{today:%Y年%m月%d日}）.xlsx")


def in_force_pdf(request):
    _form, rows = listed(request)
    if rows is None:
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    today = timezone.localdate()
    content = pdf.in_force_pdf(rows[:MAX_ROWS], today=today)
    return pdf_response(content, f"现行有效规范性文件目录（{today:%Y年%m月%d日}）.pdf")


urlpatterns: list = [
    path("in-force/", in_force, name="in_force"),
    path("in-force.xlsx", in_force_xlsx, name="in_force_xlsx"),
    path("in-force.pdf", in_force_pdf, name="in_force_pdf"),
]

"""Letters to the petitioner as PDFs [47], [48], [50]: 受理告知书, 不予受理告知书, 处理意见书, 延期告知书.

The case comes through ``selectors.get_case_for`` (404 for a case one may not see); a letter carries the
petitioner's name and address, so only the petition staff and the case's handlers print it
(``rules.can_see_personal_data``) — a leader who may read the (masked) case gets a 403 that says why.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path

from core.actions import refusal_response
from core.pdf import PdfFontMissing, pdf_response

from .. import pdf, rules, selectors

MAX_ID = 2**31 - 1


def letter(request, pk: int, kind: str):
    """One letter of the case, inline (to print), never cached."""
    if kind not in pdf.LETTERS:
        raise Http404("没有这种告知书。")
    case = selectors.get_case_for(request.user, pk)
    if not rules.can_see_personal_data(request.user, case):
        raise PermissionDenied("告知书载有信访人的姓名和住址，只有信访接待人员和该件的承办人员可以打印 [48]。")
    extension = None
    if kind == "extension":
        raw = request.GET.get("extension", "")
        extension_id = int(raw) if raw.isdigit() and int(raw) <= MAX_ID else None
        if raw and extension_id is None:
            return refusal_response(request, status=400, messages=["延期申请编号不正确。"])
        extension = pdf.approved_extension(case, extension_id)
    problem = pdf.letter_problem(case, kind, extension)
    if problem:
        return refusal_response(request, status=400, messages=[problem])
    try:
        content = pdf.letter_pdf(case, kind, user=request.user, extension=extension)
    except PdfFontMissing as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return pdf_response(content, pdf.filename(case, kind))


urlpatterns: list = [
    path("<int:pk>/letters/<slug:kind>.pdf", letter, name="letter_pdf"),
]

"""The meeting's papers to print: 会议通知, 签到表 (before the meeting), 出席情况 (after it) [6], [17].

Through ``get_meeting_for`` (404 for a meeting one may not see, classified included [31], [32]); the sign-in
sheet and the attendance record are the office's and the chair's papers; a cancelled meeting has none.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path

from core.actions import refusal_response
from core.pdf import PdfFontMissing, pdf_response

from .. import pdf, rules
from ..models import HELD_STATES, State
from ..selectors import get_meeting_for


def _answer(render, meeting, what: str):
    try:
        content = render(meeting)
    except PdfFontMissing as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    return pdf_response(content, f"{what}-{meeting.title}-{meeting.starts_at:%Y%m%d}.pdf")


def _meeting(request, pk: int):
    meeting = get_meeting_for(request.user, pk)
    if meeting.state == State.CANCELLED:
        raise Http404("会议已取消。")
    return meeting


def _office_or_chair(request, meeting) -> None:
    if not (rules.is_organiser(request.user) or request.user.pk == meeting.chair_id):
        raise PermissionDenied("签到表和出席情况由办公室（会务）和主持人打印 [17]。")


def notice_pdf(request, pk: int):
    """会议通知 (PDF): time, place, chair, attendees, agenda, what to bring [6], [17]."""
    meeting = _meeting(request, pk)
    return _answer(pdf.notice_pdf, meeting, "会议通知")


def sign_in_pdf(request, pk: int):
    """签到表 (PDF), printed before the meeting for people to sign [17]."""
    meeting = _meeting(request, pk)
    _office_or_chair(request, meeting)
    return _answer(pdf.sign_in_pdf, meeting, "签到表")


def attendance_pdf(request, pk: int):
    """出席情况 (PDF) once the meeting is held: present, 代会, 请假, 缺席 [17], [26(6)3]."""
    meeting = _meeting(request, pk)
    _office_or_chair(request, meeting)
    if meeting.state not in HELD_STATES:
        return refusal_response(request, status=400, messages=["会议召开后才有出席情况记录；会前请打印签到表。"])
    return _answer(pdf.attendance_pdf, meeting, "出席情况")


urlpatterns: list = [
    path("<int:pk>/notice.pdf", notice_pdf, name="notice_pdf"),
    path("<int:pk>/sign-in.pdf", sign_in_pdf, name="sign_in_pdf"),
    path("<int:pk>/attendance.pdf", attendance_pdf, name="attendance_pdf"),
]

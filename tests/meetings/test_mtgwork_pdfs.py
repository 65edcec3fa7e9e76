"""The meeting's papers as PDF — 会议通知, 签到表, 出席情况, 会议纪要 — with a CJK font embedded and only for
people who may see the meeting [6], [17], [37], [31], [32]."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from meetings import services
from meetings.kinds import Kind
from meetings.models import Attendee, Minutes
from org.models import SecretLevel
from org.selectors import display_name
from tests import requires

from .factories import held, meeting

pytestmark = [pytest.mark.django_db, requires.poppler]


def _check(response, tmp_path, *expected):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "out.pdf"
    path.write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts or "Noto" in fonts or "WenQuanYi" in fonts, fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:] if line.strip()), fonts  # every font embedded
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for words in expected:
        assert words in text.replace(" ", "").replace("\n", ""), words
    return text


def test_the_notice_and_sign_in_sheet_before_the_meeting_6_17(client_as, office, tmp_path):
    """[6], [17]: 会议通知 with time, place, chair and agenda; 签到表 with a line per attendee."""
    m = meeting(office, attendees=[office["fuzhuren"], office["kezhang"]], title="冬季值班工作会议")
    topic = services.topic_propose(
        actor=office["kezhang"],
        data=services.TopicData(kind=Kind.DIRECTOR_OFFICE, category="18-4", title="统筹安排冬季值班"),
    )
    services.topic_accept(actor=office["zhuren"], pk=topic.pk, meeting_pk=m.pk)
    _check(
        client_as("kezhang").get(reverse("meetings:notice_pdf", args=[m.pk])),
        tmp_path,
        "会议通知",
        "冬季值班工作会议",
        "统筹安排冬季值班",
        display_name(office["zhuren"]),
    )
    _check(
        client_as("shoufa").get(reverse("meetings:sign_in_pdf", args=[m.pk])),
        tmp_path,
        "签到表",
        display_name(office["kezhang"]),
        display_name(office["fuzhuren"]),
    )
    # An attendee prints the notice, not the office's sign-in sheet; the attendance record waits for the meeting.
    assert client_as("kezhang").get(reverse("meetings:sign_in_pdf", args=[m.pk])).status_code == 403
    assert client_as("shoufa").get(reverse("meetings:attendance_pdf", args=[m.pk])).status_code == 400


def test_the_attendance_record_after_the_meeting_17(client_as, office, tmp_path):
    """[17]: who came, who was away (请假), who was absent — counted."""
    m = meeting(office, attendees=[office["fuzhuren"], office["kezhang"]])
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    services.meeting_open(actor=office["shoufa"], pk=m.pk)
    seat = m.attendees.get(person=office["kezhang"])
    services.attendance_record(actor=office["shoufa"], pk=m.pk, attendee_id=seat.pk, status=Attendee.Status.PRESENT)
    services.meeting_close(actor=office["shoufa"], pk=m.pk)
    _check(
        client_as("zhuren").get(reverse("meetings:attendance_pdf", args=[m.pk])),
        tmp_path,
        "出席情况",
        "已签到",
        "缺席",
        display_name(office["kezhang"]),
    )


def test_the_issued_minutes_pdf_has_its_number_and_the_decisions_table_6_37(client_as, office, tmp_path):
    """[6], [37]: 县政府常务会议纪要〔2026〕1号, the body, and each decision with unit, leader and deadline."""
    from datetime import date

    m = held(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"])
    services.minutes_start(actor=office["shoufa"], pk=m.pk)
    minutes = Minutes.objects.get(meeting=m)
    services.minutes_save(actor=office["shoufa"], pk=minutes.pk, body="会议研究了草原防火工作。")
    services.decision_add(
        actor=office["shoufa"],
        pk=m.pk,
        data=services.DecisionData(
            text="农牧局牵头储备防火物资",
            leader=office["fuxianzhang1"],
            due_date=date(2026, 10, 15),
            units=(office.units["department"],),
        ),
    )
    services.minutes_submit(actor=office["shoufa"], pk=minutes.pk)
    services.minutes_approve(actor=office["xianzhang"], pk=minutes.pk)
    services.minutes_issue(actor=office["shoufa"], pk=minutes.pk)
    _check(
        client_as("xianzhang").get(reverse("meetings:minutes_pdf", args=[m.pk])),
        tmp_path,
        "县政府常务会议纪要",
        "〔2026〕1号",
        "会议研究了草原防火工作",
        "农牧局牵头储备防火物资",
        office.units["department"].name,
        display_name(office["fuxianzhang1"]),
        "2026年10月15日",
    )


def test_an_outsider_gets_no_paper_of_a_classified_meeting_31_32(client_as, office):
    """[31], [32]: every PDF of a classified meeting is a 404 for someone not on it."""
    m = meeting(office, secret_level=SecretLevel.SECRET, attendees=[office["zhuren"]])
    for name in ("notice_pdf", "sign_in_pdf", "attendance_pdf", "minutes_pdf"):
        for key in ("guikou1", "fuzhuren"):
            assert client_as(key).get(reverse(f"meetings:{name}", args=[m.pk])).status_code == 404, (name, key)

"""What 请销假 hands out [51], [54]: the 请假审批单 PDF with a Chinese font, the monthly 考勤汇总 workbook with the
figures (and typed text that never becomes a formula), the ICS feed that shows kind and period but never the
reason, behind a secret address that a reset kills."""

from __future__ import annotations

import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from leave import feeds
from org.models import Profile
from org.selectors import display_name
from tests import requires

from .factories import approved, sent

TUESDAY = date(2026, 9, 15)


# --- 请假审批单 ----------------------------------------------------------------------------------------------------


@requires.poppler
def test_the_leave_form_pdf_has_a_cjk_font_and_the_approvers_opinion(client_as, office, kinds, tmp_path):
    """[54] the paper form: the request, the approver, the rule and article, the opinion and its date."""
    req = sent(office["guikou1"], kinds["事假"], TUESDAY, date(2026, 9, 16), reason="回老家办理户籍")
    from leave import services

    services.leave_approve(actor=office["zhuren"], pk=req.pk, comment="同意，按时返岗。")
    response = client_as("guikou1").get(reverse("leave:form_pdf", args=[req.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "form.pdf"
    path.write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts or "Noto" in fonts or "WenQuanYi" in fonts, fonts
    assert " yes " in fonts  # embedded
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for expected in (
        "请假审批单",
        display_name(office["guikou1"]),
        display_name(office["zhuren"]),
        "同意，按时返岗",
        "[54]",
    ):
        assert expected in text, expected
    assert client_as("guikou2").get(reverse("leave:form_pdf", args=[req.pk])).status_code == 404


# --- 考勤汇总 ------------------------------------------------------------------------------------------------------


def _sheet(response):
    return load_workbook(BytesIO(response.content)).active


def test_the_monthly_attendance_summary_has_the_figures(client_as, office, kinds):
    """Working days away per person and kind [54]; everyone of the office listed, at work or not."""
    approved(office["guikou1"], kinds["事假"], TUESDAY, date(2026, 9, 16), start_half="pm")  # 1.5 days
    approved(office["fazhi"], kinds["病假"], date(2026, 9, 17))  # 1 day
    response = client_as("shoufa").get(reverse("leave:attendance_xlsx"), {"year": 2026, "month": 9})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = _sheet(response)
    header = [c.value for c in sheet[2]]
    rows = {r[1]: dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=3, values_only=True) if r[1]}
    mine = rows[display_name(office["guikou1"])]
    assert mine["事假"] == 1.5 and mine["外出合计"] == 1.5
    assert rows[display_name(office["fazhi"])]["病假"] == 1
    assert rows[display_name(office["guikou3"])]["外出合计"] == 0  # at work all month, still listed


def test_the_summary_never_turns_typed_text_into_a_formula(client_as, office, kinds):
    Profile.objects.filter(user=office["guikou1"]).update(full_name='=HYPERLINK("http://x","y")')
    approved(office["guikou1"], kinds["事假"], TUESDAY)
    sheet = _sheet(client_as("zhuren").get(reverse("leave:attendance_xlsx"), {"year": 2026, "month": 9}))
    cells = [c for row in sheet.iter_rows(min_row=3) for c in row if c.value == '=HYPERLINK("http://x","y")']
    assert cells and all(c.data_type == "s" for c in cells)


def test_only_those_with_the_export_permission_export(client_as):
    assert client_as("guikou1").get(reverse("leave:attendance_xlsx")).status_code == 403
    assert client_as("zhuren").get(reverse("leave:attendance_xlsx"), {"month": "13"}).status_code == 400


# --- the ICS feed --------------------------------------------------------------------------------------------------


def test_the_feed_shows_approved_absences_without_their_reason(client, client_as, office, kinds):
    """Kind and period of approved absences only — never the reason [54]; reached without signing in."""
    approved(office["guikou1"], kinds["病假"], TUESDAY, reason="住院检查心脏")
    sent(office["guikou1"], kinds["事假"], date(2026, 9, 18), reason="未批准的不出现")
    page = client_as("guikou1").get(reverse("leave:feed_settings")).content.decode()
    token = feeds.token_for(office["guikou1"])
    assert reverse("leave:feed", args=[token]) in page
    client.logout()
    response = client.get(reverse("leave:feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "SUMMARY:病假（已批准）" in body and "DTSTART;TZID=Asia/Shanghai:20260915T000000" in body
    assert "住院" not in body and "未批准" not in body and "事假" not in body


def test_resetting_the_feed_kills_the_old_address(client, client_as, office, kinds):
    approved(office["guikou1"], kinds["事假"], TUESDAY)
    old = feeds.token_for(office["guikou1"])
    assert client_as("guikou1").post(reverse("leave:feed_settings")).status_code == 302
    new = feeds.token_for(office["guikou1"])
    assert new != old
    client.logout()
    assert client.get(reverse("leave:feed", args=[old])).status_code == 404
    assert client.get(reverse("leave:feed", args=[new])).status_code == 200


@pytest.mark.parametrize("token", ["nonsense", "1-" + "0" * 64, "abc-def", "-"])
def test_a_forged_feed_address_is_404(client, office, token):
    assert client.get(reverse("leave:feed", args=[token])).status_code == 404


def test_another_persons_token_does_not_open_mine(client, office):
    mine = feeds.token_for(office["guikou1"])
    theirs = feeds.token_for(office["guikou2"])
    forged = f"{office['guikou1'].pk}-{theirs.split('-', 1)[1]}"
    assert forged != mine and client.get(reverse("leave:feed", args=[forged])).status_code == 404

"""检查 and 整改 [36]: an inspection approved by an office leader, findings per unit with the rectification asked
and its deadline, rectifications reported by the unit's own contact and accepted or sent back by the office."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from core.models import Notification
from core.workflow import ActionRefused, StaleAction
from disclosure import rules, selectors, services
from disclosure.models import (
    Finding,
    FindingAttachment,
    FindingLog,
    FindingState,
    Inspection,
    InspectionLog,
    InspectionState,
)
from tests import files

from .factories import CONTACT, LEADER, OFFICER, approved, finding, planned, running


def test_an_inspection_starts_only_once_an_office_leader_approved_its_plan_36(office):
    """[36]: the office inspects regularly — on a plan an office leader approved (the officer cannot)."""
    inspection = planned(office)
    assert Notification.objects.filter(recipient=office[LEADER], title__contains="检查计划待批准").exists()
    with pytest.raises(ActionRefused, match=r"尚未经办公室领导批准.*\[36\]"):
        services.inspection_start(actor=office[OFFICER], pk=inspection.pk)
    with pytest.raises(ActionRefused, match=r"主任或副主任批准 \[36\]"):
        services.inspection_approve(actor=office[OFFICER], pk=inspection.pk)
    services.inspection_approve(actor=office[LEADER], pk=inspection.pk, comment="同意")
    with pytest.raises(ActionRefused):
        services.inspection_approve(actor=office["zhuren"], pk=inspection.pk)  # once
    with pytest.raises(ActionRefused, match="已经批准"):
        services.inspection_update(
            actor=office[OFFICER],
            pk=inspection.pk,
            data=services.InspectionData(title="改名", period="2026年第三季度", planned_on=date(2026, 9, 20), units=()),
        )
    services.inspection_start(actor=office[OFFICER], pk=inspection.pk)
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.IN_PROGRESS and inspection.leader == office[LEADER]


def test_a_finding_is_recorded_for_an_inspected_unit_with_its_rectification_and_deadline_36(office):
    """[36]: findings while the inspection runs, for a unit it inspects, with what to rectify and by when; the
    unit's 联络员 is told."""
    not_running = approved(office)
    with pytest.raises(ActionRefused, match="检查中"):
        finding(office, not_running)
    inspection = running(office, units=("township",))
    with pytest.raises(ValidationError, match="不在本次检查的被检查单位中"):
        finding(office, inspection, unit="department")
    with pytest.raises(ValidationError, match=r"整改要求 \[36\]"):
        finding(office, inspection, rectification_asked=" ")
    with pytest.raises(ActionRefused):
        services.finding_record(
            actor=office[CONTACT],
            inspection_pk=inspection.pk,
            data=services.FindingData(
                unit=office.units["township"], problem="x", rectification_asked="y", due_on=date(2026, 10, 9)
            ),
        )
    f = finding(office, inspection)
    assert f.state == FindingState.OPEN and f.due_on == date(2026, 10, 9)
    assert Notification.objects.filter(recipient=office[CONTACT], title__contains="请于10月09日前整改").exists()


def test_a_unit_contact_neither_sees_nor_reports_on_another_units_finding_36(office):
    """[36]: a township's 联络员 sees their own unit's findings and reports on them only."""
    inspection = running(office)
    own = finding(office, inspection, unit="township")
    other = finding(office, inspection, unit="department", problem="农牧局未公开补贴名单")
    contact = office[CONTACT]
    assert list(selectors.findings_visible_to(contact)) == [own]
    with pytest.raises(Http404):
        selectors.get_finding_for(contact, other.pk)
    assert selectors.get_finding_for(contact, own.pk) == own
    assert not rules.can_report_rectification(other, contact)
    with pytest.raises(ActionRefused, match=r"该单位的联络员.*\[36\]"):
        services.rectification_report(actor=contact, pk=other.pk, report="已整改")
    assert Finding.objects.get(pk=other.pk).state == FindingState.OPEN
    # The inspections a contact sees: those that include their unit.
    alone = running(office, units=("department",), title="农牧局专项检查")
    assert list(selectors.inspections_visible_to(contact)) == [inspection]
    with pytest.raises(Http404):
        selectors.get_inspection_for(contact, alone.pk)
    # Someone outside the chapter sees nothing.
    assert not selectors.findings_visible_to(office["guikou1"]).exists()


def test_a_rectification_reported_is_accepted_by_the_office_36(office):
    """[36]: the unit's contact reports, the office checks and accepts; on time when reported by the deadline."""
    f = finding(office)
    with pytest.raises(ActionRefused):
        services.rectification_accept(actor=office[OFFICER], pk=f.pk)  # nothing reported yet
    with pytest.raises(ValidationError, match=r"整改情况 \[36\]"):
        services.rectification_report(actor=office[CONTACT], pk=f.pk, report="  ")
    services.rectification_report(actor=office[CONTACT], pk=f.pk, report="年度报告已补发并张贴")
    assert Notification.objects.filter(recipient=office[OFFICER], title__contains="整改情况待验收").exists()
    with pytest.raises(ActionRefused, match=r"验收整改 \[36\]"):
        services.rectification_accept(actor=office[CONTACT], pk=f.pk)  # never the unit itself
    done = services.rectification_accept(actor=office[OFFICER], pk=f.pk, comment="经核实已整改")
    assert done.state == FindingState.ACCEPTED and done.on_time is True and done.accepted_by == office[OFFICER]
    assert Notification.objects.filter(recipient=office[CONTACT], title__contains="整改已验收").exists()


def test_a_rectification_report_keeps_its_materials_checked_and_signed_36(office, settings, tmp_path):
    """[36]: the 整改材料 sent with a report are kept with the name they came under, their checked type and size,
    and who sent them; a file whose content is not its extension's is refused and nothing is reported."""
    settings.MEDIA_ROOT = tmp_path
    f = finding(office)
    fake = SimpleUploadedFile("整改照片.png", b"<html>not a picture</html>", content_type="image/png")
    with pytest.raises(ValidationError, match="文件内容与扩展名不符"):
        services.rectification_report(actor=office[CONTACT], pk=f.pk, report="已整改", uploads=[fake])
    assert not FindingAttachment.objects.exists()
    paper = SimpleUploadedFile("整改报告.pdf", files.pdf(), content_type="application/pdf")
    services.rectification_report(actor=office[CONTACT], pk=f.pk, report="已整改", uploads=[paper])
    (kept,) = FindingAttachment.objects.filter(finding=f)
    assert (str(kept), kept.content_type, kept.size, kept.uploaded_by) == (
        "整改报告.pdf",
        "application/pdf",
        len(files.pdf()),
        office[CONTACT],
    )
    assert kept.uploaded_at is not None and kept.file.name.startswith("disclosure/")


def test_a_rectification_is_sent_back_with_a_reason_and_reported_again_36(office, clock):
    """[36]: the office sends an insufficient rectification back with its reason (perhaps a new deadline); the
    unit reports again; accepted after the deadline it counts as late."""
    f = finding(office, due_on=date(2026, 9, 30))
    services.rectification_report(actor=office[CONTACT], pk=f.pk, report="已整改")
    with pytest.raises(ValidationError, match=r"退回理由 \[36\]"):
        services.rectification_send_back(actor=office[OFFICER], pk=f.pk, reason=" ")
    back = services.rectification_send_back(
        actor=office[OFFICER], pk=f.pk, reason="未见公开栏照片", due_on=date(2026, 10, 16)
    )
    assert back.state == FindingState.OPEN and back.return_reason == "未见公开栏照片"
    assert back.due_on == date(2026, 10, 16)
    note = Notification.objects.get(recipient=office[CONTACT], title__contains="整改被退回")
    assert "未见公开栏照片" in note.body
    clock.move_to("2026-10-20 10:00 +08:00")
    services.rectification_report(actor=office[OFFICER], pk=f.pk, report="联络员电话报送：已补拍照片")
    done = services.rectification_accept(actor=office[OFFICER], pk=f.pk)
    assert done.on_time is False
    actions = list(FindingLog.objects.filter(document=f).values_list("action", "from_state", "to_state"))
    assert actions == [
        ("record", "", "open"),
        ("report", "open", "reported"),
        ("send_back", "reported", "open"),
        ("report", "open", "reported"),
        ("accept", "reported", "accepted"),
    ]
    assert "整改期限 2026-09-30 → 2026-10-16" in FindingLog.objects.get(document=f, action="send_back").comment


def test_a_stale_page_is_refused_and_nothing_changes_36(office):
    """Two people on one finding: the officer accepted, the contact's older page tries to report — 409."""
    f = finding(office)
    seen = f.version
    services.rectification_report(actor=office[OFFICER], pk=f.pk, seen_version=seen, report="办公室代报")
    with pytest.raises(StaleAction, match="请刷新页面"):
        services.rectification_report(actor=office[CONTACT], pk=f.pk, seen_version=seen, report="联络员报送")
    assert Finding.objects.get(pk=f.pk).rectification_report == "办公室代报"


def test_an_inspection_closes_only_with_its_findings_settled_or_carried_over_36(office):
    """[36]: closing asks every finding accepted; the unsettled ones may be carried over (结转) and stay
    followed."""
    inspection = running(office)
    settled = finding(office, inspection)
    services.rectification_report(actor=office[CONTACT], pk=settled.pk, report="已整改")
    services.rectification_accept(actor=office[OFFICER], pk=settled.pk)
    left = finding(office, inspection, unit="department")
    with pytest.raises(ValidationError, match=r"尚有1个问题未验收整改.*\[36\]"):
        services.inspection_close(actor=office[OFFICER], pk=inspection.pk)
    services.inspection_close(actor=office[OFFICER], pk=inspection.pk, carry_over=True, summary="总体较好")
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.CLOSED
    left.refresh_from_db()
    assert left.carried_over and left.state == FindingState.OPEN
    assert "结转1个问题" in InspectionLog.objects.get(document=inspection, action="close").comment


def test_every_step_is_logged_with_who_and_the_states_36(office):
    """Every transition of an inspection and a finding is in its log (the audit trail)."""
    inspection = running(office, units=("township",))
    f = finding(office, inspection)
    services.rectification_report(actor=office[CONTACT], pk=f.pk, report="已整改")
    services.rectification_accept(actor=office[OFFICER], pk=f.pk)
    services.inspection_close(actor=office[OFFICER], pk=inspection.pk)
    log = list(InspectionLog.objects.filter(document=inspection).values_list("action", "actor_id"))
    officer, leader = office[OFFICER].pk, office[LEADER].pk
    assert log == [("plan", officer), ("approve", leader), ("start", officer), ("finding", officer), ("close", officer)]
    assert Inspection.objects.get(pk=inspection.pk).version == 3  # approve, start, close bump it; planned at 0
    assert FindingLog.objects.filter(document=f).count() == 3


def test_a_stale_finding_page_is_a_409_36(office, client_as):
    """Through the page: the officer's page predates the contact's report being sent back — 409, nothing done."""
    from django.urls import reverse

    f = finding(office)
    services.rectification_report(actor=office[CONTACT], pk=f.pk, report="已整改")
    seen = Finding.objects.get(pk=f.pk).version
    services.rectification_send_back(actor=office["zhuren"], pk=f.pk, seen_version=seen, reason="材料不全")
    services.rectification_report(actor=office[CONTACT], pk=f.pk, report="已补齐材料")
    response = client_as(OFFICER).post(
        reverse("disclosure:finding_act", args=[f.pk, "accept"]), {"version": seen, "comment": ""}
    )
    assert response.status_code == 409
    assert "请刷新页面" in response.content.decode()
    assert Finding.objects.get(pk=f.pk).state == FindingState.REPORTED


def test_a_rectification_report_may_send_a_word_file_36(office, settings, tmp_path):
    """[36]: a unit's 整改报告 is often a Word file; its content type (71 characters) is kept whole — it used to
    overflow a 60-character column on PostgreSQL."""
    settings.MEDIA_ROOT = tmp_path
    f = finding(office)
    word = SimpleUploadedFile("整改报告.docx", b"PK\x03\x04" + b"\0" * 200, content_type="application/octet-stream")
    services.rectification_report(actor=office[CONTACT], pk=f.pk, report="已整改", uploads=[word])
    (kept,) = FindingAttachment.objects.filter(finding=f)
    assert kept.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

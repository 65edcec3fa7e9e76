"""Cases [13]: the reply deadline computed by rule from received_on and reminded before it (once) and at it; a
case closes only with an outcome; a stale page is refused; only 法制科 handles; nothing is deleted."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.workflow import ActionRefused, StaleAction
from deadlines.models import Reminder
from deadlines.services import deadlines_scan
from legal import services
from legal.models import Case, CaseKind, CaseLog, CaseState, Outcome

from .factories import LEGAL, case, replied

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_reconsideration_reply_due_in_ten_working_days_across_the_holiday_13(office):
    """[13] 行政复议法 第四十八条/第八十八条: received Monday 21 September, the reply is due 12 October — ten
    working days, 1–7 October and the weekends not counted."""
    c = case(office, received_on=date(2026, 9, 21))
    assert c.reply_due_on == date(2026, 10, 12)
    assert "答复期限：2026年10月12日" in c.log.get().comment


def test_litigation_defence_due_in_fifteen_days_moved_past_the_holiday_13(office):
    """[13] 行政诉讼法 第六十七条: fifteen days from 21 September is 6 October, a holiday: due 8 October."""
    c = case(office, kind=CaseKind.LITIGATION, received_on=date(2026, 9, 21))
    assert c.reply_due_on == date(2026, 10, 8)


def test_changing_received_on_computes_the_deadline_again_13(office):
    c = case(office, received_on=date(2026, 9, 21))
    data = services.CaseData(
        kind=c.kind, number=c.number, party_name=c.party_name, act=c.act, unit=c.unit,
        received_on=date(2026, 9, 18), handler=c.handler,
    )  # fmt: skip
    c = services.case_update(actor=office[LEGAL], pk=c.pk, seen_version=c.version, data=data, reason="更正收到日期")
    assert c.reply_due_on == date(2026, 10, 9)
    assert "2026-10-12 → 2026-10-09" in c.log.last().comment


def test_the_reply_deadline_is_reminded_three_working_days_before_once_and_at_it_13(office, clock):
    """[13]: due 12 October, the warning goes on 30 September (9 Oct, 8 Oct, 30 Sep are the three working days
    before), to the handler (法制科's chief here) — once however many scans run; the deadline itself is reminded."""
    c = case(office, received_on=date(2026, 9, 21))
    deadlines_scan(now=_at(2026, 9, 29, 9), deliver="inline")
    assert not Reminder.objects.filter(rule="legal.reply", item_id=c.pk).exists()
    for moment in (_at(2026, 9, 30, 9), _at(2026, 9, 30, 9, 30), _at(2026, 10, 8, 9)):
        clock.move_to(moment)
        deadlines_scan(now=moment, deliver="inline")
    warned = Reminder.objects.filter(rule="legal.reply", item_id=c.pk, stage="warning")
    assert list(warned.values_list("recipient_id", flat=True)) == [office[LEGAL].pk]
    assert "答复期限：行政复议案件 杂政复〔2026〕11号" in warned.get().title
    assert "才仁" not in warned.get().title  # reminders never name the private party
    clock.move_to(_at(2026, 10, 13, 9))
    deadlines_scan(now=_at(2026, 10, 13, 9), deliver="inline")
    deadlines_scan(now=_at(2026, 10, 13, 10), deliver="inline")
    assert (
        Reminder.objects.filter(rule="legal.reply", item_id=c.pk, stage="overdue", recipient=office[LEGAL]).count() == 1
    )


def test_a_replied_case_is_not_reminded_but_its_hearing_is_the_day_before_13(office, clock):
    c = replied(office, received_on=date(2026, 9, 21))
    services.case_set_hearing(actor=office[LEGAL], pk=c.pk, hearing_on=date(2026, 10, 16))
    deadlines_scan(now=_at(2026, 10, 13, 9), deliver="inline")
    assert not Reminder.objects.filter(rule="legal.reply", item_id=c.pk).exists()
    deadlines_scan(now=_at(2026, 10, 14, 9), deliver="inline")
    assert not Reminder.objects.filter(rule="legal.hearing", item_id=c.pk).exists()
    deadlines_scan(now=_at(2026, 10, 15, 9), deliver="inline")
    assert Reminder.objects.filter(rule="legal.hearing", item_id=c.pk, stage="warning").count() == 1


def test_a_case_cannot_close_without_an_outcome_13(office):
    """[13]: 结案 requires the outcome; the database refuses a closed case without one too."""
    c = replied(office)
    with pytest.raises(ValidationError, match="结案须选择结果"):
        services.case_close(actor=office[LEGAL], pk=c.pk, outcome="")
    c.refresh_from_db()
    assert c.state == CaseState.REPLIED
    with pytest.raises(ValidationError, match="判决结果请写明"):
        services.case_close(actor=office[LEGAL], pk=c.pk, outcome=Outcome.JUDGMENT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=c.pk).update(state=CaseState.CLOSED, outcome="")
    done = services.case_close(actor=office[LEGAL], pk=c.pk, outcome=Outcome.UPHELD, outcome_note="维持")
    assert done.state == CaseState.CLOSED and done.closed_on is not None


def test_a_case_cannot_close_before_its_reply_13(office):
    c = case(office)
    with pytest.raises(ActionRefused, match="须先提交答复"):
        services.case_close(actor=office[LEGAL], pk=c.pk, outcome=Outcome.UPHELD)


def test_the_whole_path_is_logged_and_the_heard_step_is_optional_13(office):
    c = case(office)
    services.case_start(actor=office[LEGAL], pk=c.pk)
    services.case_materials(actor=office[LEGAL], pk=c.pk, received_on=c.received_on, note="部门答复意见")
    services.case_reply(actor=office[LEGAL], pk=c.pk, replied_on=c.received_on)
    services.case_hear(actor=office[LEGAL], pk=c.pk, comment="开庭")
    services.case_close(actor=office[LEGAL], pk=c.pk, outcome=Outcome.DISMISSED)
    actions = list(CaseLog.objects.filter(document=c).values_list("action", flat=True))
    assert actions == ["register", "start", "materials", "reply", "hear", "close"]
    other = replied(office, number="杂政复〔2026〕12号")
    assert services.case_close(actor=office[LEGAL], pk=other.pk, outcome=Outcome.REVOKED).state == CaseState.CLOSED


def test_a_withdrawn_case_is_kept_with_its_reason_13(office):
    c = case(office)
    with pytest.raises(ValidationError):
        services.case_withdraw(actor=office[LEGAL], pk=c.pk, reason=" ")
    services.case_withdraw(actor=office[LEGAL], pk=c.pk, reason="申请人撤回复议申请")
    c.refresh_from_db()
    assert c.state == CaseState.WITHDRAWN and c.withdrawn_reason == "申请人撤回复议申请"
    with pytest.raises(ActionRefused):
        services.case_start(actor=office[LEGAL], pk=c.pk)


def test_a_stale_page_is_refused_13(office):
    c = case(office)
    services.case_start(actor=office[LEGAL], pk=c.pk, seen_version=c.version)
    with pytest.raises(StaleAction, match="已被"):
        services.case_reply(actor=office[LEGAL], pk=c.pk, seen_version=c.version, replied_on=c.received_on)


@pytest.mark.parametrize("username", ["zhuren", "xianzhang", "kezhang", "lianluo"])
def test_only_the_legal_section_registers_and_handles_13(office, username):
    """[13]: leaders supervise, a department's contact supplies materials — neither registers nor handles."""
    with pytest.raises(ActionRefused, match="法制科"):
        case(office, actor_override=None) if False else services.case_register(
            actor=office[username],
            data=services.CaseData(
                kind=CaseKind.RECONSIDERATION, number="x", party_name="x", act="x", unit=office.units["township"],
                received_on=date(2026, 9, 21), handler=office[LEGAL],
            ),
        )  # fmt: skip
    c = case(office)
    with pytest.raises(ActionRefused, match="法制科"):
        services.case_start(actor=office[username], pk=c.pk)


def test_the_handler_must_be_of_the_legal_section_and_input_is_checked_13(office):
    with pytest.raises(ValidationError) as error:
        case(office, handler=office["kezhang"], number=" ", received_on=date(2026, 12, 1))
    text = " ".join(error.value.messages)
    assert "承办人应为法制科人员" in text and "请填写案号" in text and "不能晚于今天" in text


def test_registering_tells_the_departments_contact_without_the_partys_name_13(office):
    from core.models import Notification

    case(office)
    note = Notification.objects.get(recipient=office["lianluo"])
    assert "请报送答复材料" in note.title and "才仁" not in note.title + note.body

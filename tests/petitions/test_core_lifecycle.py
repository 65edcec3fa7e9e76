"""The case's lifecycle through the services [47]–[50] and the 《信访工作条例》's steps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django_fsm import TransitionNotAllowed

from core.models import Notification
from core.workflow import ActionRefused, StaleAction
from petitions import services
from petitions.models import Case, Handling, Incident, ReviewKind, State

from . import factories as f

pytestmark = pytest.mark.django_db


def test_group_visit_routed_to_a_township_answered_and_closed(office):
    """A group visit of 8 routed (交办) to a township, the township's answer recorded by its contact, the
    petitioner told, closed with satisfaction [47]–[50]."""
    case = f.group_visit(office, people=8)
    assert case.is_group and case.head_count == 8 and case.petitioners.count() == 3
    case = services.refer_case(
        actor=office["xinfang"], pk=case.pk, unit=office.units["township"], kind=Handling.ASSIGN, opinion="属地办理"
    )
    assert case.state == State.HANDLING and case.unit == office.units["township"]
    assert Notification.objects.filter(recipient=office["lianluo"], kind="petitions").exists()
    services.record_unit_answer(actor=office["lianluo"], pk=case.pk, answer="已现场勘界。")
    case = services.answer_case(actor=office["xinfang"], pk=case.pk, answer="边界以确权图为准。")
    case = services.close_case(actor=office["xinfang"], pk=case.pk, satisfaction="satisfied")
    assert case.state == State.CLOSED and case.satisfaction == "satisfied"
    assert [e.action for e in case.log.all()] == ["register", "refer", "unit_answer", "answer", "close"]


def test_registration_cannot_be_skipped(office):
    """[48] Every letter and visit is registered, and every case starts there: a new case is 已登记 with a
    登记 entry first; the state cannot be set by hand; no step exists into 已登记 but registration."""
    case = f.registered(office)
    assert case.state == State.REGISTERED
    assert case.log.first().action == "register"
    assert Case().state == State.REGISTERED
    with pytest.raises(AttributeError):
        case.state = State.HANDLING  # protected FSM field: only the services' transitions move it
    from petitions.lifecycle import LIFECYCLE

    into_registered = [e.name for e in LIFECYCLE.transitions() if e.target_code == State.REGISTERED]
    assert into_registered == ["register_case"]


def test_only_petition_staff_register(office):
    """[48] 登记 is the petition staff's."""
    for key in ("zhuren", "guikou2", "lianluo", "xianzhang", "admin"):
        with pytest.raises(ActionRefused):
            f.registered(office, actor=office[key])


def test_registration_refuses_a_wrong_id_number_and_a_group_without_its_people(office):
    """[48][49] The ID number's check character (GB 11643); a group visit is five or more."""
    wrong = f.id_number(1)[:-1] + ("0" if f.id_number(1)[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        f.registered(office, people=[f.person(1, id_number=wrong)])
    with pytest.raises(ValidationError, match="集体访"):
        f.registered(office, is_group=True, head_count=3)
    with pytest.raises(ValidationError, match="集体访"):
        f.registered(office, head_count=6)  # six visitors not registered as a group visit


def test_refusal_needs_its_reason(office):
    """[47] 不予受理 with the reason told to the petitioner."""
    case = f.registered(office)
    with pytest.raises(ValidationError):
        services.refuse_case(actor=office["xinfang"], pk=case.pk, reason=" ")
    case = services.refuse_case(actor=office["xinfang"], pk=case.pk, reason="属于诉讼事项，应依法通过诉讼解决。")
    assert case.state == State.REFUSED and case.decided_on_time is True
    with pytest.raises(ActionRefused):
        services.accept_case(actor=office["xinfang"], pk=case.pk)


def test_only_petition_staff_decide_whether_to_accept(office):
    """[47][48] 受理 / 转送 are the petition staff's, not a leader's or a contact's."""
    case = f.registered(office)
    for key in ("zhuren", "guikou2", "lianluo"):
        with pytest.raises(ActionRefused):
            services.accept_case(actor=office[key], pk=case.pk)


def test_a_referred_case_is_answered_only_after_the_unit_answers(office):
    """[47] The receiving unit's answer is on record before the petitioner is answered."""
    case = f.referred(office)
    with pytest.raises(ActionRefused, match="承办单位尚未回复"):
        services.answer_case(actor=office["xinfang"], pk=case.pk, answer="……")


def test_contact_of_another_unit_cannot_answer_for_the_township(office, other_contact):
    """[47] A unit contact answers only their unit's referrals."""
    case = f.referred(office)
    with pytest.raises(ActionRefused):
        services.record_unit_answer(actor=other_contact, pk=case.pk, answer="……")


def test_rerouting_supersedes_the_referral_and_keeps_the_limit(office):
    """[47] Routed again to another unit: the first referral superseded, the handling limit not restarted."""
    case = f.referred(office)
    due = case.handle_due
    case = services.refer_case(
        actor=office["xinfang"], pk=case.pk, unit=office.units["department"], opinion="属农牧局职责。"
    )
    assert case.unit == office.units["department"] and case.handle_due == due
    assert case.referrals.filter(superseded_at__isnull=True).get().unit == office.units["department"]
    assert case.referrals.count() == 2


def test_extension_beyond_thirty_days_is_refused(office):
    """《信访工作条例》第三十五条: an extension of at most 30 days — in one request or in all."""
    case = f.accepted(office)
    with pytest.raises(ValidationError, match="不得超过30日"):
        services.request_extension(actor=office["guikou2"], pk=case.pk, reason="情况复杂", days=31)
    first = services.request_extension(actor=office["guikou2"], pk=case.pk, reason="情况复杂", days=20)
    services.decide_extension(actor=office["zhuren"], extension_id=first.pk, approve=True)
    with pytest.raises(ValidationError, match="最多还能延期10日"):
        services.request_extension(actor=office["guikou2"], pk=case.pk, reason="仍需核实", days=11)


def test_extension_only_by_the_organs_head(office):
    """《信访工作条例》第三十五条: approved by the organ's head (办公室主任) — not a deputy, not the staff."""
    case = f.accepted(office)
    extension = services.request_extension(actor=office["guikou2"], pk=case.pk, reason="需上级部门核实", days=30)
    assert Notification.objects.filter(recipient=office["zhuren"], kind="petitions").exists()
    for key in ("fuzhuren", "xinfang", "xianzhang"):
        with pytest.raises(ActionRefused, match="办公室主任"):
            services.decide_extension(actor=office[key], extension_id=extension.pk, approve=True)
    old_due = case.handle_due
    extension = services.decide_extension(actor=office["zhuren"], extension_id=extension.pk, approve=True)
    case.refresh_from_db()
    assert extension.approved is True and case.extended_days == 30
    assert case.handle_due >= old_due + timedelta(days=30)
    assert extension.new_due == case.handle_due


def test_review_within_thirty_days_then_rereview(office, clock):
    """《信访工作条例》第三十五条、第三十六条 [50]: 复查 within 30 days of the answer, then 复核 once."""
    case = f.answered(office)
    with pytest.raises(ActionRefused):
        services.request_review(
            actor=office["xinfang"], pk=case.pk, kind=ReviewKind.REREVIEW, requested_on=f.TODAY, request="不服"
        )
    review = services.request_review(
        actor=office["xinfang"], pk=case.pk, kind=ReviewKind.REVIEW, requested_on=f.TODAY, request="不服处理意见"
    )
    case.refresh_from_db()
    assert case.state == State.REVIEWING and review.due == f.day(30)  # 14 October, a Wednesday
    services.decide_review(actor=office["xinfang"], pk=case.pk, opinion="维持原处理意见。", upheld=True)
    case.refresh_from_db()
    assert case.state == State.ANSWERED
    services.request_review(
        actor=office["xinfang"], pk=case.pk, kind=ReviewKind.REREVIEW, requested_on=f.TODAY, request="不服复查意见"
    )
    case.refresh_from_db()
    assert case.state == State.REREVIEWING


def test_review_asked_too_late_is_refused(office, clock):
    """《信访工作条例》第三十五条: a 复查 asked more than 30 days after the answer is refused."""
    case = f.answered(office)
    clock.move_to(f.NOW + timedelta(days=45))
    with pytest.raises(ValidationError, match="30日内"):
        services.request_review(
            actor=office["xinfang"], pk=case.pk, kind=ReviewKind.REVIEW, requested_on=f.day(45), request="不服"
        )


def test_settlement_recorded_on_a_closed_case(office):
    """[50] 息诉罢访 is an outcome of a closed case."""
    case = f.answered(office)
    with pytest.raises(ActionRefused):
        services.record_settlement(actor=office["xinfang"], pk=case.pk, settled_on=f.TODAY)
    services.close_case(actor=office["xinfang"], pk=case.pk, satisfaction="basically")
    case = services.record_settlement(actor=office["xinfang"], pk=case.pk, settled_on=f.TODAY, note="承诺不再上访")
    assert case.outcome_settled and case.settled_on == f.TODAY


def test_incident_recorded_linked_and_reported_to_the_head(office):
    """[49] A disruption: time, place, people, what happened, who was called, measures — linked to the case
    and its people; the office's head is told."""
    case = f.group_visit(office)
    incident = services.record_incident(
        actor=office["zhiban"],
        data=services.IncidentData(
            occurred_at=f.NOW - timedelta(minutes=30),
            place="县政府大门",
            people_count=8,
            what_happened="拦堵县领导车辆。",
            called="城区派出所",
            measures="劝离，代表引至接待室。",
            case_id=case.pk,
            petitioner_ids=tuple(case.petitioners.values_list("pk", flat=True)),
        ),
    )
    assert Incident.objects.get().petitioners.count() == 3 and incident.case == case
    assert case.log.filter(action="incident").exists()
    assert Notification.objects.filter(recipient=office["zhuren"], title__contains="突发事件").exists()
    with pytest.raises(ActionRefused):
        services.record_incident(
            actor=office["lianluo"],
            data=services.IncidentData(occurred_at=f.NOW, place="x", people_count=1, what_happened="x", measures="x"),
        )


def test_concurrent_steps_the_stale_one_is_told_plainly(office):
    """Two people on the same page: the first step wins; the second is refused with who acted and the
    state now, nothing done [48]."""
    case = f.registered(office)
    seen = case.version
    services.accept_case(actor=office["xinfang"], pk=case.pk, seen_version=seen)
    with pytest.raises(StaleAction) as stale:
        services.refuse_case(actor=office["xinfang"], pk=case.pk, seen_version=seen, reason="……")
    assert "已被" in stale.value.message and "办理中" in stale.value.message and "没有执行" in stale.value.message
    case.refresh_from_db()
    assert case.state == State.HANDLING


def test_transition_methods_refuse_outside_their_states(office):
    case = f.registered(office)
    with pytest.raises(TransitionNotAllowed):
        case.close()

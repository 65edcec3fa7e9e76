"""The meeting rules of 第三章 and 第六条, one test per rule — refusals included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from core.models import Notification
from core.workflow import ActionRefused, StaleAction
from documents.outgoing import services as outgoing
from meetings import services
from meetings.kinds import Kind
from meetings.models import Attendee, DecisionState, MinutesState, State, TopicState
from meetings.selectors import get_meeting_for, meetings_visible_to
from org.confidentiality import pledge
from org.models import Absence, SecretLevel
from org.selectors import display_name
from tests.incoming.factories import register

from .factories import at, data, held, meeting, room

pytestmark = pytest.mark.django_db


# --- the chair [18], [24], [25], [6] -----------------------------------------------------------------------------


def test_the_director_chairs_an_office_meeting(office):
    """[18] 主任办公会议由主任……主持."""
    m = meeting(office)
    assert m.chair == office["zhuren"] and m.entrusted_by is None
    assert m.state == State.PLANNING


@pytest.mark.parametrize("kind", [Kind.DIRECTOR_OFFICE, Kind.OFFICE_AFFAIRS, Kind.OFFICE_PLENARY])
def test_a_deputy_without_a_recorded_entrustment_is_refused(office, kind):
    """[18], [24], [25] 由主任或受主任委托的副主任主持: a deputy director alone may not chair."""
    with pytest.raises(ValidationError) as refused:
        meeting(office, kind, chair=office["fuzhuren"])
    assert "委托" in str(refused.value)


def test_a_deputy_entrusted_by_the_director_chairs_and_the_entrustment_is_logged(office):
    """[18] 受主任委托的副主任: who entrusted and how is recorded on the meeting and in its log."""
    m = meeting(office, chair=office["fuzhuren"], entrusted_by=office["zhuren"], entrustment="主任赴州开会，书面委托")
    assert m.entrusted_by == office["zhuren"]
    entry = m.log.get(action="create")
    assert display_name(office["zhuren"]) in entry.comment and "书面委托" in entry.comment


def test_an_entrustment_needs_words_and_an_entitled_entruster(office):
    """[18]: the entrustment says how; only the director can entrust an office meeting."""
    with pytest.raises(ValidationError, match="委托情况"):
        meeting(office, chair=office["fuzhuren"], entrusted_by=office["zhuren"])
    with pytest.raises(ValidationError, match="委托人"):
        meeting(office, chair=office["fuzhuren"], entrusted_by=office["fuzhuren_wenmi"], entrustment="口头")


def test_line_staff_cannot_chair_an_office_meeting(office):
    with pytest.raises(ValidationError, match="不能主持"):
        meeting(office, chair=office["guikou1"])


def test_county_meetings_follow_their_own_chair_rule(office):
    """[6]: 常务会议 by the county head (the executive deputy when entrusted); 专题会议 by any county leader."""
    meeting(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"])
    with pytest.raises(ValidationError):
        meeting(office, Kind.COUNTY_EXECUTIVE, chair=office["changwu"], starts=at(2))
    meeting(
        office,
        Kind.COUNTY_EXECUTIVE,
        chair=office["changwu"],
        entrusted_by=office["xianzhang"],
        entrustment="县长外出学习",
        starts=at(3),
    )
    meeting(office, Kind.COUNTY_TOPIC, chair=office["fuxianzhang1"], starts=at(4))
    with pytest.raises(ValidationError):
        meeting(office, Kind.COUNTY_TOPIC, chair=office["zhuren"], starts=at(5))


def test_only_the_office_prepares_meetings(office):
    """[6], [17]: the office's leaders and the 收发秘书 organise; line staff do not."""
    with pytest.raises(ActionRefused):
        meeting(office, actor=office["guikou1"])


# --- attendees [24], [25], [6] ---------------------------------------------------------------------------------------


def _people(m):
    return {a.person for a in m.attendees.filter(active=True, person__isnull=False)}


def test_office_affairs_meeting_invites_the_section_chiefs(office):
    """[24] 室务会议: 各科(室)科长(主任)参加 — and the office's leaders."""
    people = _people(meeting(office, Kind.OFFICE_AFFAIRS))
    assert {office["kezhang"], office["jiyao"], office["fazhi"]} <= people
    assert {office["zhuren"], office["fuzhuren"], office["fuzhuren_wenmi"]} <= people
    assert office["guikou1"] not in people and office["xianzhang"] not in people


def test_office_plenary_invites_every_active_staff_member(office):
    """[25] 全体会议: 全体机关干部和工作人员参加 — not the county leaders, not inactive accounts."""
    office["guikou3"].is_active = False
    office["guikou3"].save()
    people = _people(meeting(office, Kind.OFFICE_PLENARY))
    for key in ("zhuren", "kezhang", "shoufa", "guikou1", "dazi", "zhiban", "xinfang", "dangan"):
        assert office[key] in people, key
    assert office["guikou3"] not in people
    assert office["xianzhang"] not in people


def test_county_executive_meeting_invites_the_county_leaders(office):
    """[6] 常务会议: 县长、副县长 and the office director."""
    people = _people(meeting(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"]))
    assert {office["xianzhang"], office["changwu"], office["fuxianzhang1"], office["fuxianzhang2"]} <= people
    assert office["zhuren"] in people


def test_attendees_are_editable_and_the_chair_always_attends(office):
    m = meeting(office)
    services.meeting_set_attendees(
        actor=office["shoufa"], pk=m.pk, people=[office["kezhang"]], units=[office.units["department"]]
    )
    m.refresh_from_db()
    assert _people(m) == {office["zhuren"], office["kezhang"]}
    assert m.attendees.filter(unit=office.units["department"], part=Attendee.Part.OBSERVER, active=True).exists()
    # Removed people stay on record, inactive.
    assert m.attendees.filter(person=office["fuzhuren"], active=False).exists()


# --- conflicts, shown not hidden -------------------------------------------------------------------------------------


def test_a_booked_room_is_shown(office):
    """[17]: the room already booked at that time is a conflict the organiser sees."""
    first = meeting(office)
    problems = services.schedule_check(
        starts_at=first.starts_at + timedelta(hours=1),
        ends_at=first.ends_at + timedelta(hours=1),
        room=room(),
        people=[],
    )
    assert [c.kind for c in problems] == ["room"]
    assert room().name in problems[0].text
    # Another room, or after the first meeting: no conflict.
    assert not services.schedule_check(
        starts_at=first.ends_at, ends_at=first.ends_at + timedelta(hours=1), room=room(), people=[]
    )


def test_an_absent_attendee_is_shown(office):
    """[26(6)3]: the leave chapter's absences (and the clerk's) reach the meeting's scheduling."""
    Absence.objects.create(person=office["fuzhuren"], starts_at=at(1, 8), ends_at=at(3, 18), reason=Absence.Reason.TRIP)
    problems = services.schedule_check(
        starts_at=at(2, 10), ends_at=at(2, 12), room=None, people=[office["fuzhuren"], office["zhuren"]]
    )
    assert [(c.kind, c.person_id) for c in problems] == [("away", office["fuzhuren"].pk)]
    assert display_name(office["fuzhuren"]) in problems[0].text and "出差" in problems[0].text


def test_an_attendee_in_another_meeting_is_shown(office):
    first = meeting(office)
    problems = services.schedule_check(
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        room=room("测试第二会议室"),
        people=[office["kezhang"]],
    )
    assert not problems  # 何晓梅 is not on the 主任办公会议
    problems = services.schedule_check(
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        room=room("测试第二会议室"),
        people=[office["fuzhuren"]],
    )
    assert [c.kind for c in problems] == ["busy"]
    # The meeting itself is not a conflict with itself when it is edited.
    assert not services.schedule_check(
        starts_at=first.starts_at, ends_at=first.ends_at, room=room(), people=[office["fuzhuren"]], exclude=first
    )


# --- notice, cancel, reschedule [17] ---------------------------------------------------------------------


def test_the_notice_reaches_every_attendee(office):
    m = meeting(office)
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    m.refresh_from_db()
    assert m.state == State.NOTIFIED and m.notified_at
    told = set(Notification.objects.filter(title__startswith="会议通知").values_list("recipient_id", flat=True))
    assert told == {p.pk for p in _people(m)}


def test_a_cancelled_meeting_notifies_everyone_and_frees_its_topics(office):
    """[17]: cancelling needs a reason; everyone on the meeting is told; its topics wait for another."""
    m = meeting(office)
    topic = services.topic_propose(
        actor=office["fuzhuren"],
        data=services.TopicData(kind=Kind.DIRECTOR_OFFICE, category="18-4", title="统筹协调春节值班安排"),
    )
    services.topic_accept(actor=office["zhuren"], pk=topic.pk, meeting_pk=m.pk)
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    with pytest.raises(ValidationError, match="原因"):
        services.meeting_cancel(actor=office["shoufa"], pk=m.pk, reason="  ")
    services.meeting_cancel(actor=office["shoufa"], pk=m.pk, reason="主任临时赴州参加紧急会议")
    m.refresh_from_db()
    assert m.state == State.CANCELLED and m.cancel_reason == "主任临时赴州参加紧急会议"
    told = Notification.objects.filter(title__startswith="会议取消")
    assert set(told.values_list("recipient_id", flat=True)) == {
        office[k].pk for k in ("zhuren", "fuzhuren", "fuzhuren_wenmi")
    }
    assert "主任临时赴州参加紧急会议" in told.first().body
    topic.refresh_from_db()
    assert topic.state == TopicState.PROPOSED and topic.meeting is None
    # The cancelled meeting no longer books the room or the people.
    assert not services.schedule_check(starts_at=m.starts_at, ends_at=m.ends_at, room=room(), people=_people(m) or [])


def test_rescheduling_after_the_notice_needs_a_reason_and_tells_everyone(office):
    m = meeting(office)
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    m.refresh_from_db()
    later = data(office, starts=at(2, 15))
    with pytest.raises(ValidationError, match="原因"):
        services.meeting_update(actor=office["shoufa"], pk=m.pk, data=later)
    services.meeting_update(actor=office["shoufa"], pk=m.pk, data=later, reason="与县政府常务会议冲突")
    m.refresh_from_db()
    assert m.starts_at == at(2, 15) and m.reschedules == 1
    assert set(m.attendees.values_list("starts_at", flat=True)) == {at(2, 15)}
    assert Notification.objects.filter(title__startswith="会议改期", recipient=office["fuzhuren"]).exists()


def test_a_stale_page_is_refused(office):
    """Two people act at once: one wins, the other is told plainly (409)."""
    m = meeting(office)
    seen = m.version
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk, seen_version=seen)
    with pytest.raises(StaleAction):
        services.meeting_cancel(actor=office["zhuren"], pk=m.pk, seen_version=seen, reason="取消")


# --- topics [18], [24], [25], [6] ---------------------------------------------------------------------------------


def test_a_topic_needs_a_category_of_its_article(office):
    """[18]: a 主任办公会议 topic is one of (一)–(六); a category of another meeting's article is refused."""
    with pytest.raises(ValidationError, match="议题类别"):
        services.topic_propose(
            actor=office["fuzhuren"], data=services.TopicData(kind=Kind.DIRECTOR_OFFICE, category="", title="x")
        )
    with pytest.raises(ValidationError, match="议题类别"):
        services.topic_propose(
            actor=office["fuzhuren"], data=services.TopicData(kind=Kind.DIRECTOR_OFFICE, category="24-1", title="x")
        )
    topic = services.topic_propose(
        actor=office["fuzhuren"],
        data=services.TopicData(kind=Kind.DIRECTOR_OFFICE, category="18-5", title="研究办公室年度预算调整"),
    )
    assert topic.category_label.startswith("（五）")


def test_line_staff_cannot_propose_for_the_directors_meeting(office):
    with pytest.raises(ActionRefused):
        services.topic_propose(
            actor=office["guikou1"], data=services.TopicData(kind=Kind.DIRECTOR_OFFICE, category="18-6", title="x")
        )


def test_only_the_director_accepts_office_meeting_topics_and_a_decline_needs_a_reason(office):
    """[18]: the chair (the director) decides the agenda; turning a topic down is explained to its proposer."""
    topic = services.topic_propose(
        actor=office["kezhang"],
        data=services.TopicData(kind=Kind.DIRECTOR_OFFICE, category="18-4", title="调整公文交换时间"),
    )
    with pytest.raises(ActionRefused):
        services.topic_accept(actor=office["fuzhuren"], pk=topic.pk)
    with pytest.raises(ValidationError):
        services.topic_decline(actor=office["zhuren"], pk=topic.pk, reason="")
    services.topic_decline(actor=office["zhuren"], pk=topic.pk, reason="由综合科直接办理，无需上会")
    topic.refresh_from_db()
    assert topic.state == TopicState.DECLINED
    assert Notification.objects.filter(recipient=office["kezhang"], title__startswith="议题不予上会").exists()


def test_a_topic_from_an_incoming_request_keeps_its_link(office):
    from tests.incoming.factories import register

    doc = register(office, title="关于申请草原防火物资的请示")
    topic = services.topic_propose(
        actor=office["changwu"],
        data=services.TopicData(
            kind=Kind.COUNTY_EXECUTIVE,
            category="6e-1",
            title=doc.title,
            from_incoming=doc,
            units=(office.units["department"],),
        ),
    )
    m = meeting(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"])
    services.topic_accept(actor=office["zhuren"], pk=topic.pk, meeting_pk=m.pk)
    topic.refresh_from_db()
    assert topic.from_incoming == doc and topic.meeting == m and topic.position == 1
    # The topic's 列席 unit is invited to the meeting.
    assert m.attendees.filter(unit=office.units["department"], active=True).exists()


# --- minutes ---------------------------------------------------------------------------------------------


def test_minutes_cannot_be_issued_before_the_chair_approves(office, clock):
    """[18], [24], [25]: the office drafts, the chair approves, then the minutes are issued."""
    m = held(office)
    minutes = services.minutes_start(actor=office["shoufa"], pk=m.pk)
    services.minutes_save(actor=office["shoufa"], pk=minutes.pk, body="会议研究了春节值班安排。")
    with pytest.raises(ActionRefused, match="审定"):
        services.minutes_issue(actor=office["shoufa"], pk=minutes.pk)
    services.minutes_submit(actor=office["shoufa"], pk=minutes.pk)
    with pytest.raises(ActionRefused, match="审定"):
        services.minutes_issue(actor=office["shoufa"], pk=minutes.pk)
    with pytest.raises(ActionRefused):
        services.minutes_approve(actor=office["fuzhuren"], pk=minutes.pk)  # not the chair
    services.minutes_approve(actor=office["zhuren"], pk=minutes.pk)
    issued = services.minutes_issue(actor=office["shoufa"], pk=minutes.pk)
    assert issued.state == MinutesState.ISSUED
    assert issued.number_label == "主任办公会议纪要〔2026〕1号"
    m.refresh_from_db()
    assert m.state == State.MINUTES_ISSUED


def test_the_chair_sends_minutes_back_with_a_comment(office):
    m = held(office)
    minutes = services.minutes_start(actor=office["shoufa"], pk=m.pk)
    services.minutes_save(actor=office["shoufa"], pk=minutes.pk, body="草稿")
    services.minutes_submit(actor=office["shoufa"], pk=minutes.pk)
    services.minutes_send_back(actor=office["zhuren"], pk=minutes.pk, comment="补充第二项的责任科室")
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.DRAFTING


def test_a_held_meeting_is_numbered_in_its_kinds_series(office):
    first = held(office)
    second = held(office, starts=at(2))
    assert (first.serial, second.serial) == (1, 2)
    assert second.number_label == "2026年第2次主任办公会议"


def test_closing_marks_the_absent_on_leave_or_absent(office):
    """Whoever did not sign in is absent — 请假 when away on record (the leave chapter), 缺席 otherwise."""
    Absence.objects.create(person=office["fuzhuren"], starts_at=at(0, 8), ends_at=at(2, 18))
    m = meeting(office)
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    services.meeting_open(actor=office["shoufa"], pk=m.pk)
    seat = m.attendees.get(person=office["zhuren"])
    services.attendance_record(actor=office["shoufa"], pk=m.pk, attendee_id=seat.pk, status=Attendee.Status.PRESENT)
    services.meeting_close(actor=office["shoufa"], pk=m.pk)
    statuses = dict(m.attendees.values_list("person_id", "status"))
    assert statuses[office["zhuren"].pk] == Attendee.Status.PRESENT
    assert statuses[office["fuzhuren"].pk] == Attendee.Status.LEAVE
    assert statuses[office["fuzhuren_wenmi"].pk] == Attendee.Status.ABSENT


def test_a_person_signs_in_from_an_hour_before(office, clock):
    m = meeting(office)
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    with pytest.raises(ValidationError, match="一小时"):
        services.attendance_sign_in(actor=office["fuzhuren"], pk=m.pk)
    clock.move_to(m.starts_at - timedelta(minutes=30))
    seat = services.attendance_sign_in(actor=office["fuzhuren"], pk=m.pk)
    assert seat.status == Attendee.Status.PRESENT and seat.signed_by == office["fuzhuren"]
    with pytest.raises(ActionRefused):
        services.attendance_sign_in(actor=office["guikou1"], pk=m.pk)


# --- decisions [37], [15] ---------------------------------------------------------------------------------------


def _decision(office, m, **overrides):
    values = {
        "text": "综合科牵头制定春节值班表",
        "leader": office["fuzhuren_wenmi"],
        "due_date": date(2026, 9, 30),
        "sections": (office.sections["general"],),
        "units": (office.units["department"],),
    }
    values.update(overrides)
    return services.decision_add(actor=office["shoufa"], pk=m.pk, data=services.DecisionData(**values))


def test_a_decision_without_a_responsible_unit_or_deadline_is_refused(office):
    """[37], [15]: a decision names who does it, the responsible leader and by when."""
    m = held(office)
    with pytest.raises(ValidationError, match="责任单位"):
        _decision(office, m, units=(), sections=())
    with pytest.raises(ValidationError, match="办结时限"):
        _decision(office, m, due_date=None)
    with pytest.raises(ValidationError, match="责任领导"):
        _decision(office, m, leader=None)
    decision = _decision(office, m)
    assert decision.position == 1 and decision.state == DecisionState.OPEN


def test_one_action_makes_a_decision_a_tracked_item(office):
    """[37], [39]: 立项督办 makes the decision a supervision item (issue 17: the supervision chapter took the
    decisions over); the responsible leader is told the deadline; the decision is done when its item is [40]."""
    from supervision import services as supervision
    from supervision.models import Item
    from supervision.models import State as ItemState

    m = held(office)
    decision = _decision(office, m)
    services.decision_track(actor=office["shoufa"], pk=decision.pk)
    decision.refresh_from_db()
    assert decision.state == DecisionState.TRACKED and decision.tracked_by == office["shoufa"]
    assert Notification.objects.filter(recipient=office["fuzhuren_wenmi"], title__startswith="议定事项已立项").exists()
    item = Item.objects.get(decision=decision)
    assert item.state == ItemState.TRACKING and item.deadline == decision.due_date
    # Moved on purpose: a tracked decision is finished through its item, not on its own.
    with pytest.raises(ActionRefused, match="督查事项"):
        services.decision_finish(actor=office["fuzhuren_wenmi"], pk=decision.pk, result="值班表已印发")
    supervision.item_submit_close(actor=office["shoufa"], pk=item.pk, result="值班表已印发")
    supervision.item_close(actor=office["fuzhuren_wenmi"], pk=item.pk)
    decision.refresh_from_db()
    assert decision.state == DecisionState.DONE and decision.on_time is True


# --- who sees what [31], [32] --------------------------------------------------------------------------------------


def test_a_classified_meeting_is_seen_only_by_cleared_people_on_it(office):
    m = meeting(office, secret_level=SecretLevel.SECRET, attendees=[office["fuzhuren"]])
    for key in ("zhuren", "fuzhuren"):
        # On it and cleared — but only once they pledged this year [32].
        pledge(user=office[key])
        assert m in meetings_visible_to(office[key]), key
    # The clerk organised it (on it) but has not pledged; the archivist is neither on it nor pledged.
    assert m not in meetings_visible_to(office["dangan"])
    with pytest.raises(Http404):
        get_meeting_for(office["guikou1"], m.pk)


def test_an_uncleared_attendee_is_refused_for_a_classified_meeting(office):
    with pytest.raises(ValidationError, match="涉密等级"):
        meeting(office, secret_level=SecretLevel.CONFIDENTIAL, attendees=[office["kezhang"]])


# --- an incoming 会议通知 on the calendar [26(6)4] -----------------------------------------------------------------


def test_an_incoming_meeting_notice_becomes_a_meeting_with_the_leaders_it_concerns(office):
    """[26(6)4]: a 会议通知 calling the county's leaders goes on the calendar; the leaders are then busy."""
    notice = register(office, title="关于召开全州草原防火工作会议的通知", is_meeting_notice=True)
    m = services.meeting_from_incoming(
        actor=office["shoufa"],
        incoming=notice,
        starts_at=at(2, 9),
        ends_at=at(2, 12),
        place="州政府第一会议室",
        leader=office["fuxianzhang1"],
        people=[office["fuzhuren"]],
    )
    assert m.kind == Kind.EXTERNAL and m.from_incoming == notice and m.chair == office["fuxianzhang1"]
    assert _people(m) == {office["fuxianzhang1"], office["fuzhuren"]}
    clash = services.schedule_check(starts_at=at(2, 10), ends_at=at(2, 11), room=None, people=[office["fuzhuren"]])
    assert [c.kind for c in clash] == ["busy"]
    plain = register(office, title="关于报送统计数据的通知", sender_number="玉政办〔2026〕89号")
    with pytest.raises(ValidationError, match="会议通知"):
        services.meeting_from_incoming(
            actor=office["shoufa"],
            incoming=plain,
            starts_at=at(3, 9),
            ends_at=at(3, 10),
            place="州政府",
            leader=office["fuxianzhang1"],
            people=[],
        )


def test_topics_accepted_to_wait_are_put_on_a_meeting_by_the_organiser(office):
    """[18]: the director accepts a topic (同意上会，待排会议); the clerk puts it on the meeting's agenda; a topic still
    waiting for the director's decision cannot be added by the clerk."""
    waiting = services.topic_propose(
        actor=office["fuzhuren"],
        data=services.TopicData(kind=Kind.DIRECTOR_OFFICE, category="18-3", title="落实县长部署的项目督查"),
    )
    accepted = services.topic_propose(
        actor=office["fuzhuren"],
        data=services.TopicData(kind=Kind.DIRECTOR_OFFICE, category="18-4", title="统筹协调年终考核"),
    )
    services.topic_accept(actor=office["zhuren"], pk=accepted.pk)
    m = meeting(office)
    with pytest.raises(ValidationError, match="待审定"):
        services.meeting_set_agenda(actor=office["shoufa"], pk=m.pk, topic_ids=[waiting.pk])
    with pytest.raises(ActionRefused):
        services.meeting_set_agenda(actor=office["guikou1"], pk=m.pk, topic_ids=[accepted.pk])
    services.meeting_set_agenda(actor=office["shoufa"], pk=m.pk, topic_ids=[accepted.pk])
    accepted.refresh_from_db()
    assert accepted.meeting == m and accepted.position == 1
    services.meeting_set_agenda(actor=office["shoufa"], pk=m.pk, topic_ids=[])
    accepted.refresh_from_db()
    assert accepted.meeting is None and accepted.state == TopicState.ACCEPTED


# --- "经县人民政府研究" points at a meeting's decision [30(3)2] ---------------------------------------------


def test_an_outgoing_draft_cites_a_county_meetings_decision(office):
    """[30(3)2], [6]: the drafter picks the 常务会议's 议定事项 the document rests on; an office meeting's decision is
    not the county government's, and is refused."""

    county = held(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"])
    decision = _decision(office, county, text="同意县农牧局草原防火物资储备方案")
    office_meeting = held(office, starts=at(3))
    internal = _decision(office, office_meeting, text="综合科编制值班表")
    drafter = office["guikou1"]
    choices = list(outgoing.basis_decisions_for(drafter))
    assert decision not in choices  # guikou1 is not on the meeting and not an organiser: he cannot see it
    chooser = office["zhuren"]
    assert decision in outgoing.basis_decisions_for(chooser)
    assert internal not in outgoing.basis_decisions_for(chooser)
    assert outgoing.decision_label(decision).startswith("2026年第1次县政府常务会议议定事项第1项")


def test_no_decision_is_added_once_the_minutes_went_to_the_chair(office):
    """[18]: the chair approves the minutes with their decisions; nothing is added behind his back."""
    m = held(office)
    minutes = services.minutes_start(actor=office["shoufa"], pk=m.pk)
    services.minutes_save(actor=office["shoufa"], pk=minutes.pk, body="会议研究了值班安排。")
    services.minutes_submit(actor=office["shoufa"], pk=minutes.pk)
    with pytest.raises(ActionRefused, match="主持人审定"):
        _decision(office, m)
    services.minutes_send_back(actor=office["zhuren"], pk=minutes.pk, comment="补充议定事项")
    assert _decision(office, m).position == 1

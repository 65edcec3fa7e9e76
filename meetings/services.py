"""What people do with meetings: one function per step of 第三章 and 第六条.

Every step is atomic: it locks the item (``Flow.begin``, refusing a page loaded before someone else acted),
checks the transition's permission (``rules``), changes state through django-fsm, writes the log and notifies
people once the transaction commits. Refusals are ``ValidationError`` (400), ``ActionRefused`` (403) and
``StaleAction`` (409), each with a Chinese message citing the article.

- Meetings: ``schedule_check`` (conflicts, before saving), ``meeting_create``, ``meeting_update``,
  ``meeting_set_attendees``, ``meeting_send_notice``, ``meeting_reschedule``, ``meeting_cancel``,
  ``meeting_open``, ``meeting_close``.
- Attendance: ``attendance_record`` (the clerk), ``attendance_sign_in`` (the person, on a phone).
- Topics: ``topic_propose``, ``topic_accept``, ``topic_defer``, ``topic_decline``, ``topic_withdraw``.
- Materials: ``material_add``, ``material_withdraw``.
- Minutes: ``minutes_start``, ``minutes_save``, ``minutes_submit``, ``minutes_send_back``, ``minutes_approve``,
  ``minutes_issue``.
- Decisions: ``decision_add``, ``decision_track``, ``decision_finish``, ``decision_void``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.serials import next_serial
from core.uploads import validate_upload
from core.workflow import ActionRefused, DocumentFlow, Flow
from org.models import Absence, SecretLevel
from org.selectors import display_name, pickable_people

from . import rules
from .kinds import Kind, spec_of
from .models import (
    BOOKED_STATES,
    UPCOMING_STATES,
    Attendee,
    Decision,
    DecisionLog,
    DecisionState,
    Material,
    Meeting,
    Minutes,
    MinutesLog,
    MinutesState,
    Room,
    State,
    Topic,
    TopicLog,
    TopicState,
    TransitionLog,
)
from .selectors import VISIBILITY

User = get_user_model()


def _meeting_url(meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


class MeetingFlow(DocumentFlow):
    def name(self, obj) -> str:
        when = timezone.localtime(obj.starts_at)
        if obj.secret_level > 0:
            return f"{obj.get_kind_display()}（{when:%m月%d日 %H:%M}，{obj.get_secret_level_display()}）"
        return f"{obj.title}（{when:%m月%d日 %H:%M}）"


FLOW = MeetingFlow(
    model=Meeting,
    log_model=TransitionLog,
    noun="会议",
    url=_meeting_url,
    select_related=("chair", "organiser"),
    kind="meetings",
    visibility=VISIBILITY,
    number=lambda m: m.number_label,
)


class TopicFlow(Flow):
    def name(self, obj) -> str:
        return f"议题“{obj.title}”"


TOPIC_FLOW = TopicFlow(
    model=Topic,
    log_model=TopicLog,
    noun="议题",
    url=lambda t: reverse("meetings:topic", args=[t.pk]),
    select_related=("proposer",),
    kind="meetings",
)


class MinutesFlow(Flow):
    def name(self, obj) -> str:
        return f"{FLOW.name(obj.meeting)}纪要"


MINUTES_FLOW = MinutesFlow(
    model=Minutes,
    log_model=MinutesLog,
    noun="会议纪要",
    url=lambda m: reverse("meetings:minutes", args=[m.meeting_id]),
    select_related=("meeting",),
    kind="meetings",
)


class DecisionFlow(Flow):
    def name(self, obj) -> str:
        if obj.meeting.secret_level > 0:
            return f"{FLOW.name(obj.meeting)}议定事项第{obj.position}项"
        return f"议定事项：{obj.text[:30]}"


DECISION_FLOW = DecisionFlow(
    model=Decision,
    log_model=DecisionLog,
    noun="议定事项",
    url=lambda d: reverse("meetings:decision", args=[d.pk]),
    select_related=("meeting", "leader"),
    kind="meetings",
)


# --- the form's data, and what is wrong with it --------------------------------------------------------------


@dataclass(frozen=True)
class MeetingData:
    kind: str
    title: str
    chair: object
    starts_at: datetime
    ends_at: datetime
    room: Room | None = None
    place: str = ""
    to_bring: str = ""
    entrusted_by: object | None = None
    entrustment: str = ""
    secret_level: int = SecretLevel.NONE


def _problems(data: MeetingData) -> list[str]:
    problems = []
    try:
        spec = spec_of(data.kind)
    except KeyError:
        return ["请选择会议类型 [17][6]。"]
    if not data.title.strip():
        problems.append("请填写会议名称。")
    if data.starts_at is None or data.ends_at is None:
        problems.append("请填写开始和结束时间。")
    elif data.ends_at <= data.starts_at:
        problems.append("结束时间应晚于开始时间。")
    elif data.ends_at - data.starts_at > timedelta(days=3):
        problems.append("一次会议不超过三天；连续多日的会议请分场次安排。")
    if data.room is None and not data.place.strip():
        problems.append("请选择会议室或填写地点。")
    if data.room is not None and not data.room.is_active:
        problems.append(f"会议室“{data.room.name}”已停用。")
    if data.secret_level not in SecretLevel.values:
        problems.append("密级无效。")
    refusal = rules.chair_problem(data.kind, data.chair, data.entrusted_by)
    if refusal:
        problems.append(refusal)
    elif data.entrusted_by is not None and not data.entrustment.strip():
        problems.append(f"由副职主持须写明委托情况（如：主任出差，口头委托）{spec.article}。")
    return problems


# --- who attends by default [18], [24], [25], [6] -------------------------------------------------------------------


def default_attendees(kind: str, chair=None) -> list:
    """The people a meeting of ``kind`` invites by default: the roles of the article, active, in the office's
    order, the chair first. The organiser edits the list."""
    # The people every picker offers (active, with a profile, never the superuser), holding the kind's roles.
    out = list(pickable_people(*spec_of(kind).attendee_roles))
    if chair is not None:
        out = [chair] + [p for p in out if p.pk != chair.pk]
    return out


# --- conflicts: shown, not hidden [17], [26(6)3] ---------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    kind: str  # room / away / busy
    text: str
    person_id: int | None = None


def schedule_check(
    *, starts_at: datetime, ends_at: datetime, room: Room | None, people: Iterable, exclude: Meeting | None = None
) -> list[Conflict]:
    """What clashes with holding a meeting then and there: the room already booked, an attendee away (the leave
    chapter's absences, and those the clerk records), an attendee in another meeting at the same time."""
    out: list[Conflict] = []
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        return out
    if room is not None:
        booked = Meeting.objects.filter(
            room=room, state__in=BOOKED_STATES, starts_at__lt=ends_at, ends_at__gt=starts_at
        ).select_related("room")
        if exclude is not None:
            booked = booked.exclude(pk=exclude.pk)
        for other in booked[:5]:
            out.append(
                Conflict(
                    "room",
                    f"{room.name}已被“{FLOW.name(other)}”占用（{_span(other.starts_at, other.ends_at)}）。",
                )
            )
    ids = [p.pk for p in people if p is not None]
    if not ids:
        return out
    names = {u.pk: display_name(u) for u in User.objects.filter(pk__in=ids).select_related("profile")}
    away = Absence.objects.filter(person_id__in=ids, starts_at__lt=ends_at, ends_at__gt=starts_at).order_by("starts_at")
    for absence in away:
        out.append(
            Conflict(
                "away",
                f"{names[absence.person_id]}{_span(absence.starts_at, absence.ends_at)}"
                f"{absence.get_reason_display()}不在岗，须请假或安排代会 [26(6)3]。",
                absence.person_id,
            )
        )
    busy = Attendee.objects.filter(
        person_id__in=ids,
        active=True,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
        meeting__state__in=BOOKED_STATES,
    ).select_related("meeting")
    if exclude is not None:
        busy = busy.exclude(meeting=exclude)
    for seat in busy:
        out.append(
            Conflict(
                "busy",
                f"{names[seat.person_id]}同一时间参加“{FLOW.name(seat.meeting)}”。",
                seat.person_id,
            )
        )
    return out


def _span(start: datetime, end: datetime) -> str:
    s, e = timezone.localtime(start), timezone.localtime(end)
    if s.date() == e.date():
        return f"{s:%m月%d日 %H:%M}—{e:%H:%M}"
    return f"{s:%m月%d日 %H:%M}至{e:%m月%d日 %H:%M}"


# --- 筹备 ---------------------------------------------------------------------------------------------------------


def _fill(meeting: Meeting, data: MeetingData) -> None:
    meeting.kind = data.kind
    meeting.title = data.title.strip()
    meeting.chair = data.chair
    meeting.entrusted_by = data.entrusted_by
    meeting.entrustment = data.entrustment.strip() if data.entrusted_by else ""
    meeting.starts_at, meeting.ends_at = data.starts_at, data.ends_at
    meeting.room = data.room
    meeting.place = data.place.strip()
    meeting.to_bring = data.to_bring.strip()
    meeting.secret_level = data.secret_level
    meeting.year = timezone.localtime(data.starts_at).year


def _require_cleared(meeting: Meeting, people: Iterable) -> None:
    FLOW.require_clearance(meeting, people, "参会人员")


def _seat_people(meeting: Meeting, people: list, *, part=Attendee.Part.MEMBER) -> None:
    """Make the meeting's active attendees exactly ``people`` (in order); removed ones stay, inactive."""
    existing = {a.person_id: a for a in meeting.attendees.filter(person__isnull=False)}
    wanted = []
    for order, person in enumerate(people):
        if person is None or person.pk in {w.pk for w in wanted}:
            continue
        wanted.append(person)
        seat = existing.get(person.pk)
        if seat is None:
            Attendee.objects.create(
                meeting=meeting,
                person=person,
                part=part,
                sort_order=order,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
            )
        elif not seat.active or seat.sort_order != order:
            seat.active, seat.sort_order = True, order
            seat.save(update_fields=["active", "sort_order"])
    keep = {p.pk for p in wanted}
    meeting.attendees.filter(person__isnull=False, active=True).exclude(person_id__in=keep).update(active=False)
    FLOW.grant(meeting, [*wanted, meeting.chair, meeting.organiser])


def _seat_units(meeting: Meeting, units: Iterable) -> None:
    existing = {a.unit_id: a for a in meeting.attendees.filter(unit__isnull=False)}
    keep = set()
    for order, unit in enumerate(units, start=1000):
        keep.add(unit.pk)
        seat = existing.get(unit.pk)
        if seat is None:
            Attendee.objects.create(
                meeting=meeting,
                unit=unit,
                part=Attendee.Part.OBSERVER,
                sort_order=order,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
            )
        elif not seat.active:
            seat.active = True
            seat.save(update_fields=["active"])
    meeting.attendees.filter(unit__isnull=False, active=True).exclude(unit_id__in=keep).update(active=False)


def _with_conflicts(comment: str, conflicts: Iterable[str]) -> str:
    """The conflicts the organiser saw and confirmed (仍然保存) go into the log entry of the save [17]."""
    texts = [str(text) for text in conflicts if str(text).strip()]
    if not texts:
        return comment
    return f"{comment}。经确认仍然保存，当时提示的冲突：{'；'.join(texts)}"[:2000]


@transaction.atomic
def meeting_create(
    *, actor, data: MeetingData, attendees: list | None = None, units: Iterable = (), conflicts: Iterable[str] = ()
) -> Meeting:
    """筹备: the office prepares a meeting [6], [17]: type, chair (with the entrustment when a deputy chairs
    [18], [24], [25]), time, place; the attendees default to the type's [24], [25]. ``conflicts``: what
    ``schedule_check`` showed and the organiser confirmed — written in the log."""
    if not rules.can_schedule(actor):
        raise ActionRefused("只有办公室领导和收发秘书可以筹备会议 [6][17]。")
    problems = _problems(data)
    if problems:
        raise ValidationError(problems)
    meeting = Meeting(organiser=actor)
    _fill(meeting, data)
    meeting.save()
    people = attendees if attendees is not None else default_attendees(data.kind, data.chair)
    _require_cleared(meeting, [data.chair, *people])
    _seat_people(meeting, [data.chair, *[p for p in people if p.pk != data.chair.pk]])
    _seat_units(meeting, units)
    FLOW.log(meeting, actor, "create", "筹备会议", "", comment=_with_conflicts(_entrust_note(meeting), conflicts))
    return meeting


@transaction.atomic
def meeting_from_incoming(
    *, actor, incoming, starts_at: datetime, ends_at: datetime, place: str, leader, people: list
) -> Meeting:
    """An incoming 会议通知 on the calendar [26(6)4]: the meeting a superior organ calls the county's leaders
    to, with the leaders it concerns, so scheduling and circulation see them away. ``incoming`` is a document
    the actor may see (the view fetches it through the incoming chapter's selector)."""
    if not rules.can_schedule(actor):
        raise ActionRefused("只有办公室领导和收发秘书可以将会议通知排入会议日历 [26(6)4]。")
    if not incoming.is_meeting_notice:
        raise ValidationError("该来文没有加盖“会议通知”印记 [26(6)4]。")
    data = MeetingData(
        kind=Kind.EXTERNAL,
        title=incoming.title[:200],
        chair=leader,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        secret_level=incoming.secret_level,
    )
    problems = _problems(data)
    if problems:
        raise ValidationError(problems)
    meeting = Meeting(organiser=actor, from_incoming=incoming)
    _fill(meeting, data)
    meeting.save()
    _require_cleared(meeting, [leader, *people])
    _seat_people(meeting, [leader, *[p for p in people if p.pk != leader.pk]])
    FLOW.log(meeting, actor, "create", "来文会议通知排入日历", "", comment=f"来文：{incoming.pk}")
    return meeting


def _entrust_note(meeting: Meeting) -> str:
    if meeting.entrusted_by_id:
        return (
            f"主持人：{display_name(meeting.chair)}（受{display_name(meeting.entrusted_by)}委托：{meeting.entrustment}）"
            f" {meeting.spec.article}"
        )
    return f"主持人：{display_name(meeting.chair)}"


def _refuse_unless_upcoming(meeting: Meeting, what: str) -> None:
    if meeting.state not in UPCOMING_STATES:
        raise ActionRefused(f"会议{meeting.get_state_display()}，不能{what}。")


def _refuse_unless_organiser(actor, what: str) -> None:
    if not rules.is_organiser(actor):
        raise ActionRefused(f"只有办公室领导和收发秘书可以{what} [6][17]。")


@transaction.atomic
def meeting_update(
    *, actor, pk, seen_version=None, data: MeetingData, reason: str = "", conflicts: Iterable[str] = ()
) -> Meeting:
    """修改会议安排. Once the notice is out, a change of time or place is a 改期 and needs a reason; everyone
    is told [17]."""
    meeting = FLOW.begin(pk, seen_version)
    _refuse_unless_organiser(actor, "修改会议安排")
    _refuse_unless_upcoming(meeting, "修改")
    problems = _problems(data)
    if data.kind != meeting.kind:
        problems.append("会议类型不能修改；请取消后重新筹备。")
    if problems:
        raise ValidationError(problems)
    moved = (data.starts_at, data.ends_at, data.room, data.place.strip()) != (
        meeting.starts_at,
        meeting.ends_at,
        meeting.room,
        meeting.place,
    )
    if moved and meeting.state == State.NOTIFIED and not reason.strip():
        raise ValidationError("会议通知已发出，改期或改变地点须写明原因，系统将通知全体参会人员 [17]。")
    old_when = _span(meeting.starts_at, meeting.ends_at) + f"，{meeting.where}"
    _fill(meeting, data)
    _require_cleared(meeting, [data.chair, *_active_people(meeting)])
    FLOW.save(meeting)
    meeting.attendees.update(starts_at=meeting.starts_at, ends_at=meeting.ends_at)
    if meeting.chair_id not in {p.pk for p in _active_people(meeting)}:
        _seat_people(meeting, [meeting.chair, *_active_people(meeting)])
    FLOW.grant(meeting, [meeting.chair])
    if moved and meeting.state == State.NOTIFIED:
        meeting.reschedules += 1
        meeting.save(update_fields=["reschedules"])
        new_when = _span(meeting.starts_at, meeting.ends_at) + f"，{meeting.where}"
        FLOW.log(
            meeting,
            actor,
            "reschedule",
            "改期",
            meeting.state,
            comment=_with_conflicts(f"{old_when} → {new_when}。{reason}", conflicts),
        )
        FLOW.notify(
            _active_people(meeting),
            title=f"会议改期：{FLOW.name(meeting)}",
            obj=meeting,
            body=f"原定{old_when}，改为{new_when}。原因：{reason.strip()}",
        )
    else:
        FLOW.log(
            meeting,
            actor,
            "update",
            "修改会议安排",
            meeting.state,
            comment=_with_conflicts(_entrust_note(meeting), conflicts),
        )
    return meeting


def _active_people(meeting: Meeting) -> list:
    return [
        a.person for a in meeting.attendees.filter(active=True, person__isnull=False).select_related("person__profile")
    ]


@transaction.atomic
def meeting_set_attendees(*, actor, pk, seen_version=None, people: list, units: Iterable = ()) -> Meeting:
    """参会人员: the type's defaults, edited by the office; the chair always attends [18], [24], [25], [6]."""
    meeting = FLOW.begin(pk, seen_version)
    _refuse_unless_organiser(actor, "调整参会人员")
    _refuse_unless_upcoming(meeting, "调整参会人员")
    people = [meeting.chair, *[p for p in people if p.pk != meeting.chair_id]]
    _require_cleared(meeting, people)
    before = {p.pk for p in _active_people(meeting)}
    _seat_people(meeting, people)
    _seat_units(meeting, units)
    FLOW.save(meeting)
    added = [p for p in people if p.pk not in before]
    FLOW.log(
        meeting,
        actor,
        "attendees",
        "调整参会人员",
        meeting.state,
        comment=f"参会{len(people)}人，列席单位{len(list(units))}个",
    )
    if meeting.state == State.NOTIFIED and added:
        FLOW.notify(added, title=f"会议通知：{FLOW.name(meeting)}", obj=meeting, body=notice_text(meeting))
    return meeting


def notice_text(meeting: Meeting) -> str:
    """会议通知's words: time, place, agenda, what to bring (a classified meeting says only to log in)."""
    if meeting.secret_level > 0:
        return "涉密会议，请登录系统查看会议通知。"
    agenda = "；".join(f"{i}. {t.title}" for i, t in enumerate(meeting.topics.order_by("position", "id"), start=1))
    when = _span(meeting.starts_at, meeting.ends_at)
    text = f"时间：{when}；地点：{meeting.where}；主持人：{display_name(meeting.chair)}。"
    if agenda:
        text += f"议题：{agenda}。"
    if meeting.to_bring:
        text += meeting.to_bring
    return text


@transaction.atomic
def meeting_send_notice(*, actor, pk, seen_version=None) -> Meeting:
    """发出会议通知: to every attendee, in the app and by e-mail [6], [17]."""
    meeting = FLOW.begin(pk, seen_version)
    FLOW.check(meeting.send_notice, actor, "只有办公室领导和收发秘书可以发出会议通知 [6][17]。")
    people = _active_people(meeting)
    if not people:
        raise ValidationError("请先确定参会人员。")
    if meeting.starts_at <= timezone.now():
        raise ValidationError("会议开始时间已过，请先改期再发通知。")
    from_state = meeting.state
    meeting.send_notice()
    meeting.notified_at = timezone.now()
    FLOW.save(meeting)
    FLOW.log(meeting, actor, "notice", "发出会议通知", from_state, comment=f"通知{len(people)}人")
    FLOW.notify(people, title=f"会议通知：{FLOW.name(meeting)}", obj=meeting, body=notice_text(meeting))
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, pk, seen_version=None, reason: str) -> Meeting:
    """取消会议, with a reason; everyone on it is told; its topics wait for another meeting [17]."""
    meeting = FLOW.begin(pk, seen_version)
    FLOW.check(meeting.cancel, actor, "只有办公室领导和收发秘书可以取消尚未召开的会议 [17]。")
    if not reason.strip():
        raise ValidationError("请写明取消会议的原因，系统将通知全体参会人员 [17]。")
    people = _active_people(meeting)
    notified = meeting.state == State.NOTIFIED
    from_state = meeting.state
    meeting.cancel()
    meeting.cancelled_at = timezone.now()
    meeting.cancel_reason = reason.strip()[:300]
    FLOW.save(meeting)
    meeting.attendees.update(active=False)
    for topic in meeting.topics.filter(state=TopicState.ACCEPTED):
        topic.release()
        topic.meeting = None
        TOPIC_FLOW.save(topic)
        TOPIC_FLOW.log(topic, actor, "release", "会议取消，退回待审定", TopicState.ACCEPTED, comment=reason.strip())
    FLOW.log(meeting, actor, "cancel", "取消会议", from_state, comment=reason.strip())
    if notified or people:
        FLOW.notify(
            people,
            title=f"会议取消：{FLOW.name(meeting)}",
            obj=meeting,
            body=f"原定{_span(meeting.starts_at, meeting.ends_at)}的会议取消。原因：{reason.strip()}",
        )
    return meeting


@transaction.atomic
def meeting_open(*, actor, pk, seen_version=None) -> Meeting:
    """开会: the meeting is numbered in its kind's series for the year (2026年第3次常务会议) when it is held."""
    meeting = FLOW.begin(pk, seen_version)
    FLOW.check(meeting.open, actor, "只有主持人、办公室领导和收发秘书可以宣布开会，且会议须已发出通知 [17]。")
    from_state = meeting.state
    meeting.open()
    meeting.opened_at = timezone.now()
    meeting.serial = next_serial(f"meetings:{meeting.kind}", meeting.year)
    FLOW.save(meeting)
    FLOW.log(meeting, actor, "open", "开会", from_state, comment=meeting.number_label)
    return meeting


@transaction.atomic
def meeting_close(*, actor, pk, seen_version=None) -> Meeting:
    """散会: its topics are recorded as discussed; whoever did not sign in is absent — 请假 when the leave
    chapter (or the clerk) has them away, 缺席 otherwise."""
    meeting = FLOW.begin(pk, seen_version)
    FLOW.check(meeting.close, actor, "只有主持人、办公室领导和收发秘书可以宣布散会 [17]。")
    from_state = meeting.state
    meeting.close()
    meeting.closed_at = timezone.now()
    FLOW.save(meeting)
    for topic in meeting.topics.filter(state=TopicState.ACCEPTED):
        topic.mark_discussed()
        TOPIC_FLOW.save(topic)
        TOPIC_FLOW.log(topic, actor, "discussed", "已研究", TopicState.ACCEPTED, comment=meeting.number_label)
    waiting = list(meeting.attendees.filter(active=True, status=Attendee.Status.EXPECTED, person__isnull=False))
    away = set(
        Absence.objects.filter(
            person_id__in=[a.person_id for a in waiting], starts_at__lt=meeting.ends_at, ends_at__gt=meeting.starts_at
        ).values_list("person_id", flat=True)
    )
    for seat in waiting:
        seat.status = Attendee.Status.LEAVE if seat.person_id in away else Attendee.Status.ABSENT
        seat.note = seat.note or ("外出（请销假记录）" if seat.person_id in away else "未签到")
        seat.save(update_fields=["status", "note"])
    FLOW.log(meeting, actor, "close", "散会", from_state)
    return meeting


# --- 签到 -------------------------------------------------------------------------------------------------------


SIGN_IN_OPENS = timedelta(hours=1)  # the person may sign in from an hour before the start


@transaction.atomic
def attendance_record(
    *, actor, pk, attendee_id, status: str, substitute=None, note: str = "", representative: str = ""
) -> Attendee:
    """签到 by the clerk: present, on leave, absent, or represented by a substitute (代会)."""
    meeting = FLOW.begin(pk)
    _refuse_unless_organiser(actor, "登记签到")
    if meeting.state not in (State.NOTIFIED, State.IN_PROGRESS, State.ENDED):
        raise ActionRefused(f"会议{meeting.get_state_display()}，不能登记签到。")
    seat = meeting.attendees.filter(pk=attendee_id, active=True).select_related("person").first()
    if seat is None:
        raise ValidationError("该人员不在本次会议的参会名单中。")
    if status not in Attendee.Status.values or status == Attendee.Status.EXPECTED:
        raise ValidationError("请选择出席情况。")
    if status == Attendee.Status.SUBSTITUTED:
        if substitute is None or (seat.person_id and substitute.pk == seat.person_id):
            raise ValidationError("代会须选择代会人（本人以外的人员）。")
        _require_cleared(meeting, [substitute])
        FLOW.grant(meeting, [substitute])
    seat.status = status
    seat.substitute = substitute if status == Attendee.Status.SUBSTITUTED else None
    seat.note = note.strip()[:200]
    if seat.unit_id:
        seat.representative = representative.strip()[:50] or seat.representative
    seat.signed_at = timezone.now() if status in (Attendee.Status.PRESENT, Attendee.Status.SUBSTITUTED) else None
    seat.signed_by = actor
    seat.save()
    FLOW.log(
        meeting, actor, "attendance", "登记签到", meeting.state, comment=f"{seat.name}：{seat.get_status_display()}"
    )
    return seat


@transaction.atomic
def attendance_sign_in(*, actor, pk) -> Attendee:
    """签到 by the person on their phone, from an hour before the start until the meeting closes."""
    meeting = FLOW.begin(pk)
    seat = meeting.attendees.filter(person=actor, active=True).first()
    if seat is None:
        raise ActionRefused("您不在本次会议的参会名单中。")
    now = timezone.now()
    if meeting.state not in (State.NOTIFIED, State.IN_PROGRESS) or now < meeting.starts_at - SIGN_IN_OPENS:
        raise ValidationError("会前一小时起至散会前可以签到。")
    if seat.status == Attendee.Status.PRESENT:
        return seat
    seat.status = Attendee.Status.PRESENT
    seat.signed_at, seat.signed_by = now, actor
    seat.save(update_fields=["status", "signed_at", "signed_by"])
    FLOW.log(meeting, actor, "sign_in", "本人签到", meeting.state)
    return seat


# --- 议题 ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicData:
    kind: str
    category: str
    title: str
    description: str = ""
    units: tuple = ()
    from_incoming: object | None = None


@transaction.atomic
def topic_propose(*, actor, data: TopicData) -> Topic:
    """提出议题 with its category from the article's list [18], [24], [25], [6]."""
    try:
        spec = spec_of(data.kind)
    except KeyError:
        raise ValidationError("请选择会议类型 [17][6]。") from None
    if not rules.can_propose(actor, data.kind):
        raise ActionRefused(f"您不能向{spec.label}提出议题 {spec.article}。")
    problems = []
    if not data.title.strip():
        problems.append("请填写议题。")
    if data.category not in dict(spec.categories):
        problems.append(f"请选择议题类别（{spec.label}的议题须属于{spec.article}所列内容）。")
    if problems:
        raise ValidationError(problems)
    topic = Topic.objects.create(
        kind=data.kind,
        category=data.category,
        title=data.title.strip(),
        description=data.description.strip(),
        proposer=actor,
        from_incoming=data.from_incoming,
    )
    topic.units.set(data.units)
    TOPIC_FLOW.log(topic, actor, "propose", "提出议题", "", comment=spec.category_label(data.category))
    deciders = list(pickable_people(*rules.topic_decider_roles(data.kind)))
    TOPIC_FLOW.notify(deciders, title=f"新议题待审定：{topic.title}", obj=topic, body=f"{spec.label}：{topic.title}")
    return topic


@transaction.atomic
def topic_accept(*, actor, pk, seen_version=None, meeting_pk=None) -> Topic:
    """列入议程: the chair (the director) for the office's meetings, the office for the county's [18], [6];
    onto a meeting of the same kind not yet held, or accepted to wait for one."""
    topic = TOPIC_FLOW.begin(pk, seen_version)
    TOPIC_FLOW.check(topic.accept, actor, _decider_refusal(topic))
    meeting = None
    if meeting_pk:
        meeting = Meeting.objects.select_for_update().filter(pk=meeting_pk).first()
        if meeting is None or meeting.kind != topic.kind or meeting.state not in UPCOMING_STATES:
            raise ValidationError("只能列入同类型、尚未召开的会议议程。")
    from_state = topic.state
    topic.accept()
    topic.meeting = meeting
    topic.reason = ""
    topic.decided_by, topic.decided_at = actor, timezone.now()
    if meeting is not None:
        last = meeting.topics.order_by("-position").values_list("position", flat=True).first() or 0
        topic.position = last + 1
    TOPIC_FLOW.save(topic)
    # A classified meeting is named by its kind, time and level only: the proposer may not be on it [31], [32].
    where = FLOW.name(meeting) if meeting else "待排会议"
    TOPIC_FLOW.log(topic, actor, "accept", "列入议程", from_state, comment=where)
    TOPIC_FLOW.notify([topic.proposer], title=f"议题已列入议程：{topic.title}", obj=topic, body=where)
    if meeting is not None:
        FLOW.save(meeting)  # the agenda changed: a page showing the old one is stale
        _invite_topic_units(meeting, topic)
    return topic


def _invite_topic_units(meeting: Meeting, topic: Topic) -> None:
    units = list(topic.units.all())
    if units:
        current = [a.unit for a in meeting.attendees.filter(unit__isnull=False, active=True).select_related("unit")]
        _seat_units(meeting, [*current, *[u for u in units if u not in current]])


def _decider_refusal(topic: Topic) -> str:
    spec = spec_of(topic.kind)
    who = "办公室主任" if spec.office else "办公室领导"
    return f"{spec.label}的议题由{who}审定 {spec.article}。"


@transaction.atomic
def topic_defer(*, actor, pk, seen_version=None, reason: str) -> Topic:
    topic = TOPIC_FLOW.begin(pk, seen_version)
    TOPIC_FLOW.check(topic.defer, actor, _decider_refusal(topic))
    if not reason.strip():
        raise ValidationError("请写明暂缓上会的理由。")
    from_state = topic.state
    topic.defer()
    topic.meeting = None
    topic.reason = reason.strip()[:300]
    topic.decided_by, topic.decided_at = actor, timezone.now()
    TOPIC_FLOW.save(topic)
    TOPIC_FLOW.log(topic, actor, "defer", "暂缓上会", from_state, comment=topic.reason)
    TOPIC_FLOW.notify([topic.proposer], title=f"议题暂缓上会：{topic.title}", obj=topic, body=topic.reason)
    return topic


@transaction.atomic
def topic_decline(*, actor, pk, seen_version=None, reason: str) -> Topic:
    topic = TOPIC_FLOW.begin(pk, seen_version)
    TOPIC_FLOW.check(topic.decline, actor, _decider_refusal(topic))
    if not reason.strip():
        raise ValidationError("不予上会须写明理由，提出人将收到通知。")
    from_state = topic.state
    topic.decline()
    topic.reason = reason.strip()[:300]
    topic.decided_by, topic.decided_at = actor, timezone.now()
    TOPIC_FLOW.save(topic)
    TOPIC_FLOW.log(topic, actor, "decline", "不予上会", from_state, comment=topic.reason)
    TOPIC_FLOW.notify([topic.proposer], title=f"议题不予上会：{topic.title}", obj=topic, body=topic.reason)
    return topic


@transaction.atomic
def meeting_set_agenda(*, actor, pk, seen_version=None, topic_ids: Iterable[int]) -> Meeting:
    """议程: the organiser puts topics already accepted for this kind (同意上会，待排会议) on a meeting not yet
    held, in the order given; accepted topics left out wait for another meeting [18], [24], [25], [6]. Topics
    still waiting for a decision are not the organiser's to add: the chair (the office) decides them first."""
    meeting = FLOW.begin(pk, seen_version)
    _refuse_unless_organiser(actor, "安排议程")
    _refuse_unless_upcoming(meeting, "调整议程")
    wanted = [int(t) for t in topic_ids]
    topics = {
        t.pk: t
        for t in Topic.objects.select_for_update()
        .filter(pk__in=wanted, kind=meeting.kind, state=TopicState.ACCEPTED)
        .filter(Q(meeting__isnull=True) | Q(meeting=meeting))
    }
    missing = [t for t in wanted if t not in topics]
    if missing:
        raise ValidationError("只能列入本类会议已同意上会、尚未排会的议题；待审定的议题请先由主持人审定。")
    for position, topic_id in enumerate(wanted, start=1):
        topic = topics[topic_id]
        if topic.meeting_id != meeting.pk or topic.position != position:
            topic.meeting, topic.position = meeting, position
            TOPIC_FLOW.save(topic)
            TOPIC_FLOW.log(topic, actor, "schedule", "列入会议议程", topic.state, comment=FLOW.name(meeting))
            _invite_topic_units(meeting, topic)
    for topic in meeting.topics.filter(state=TopicState.ACCEPTED).exclude(pk__in=wanted):
        topic.meeting, topic.position = None, 0
        TOPIC_FLOW.save(topic)
        TOPIC_FLOW.log(topic, actor, "unschedule", "移出会议议程，待排会议", topic.state, comment=FLOW.name(meeting))
    FLOW.save(meeting)
    FLOW.log(meeting, actor, "agenda", "安排议程", meeting.state, comment=f"议题{len(wanted)}项")
    return meeting


@transaction.atomic
def topic_withdraw(*, actor, pk, seen_version=None) -> Topic:
    topic = TOPIC_FLOW.begin(pk, seen_version)
    TOPIC_FLOW.check(topic.withdraw, actor, "只有提出人可以撤回尚未列入议程的议题。")
    from_state = topic.state
    topic.withdraw()
    TOPIC_FLOW.save(topic)
    TOPIC_FLOW.log(topic, actor, "withdraw", "撤回议题", from_state)
    return topic


# --- 材料 ------------------------------------------------------------------------------------------------------------


@transaction.atomic
def material_add(*, actor, pk, upload, title: str = "", secret_level: int = 0, topic_pk=None) -> Material:
    """会议材料: a classified material only on a meeting whose people are cleared for it [31], [32]."""
    meeting = FLOW.begin(pk)
    if not (rules.is_organiser(actor) or actor.pk == meeting.chair_id):
        raise ActionRefused("只有主持人、办公室领导和收发秘书可以上传会议材料。")
    if meeting.state == State.CANCELLED:
        raise ActionRefused("会议已取消，不能上传材料。")
    if secret_level not in SecretLevel.values:
        raise ValidationError("密级无效。")
    if secret_level > 0:
        probe = Meeting(secret_level=secret_level, kind=meeting.kind, title=meeting.title)
        FLOW.require_clearance(probe, [actor, *_active_people(meeting)], "参会人员")
    topic = None
    if topic_pk:
        topic = meeting.topics.filter(pk=topic_pk).first()
        if topic is None:
            raise ValidationError("所选议题不在本次会议议程中。")
    content_type = validate_upload(upload)
    name = (upload.name or "file")[-200:]
    suffix = name[name.rfind(".") :] if "." in name else ""
    material = Material(
        meeting=meeting,
        topic=topic,
        title=(title.strip() or name)[:200],
        file_name=name,
        content_type=content_type,
        secret_level=secret_level,
        uploaded_by=actor,
    )
    material.file.save(f"{meeting.pk}-{timezone.localtime():%Y%m%d%H%M%S%f}{suffix}", upload, save=False)
    material.save()
    FLOW.log(meeting, actor, "material", "上传会议材料", meeting.state, comment=material.get_secret_level_display())
    return material


@transaction.atomic
def material_withdraw(*, actor, pk, material_id, reason: str = "") -> Material:
    meeting = FLOW.begin(pk)
    if not (rules.is_organiser(actor) or actor.pk == meeting.chair_id):
        raise ActionRefused("只有主持人、办公室领导和收发秘书可以撤下会议材料。")
    material = meeting.materials.filter(pk=material_id, withdrawn_at__isnull=True).first()
    if material is None:
        raise ValidationError("该材料不存在或已撤下。")
    material.withdrawn_at = timezone.now()
    material.save(update_fields=["withdrawn_at"])
    FLOW.log(meeting, actor, "material_withdraw", "撤下会议材料", meeting.state, comment=reason.strip()[:200])
    return material


# --- 纪要 ------------------------------------------------------------------------------------------------------------


@transaction.atomic
def minutes_start(*, actor, pk) -> Minutes:
    """The office starts the minutes once the meeting is held [17]."""
    meeting = FLOW.begin(pk)
    if not rules.is_organiser(actor):
        raise ActionRefused("会议纪要由办公室起草 [17][6]。")
    if meeting.state not in (State.IN_PROGRESS, State.ENDED):
        raise ActionRefused("会议召开后才能起草纪要。")
    minutes, created = Minutes.objects.get_or_create(meeting=meeting, defaults={"drafted_by": actor})
    if created:
        MINUTES_FLOW.log(minutes, actor, "start", "起草纪要", "")
    return minutes


@transaction.atomic
def minutes_save(*, actor, pk, seen_version=None, body: str) -> Minutes:
    minutes = MINUTES_FLOW.begin(pk, seen_version)
    if not rules.can_draft_minutes(minutes, actor) or minutes.state != MinutesState.DRAFTING:
        raise ActionRefused("只有办公室可以修改起草中的纪要 [17]。")
    minutes.body = body.replace("\r\n", "\n").strip()
    MINUTES_FLOW.save(minutes)
    MINUTES_FLOW.log(minutes, actor, "save", "修改纪要", minutes.state)
    return minutes


@transaction.atomic
def minutes_submit(*, actor, pk, seen_version=None) -> Minutes:
    """送主持人审定 [18], [24], [25], [6]."""
    minutes = MINUTES_FLOW.begin(pk, seen_version)
    MINUTES_FLOW.check(minutes.submit, actor, "只有办公室可以将纪要送审 [17]。")
    if not minutes.body.strip():
        raise ValidationError("纪要正文为空。")
    if minutes.meeting.state != State.ENDED:
        raise ValidationError("散会后才能将纪要送主持人审定。")
    from_state = minutes.state
    minutes.submit()
    MINUTES_FLOW.save(minutes)
    MINUTES_FLOW.log(minutes, actor, "submit", "送主持人审定", from_state)
    MINUTES_FLOW.notify([minutes.meeting.chair], title=f"纪要待审定：{MINUTES_FLOW.name(minutes)}", obj=minutes)
    return minutes


@transaction.atomic
def minutes_send_back(*, actor, pk, seen_version=None, comment: str) -> Minutes:
    minutes = MINUTES_FLOW.begin(pk, seen_version)
    MINUTES_FLOW.check(minutes.send_back, actor, "只有会议主持人可以审定纪要 [18][24][25]。")
    if not comment.strip():
        raise ValidationError("退回修改请写明修改意见。")
    from_state = minutes.state
    minutes.send_back()
    MINUTES_FLOW.save(minutes)
    MINUTES_FLOW.log(minutes, actor, "send_back", "退回修改", from_state, comment=comment.strip())
    MINUTES_FLOW.notify(
        [minutes.drafted_by], title=f"纪要退回修改：{MINUTES_FLOW.name(minutes)}", obj=minutes, body=comment.strip()
    )
    return minutes


@transaction.atomic
def minutes_approve(*, actor, pk, seen_version=None, comment: str = "") -> Minutes:
    """主持人审定: the chair, and only the chair, approves [18], [24], [25], [6]."""
    minutes = MINUTES_FLOW.begin(pk, seen_version)
    MINUTES_FLOW.check(minutes.approve, actor, "只有会议主持人可以审定纪要 [18][24][25]。")
    from_state = minutes.state
    minutes.approve()
    minutes.approved_by, minutes.approved_at = actor, timezone.now()
    MINUTES_FLOW.save(minutes)
    MINUTES_FLOW.log(minutes, actor, "approve", "主持人审定", from_state, comment=comment.strip())
    MINUTES_FLOW.notify([minutes.drafted_by], title=f"纪要已审定：{MINUTES_FLOW.name(minutes)}", obj=minutes)
    return minutes


@transaction.atomic
def minutes_issue(*, actor, pk, seen_version=None) -> Minutes:
    """印发: only after the chair approved; numbered in the kind's own series per year (常务会议纪要〔2026〕3号);
    the meeting's state becomes 纪要已签发 and every attendee is told [17], [6]."""
    minutes = MINUTES_FLOW.begin(pk, seen_version)
    if minutes.state in (MinutesState.DRAFTING, MinutesState.PENDING):
        raise ActionRefused("纪要须经会议主持人审定后才能印发 [18][24][25][6]。")
    MINUTES_FLOW.check(minutes.issue, actor, "只有办公室可以印发会议纪要 [17]。")
    meeting = FLOW.lock(minutes.meeting_id)
    from_state = minutes.state
    minutes.issue()
    minutes.issued_at = timezone.now()
    minutes.serial = next_serial(f"meetings-minutes:{meeting.kind}", meeting.year)
    MINUTES_FLOW.save(minutes)
    meeting_from = meeting.state
    FLOW.check(meeting.mark_minutes_issued, actor, "会议须已散会，纪要才能印发 [17]。")
    meeting.mark_minutes_issued()
    FLOW.save(meeting)
    label = f"{meeting.spec.minutes_title}〔{meeting.year}〕{minutes.serial}号"
    MINUTES_FLOW.log(minutes, actor, "issue", "印发纪要", from_state, comment=label)
    FLOW.log(meeting, actor, "minutes", "纪要签发", meeting_from, comment=label)
    FLOW.notify(_active_people(meeting), title=f"会议纪要已印发：{label}", obj=meeting)
    return minutes


# --- 议定事项 -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionData:
    text: str
    leader: object | None
    due_date: date | None
    units: tuple = ()
    sections: tuple = ()
    topic: Topic | None = None


def _decision_problems(data: DecisionData, meeting: Meeting) -> list[str]:
    problems = []
    if not data.text.strip():
        problems.append("请填写议定事项。")
    if not data.units and not data.sections:
        problems.append("议定事项须明确责任单位或责任科室 [37][15]。")
    if data.leader is None:
        problems.append("议定事项须明确责任领导 [38]。")
    if data.due_date is None:
        problems.append("议定事项须明确办结时限 [39][40]。")
    elif data.due_date < timezone.localtime(meeting.starts_at).date():
        problems.append("办结时限不能早于会议日期。")
    if data.topic is not None and not meeting.topics.filter(pk=data.topic.pk).exists():
        problems.append("所选议题不在本次会议议程中。")
    return problems


@transaction.atomic
def decision_add(*, actor, pk, data: DecisionData) -> Decision:
    """议定事项: text, responsible unit(s), responsible leader, deadline — none may be missing [37], [15]."""
    meeting = FLOW.begin(pk)
    if not rules.is_organiser(actor):
        raise ActionRefused("议定事项由办公室记录 [17]。")
    if meeting.state not in (State.IN_PROGRESS, State.ENDED):
        raise ActionRefused("会议召开后、纪要印发前记录议定事项。")
    minutes = Minutes.objects.filter(meeting=meeting).only("state").first()
    if minutes is not None and minutes.state != MinutesState.DRAFTING:
        # The chair approves the minutes with their decisions: none is added behind his back [18], [24], [25].
        raise ActionRefused("纪要已送主持人审定，议定事项随纪要审定；如需增加，请主持人退回修改后再记录。")
    problems = _decision_problems(data, meeting)
    if problems:
        raise ValidationError(problems)
    last = meeting.decisions.order_by("-position").values_list("position", flat=True).first() or 0
    decision = Decision.objects.create(
        meeting=meeting,
        topic=data.topic,
        position=last + 1,
        text=data.text.strip(),
        leader=data.leader,
        due_date=data.due_date,
    )
    decision.units.set(data.units)
    decision.sections.set(data.sections)
    FLOW.grant(meeting, [data.leader])
    DECISION_FLOW.log(decision, actor, "create", "记录议定事项", "", comment=f"办结时限{data.due_date:%Y-%m-%d}")
    return decision


@transaction.atomic
def decision_track(*, actor, pk, seen_version=None) -> Decision:
    """立项督办: the decision becomes a supervision item (督查事项, one per decision) that the supervision
    chapter follows, reminds and closes from now on; the decision's state follows its item [15], [37], [39]."""
    from supervision.services import item_from_decision

    decision = DECISION_FLOW.begin(pk, seen_version)
    DECISION_FLOW.check(decision.track, actor, "只有办公室可以将议定事项立项督办 [37]。")
    if not rules.is_organiser(actor):
        raise ActionRefused("只有办公室可以将议定事项立项督办 [37]。")
    from_state = decision.state
    decision.track()
    decision.tracked_at, decision.tracked_by = timezone.now(), actor
    DECISION_FLOW.save(decision)
    item = item_from_decision(actor=actor, decision_pk=decision.pk)
    DECISION_FLOW.log(decision, actor, "track", "立项督办", from_state, comment=f"督查事项{item.number_label}")
    DECISION_FLOW.notify(
        [decision.leader],
        title=f"议定事项已立项督办：{DECISION_FLOW.name(decision)}",
        obj=decision,
        body=f"办结时限：{decision.due_date:%Y年%m月%d日} [39][40]",
    )
    return decision


def _refuse_if_supervised(decision: Decision) -> None:
    """A tracked decision is finished or voided through its supervision item, which it follows [37]."""
    if decision.state == DecisionState.TRACKED:
        raise ActionRefused("该议定事项已立项督办，由督查事项办结或撤销，议定事项随之更新 [37]。")


@transaction.atomic
def decision_finish(*, actor, pk, seen_version=None, result: str) -> Decision:
    """办结, with what was done (落实情况) [40] — a decision not tracked; a tracked one follows its item."""
    decision = DECISION_FLOW.begin(pk, seen_version)
    _refuse_if_supervised(decision)
    DECISION_FLOW.check(decision.finish, actor, "只有办公室或责任领导可以办结议定事项 [40]。")
    if not result.strip():
        raise ValidationError("请填写落实情况 [40]。")
    from_state = decision.state
    decision.finish()
    decision.done_at = timezone.now()
    decision.result = result.strip()
    DECISION_FLOW.save(decision)
    late = "" if decision.on_time else "（逾期办结）"
    DECISION_FLOW.log(decision, actor, "finish", "办结", from_state, comment=decision.result[:200] + late)
    return decision


@transaction.atomic
def decision_void(*, actor, pk, seen_version=None, reason: str) -> Decision:
    decision = DECISION_FLOW.begin(pk, seen_version)
    _refuse_if_supervised(decision)
    DECISION_FLOW.check(decision.void, actor, "只有办公室可以撤销议定事项 [17]。")
    if not rules.is_organiser(actor):
        raise ActionRefused("只有办公室可以撤销议定事项 [17]。")
    if not reason.strip():
        raise ValidationError("请写明撤销原因。")
    from_state = decision.state
    decision.void()
    decision.void_reason = reason.strip()[:300]
    DECISION_FLOW.save(decision)
    DECISION_FLOW.log(decision, actor, "void", "撤销", from_state, comment=decision.void_reason)
    return decision


def decision_follow_item(*, decision_pk, actor, step: str, item) -> Decision:
    """The supervision item of a tracked decision was closed (``finish``) or cancelled (``void``): the decision
    follows, in the item's transaction. The item's own step was permission-checked; this is its consequence,
    so the decision's ``permission=`` is not asked again [37], [40]."""
    decision = DECISION_FLOW.begin(decision_pk)
    if decision.state != DecisionState.TRACKED:
        return decision
    from_state = decision.state
    transition = decision.finish if step == "finish" else decision.void
    transition()
    if step == "finish":
        decision.done_at = item.done_at or timezone.now()
        decision.result = (item.result or "督查事项已办结").strip()
        label = "办结"
    else:
        decision.void_reason = item.cancel_reason[:300]
        label = "撤销"
    DECISION_FLOW.save(decision)
    DECISION_FLOW.log(decision, actor, step, label, from_state, comment=f"随督查事项{item.number_label}{label}")
    return decision

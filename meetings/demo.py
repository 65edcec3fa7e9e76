"""演示会议: rooms, and a handful of meetings, topics, minutes and decisions in each state, made through the
real services so they are ones the app could make (``manage.py seed_demo``).

Idempotent: nothing is added when the office already has meetings. A meeting can only be announced before it
starts, so the meetings shown as already held are walked through their steps at a future hour and then moved
back to their place in last week — the one thing here no service does.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from org.models import Section, Unit

from . import services
from .kinds import Kind
from .models import Attendee, Meeting, Room

ROOMS = [
    ("县政府第一会议室", "县政府办公楼三楼", 40),
    ("县政府常务会议室", "县政府办公楼四楼", 30),
    ("办公室小会议室", "县政府办公楼二楼", 12),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _move(meeting: Meeting, starts_at: datetime) -> None:
    """Put a meeting walked through at a future hour back where it was held (demo only)."""
    length = meeting.ends_at - meeting.starts_at
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts_at, ends_at=starts_at + length)
    Attendee.objects.filter(meeting=meeting).update(starts_at=starts_at, ends_at=starts_at + length)


def _data(users, kind, title, room, starts_at, hours=2, chair="zhuren", **extra) -> services.MeetingData:
    return services.MeetingData(
        kind=kind,
        title=title,
        chair=users[chair],
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        room=room,
        **extra,
    )


@transaction.atomic
def build_demo_meetings(users) -> int:
    if Meeting.objects.exists():
        return 0
    rooms = {
        name: Room.objects.get_or_create(name=name, defaults={"location": where, "capacity": size})[0]
        for name, where, size in ROOMS
    }
    clerk = users["shoufa"]
    today = timezone.localdate()
    soon = today + timedelta(days=1)
    count = 0

    def topic(who, kind, category, title, **extra):
        return services.topic_propose(
            actor=users[who],
            data=services.TopicData(kind=kind, category=category, title=title, **extra),
        )

    # 1. A 主任办公会议 held last week: minutes issued, one decision tracked, one done [18], [37].
    held = services.meeting_create(
        actor=clerk,
        data=_data(
            users, Kind.DIRECTOR_OFFICE, "主任办公会议（研究年底重点工作）", rooms["办公室小会议室"], _at(soon, 8, 30)
        ),
    )
    t1 = topic("fuzhuren_wenmi", Kind.DIRECTOR_OFFICE, "18-4", "统筹安排元旦、春节期间值班工作")
    t2 = topic("fuzhuren", Kind.DIRECTOR_OFFICE, "18-5", "研究办公室年度预算执行和车辆调配")
    for t in (t1, t2):
        services.topic_accept(actor=users["zhuren"], pk=t.pk, meeting_pk=held.pk)
    services.meeting_send_notice(actor=clerk, pk=held.pk)
    services.meeting_open(actor=clerk, pk=held.pk)
    for seat in held.attendees.filter(active=True):
        services.attendance_record(actor=clerk, pk=held.pk, attendee_id=seat.pk, status=Attendee.Status.PRESENT)
    services.meeting_close(actor=clerk, pk=held.pk)
    general = Section.objects.filter(code=Section.Code.GENERAL).first()
    d1 = services.decision_add(
        actor=clerk,
        pk=held.pk,
        data=services.DecisionData(
            text="综合科牵头，12月20日前编制元旦、春节值班表，报主任审定后印发",
            leader=users["fuzhuren_wenmi"],
            due_date=today + timedelta(days=20),
            sections=(general,) if general else (),
            topic=t1,
        ),
    )
    services.decision_track(actor=clerk, pk=d1.pk)
    d2 = services.decision_add(
        actor=clerk,
        pk=held.pk,
        data=services.DecisionData(
            text="压减一般性支出，公务用车统一调度",
            leader=users["fuzhuren"],
            due_date=today + timedelta(days=5),
            sections=(general,) if general else (),
            topic=t2,
        ),
    )
    services.decision_finish(actor=users["fuzhuren"], pk=d2.pk, result="已制定车辆调度办法并执行")
    minutes = services.minutes_start(actor=clerk, pk=held.pk)
    services.minutes_save(
        actor=clerk,
        pk=minutes.pk,
        body="会议由办公室主任主持，研究了元旦、春节期间值班安排和办公室年度预算执行情况。\n会议议定事项如下。",
    )
    services.minutes_submit(actor=clerk, pk=minutes.pk)
    services.minutes_approve(actor=users["zhuren"], pk=minutes.pk)
    services.minutes_issue(actor=clerk, pk=minutes.pk)
    _move(held, _at(today - timedelta(days=7), 9))
    count += 1

    # 2. A 县政府常务会议 held three days ago: minutes waiting for the county head's approval [6].
    department = Unit.objects.filter(kind="department", is_active=True).order_by("sort_order", "id").first()
    executive = services.meeting_create(
        actor=clerk,
        data=_data(
            users,
            Kind.COUNTY_EXECUTIVE,
            "县政府常务会议",
            rooms["县政府常务会议室"],
            _at(soon, 9),
            hours=3,
            chair="xianzhang",
        ),
        units=[department] if department else [],
    )
    t3 = topic(
        "changwu",
        Kind.COUNTY_EXECUTIVE,
        "6e-1",
        "研究今冬明春草原防火物资储备方案",
        units=(department,) if department else (),
    )
    services.topic_accept(actor=users["zhuren"], pk=t3.pk, meeting_pk=executive.pk)
    services.meeting_send_notice(actor=clerk, pk=executive.pk)
    services.meeting_open(actor=clerk, pk=executive.pk)
    services.meeting_close(actor=clerk, pk=executive.pk)
    services.decision_add(
        actor=clerk,
        pk=executive.pk,
        data=services.DecisionData(
            text="县农牧局牵头，一个月内完成防火物资储备并报县政府",
            leader=users["fuxianzhang1"],
            due_date=today + timedelta(days=30),
            units=(department,) if department else (),
            sections=() if department else ((general,) if general else ()),
            topic=t3,
        ),
    )
    ex_minutes = services.minutes_start(actor=clerk, pk=executive.pk)
    services.minutes_save(actor=clerk, pk=ex_minutes.pk, body="会议由县长主持，研究了今冬明春草原防火物资储备方案。")
    services.minutes_submit(actor=clerk, pk=ex_minutes.pk)
    _move(executive, _at(today - timedelta(days=3), 9))
    count += 1

    # 3. A 室务会议 announced for tomorrow, with a topic on its agenda [24].
    affairs = services.meeting_create(
        actor=clerk,
        data=_data(
            users,
            Kind.OFFICE_AFFAIRS,
            "室务会议（部署年终总结）",
            rooms["县政府第一会议室"],
            _at(soon, 15),
            to_bring="请各科室带上本科室年度工作总结初稿。",
        ),
    )
    t4 = topic("kezhang", Kind.OFFICE_AFFAIRS, "24-2", "安排部署办公室年终总结和述职工作")
    services.topic_accept(actor=users["zhuren"], pk=t4.pk, meeting_pk=affairs.pk)
    services.meeting_send_notice(actor=clerk, pk=affairs.pk)
    count += 1

    # 4. A 全体会议 in preparation next week, chaired by a deputy on the director's entrustment [25].
    services.meeting_create(
        actor=clerk,
        data=_data(
            users,
            Kind.OFFICE_PLENARY,
            "办公室全体会议（传达学习上级会议精神）",
            rooms["县政府第一会议室"],
            _at(today + timedelta(days=7), 10),
            chair="fuzhuren_wenmi",
            entrusted_by=users["zhuren"],
            entrustment="主任赴州参加培训，书面委托分管文秘副主任主持",
        ),
    )
    count += 1

    # 5. A 专题会议 cancelled, with its reason [17].
    topical = services.meeting_create(
        actor=clerk,
        data=_data(
            users,
            Kind.COUNTY_TOPIC,
            "城区供暖保障专题会议",
            rooms["县政府常务会议室"],
            _at(soon, 10),
            chair="fuxianzhang2",
        ),
    )
    services.meeting_send_notice(actor=clerk, pk=topical.pk)
    services.meeting_cancel(actor=clerk, pk=topical.pk, reason="分管副县长临时赴州汇报工作，会议另行通知")
    count += 1

    # Topics waiting: one for the director to decide, one deferred [18].
    topic("fuzhuren", Kind.DIRECTOR_OFFICE, "18-1", "讨论向县政府请示调整公文交换时间")
    deferred = topic("kezhang", Kind.DIRECTOR_OFFICE, "18-6", "研究办公室档案室改造")
    services.topic_defer(actor=users["zhuren"], pk=deferred.pk, reason="待明年预算安排后再议")
    return count

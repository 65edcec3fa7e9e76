"""演示值班: a published roster for this month, a 春节 roster with its 带班 leaders (a draft, to publish), a few
duty log entries and an emergency report in each state — made through the real services (``manage.py
seed_demo``). Idempotent: nothing is added when the office already has a roster.

The demo office has one 值班人员; the office rotates its staff on duty, so the builder also gives the role to
four of its clerks (归口人员, 打字员) — a roster needs several people for the minimum rest between shifts.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from org.roles import Role

from . import services
from .calendar import holiday_periods
from .defaults import ensure_default_kinds
from .models import DayType, EmergencyReport, FollowUp, Roster

ROTA = ["zhiban", "guikou1", "guikou2", "guikou3", "dazi"]


@transaction.atomic
def build_demo_duty(users) -> int:
    # The rota's people hold the 值班人员 role on every run: the office's own demo (run first) sets each person's
    # roles afresh, and a second seed_demo must leave the office as the first one did.
    group, _ = Group.objects.get_or_create(name=Role.DUTY_OFFICER.value)
    for name in ROTA:
        if name in users:
            users[name].groups.add(group)
    if Roster.objects.exists():
        return 0
    ensure_default_kinds()
    leader = users["fuzhuren"]
    today = timezone.localdate()
    first = today.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    month = services.roster_generate(actor=leader, period=Roster.Period.MONTH, starts_on=first, ends_on=last)
    _lead_holidays(month, users)
    _fill_gaps(month, users)
    services.roster_publish(actor=leader, pk=month.pk)

    year = today.year if today.month < 2 else today.year + 1
    spring = next((p for p in holiday_periods(year) if p[2] == "春节"), None)
    made = 1
    if spring is not None:
        festival = services.roster_generate(
            actor=users["zhuren"], period=Roster.Period.HOLIDAY, starts_on=spring[0], ends_on=spring[1]
        )
        _lead_holidays(festival, users)
        made += 1

    duty = users["zhiban"]
    now = timezone.now()
    calls = [
        ("萨呼腾镇人民政府 党政办", "报告：镇区道路积雪已清理，交通恢复正常。", "已记录，转告交通运输局。"),
        ("县气象局 值班员", "预计今夜至明日有中到大雪，局地暴雪。", "已报告带班领导，通知各乡镇做好防范。"),
        ("群众 才旦（电话）", "反映结多乡某村停电。", "已联系县供电公司，答复正在抢修。"),
    ]
    for hours, (caller, content, action) in zip((30, 20, 3), calls, strict=True):
        services.log_add(
            actor=duty, caller=caller, content=content, action_taken=action, at=now - timedelta(hours=hours)
        )

    def record(title, place, hours, level="4", category="natural"):
        return services.report_record(
            actor=duty,
            title=title,
            received_at=now - timedelta(hours=hours),
            place=place,
            description=f"{place}发生{title}，具体情况正在核实。",
            source="乡人民政府值班室",
            casualties="暂无人员伤亡报告",
            category=category,
            level=level,
        )

    record("暴雪致道路中断", "扎青乡", 2)  # 已报领导
    agreed = record("牧民房屋受损", "阿多乡", 6)
    sent = record("山体滑坡", "昂赛乡", 10, level="3")
    closed = record("草场火情", "苏鲁乡", 48, category="accident")
    for report in (agreed, sent):
        services.report_instruct(actor=users["changwu"], pk=report.pk, text="请应急管理局立即核实，全力做好救援。")
        services.report_agree(actor=users["changwu"], pk=report.pk)
        services.report_agree(actor=users["zhuren"], pk=report.pk)
    services.report_send_to_prefecture(actor=duty, pk=sent.pk, method="电话、传真", receiver="州政府值班室值班员")
    services.report_follow_up(
        actor=duty, pk=closed.pk, stage=FollowUp.Stage.FINAL, content="火情已扑灭，无人员伤亡，过火面积约20亩。"
    )
    return made + len(calls) + EmergencyReport.objects.count()


def _lead_holidays(roster: Roster, users) -> None:
    days = sorted(set(roster.shifts.filter(day_type=DayType.HOLIDAY).values_list("day", flat=True)))
    county = [users[n] for n in ("changwu", "fuxianzhang1", "fuxianzhang2") if n in users]
    office = [users[n] for n in ("zhuren", "fuzhuren", "fuzhuren_wenmi") if n in users]
    for i, day in enumerate(days):
        roster.refresh_from_db()
        services.roster_set_leaders(
            actor=roster.made_by,
            roster_pk=roster.pk,
            day=day,
            county_leader_pk=county[i % len(county)].pk,
            office_leader_pk=office[i % len(office)].pk,
        )


def _fill_gaps(roster: Roster, users) -> None:
    """Past shifts the rotation could not fill (the demo's people are few) go to whoever is free."""
    for shift in roster.shifts.filter(person__isnull=True).order_by("starts_at"):
        for name in ROTA:
            try:
                services.check_on_duty(users[name], shift)
            except Exception:
                continue
            type(shift).objects.filter(pk=shift.pk).update(person=users[name])
            break
        else:
            type(shift).objects.filter(pk=shift.pk).update(person=users["zhiban"])


__all__ = ["build_demo_duty", "date"]

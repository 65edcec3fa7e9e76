"""演示公务接待 (``manage.py seed_demo``) [6]: a handful of requests in every state — one waiting for approval
(its 公函 not yet in), one above 5,000 yuan waiting for the county head, one returned, one refused, approved ones
with their schedule (one arriving tomorrow), one held waiting for its 清单, recorded ones with their 清单, an
activity and a cancelled one. Made through the services; idempotent (nothing added when receptions exist)."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import services
from .models import Kind, MealLine, Reception


def _data(users, *, title, unit, count, arrive, days=1, leader="fuxianzhang1", cost="1800", accompany=2, **kw):
    return services.RequestData(
        kind=kw.pop("kind", Kind.RECEPTION),
        title=title,
        purpose=kw.pop("purpose", f"{unit}来杂多县{title[-6:]}"),
        visitor_count=count,
        arrive_on=arrive,
        leave_on=arrive + timedelta(days=days - 1),
        visiting_unit=unit,
        letter_number=kw.pop("letter", f"{unit[:2]}函〔{arrive.year}〕{count + 10}号"),
        visitors=kw.pop("visitors", "扎西 处长\n卓玛 科长\n王强 科员"),
        place=kw.pop("place", "县政府机关食堂；杂多宾馆"),
        receiving_leader=users[leader] if leader else None,
        accompany_count=accompany,
        meal_standard=Decimal("60"),
        lodging=True,
        estimated_cost=Decimal(cost),
        **kw,
    )


@transaction.atomic
def build_demo_reception(users) -> int:
    if Reception.objects.exists():
        return 0
    today = timezone.localdate()
    clerk, chief = users["kezhang"], users["guikou1"]
    approver, head = users["fuzhuren_wenmi"], users["xianzhang"]

    def submit(actor=clerk, **kw):
        return services.submit_request(actor=actor, data=_data(users, **kw))

    def approve(obj):
        obj = services.approve_request(actor=approver, pk=obj.pk, comment="同意，按标准接待。")
        if obj.needs_head:
            obj = services.head_approve_request(actor=head, pk=obj.pk, comment="同意。")
        return obj

    made = 0
    # 待审批: the 公函 has not arrived yet.
    submit(
        title="州农牧局调研草原生态保护补奖工作",
        unit="玉树州农牧局",
        count=4,
        arrive=today + timedelta(days=6),
        letter="",
    )
    # 待县长审批: above 5,000 yuan.
    big = submit(
        title="省生态环境厅督察三江源保护工作",
        unit="青海省生态环境厅",
        count=12,
        accompany=4,
        arrive=today + timedelta(days=9),
        days=3,
        cost="12800",
        leader="xianzhang",
    )
    services.approve_request(actor=approver, pk=big.pk, comment="同意，报县长审批。")
    # 退回 and 不予接待.
    back = submit(
        title="兄弟县考察学习乡村振兴", unit="囊谦县人民政府办公室", count=8, arrive=today + timedelta(days=12)
    )
    services.return_request(actor=approver, pk=back.pk, comment="请补充来访人员名单及职务。")
    no = submit(
        title="某公司洽谈项目", unit="西宁某商贸公司", count=3, arrive=today + timedelta(days=5), leader="changwu"
    )
    services.reject_request(actor=approver, pk=no.pk, comment="非公务活动，不属于公务接待范围。")
    made += 4
    # 已批准 with a schedule; one arrives tomorrow.
    for title, unit, arrive in (
        ("州人大常委会视察义务教育工作", "玉树州人大常委会办公室", today + timedelta(days=1)),
        ("州发改委调研重点项目建设", "玉树州发展和改革委员会", today + timedelta(days=15)),
    ):
        obj = approve(submit(title=title, unit=unit, count=6, arrive=arrive, days=2))
        for offset, (start, item, place) in enumerate(
            ((time(9, 30), "听取工作汇报", "县政府三楼会议室"), (time(14, 30), "实地察看", "萨呼腾镇"))
        ):
            services.add_schedule_item(
                actor=clerk,
                pk=obj.pk,
                day=arrive + timedelta(days=offset),
                start=start,
                item=item,
                place=place,
                accompanied_by="分管副县长、县政府办公室副主任",
            )
        made += 1
    # 已接待（待填清单） and 已填报清单 — moved back in time through the dates only.
    for title, unit, ago, recorded in (
        ("州林草局检查林长制落实情况", "玉树州林业和草原局", 3, False),
        ("州审计局开展专项审计进点", "玉树州审计局", 20, True),
        ("州政府办公室督查营商环境工作", "玉树州人民政府办公室", 35, True),
    ):
        arrive = today - timedelta(days=ago)
        obj = submit(title=title, unit=unit, count=5, arrive=arrive, days=2)
        Reception.objects.filter(pk=obj.pk).update(
            registered_at=timezone.now() - timedelta(days=ago + 5), approval_due_at=None
        )
        obj = approve(obj)
        services.mark_held(actor=chief, pk=obj.pk)
        if recorded:
            services.record_reception(
                actor=chief,
                pk=obj.pk,
                data=services.RecordData(
                    actual_visitors="扎西 处长\n卓玛 科长\n王强 科员\n李娜 科员\n才让 司机",
                    actual_visitor_count=5,
                    actual_accompany_count=2,
                    meals=[
                        services.Meal(arrive, MealLine.Meal.LUNCH, 7, Decimal("420")),
                        services.Meal(arrive, MealLine.Meal.DINNER, 7, Decimal("420")),
                        services.Meal(arrive + timedelta(days=1), MealLine.Meal.LUNCH, 7, Decimal("420")),
                    ],
                    lodging_note="杂多宾馆标准间3间1晚（来访人员自行缴费，凭据报销）",
                    lodging_cost=Decimal("0"),
                    other_note="公务用车油费",
                    other_cost=Decimal("150"),
                ),
            )
        made += 1
    # 重大活动, approved; and a cancelled reception.
    activity = submit(
        kind=Kind.ACTIVITY,
        title="杂多县虫草采挖管理工作动员大会",
        unit="",
        count=300,
        accompany=0,
        letter="",
        arrive=today + timedelta(days=20),
        cost="4500",
        leader="changwu",
        place="县文化广场",
        leaders_attending="县长、常务副县长、分管副县长",
        visitors="",
    )
    approve(activity)
    gone = submit(title="州统计局调研统计工作", unit="玉树州统计局", count=3, arrive=today + timedelta(days=4))
    services.cancel_request(actor=clerk, pk=gone.pk, reason="来访单位通知行程取消。")
    return made + 2

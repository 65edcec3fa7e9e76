"""演示督查事项: a handful of realistic items in each state, made through the real services
(``manage.py seed_demo``). Idempotent: nothing is added when the office already has items."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from org.models import Unit

from . import services
from .models import Item, ReceivedVia, ReportCycle, Source


def _unit(short: str) -> Unit | None:
    return Unit.objects.filter(short_name=short).first()


@transaction.atomic
def build_demo_supervision(users) -> int:
    if Item.objects.exists():
        return 0
    today = timezone.localdate()
    clerk, director, deputy = users["shoufa"], users["zhuren"], users["fuzhuren"]
    line = users["guikou2"]

    def data(title, text, unit, *, source=Source.WORK_REPORT, days=60, assist=(), **extra):
        return services.ItemData(
            source=source,
            title=title,
            text=text,
            first_responsible=extra.pop("first", deputy),
            handler=extra.pop("handler", line),
            lead_unit=_unit(unit),
            assisting_units=tuple(u for u in (_unit(a) for a in assist) if u),
            deadline=today + timedelta(days=days) if days is not None else None,
            **extra,
        )

    made = []
    # 登记: waiting to start.
    made.append(
        services.item_create(
            actor=clerk,
            data=data(
                "推进萨呼腾镇农牧民饮水安全巩固提升工程",
                "2026年政府工作报告任务：完成萨呼腾镇12个村饮水安全巩固提升，年底前全部通水。",
                "农牧水利科技局",
                assist=("萨呼腾镇",),
                days=120,
            ),
        )
    )
    # 立项待审: a major item waiting for its 分管副县长 [39].
    major = services.item_create(
        actor=clerk,
        data=data(
            "澜沧江源园区生态管护员队伍建设",
            "落实生态管护员“一户一岗”，完善考核和奖惩办法，每月5日前报送进展。",
            "澜沧江源园区管委会",
            is_major=True,
            deputy_head=users["fuxianzhang1"],
            report_cycle=ReportCycle.MONTHLY,
            report_day=5,
            days=180,
        ),
    )
    services.item_submit_for_approval(actor=clerk, pk=major.pk)
    made.append(major)
    # 督办中, with a feedback from the town (by phone) and a contact's own report.
    tracking = services.item_create(
        actor=clerk,
        data=data(
            "萨呼腾镇虫草采挖期间秩序管理",
            "县长批示：做好虫草采挖期间外来人员管理和矛盾纠纷排查，及时报告情况。",
            "萨呼腾镇",
            source=Source.COUNTY_LEADER,
            assist=("卫健局",),
            days=30,
        ),
    )
    services.item_start(actor=clerk, pk=tracking.pk)
    services.feedback_record(
        actor=line,
        pk=tracking.pk,
        data=services.FeedbackData(
            text="已设立检查站3处，排查纠纷5起，均已调处。",
            received_via=ReceivedVia.PHONE,
            received_on=today,
            reporter="镇党政办",
        ),
    )
    made.append(tracking)
    # 人大代表建议 in tracking.
    proposal = services.item_create(
        actor=clerk,
        data=data(
            "关于改善县城区冬季供暖的建议",
            "代表建议：延长县城区集中供暖期，改造老旧管网。",
            "住建局",
            source=Source.DEPUTY_PROPOSAL,
            days=None,
            proposal_number="建议第12号",
            proposer="才仁代表",
            session="杂多县第十八届人民代表大会第三次会议",
            assigned_on=today - timedelta(days=20),
        ),
    )
    services.item_start(actor=clerk, pk=proposal.pk)
    made.append(proposal)
    # 办结待审 and 已办结.
    for title, close in (("县城区主干道路灯维修", False), ("教育局完成学生资助资金发放", True)):
        item = services.item_create(
            actor=clerk,
            data=data(title, f"{title}，按期完成并报送结果。", "住建局" if not close else "教育局", days=15),
        )
        services.item_start(actor=clerk, pk=item.pk)
        services.item_submit_close(actor=clerk, pk=item.pk, result="已按要求完成，附验收材料。")
        if close:
            services.item_close(actor=deputy, pk=item.pk)
        made.append(item)
    # 已撤销.
    cancelled = services.item_create(
        actor=clerk,
        data=data("筹办县级农牧产品展销会", "因上级统一安排，本年度不再单独举办。", "农牧水利科技局", first=director),
    )
    services.item_cancel(actor=director, pk=cancelled.pk, reason="上级统一举办，本事项不再督办。")
    made.append(cancelled)
    return len(made)

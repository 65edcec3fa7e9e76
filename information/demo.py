"""演示政务信息 (``manage.py seed_demo``) [44]–[46]: a realistic handful of items in every state — a township's
来稿, an 紧急信息 waiting for review, one not used (with its reason), one being edited (a second revision), one
waiting for review, one approved and waiting to be sent, sent ones (this week two to the province and one to
the prefecture, so the week page shows what is missing), adopted ones (省 with a county head's 批示, 州, 县),
one archived, one withdrawn — the scoring table (with a change from this year, so last year's ranking keeps its
old points) and one issued 《政务信息》.

Every item is made through the services; the days the steps happened are then moved back (dates only, never a
state), so the week page and the statistics have past weeks to show. Idempotent: nothing is added when the
office already has items.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from org.models import Unit

from . import services
from .models import Adoption, InformationItem, Kind, Level, Revision, ScoringKey, ScoringRule, Sending, Target


def _unit(short: str) -> Unit | None:
    return Unit.objects.filter(short_name=short).first()


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def _backdate(item: InformationItem, day: date) -> None:
    """The item was submitted, screened and reviewed on ``day``; its sendings and adoptions keep their own days."""
    InformationItem.objects.filter(pk=item.pk).update(
        submitted_at=_at(day, 9),
        waiting_since=_at(day, 9),
        screened_at=_at(day, 10) if item.screened_at else None,
        reviewed_at=_at(day, 11) if item.reviewed_at else None,
    )
    Revision.objects.filter(item=item, number=1).update(edited_at=_at(day, 9))


@transaction.atomic
def build_demo_information(users) -> int:
    if InformationItem.objects.exists():
        return 0
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    staff, leader, contact = users["xinxi"], users["fuzhuren_wenmi"], users["lianluo"]
    director = users["zhuren"]
    town = _unit("萨呼腾镇")

    # 计分标准 [46]: set at the start of last year; the province's points raised from this year.
    if not ScoringRule.objects.exists():
        start = date(today.year - 1, 1, 1)
        for key, points in (
            (ScoringKey.PROVINCE_ADOPTION, 10),
            (ScoringKey.PREFECTURE_ADOPTION, 5),
            (ScoringKey.COUNTY_ADOPTION, 2),
            (ScoringKey.LEADER_INSTRUCTION, 3),
        ):
            services.set_scoring_rule(actor=director, key=key, points=points, effective_from=start, note="年初印发")
        services.set_scoring_rule(
            actor=director,
            key=ScoringKey.PROVINCE_ADOPTION,
            points=12,
            effective_from=date(today.year, 1, 1),
            note="省级采用加分，鼓励向省报送",
        )

    def submit(title, body, unit_short, author, *, kind=Kind.DYNAMIC, by=None):
        unit = _unit(unit_short) if unit_short else None
        actor = by or (contact if unit is not None and unit == town else staff)
        return services.submit_item(
            actor=actor, data=services.ItemData(title=title, body=body, kind=kind, unit=unit, author=author)
        )

    def approve(item):
        services.screen_item(actor=staff, pk=item.pk, keep=True)
        services.submit_for_review(actor=staff, pk=item.pk)
        return services.review_item(actor=leader, pk=item.pk, approve=True, comment="同意报送。")

    def send(item, day, targets):
        services.send_item(
            actor=staff,
            pk=item.pk,
            sendings=[services.SendingData(target=t, sent_on=today) for t in targets],
        )
        Sending.objects.filter(item=item).update(sent_on=day)
        InformationItem.objects.filter(pk=item.pk).update(first_sent_on=day)

    def adopt(item, level, day, *, publication="", instruction="", by=""):
        services.record_adoption(
            actor=staff,
            pk=item.pk,
            data=services.AdoptionData(
                level=level, adopted_on=today, publication=publication, instruction=instruction, instructed_by=by
            ),
        )
        Adoption.objects.filter(item=item, level=level).update(adopted_on=day)
        InformationItem.objects.filter(pk=item.pk).update(adopted_on=day)

    made = []
    # 来稿: the town's contact, waiting to be screened.
    made.append(
        submit(
            "萨呼腾镇开展虫草采挖期矛盾纠纷排查化解",
            "萨呼腾镇组织干部深入各村，排查虫草采挖期间草场界线纠纷12起，已调处10起。\n"
            "镇里设立临时调解点3处，及时受理群众诉求。",
            "萨呼腾镇",
            "才让卓玛",
        )
    )
    # 紧急信息: straight to review, in hours [46].
    made.append(
        submit(
            "昂赛乡突降暴雪 部分牧户牲畜受灾",
            "昨夜至今晨，昂赛乡普降暴雪，平均积雪厚度25厘米，初步统计受灾牧户37户，死亡牲畜120余头（只）。\n"
            "乡党委、政府已组织干部进村入户，调运饲草料，救灾工作有序开展。",
            "昂赛乡",
            "多杰",
            kind=Kind.URGENT,
        )
    )
    # 不采用, with the reason.
    not_used = submit("结多乡召开月度工作例会", "结多乡召开本月工作例会，安排下月工作。", "结多乡", "扎西")
    services.screen_item(
        actor=staff, pk=not_used.pk, keep=False, reason="一般性会议报道，缺少具体做法和成效，不具报送价值。"
    )
    made.append(not_used)
    # 编辑中, with a second revision.
    editing = submit(
        "教育局做好控辍保学工作",
        "教育局做好控辍保学工作，效果很好。",
        "教育局",
        "李娟",
        kind=Kind.EXPERIENCE,
    )
    services.screen_item(actor=staff, pk=editing.pk, keep=True)
    services.edit_item(
        actor=staff,
        pk=editing.pk,
        title="杂多县“四包”责任制推动控辍保学见实效",
        body="今年以来，县教育局落实县领导包乡、乡干部包村、村干部包户、教师包生的“四包”责任制，\n"
        "全县义务教育阶段劝返复学学生46名，巩固率达到98.6%。",
        note="提炼标题，补充数据",
    )
    made.append(editing)
    # 待审核.
    reviewing = submit(
        "卫健局开展包虫病筛查",
        "县卫健局组织医疗队深入各乡镇开展包虫病筛查，已筛查群众8600人。",
        "卫健局",
        "才仁",
    )
    services.screen_item(actor=staff, pk=reviewing.pk, keep=True)
    services.submit_for_review(actor=staff, pk=reviewing.pk)
    made.append(reviewing)
    # 待报送.
    made.append(
        approve(
            submit(
                "县住建局推进老旧小区改造",
                "县住建局启动3个老旧小区改造项目，涉及住户420户，计划10月底前完工。",
                "住建局",
                "王强",
            )
        )
    )
    # 已报送 this week: two to the province, one to the prefecture — the prefecture still one short [44].
    week_a = approve(
        submit(
            "杂多县全面完成草原生态保护补助奖励资金发放",
            "县农牧水利科技局会同各乡镇，将草原生态保护补助奖励资金全部兑付到户，涉及牧户9800余户。",
            "农牧水利科技局",
            "索南",
            kind=Kind.DYNAMIC,
        )
    )
    send(week_a, monday, [Target.PROVINCE, Target.PREFECTURE])
    week_b = approve(
        submit(
            "澜沧江源园区生态管护员巡护实现全覆盖",
            "园区落实生态管护员“一户一岗”，组建巡护队伍，巡护范围覆盖全部网格。",
            "澜沧江源园区管委会",
            "尼玛",
        )
    )
    send(week_b, min(today, monday + timedelta(days=1)), [Target.PROVINCE])
    made += [week_a, week_b]
    # 已采用 last week: 省 with the county head's 批示, and 州.
    adopted = approve(
        submit(
            "萨呼腾镇探索“党建+生态管护”模式",
            "萨呼腾镇把党支部建在管护网格上，党员带头巡护，群众参与，形成了共建共管的格局。\n"
            "今年以来，全镇未发生破坏草原生态案件。",
            "萨呼腾镇",
            "才让卓玛",
            kind=Kind.EXPERIENCE,
        )
    )
    last_week = monday - timedelta(days=7)
    send(adopted, last_week, [Target.PROVINCE, Target.PREFECTURE])
    adopt(
        adopted,
        Level.PROVINCE,
        last_week + timedelta(days=3),
        publication=f"《青海政务信息》{today.year}年第{max(1, today.month * 2)}期",
        instruction="这一做法值得总结推广，请各乡镇学习借鉴。",
        by="县长",
    )
    adopt(adopted, Level.PREFECTURE, last_week + timedelta(days=4), publication="《玉树政务信息》")
    made.append(adopted)
    prefecture = approve(
        submit(
            "苏鲁乡推进牧区饮水安全巩固提升",
            "苏鲁乡完成5个村饮水安全巩固提升工程，解决1200余名群众饮水问题。",
            "苏鲁乡",
            "旦增",
        )
    )
    send(prefecture, last_week + timedelta(days=1), [Target.PREFECTURE])
    adopt(prefecture, Level.PREFECTURE, last_week + timedelta(days=2), publication="《玉树政务信息》")
    made.append(prefecture)
    # 已归档: the office's own, adopted by the county leaders two weeks ago.
    archived = approve(
        submit(
            "县政府召开常务会议研究冬春防灾保畜工作",
            "县政府召开常务会议，研究部署冬春防灾保畜工作，要求各乡镇储备饲草料，落实应急预案。",
            "",
            "杨晓琳",
        )
    )
    two_weeks = monday - timedelta(days=14)
    send(archived, two_weeks, [Target.COUNTY])
    adopt(archived, Level.COUNTY, two_weeks + timedelta(days=1), publication="县领导阅示")
    services.archive_item(actor=staff, pk=archived.pk)
    made.append(archived)
    # 已撤回 by the town's contact.
    withdrawn = submit("萨呼腾镇召开干部大会", "萨呼腾镇召开全体干部大会。", "萨呼腾镇", "才让卓玛")
    services.withdraw_item(actor=contact, pk=withdrawn.pk, reason="内容有误，修改后重报。")
    made.append(withdrawn)

    # The days the items came in: spread over the last three weeks.
    for item, day in (
        (week_a, monday),
        (week_b, monday),
        (adopted, last_week),
        (prefecture, last_week),
        (archived, two_weeks),
    ):
        item.refresh_from_db()
        _backdate(item, day)

    # One issued 《政务信息》 [44].
    publication = services.create_publication(
        actor=staff, item_ids=[adopted.pk, prefecture.pk, archived.pk], editor=users["xinxi"].profile.full_name
    )
    services.issue_publication(actor=staff, pk=publication.pk)
    return len(made)

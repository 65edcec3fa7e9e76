"""演示调研与文字综合 (``manage.py seed_demo``) [4], [5]: two research tasks and two drafts in each state, made
through the services — research asked by the county head, the executive deputy and the director, with fieldwork,
report versions, 批示 and 采纳; drafts of the 政府工作报告, leaders' speeches and 汇报材料 with two reviewers in
order, versions v1, v2 … and a return with an opinion. Idempotent: nothing is added when tasks exist."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from org.models import Unit

from . import services
from .models import Adoption, Genre, Kind, Task

RESEARCH = [
    ("关于全县高原特色农牧业产业发展情况的调研", "xianzhang", "assigned"),
    ("关于易地扶贫搬迁后续扶持工作的调研", "changwu", "assigned"),
    ("关于乡镇卫生院服务能力提升的调研", "fuxianzhang1", "researching"),
    ("关于县域旅游资源开发利用的调研", "zhuren", "researching"),
    ("关于农村集体经济发展壮大的调研", "xianzhang", "reported"),
    ("关于营商环境优化情况的调研", "changwu", "reported"),
    ("关于草原生态保护补助奖励政策落实情况的调研", "xianzhang", "instructed"),
    ("关于农村饮水安全巩固提升的调研", "fuxianzhang2", "instructed"),
    ("关于寄宿制学校管理情况的调研", "xianzhang", "closed"),
    ("关于县城停车难问题的调研", "zhuren", "closed"),
    ("关于农村宅基地管理的调研", "changwu", "cancelled"),
    ("关于冬虫夏草采挖秩序管理的调研", "fuxianzhang1", "cancelled"),
]

DRAFTS = [
    ("2027年县政府工作报告", Genre.WORK_REPORT, "xianzhang", "commissioned"),
    ("县长在全县经济工作会议上的讲话", Genre.SPEECH, "xianzhang", "commissioned"),
    ("常务副县长在全县安全生产工作会议上的讲话", Genre.SPEECH, "changwu", "drafting"),
    ("关于脱贫攻坚成果巩固情况的汇报", Genre.BRIEFING, "xianzhang", "drafting"),
    ("副县长在全县春耕生产动员会上的讲话", Genre.SPEECH, "fuxianzhang1", "reviewing"),
    ("向州政府督查组的工作汇报", Genre.BRIEFING, "zhuren", "reviewing"),
    ("县长在全县民族团结进步表彰大会上的讲话", Genre.SPEECH, "xianzhang", "approving"),
    ("关于生态环境保护督察整改情况的汇报", Genre.BRIEFING, "changwu", "approving"),
    ("2026年县政府工作报告", Genre.WORK_REPORT, "xianzhang", "final"),
    ("县长在全县干部大会上的讲话", Genre.SPEECH, "xianzhang", "final"),
    ("县政府半年工作总结", Genre.OTHER, "zhuren", "cancelled"),
    ("副县长在防汛工作会议上的讲话", Genre.SPEECH, "fuxianzhang2", "cancelled"),
]

REPORT_TEXT = (
    "一、基本情况\n调研组深入乡镇、村组和有关部门，召开座谈会，走访群众，掌握了第一手资料。\n"
    "二、存在的问题\n基础设施仍有短板，群众增收渠道较窄，部门协同有待加强。\n"
    "三、对策建议\n建议统筹项目资金，完善利益联结机制，建立部门联席会议制度。"
)
DRAFT_V1 = (
    "同志们：\n今天召开这次会议，主要任务是总结工作、分析形势、部署任务。\n"
    "一、过去一年工作回顾\n全县上下团结一心，各项工作取得新进展。\n二、当前形势\n机遇与挑战并存。\n"
    "三、今年重点工作\n要抓好项目建设，抓好民生保障，抓好安全稳定。"
)
DRAFT_V2 = (
    "同志们：\n今天召开这次会议，主要任务是总结工作、分析形势、安排部署今年重点任务。\n"
    "一、过去一年工作回顾\n全县上下团结一心、攻坚克难，经济社会发展取得新成效。\n二、当前形势\n机遇与挑战并存，机遇大于挑战。\n"
    "三、今年重点工作\n要抓好项目建设，抓好民生保障，抓好安全稳定，抓好作风建设。"
)


@transaction.atomic
def build_demo_research(users) -> int:
    if Task.objects.exists():
        return 0
    today = timezone.localdate()
    director, deputy, secretarial = users["zhuren"], users["fuzhuren"], users["fuzhuren_wenmi"]
    staff = [users["kezhang"], users["guikou1"], users["guikou2"], users["guikou3"]]
    units = list(Unit.objects.filter(is_active=True).order_by("sort_order", "id")[:2])
    made = 0
    for i, (title, asker, target) in enumerate(RESEARCH):
        leader = users[asker]
        lead, member = staff[i % 4], staff[(i + 1) % 4]
        task = services.create_task(
            actor=director,
            kind=Kind.RESEARCH,
            title=title,
            leader=leader,
            lead=lead,
            members=[member],
            units=units[: 1 + i % 2],
            due_on=today + timedelta(days=(i % 5) * 7 + 2),
            aim="摸清底数，查找问题，提出可操作的对策建议，为县委、县政府决策提供参考。",
        )
        made += 1
        if target == "assigned":
            continue
        if target == "cancelled":
            services.cancel_task(actor=director, pk=task.pk, reason="县委已安排专题调研，本课题合并办理。")
            continue
        services.add_fieldwork(
            actor=lead,
            pk=task.pk,
            on=today - timedelta(days=3),
            place="萨呼腾镇",
            findings="召开座谈会，走访农牧户12户。",
        )
        if target == "researching":
            continue
        services.add_version(actor=lead, pk=task.pk, body=REPORT_TEXT, note="调研报告初稿")
        services.add_version(
            actor=lead, pk=task.pk, body=REPORT_TEXT + "\n四、下一步工作\n抓好建议落实。", note="补充下一步工作"
        )
        services.send_report(actor=lead, pk=task.pk)
        if target == "reported":
            continue
        services.instruct(actor=leader, pk=task.pk, text="报告很好，请有关部门认真研究落实。")
        if target == "instructed":
            continue
        services.close_task(
            actor=lead,
            pk=task.pk,
            adoption=Adoption.DOCUMENT if i % 2 else Adoption.DECISION,
            note="已吸收进县政府常务会议决定事项。",
        )
    for i, (title, genre, asker, target) in enumerate(DRAFTS):
        leader = users[asker]
        lead, member = staff[i % 4], staff[(i + 2) % 4]
        reviewers = [secretarial, director] if asker != "zhuren" else [deputy]
        task = services.create_task(
            actor=director,
            kind=Kind.DRAFTING,
            genre=genre,
            title=title,
            leader=leader,
            lead=lead,
            members=[member],
            reviewers=reviewers,
            due_on=today + timedelta(days=(i % 4) * 5 + 1),
            aim="突出重点，数据准确，语言简练，控制在八千字以内。",
        )
        made += 1
        if target == "commissioned":
            continue
        if target == "cancelled":
            services.cancel_task(actor=director, pk=task.pk, reason="会议推迟，文稿暂停起草。")
            continue
        services.add_version(actor=lead, pk=task.pk, body=DRAFT_V1, note="初稿")
        if target == "drafting":
            if i % 2:
                services.submit_draft(actor=lead, pk=task.pk)
                services.review_draft(actor=reviewers[0], pk=task.pk, passed=False, opinion="第三部分要写具体措施。")
            continue
        services.submit_draft(actor=lead, pk=task.pk)
        if target == "reviewing":
            continue
        for reviewer in reviewers:
            services.review_draft(actor=reviewer, pk=task.pk, passed=True, opinion="同意。")
        if target == "approving":
            continue
        services.decide_draft(actor=leader, pk=task.pk, approved=False, opinion="增加作风建设的内容。")
        services.add_version(actor=lead, pk=task.pk, body=DRAFT_V2, note="按领导意见增加作风建设")
        services.submit_draft(actor=lead, pk=task.pk)
        for reviewer in reviewers:
            services.review_draft(actor=reviewer, pk=task.pk, passed=True)
        services.decide_draft(actor=leader, pk=task.pk, approved=True, opinion="同意。")
    return made

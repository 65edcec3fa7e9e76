"""演示协调事项 [9], [15]: a handful of matters between the county's departments and townships in each state —
registered, coordinating (with talks recorded), before the leader, sent back once, decided, closed (one carried
out, one handed to supervision) and withdrawn — made through the real services (``manage.py seed_demo``).
Idempotent: nothing is added when a matter exists."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from org.models import BusinessLine, Unit

from . import services
from .models import Matter, Origin, TalkKind


def _units(*shorts) -> tuple:
    found = {u.short_name: u for u in Unit.objects.filter(short_name__in=shorts)}
    return tuple(found[s] for s in shorts if s in found)


MATTERS = [
    # (title, the matter, parties, origin, line code, end state)
    ("萨呼腾镇与住建局关于镇区供暖管网改造责任划分", "镇区老旧供暖管网改造，改造主体和资金分担意见不一。",
     ("萨呼腾镇", "住建局"), Origin.REQUEST, "construction", "registered"),
    ("昂赛乡草场围栏建设与澜沧江源园区生态管护衔接", "草场围栏建设涉及园区核心区，乡政府与园区管委会对选址有争议。",
     ("昂赛乡", "澜沧江源园区管委会"), Origin.INSTRUCTION, "ecology", "coordinating"),
    ("结多乡中心学校供电线路迁改费用", "学校扩建需迁改供电线路，教育局、供电公司和乡政府对迁改费用承担有分歧。",
     ("结多乡", "教育局", "供电公司"), Origin.REQUEST, "education-health", "proposed"),
    ("农牧水利科技局与财政局关于防汛物资储备资金", "防汛物资储备资金来源和拨付方式，两部门意见不一。",
     ("农牧水利科技局", "财政局"), Origin.DOCUMENT, "agriculture", "sent_back"),
    ("阿多乡卫生院医疗废物转运", "乡卫生院医疗废物转运由谁承担，卫健局与乡政府存在争议。",
     ("阿多乡", "卫健局"), Origin.REQUEST, "education-health", "decided"),
    ("查旦乡人饮工程水源地保护范围划定", "水源地保护范围与乡草场承包界线重叠，需协调划定。",
     ("查旦乡", "农牧水利科技局"), Origin.INSTRUCTION, "agriculture", "closed"),
    ("莫云乡易地搬迁安置点道路维护主体", "安置点道路建成后维护主体不明确，住建局与乡政府互相推诿。",
     ("莫云乡", "住建局"), Origin.REQUEST, "construction", "supervised"),
    ("苏鲁乡与气象局人工增雨作业点选址", "乡政府已同意选址，双方自行协商解决，无需办公室协调。",
     ("苏鲁乡", "气象局"), Origin.REQUEST, "ecology", "withdrawn"),
]  # fmt: skip


@transaction.atomic
def build_demo_coordination(users) -> int:
    if Matter.objects.exists():
        return 0
    today = services.today()
    lead, handler = users["fuzhuren"], users["guikou2"]
    director = users["zhuren"]
    lines = {line.code: line for line in BusinessLine.objects.all()}
    made = 0
    for title, text, shorts, origin, line_code, end in MATTERS:
        parties = _units(*shorts)
        if len(parties) < 2:
            continue
        line = lines.get(line_code)
        incoming = None
        if origin == Origin.DOCUMENT:
            from documents.incoming.models import IncomingDocument

            incoming = IncomingDocument.objects.order_by("id").first()
            if incoming is None:
                origin = Origin.REQUEST
        leader_user = (line.deputy_head if line and line.deputy_head_id else None) or users["xianzhang"]
        matter = services.matter_register(
            actor=handler,
            data=services.MatterData(
                title=title,
                matter=text,
                origin=origin,
                parties=parties,
                lead=lead if made % 2 == 0 else director,
                handler=handler,
                instructed_by=leader_user if origin == Origin.INSTRUCTION else None,
                instruction="请县政府办公室牵头协调，尽快拿出意见。" if origin == Origin.INSTRUCTION else "",
                incoming=incoming,
                requested_by=parties[0] if origin == Origin.REQUEST else None,
                line=line,
                due_on=today + timedelta(days=10 + made),
            ),
        )
        made += 1
        if end == "registered":
            continue
        if end == "withdrawn":
            services.matter_withdraw(actor=matter.lead, pk=matter.pk, reason="双方已自行协商一致，撤销协调。")
            continue
        names = "、".join(u.short_name or u.name for u in parties)
        services.talk_record(
            actor=handler,
            pk=matter.pk,
            held_on=today - timedelta(days=3),
            kind=TalkKind.MEETING,
            attendees=f"办公室副主任，{names}分管负责人",
            content="各方介绍情况，对争议焦点交换意见，同意由办公室提出处理意见报县政府领导。",
        )
        if end == "coordinating":
            continue
        proposal = "建议由属地乡（镇）负责组织实施，主管部门负责技术指导，所需资金按县财政相关规定分担。"
        matter = services.matter_propose(actor=handler, pk=matter.pk, proposal=proposal)
        if end == "proposed":
            continue
        if end == "sent_back":
            services.matter_send_back(actor=matter.leader, pk=matter.pk, comment="资金分担比例请与财政局再商。")
            continue
        services.matter_decide(actor=matter.leader, pk=matter.pk, decision="同意办公室意见，请各方抓紧落实。")
        if end == "decided":
            continue
        if end == "supervised":
            services.matter_to_supervision(actor=handler, pk=matter.pk, deadline=today + timedelta(days=30))
            services.matter_close(actor=handler, pk=matter.pk, result="已转督查室跟踪落实。")
            continue
        services.matter_close(actor=handler, pk=matter.pk, result="各方已按批示落实，水源地保护范围已划定并公示。")
    return made

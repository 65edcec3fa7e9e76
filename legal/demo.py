"""演示行政复议应诉 [13]: a handful of cases in each state (已收案, 答复中 with one due soon and one overdue,
已答复/已答辩, 已审理, 已结案, 已撤回) and about twenty licensing items with the 2025 clean-up decided — made
through the real services (``manage.py seed_demo``). Idempotent: nothing is added once a case or an item exists."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from org.models import Unit

from . import services
from .models import Case, CaseKind, LicensingItem, LicensingStatus, Outcome, PartyKind

R, L = CaseKind.RECONSIDERATION, CaseKind.LITIGATION

# (kind, number, party, kind of party, id, phone, act, unit, days ago received, end state)
CASES = [
    (R, "杂政复〔{y}〕11号", "才仁多杰", PartyKind.PERSON, "632722198804120031", "13897650012",
     "县自然资源局对申请人作出的《行政处罚决定书》（杂自然资罚〔{y}〕8号），责令拆除草场围栏内建筑",
     "住建局", 1, "received"),
    (L, "（{y}）青2722行初12号", "扎西拉姆", PartyKind.PERSON, "632722199102150428", "13619761234",
     "县政府对原告草原承包经营权属争议作出的行政裁决", "农牧水利科技局", 6, "replying"),
    (R, "杂政复〔{y}〕9号", "杂多县鑫源商贸有限公司", PartyKind.ORGANISATION, "91632722MA7XXXXX1K", "09718921234",
     "县市场监管部门不予登记行为", "财政局", 13, "replying_late"),
    (R, "杂政复〔{y}〕7号", "尼玛才让", PartyKind.PERSON, "632722197509300016", "18809761122",
     "县卫生健康局吊销诊所执业许可证的决定", "卫健局", 25, "replied"),
    (L, "（{y}）青2722行初8号", "索南求培", PartyKind.PERSON, "632722196812010059", "13997651100",
     "县政府房屋征收补偿决定", "住建局", 40, "heard"),
    (R, "杂政复〔{y}〕3号", "旦增曲措", PartyKind.PERSON, "632722199306060024", "15500976543",
     "县教育局对申请人子女入学申请不予答复", "教育局", 70, "closed"),
    (L, "（{y}）青2722行初4号", "多杰才旦", PartyKind.PERSON, "632722198012120077", "13709760099",
     "县政府信息公开申请答复", "财政局", 55, "withdrawn"),
]  # fmt: skip

ITEMS = [
    ("QH-XK-001", "建筑工程施工许可", "《中华人民共和国建筑法》第七条", "住建局"),
    ("QH-XK-002", "建设工程规划许可", "《中华人民共和国城乡规划法》第四十条", "住建局"),
    ("QH-XK-003", "乡村建设规划许可", "《中华人民共和国城乡规划法》第四十一条", "住建局"),
    ("QH-XK-004", "城镇污水排入排水管网许可", "《城镇排水与污水处理条例》第二十一条", "住建局"),
    ("QH-XK-005", "燃气经营许可", "《城镇燃气管理条例》第十五条", "住建局"),
    ("QH-XK-006", "医疗机构执业登记", "《医疗机构管理条例》第十四条", "卫健局"),
    ("QH-XK-007", "公共场所卫生许可", "《公共场所卫生管理条例》第八条", "卫健局"),
    ("QH-XK-008", "饮用水供水单位卫生许可", "《中华人民共和国传染病防治法》第二十九条", "卫健局"),
    ("QH-XK-009", "母婴保健技术服务执业许可", "《中华人民共和国母婴保健法》第三十二条", "卫健局"),
    ("QH-XK-010", "民办学校办学许可", "《中华人民共和国民办教育促进法》第十二条", "教育局"),
    ("QH-XK-011", "校车使用许可", "《校车安全管理条例》第十四条", "教育局"),
    ("QH-XK-012", "教师资格认定", "《中华人民共和国教师法》第十三条", "教育局"),
    ("QH-XK-013", "种畜禽生产经营许可", "《中华人民共和国畜牧法》第二十四条", "农牧水利科技局"),
    ("QH-XK-014", "动物防疫条件合格证核发", "《中华人民共和国动物防疫法》第二十四条", "农牧水利科技局"),
    ("QH-XK-015", "草原征占用审核", "《中华人民共和国草原法》第三十八条", "农牧水利科技局"),
    ("QH-XK-016", "取水许可", "《中华人民共和国水法》第四十八条", "农牧水利科技局"),
    ("QH-XK-017", "河道管理范围内建设项目工程建设方案审批", "《中华人民共和国防洪法》第二十七条", "农牧水利科技局"),
    ("QH-XK-018", "农作物种子生产经营许可", "《中华人民共和国种子法》第三十一条", "农牧水利科技局"),
    ("QH-XK-019", "兽药经营许可", "《兽药管理条例》第二十二条", "农牧水利科技局"),
    ("QH-XK-020", "渔业捕捞许可", "《中华人民共和国渔业法》第二十三条", "农牧水利科技局"),
    ("QH-XK-021", "政府采购代理机构资格认定", "原《政府采购法》第十九条（已修改）", "财政局"),
]

# The 2025 clean-up: what changed (the rest kept).
CLEANUP_2025 = {
    "QH-XK-021": (LicensingStatus.CANCELLED, "政府采购代理机构资格认定已由法律修改取消"),
    "QH-XK-003": (LicensingStatus.DELEGATED, "按照赋权乡镇事项清单，下放乡（镇）人民政府实施"),
    "QH-XK-014": (LicensingStatus.ADJUSTED, "实施条件调整为告知承诺制"),
    "QH-XK-020": (LicensingStatus.CANCELLED, "澜沧江源园区禁止捕捞，本县不再实施"),
}


def _unit(short: str) -> Unit | None:
    return Unit.objects.filter(short_name=short).first()


@transaction.atomic
def build_demo_legal(users) -> int:
    if Case.objects.exists() or LicensingItem.objects.exists():
        return 0
    fazhi = users.get("fazhi")
    if fazhi is None:
        return 0
    today = services.today()
    made = 0
    for kind, number, party, party_kind, id_number, phone, act, unit, ago, end in CASES:
        unit_obj = _unit(unit)
        if unit_obj is None:
            continue
        received = today - timedelta(days=ago)
        year = received.year
        case = services.case_register(
            actor=fazhi,
            data=services.CaseData(
                kind=kind, number=number.format(y=year), party_name=party, party_kind=party_kind,
                party_id_number=id_number, party_phone=phone, act=act.format(y=year), unit=unit_obj,
                received_on=received, handler=fazhi,
                organ="玉树藏族自治州人民政府" if kind == R else "杂多县人民法院",
            ),
        )  # fmt: skip
        made += 1
        if end == "received":
            continue
        if end == "withdrawn":
            services.case_withdraw(actor=fazhi, pk=case.pk, reason="原告申请撤诉，法院裁定准许。")
            continue
        services.case_materials(
            actor=fazhi, pk=case.pk, received_on=received + timedelta(days=2), note="部门报送答复意见及证据材料。"
        )
        if end in ("replying", "replying_late"):
            continue
        case = Case.objects.get(pk=case.pk)
        services.case_reply(
            actor=fazhi, pk=case.pk, replied_on=min(case.reply_due_on, today), comment="已按期提交并附证据目录。"
        )
        if end == "replied":
            services.case_set_hearing(actor=fazhi, pk=case.pk, hearing_on=today + timedelta(days=7))
            continue
        services.case_set_hearing(actor=fazhi, pk=case.pk, hearing_on=received + timedelta(days=30))
        services.case_hear(actor=fazhi, pk=case.pk, comment="县政府分管领导出庭应诉。")
        if end == "heard":
            continue
        services.case_close(
            actor=fazhi, pk=case.pk, outcome=Outcome.UPHELD, outcome_note="复议机关决定维持原行政行为。",
            closed_on=received + timedelta(days=50),
        )  # fmt: skip

    first = date(2024, 3, 1)
    items = {}
    for code, name, basis, unit in ITEMS:
        unit_obj = _unit(unit)
        if unit_obj is None:
            continue
        items[code] = services.item_add(
            actor=fazhi,
            data=services.ItemData(code=code, name=name, legal_basis=basis, unit=unit_obj),
            document_number="杂政〔2024〕15号",
            decided_on=first,
            basis="公布县级行政许可事项清单",
        )
        made += 1
    cleanup = services.cleanup_start(
        actor=fazhi, year=2025, title="2025年度行政许可事项清理", note="依据上级取消和下放行政许可事项的决定开展清理。"
    )
    decisions = {}
    for code, item in items.items():
        decisions[item.pk] = CLEANUP_2025.get(code, (LicensingStatus.KEPT, "经清理，设定依据有效，予以保留"))
    if decisions:
        services.cleanup_decide(
            actor=fazhi, pk=cleanup.pk, document_number="杂政〔2025〕42号", decided_on=date(2025, 11, 20),
            decisions=decisions,
        )  # fmt: skip
    return made

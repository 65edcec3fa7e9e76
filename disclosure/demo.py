"""演示政务公开 [35], [36]: a few units' 公开目录 (one entry kept back by law, with its basis), one inspection
with a finding in each state (待整改, 已报整改, 已验收, 退回后待整改, one past its deadline), and last year's
assessment scored and confirmed — made through the real services (``manage.py seed_demo``). Idempotent: nothing
is added when the office already has a checklist or an inspection."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from org.models import Unit

from . import services
from .models import Catalogue, Exempt, Finding, Frequency, Inspection

CATALOGUES = {
    "萨呼腾镇": [
        ("机构职能和领导分工", "机构职能", "政府网站、镇政务公开栏", Frequency.STANDING, Exempt.NONE, ""),
        ("惠农惠牧补贴发放情况", "惠民政策", "村务公开栏", Frequency.QUARTERLY, Exempt.NONE, ""),
        ("草原生态保护补助奖励资金", "财政资金", "政府网站", Frequency.YEARLY, Exempt.NONE, ""),
        ("镇级财政预决算", "财政资金", "政府网站", Frequency.YEARLY, Exempt.NONE, ""),
        (
            "边境管控部署",
            "其他",
            "",
            Frequency.STANDING,
            Exempt.STATE_SECRET,
            "《中华人民共和国保守国家秘密法》第十三条；《中华人民共和国政府信息公开条例》第十四条",
        ),
    ],
    "财政局": [
        ("县级一般公共预算和决算", "财政资金", "政府网站", Frequency.YEARLY, Exempt.NONE, ""),
        ("政府债务限额和余额", "财政资金", "政府网站", Frequency.YEARLY, Exempt.NONE, ""),
        ("政府采购项目公告", "政府采购", "政府网站", Frequency.IMMEDIATE, Exempt.NONE, ""),
        (
            "纳税人涉税信息",
            "其他",
            "",
            Frequency.STANDING,
            Exempt.OTHER_LEGAL,
            "《中华人民共和国税收征收管理法》第八条；《中华人民共和国政府信息公开条例》第十五条（商业秘密、个人隐私）",
        ),
    ],
    "教育局": [
        ("义务教育招生入学政策", "教育", "政府网站、学校公示栏", Frequency.YEARLY, Exempt.NONE, ""),
        ("学生资助政策和名单", "教育", "学校公示栏", Frequency.YEARLY, Exempt.NONE, ""),
        ("教育收费项目和标准", "教育", "政府网站", Frequency.STANDING, Exempt.NONE, ""),
    ],
}

CRITERIA = [("公开目录编制和更新", 20), ("主动公开及时准确", 30), ("依申请公开办理", 20),
            ("政务公开栏和网站建设", 15), ("检查问题整改", 15)]  # fmt: skip
ASSESSED = {"萨呼腾镇": (18, 27, 18, 13, 14), "昂赛乡": (16, 24, 17, 12, 11), "结多乡": (15, 25, 16, 11, 12),
            "财政局": (19, 28, 19, 14, 15), "教育局": (17, 26, 18, 13, 13),
            "卫健局": (16, 22, 15, 12, 10)}  # fmt: skip


def _unit(short: str) -> Unit | None:
    return Unit.objects.filter(short_name=short).first()


@transaction.atomic
def build_demo_disclosure(users) -> int:
    if Catalogue.objects.exists() or Inspection.objects.exists():
        return 0
    today = services.today()
    officer, leader = users["gongkai"], users["fuzhuren_wenmi"]
    made = 0
    for short, entries in CATALOGUES.items():
        unit = _unit(short)
        if unit is None:
            continue
        for title, category, where, frequency, exempt, basis in entries:
            services.entry_add(
                actor=officer,
                unit_pk=unit.pk,
                data=services.EntryData(
                    title=title, category=category, published_where=where, frequency=frequency,
                    exempt=exempt, legal_basis=basis,
                ),
            )  # fmt: skip
            made += 1

    # One inspection of this quarter, approved and under way, with a finding in each state [36].
    quarter = (today.month - 1) // 3 + 1
    units = [u for u in (_unit(s) for s in ("萨呼腾镇", "昂赛乡", "结多乡", "财政局", "教育局")) if u]
    inspection = services.inspection_plan(
        actor=officer,
        data=services.InspectionData(
            title=f"{today.year}年第{quarter}季度政务公开工作检查",
            period=f"{today.year}年第{quarter}季度",
            planned_on=today - timedelta(days=20),
            units=tuple(units),
            note="检查公开目录编制、主动公开、依申请公开办理和政务公开栏更新情况。",
        ),
    )
    services.inspection_approve(actor=leader, pk=inspection.pk, comment="同意，按计划开展。")
    services.inspection_start(actor=officer, pk=inspection.pk)

    def record(short, problem, asked, days):
        unit = _unit(short)
        if unit is None:
            return None
        return services.finding_record(
            actor=officer,
            inspection_pk=inspection.pk,
            data=services.FindingData(
                unit=unit, problem=problem, rectification_asked=asked, due_on=today + timedelta(days=days)
            ),
        )

    # 待整改: the town's, waiting for its 联络员's report.
    record("萨呼腾镇", "镇政务公开栏惠农惠牧补贴公示停留在上一季度。", "更新本季度补贴发放名单并拍照报送。", 14)
    # 已报整改: waiting for the office to check it.
    reported = record("昂赛乡", "政府信息公开指南中的联系电话有误。", "更正公开指南并在政府网站重新发布。", 10)
    if reported:
        services.rectification_report(
            actor=officer, pk=reported.pk, report="已更正联系电话，网站已重新发布（电话记录）。"
        )
    # 已验收.
    accepted = record("财政局", "政府采购意向未按规定提前30日公开。", "补充公开本年度采购意向，建立公开前审核。", 7)
    if accepted:
        services.rectification_report(actor=officer, pk=accepted.pk, report="已补充公开采购意向12条，制定审核流程。")
        services.rectification_accept(actor=officer, pk=accepted.pk, comment="经网站核实，已整改到位。")
    # 退回: reported, sent back with a reason, open again.
    back = record("结多乡", "依申请公开登记台账不全。", "补全本年度依申请公开登记台账。", 12)
    if back:
        services.rectification_report(actor=officer, pk=back.pk, report="已补登台账。")
        services.rectification_send_back(actor=officer, pk=back.pk, reason="台账缺答复日期和答复方式，请补全。")
    # Past its deadline: the deadline is moved back so the demo shows an overdue finding (no service sets a past
    # deadline; this is the demo's only direct write, to a date column, not a state).
    late = record("教育局", "学生资助名单公示未隐去身份证号码中间位数。", "重新公示并隐去个人敏感信息。", 1)
    if late:
        Finding.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=5))
    made += 1

    # Last year's assessment, scored and confirmed by an office leader [36].
    year = today.year - 1
    scheme = services.scheme_create(
        actor=officer,
        year=year,
        name=f"{year}年度政务公开工作考核细则",
        criteria=[services.CriterionData(name=n, max_points=Decimal(p)) for n, p in CRITERIA],
    )
    criteria = list(scheme.criteria.order_by("order", "id"))
    for short, points in ASSESSED.items():
        unit = _unit(short)
        if unit is None:
            continue
        assessment = services.assessment_open(actor=officer, scheme_pk=scheme.pk, unit_pk=unit.pk)
        services.assessment_score(
            actor=officer,
            pk=assessment.pk,
            scores={c.pk: Decimal(p) for c, p in zip(criteria, points, strict=True)},
            comment="按考核细则评分。",
        )
        services.assessment_confirm(actor=leader, pk=assessment.pk)
        made += 1
    return made

"""演示印信 [7]: the county government's seal and the office's seal in use, a 钢印, the office's old seal
surrendered (停用 then 缴销, with its history); 用印申请 in each state; uses over the last months, outgoing
documents' among them; a township's new seal handed over, another township's application waiting and one
approved and being made — made through the real services (``manage.py seed_demo``). Idempotent: nothing is
added when the office already has a seal registered."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from org.models import Unit

from . import services
from .models import ApplicationReason, Purpose, Seal, SealKind, SealRequest, Serves

logger = logging.getLogger("zaduo.seals")

# (subject, purpose, copies, reason, applicant, days ago)
USED = [
    ("杂多县人民政府关于商请支持虫草采集管理工作的函", Purpose.LETTER, 3, "致州林草局、州市场监管局", "guikou1", 75),
    ("2026年度县级财政资金使用情况证明", Purpose.CERTIFICATE, 2, "州审计局审计调取", "guikou2", 58),
    ("澜沧江源头生态保护项目合作协议", Purpose.CONTRACT, 4, "与州生态环境局签订", "kezhang", 41),
    ("杂多县人民政府办公室关于推荐优秀公文处理工作者的材料", Purpose.MATERIAL, 1, "报州政府办", "guikou3", 23),
    ("关于昂赛乡牧民定居点道路维修的复函", Purpose.LETTER, 2, "答复昂赛乡", "guikou1", 9),
]


def _unit(short: str) -> Unit | None:
    return Unit.objects.filter(short_name=short).first()


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _backdate_request(request: SealRequest, submitted: datetime, decided: datetime | None) -> None:
    """The demo's only direct writes: dates, so the register shows months of use (no service takes a past
    moment for a step)."""
    fields = {"submitted_at": submitted}
    if decided is not None:
        fields["decided_at"] = decided
    SealRequest.objects.filter(pk=request.pk).update(**fields)


def _seal_one_outgoing(users) -> int:
    """A notice of the county government through its whole route to 用印 [30], so the register shows an outgoing
    use. Another chapter's route changing must not break the seed: then there is simply no such use (logged)."""
    from documents.outgoing import services as outgoing
    from documents.outgoing.choices import Authority, Gate
    from documents.outgoing.demo import ensure_series
    from org.models import BusinessLine

    line = BusinessLine.objects.filter(code="agriculture").first()
    if line is None or "dazi" not in users or "guikou2" not in users:
        return 0
    drafter, typist, clerk = users["guikou2"], users["dazi"], users["shoufa"]
    gates = tuple(Gate.values)
    try:
        with transaction.atomic():
            doc = outgoing.outgoing_create_draft(
                actor=drafter,
                data=outgoing.DraftData(
                    authority=Authority.GOVERNMENT,
                    series=ensure_series()["杂政"],
                    doc_type="notice",
                    title="关于开展2026年度草原禁牧和草畜平衡监督检查的通知",
                    body="为保护草原生态，县政府决定在全县开展草原禁牧和草畜平衡监督检查，请各乡（镇）做好配合工作。",
                    line=line,
                    main_recipients="各乡（镇）人民政府，县农牧和科技局",
                ),
            )
            doc = outgoing.outgoing_submit(actor=drafter, pk=doc.pk)
            for phase, act in (("review", outgoing.outgoing_review), ("sign", outgoing.outgoing_sign)):
                state = "reviewing" if phase == "review" else "signing"
                while doc.state == state:
                    step = doc.steps.filter(round=doc.round, phase=phase, status="current").first()
                    doc = act(actor=step.assignee, pk=doc.pk, gates=gates, opinion="同意")
            doc = outgoing.outgoing_recheck(
                actor=drafter,
                pk=doc.pk,
                confirmed=(
                    "revisions_applied",
                    "approvals_complete",
                    "attachments_complete",
                    "format_ok",
                    "reasonable",
                ),
            )
            doc = outgoing.outgoing_number(actor=typist, pk=doc.pk)
            doc = outgoing.outgoing_sign_proof(actor=drafter, pk=doc.pk)
            doc = outgoing.outgoing_print(actor=typist, pk=doc.pk, copies=40)
            outgoing.outgoing_seal(actor=clerk, pk=doc.pk)  # the seals chapter's signal records the use
    except Exception:  # the demo of another chapter's route: never break the seed
        logger.warning("seals demo: no outgoing document walked to 用印", exc_info=True)
        return 0
    return 1


@transaction.atomic
def build_demo_seals(users) -> int:
    if Seal.objects.exists():
        return 0
    today = services.today()
    clerk, director, deputy = users["shoufa"], users["zhuren"], users["fuzhuren"]
    made = 0

    def register(name, kind, serves, made_on, note=""):
        data = services.SealData(name=name, kind=kind, serves=serves, keeper_id=clerk.pk, made_on=made_on, note=note)
        return services.seal_register(actor=clerk, data=data)

    # The office's old seal, replaced in the 2019 reform of the seals' standard: suspended, then surrendered.
    old = register("杂多县人民政府办公室", SealKind.OFFICIAL, Serves.OFFICE, date(2008, 6, 1), "旧版印章")
    old = services.seal_suspend(
        actor=clerk, pk=old.pk, reason="按新版印章规格更换，旧印章停止使用", on=today - timedelta(days=200)
    )
    services.seal_surrender(
        actor=clerk, pk=old.pk, reason="新印章已启用，旧印章缴回县公安局销毁", on=today - timedelta(days=190)
    )
    county = register("杂多县人民政府", SealKind.OFFICIAL, Serves.COUNTY, date(2019, 3, 12))
    office = register("杂多县人民政府办公室", SealKind.OFFICIAL, Serves.OFFICE, date(2019, 3, 12), "新版印章")
    register("杂多县人民政府钢印", SealKind.EMBOSSED, Serves.NONE, date(2019, 3, 12), "用于证书、任命书压印")
    made += 4

    def ask(seal, subject, purpose, copies, reason, who):
        data = services.RequestData(seal_id=seal.pk, subject=subject, purpose=purpose, copies=copies, reason=reason)
        return services.request_submit(actor=users[who], data=data)

    # Used over the last months.
    for i, (subject, purpose, copies, reason, who, days) in enumerate(USED):
        seal = county if i % 2 == 0 else office
        request = ask(seal, subject, purpose, copies, reason, who)
        leader = director if i % 2 == 0 else deputy
        request = services.request_approve(actor=leader, pk=request.pk, comment="同意用印")
        day = today - timedelta(days=days)
        services.use_record(
            actor=clerk,
            data=services.UseData(
                seal_id=seal.pk, subject=subject, purpose=purpose, copies=copies, request_id=request.pk,
                used_at=_at(day, 15),
            ),
        )  # fmt: skip
        _backdate_request(request, _at(day - timedelta(days=1), 9), _at(day, 11))
        made += 1

    # 已批准, waiting for the clerk's stamp.
    approved = ask(county, "杂多县2026年冬春草原防火责任书", Purpose.CONTRACT, 8, "与各乡镇签订", "guikou2")
    services.request_approve(actor=director, pk=approved.pk, comment="同意")
    # 待审批: two waiting for the office's leaders.
    ask(office, "关于杂多县人民政府办公室工作人员赴州培训的证明", Purpose.CERTIFICATE, 1, "州委党校报到", "dazi")
    ask(county, "杂多县人民政府关于申请高原牧区饮水安全项目资金的函", Purpose.LETTER, 2, "致省水利厅", "guikou3")
    # 已退回.
    back = ask(county, "个人收入证明", Purpose.CERTIFICATE, 1, "办理个人贷款", "zhiban")
    services.request_return(actor=deputy, pk=back.pk, comment="个人事务不使用县政府印章，请到人事部门开具收入证明。")
    # 已撤回.
    withdrawn = ask(office, "办公室年度工作总结（报州政府办）", Purpose.MATERIAL, 1, "报送材料", "kezhang")
    services.request_withdraw(actor=users["kezhang"], pk=withdrawn.pk)
    made += 5

    # Outgoing documents already sealed before this chapter's demo ran: their uses in the register [30(5)];
    # and one county-government notice walked to its 用印 step now, which records its use by itself.
    from documents.outgoing.models import OutgoingDocument

    for doc in OutgoingDocument.objects.filter(sealed_by__isnull=False).order_by("sealed_at", "id")[:10]:
        if services.record_outgoing_use(doc, doc.sealed_by):
            made += 1
    made += _seal_one_outgoing(users)

    # Units' seals [7]: 昂赛乡's new seal handed over; 萨呼腾镇's application waiting (its 联络员's); 结多乡's
    # approved and being made.
    angsai = _unit("昂赛乡")
    if angsai is not None:
        application = services.application_submit(
            actor=clerk,
            data=services.ApplicationData(
                unit_id=angsai.pk,
                seal_name="杂多县昂赛乡人民政府",
                kind=SealKind.OFFICIAL,
                reason=ApplicationReason.DAMAGED,
                explanation="原印章使用多年，印面磨损，字迹不清，申请重新刻制。原印章交回后缴销。",
            ),
        )
        services.application_approve(actor=director, pk=application.pk, comment="同意重新刻制。")
        services.application_made(actor=clerk, pk=application.pk, made_on=today, maker="杂多县公安局备案刻章点")
        services.application_hand_over(
            actor=clerk,
            pk=application.pk,
            data=services.HandoverData(
                handed_on=today, received_by_name="求江", received_by_phone="0976-8512236", note="乡党政办主任领取"
            ),
        )
        made += 1
    jieduo = _unit("结多乡")
    if jieduo is not None:
        application = services.application_submit(
            actor=clerk,
            data=services.ApplicationData(
                unit_id=jieduo.pk,
                seal_name="杂多县结多乡人民政府财务专用章",
                kind=SealKind.SPECIAL,
                reason=ApplicationReason.NEW,
                explanation="乡财政所单独核算，需刻制财务专用章。",
            ),
        )
        services.application_approve(actor=director, pk=application.pk, comment="同意。")
        made += 1
    contact = users.get("lianluo")
    town = getattr(getattr(contact, "profile", None), "unit", None)
    if town is not None:
        services.application_submit(
            actor=contact,
            data=services.ApplicationData(
                unit_id=town.pk,
                seal_name=f"杂多县{town.short_name or town.name}便民服务中心",
                kind=SealKind.SPECIAL,
                reason=ApplicationReason.NEW,
                explanation="经县编委批准新设镇便民服务中心，申请刻制业务专用章。",
            ),
        )
        made += 1
    return made

"""Normative records for tests, made through the services (never by hand) [13].

``issued_outgoing(office)`` walks a normative outgoing document (公文类别 “规范性文件”) along its whole route —
法制科's LEGAL review step [30(2)3], signing, numbering, printing, sealing — to 已分发; the distribution registers
it in the normative register (``normative.signals``). ``registered``/``published`` make old paper documents
through ``register_manual``.
"""

from __future__ import annotations

from datetime import date, timedelta

from documents.outgoing import services as outgoing_services
from documents.outgoing.choices import Authority, Gate, Importance, Phase, StepStatus
from documents.outgoing.demo import ensure_series
from documents.outgoing.models import OutgoingDocument
from normative import services
from normative.models import Decision, NormativeDocument, PublishedIn
from org.models import BusinessLine

from .conftest import NOW

TODAY = NOW.date()
LEGAL = "fazhi"  # 法制科科长 (+归口人员)
HEAD = "xianzhang"  # 县长
EXECUTIVE = "changwu"  # 常务副县长, in charge of 政府法制
ALL_GATES = tuple(Gate.values)
ALL_RECHECKS = ("revisions_applied", "approvals_complete", "attachments_complete", "format_ok", "reasonable")


# --- the outgoing side [30] ------------------------------------------------------------------------------------


def normative_draft(
    office,
    *,
    drafter: str = "guikou2",
    line: str = "agriculture",
    title: str = "杂多县城乡环境卫生管理办法",
    secret_level: int = 0,
    importance: str = Importance.NORMATIVE,
    **fields,
) -> OutgoingDocument:
    series = ensure_series()
    data = outgoing_services.DraftData(
        authority=fields.pop("authority", Authority.GOVERNMENT),
        series=series["杂政"],
        doc_type=fields.pop("doc_type", "notice"),
        title=title,
        body=fields.pop("body", "为加强城乡环境卫生管理，制定本办法。本办法自公布之日起施行。"),
        line=BusinessLine.objects.get(pk=office.lines[line].pk),
        main_recipients="各乡（镇）人民政府，县政府各部门",
        secret_level=secret_level,
        secrecy_period="10年" if secret_level else "",
        importance=importance,
        **fields,
    )
    return outgoing_services.outgoing_create_draft(actor=office[drafter], data=data)


def _current(doc: OutgoingDocument, phase: str) -> list:
    return [
        s.assignee
        for s in doc.steps.filter(round=doc.round, phase=phase, status=StepStatus.CURRENT)
        .select_related("assignee")
        .order_by("seq", "id")
    ]


def distribute(doc: OutgoingDocument, office) -> OutgoingDocument:
    """The whole route: reviewed (法制科 among the reviewers [30(2)3]), signed, rechecked, numbered, proofed,
    printed, sealed, distributed to the county head [30(5)]."""
    doc = outgoing_services.outgoing_submit(actor=doc.drafter, pk=doc.pk)
    while doc.state == "reviewing":
        (reviewer,) = _current(doc, Phase.REVIEW)
        opinion = "经审核，该文件符合法律法规规定，同意发布。" if reviewer.pk == office[LEGAL].pk else "同意"
        doc = outgoing_services.outgoing_review(actor=reviewer, pk=doc.pk, gates=ALL_GATES, opinion=opinion)
    while doc.state == "signing":
        signer = _current(doc, Phase.SIGN)[0]
        doc = outgoing_services.outgoing_sign(actor=signer, pk=doc.pk, gates=ALL_GATES, opinion="同意")
    doc = outgoing_services.outgoing_recheck(actor=doc.drafter, pk=doc.pk, confirmed=ALL_RECHECKS)
    doc = outgoing_services.outgoing_number(actor=office["dazi"], pk=doc.pk)
    doc = outgoing_services.outgoing_sign_proof(actor=doc.drafter, pk=doc.pk)
    doc = outgoing_services.outgoing_print(actor=office["dazi"], pk=doc.pk, copies=30)
    doc = outgoing_services.outgoing_seal(actor=office["shoufa"], pk=doc.pk)
    return outgoing_services.outgoing_distribute(
        actor=office["shoufa"], pk=doc.pk, mode="targeted", users=[office["xianzhang"]]
    )


def issued_outgoing(office, **kwargs) -> OutgoingDocument:
    """A normative outgoing document distributed (已分发): the register took it over on the way [13]."""
    return distribute(normative_draft(office, **kwargs), office)


def from_outgoing(office, **kwargs) -> NormativeDocument:
    """The register's entry of a freshly issued normative outgoing document (待公布)."""
    doc = issued_outgoing(office, **kwargs)
    return NormativeDocument.objects.get(outgoing=doc)


# --- the register [13] -----------------------------------------------------------------------------------------


def data(**extra) -> services.DocumentData:
    values = {
        "title": "杂多县农村集体资产管理暂行办法",
        "doc_number": "杂政〔2024〕12号",
        "authority": Authority.GOVERNMENT,
        "drafting_unit": "县农牧和科技局",
        "effective_on": date(2024, 3, 1),
        "valid_until": None,
        "signed_on": date(2024, 1, 20),
        "legal_opinion": "经审核，合法。",
        "legal_reviewed_on": date(2024, 1, 15),
        "legal_reviewed_by": None,
    }
    values.update(extra)
    return services.DocumentData(**values)


def registered(office, *, actor: str = LEGAL, **extra) -> NormativeDocument:
    """An old paper document registered by 法制科 with its review typed in (待公布)."""
    return services.register_manual(actor=office[actor], data=data(**extra))


def published(office, *, published_on: date | None = None, **extra) -> NormativeDocument:
    """Registered and published (已公布); in force when its dates cover today."""
    document = registered(office, **extra)
    published_on = published_on or min(document.effective_on, TODAY)
    return services.publish(
        actor=office[LEGAL], pk=document.pk, published_on=published_on, published_in=PublishedIn.PORTAL
    )


def in_force_document(office, **extra) -> NormativeDocument:
    """Published and in force today (effective 2026-01-01, five years)."""
    extra.setdefault("effective_on", date(2026, 1, 1))
    extra.setdefault("signed_on", date(2025, 12, 10))
    extra.setdefault("legal_reviewed_on", date(2025, 12, 5))
    return published(office, published_on=extra.pop("published_on", date(2025, 12, 15)), **extra)


def cleanup_with(office, document, *, proposal: str = Decision.REPEAL, reason: str = "上位法已修改，不再适用"):
    cleanup = services.cleanup_start(actor=office[LEGAL], title=f"{TODAY.year}年度规范性文件清理")
    services.cleanup_add(
        actor=office[LEGAL], cleanup_pk=cleanup.pk, document_pk=document.pk, proposal=proposal, reason=reason
    )
    return cleanup


def submitted_cleanup(office, document, **kwargs):
    cleanup = cleanup_with(office, document, **kwargs)
    return services.cleanup_submit(actor=office[LEGAL], pk=cleanup.pk)


def proposal(office, document, *, reason: str = "与新修订的《草原法》不一致"):
    return services.repeal_propose(actor=office[LEGAL], document_pk=document.pk, reason=reason)


def interpretation(office, document, **extra):
    values = {
        "asked_by": "县林业和草原局",
        "asked_on": TODAY - timedelta(days=2),
        "question": "第五条所称“补助对象”是否包括季节性放牧户？",
    }
    values.update(extra)
    return services.interpretation_ask(
        actor=office[LEGAL], document_pk=document.pk, data=services.InterpretationData(**values)
    )

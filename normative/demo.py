"""演示规范性文件 [13]: eight documents of the county government and its office over five years, made through the
real services (``manage.py seed_demo``) — several in force and filed, one expired on its own (its validity
ended; no step made it so), one repealed in the 2025 clean-up, one published and awaiting its filing, one
registered and not yet published, one in force with an interpretation answered and another with a repeal
proposal waiting for the executive deputy head. The demo's outgoing documents hold no normative one, so every
document here is an older paper one registered by hand (``register_manual``) with its 法制科 review typed in.

Dates in the past are written back after the services ran (the services stamp today): the demo's only direct
writes, to date columns, never to a state. Idempotent: nothing is added when the register has a document.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from documents.outgoing.choices import Authority

from . import services
from .models import Cleanup, Decision, Interpretation, NormativeDocument, PublishedIn

GOV, OFFICE = Authority.GOVERNMENT, Authority.OFFICE

# (key, title, 文号, authority, drafting unit, reviewed, signed, published, effective, valid until or None = 5 years)
DOCUMENTS = [
    ("expired", "杂多县虫草采集管理暂行办法", "杂政〔2021〕18号", GOV, "县农牧和科技局",
     date(2021, 5, 10), date(2021, 5, 20), date(2021, 5, 28), date(2021, 7, 1), date(2026, 6, 30)),
    ("kept", "杂多县城乡居民最低生活保障实施细则", "杂政〔2022〕9号", GOV, "县民政局",
     date(2022, 2, 10), date(2022, 2, 18), date(2022, 2, 25), date(2022, 3, 1), None),
    ("repealed", "杂多县集贸市场管理办法", "杂政办〔2022〕31号", OFFICE, "县市场监督管理局",
     date(2022, 8, 3), date(2022, 8, 10), date(2022, 8, 15), date(2022, 9, 1), None),
    ("interpreted", "杂多县城镇环境卫生管理办法", "杂政〔2023〕22号", GOV, "县住房和城乡建设局",
     date(2023, 4, 6), date(2023, 4, 14), date(2023, 4, 20), date(2023, 5, 1), None),
    ("proposed", "杂多县草场承包经营权流转管理暂行办法", "杂政〔2024〕7号", GOV, "县农牧和科技局",
     date(2024, 3, 4), date(2024, 3, 12), date(2024, 3, 18), date(2024, 4, 1), None),
    ("recent", "杂多县政府投资项目管理办法", "杂政〔2025〕15号", GOV, "县发展和改革局",
     date(2025, 6, 2), date(2025, 6, 10), date(2025, 6, 16), date(2025, 7, 1), None),
]  # fmt: skip

FILED = {
    "expired": (date(2021, 6, 18), date(2021, 8, 2)),
    "kept": (date(2022, 3, 15), date(2022, 4, 20)),
    "repealed": (date(2022, 9, 5), date(2022, 10, 10)),
    "interpreted": (date(2023, 5, 12), date(2023, 6, 16)),
    "proposed": (date(2024, 4, 8), date(2024, 5, 13)),
    "recent": (date(2025, 7, 4), date(2025, 8, 8)),
}


@transaction.atomic
def build_demo_normative(users) -> int:
    if NormativeDocument.objects.exists():
        return 0
    legal, leader = users["fazhi"], users["changwu"]
    today = services.today()
    made: dict[str, NormativeDocument] = {}

    for key, title, number, authority, unit, reviewed, signed, published_on, effective, until in DOCUMENTS:
        data = services.DocumentData(
            title=title,
            doc_number=number,
            authority=authority,
            drafting_unit=unit,
            effective_on=effective,
            valid_until=until,
            signed_on=signed,
            legal_opinion="经审核，该文件制定主体合法、内容不违反上位法规定、程序符合要求，同意提请审议。",
            legal_reviewed_by=legal,
            legal_reviewed_on=reviewed,
        )
        document = services.register_manual(actor=legal, data=data)
        document = services.publish(
            actor=legal, pk=document.pk, published_on=published_on, published_in=PublishedIn.GAZETTE
        )
        filed_on, accepted_on = FILED[key]
        services.record_filing(actor=legal, pk=document.pk, filed_on=filed_on)
        made[key] = services.accept_filing(
            actor=legal, pk=document.pk, accepted_on=accepted_on, result="经审查，未发现违法问题，准予备案。"
        )

    # Published this autumn, its filing still due within 30 days of publication [13].
    waiting = services.register_manual(
        actor=legal,
        data=services.DocumentData(
            title="杂多县农村牧区人居环境整治管理办法",
            doc_number=f"杂政〔{today.year}〕28号",
            drafting_unit="县农牧和科技局",
            effective_on=today + timedelta(days=20),
            signed_on=today - timedelta(days=12),
            legal_opinion="经审核，同意。建议第十二条补充罚则的法律依据（已修改）。",
            legal_reviewed_by=legal,
            legal_reviewed_on=today - timedelta(days=20),
        ),
    )
    services.publish(
        actor=legal, pk=waiting.pk, published_on=today - timedelta(days=10), published_in=PublishedIn.PORTAL
    )

    # Registered, waiting for its publication.
    services.register_manual(
        actor=legal,
        data=services.DocumentData(
            title="杂多县行政规范性文件制定和备案管理规定",
            doc_number=f"杂政办〔{today.year}〕41号",
            authority=OFFICE,
            drafting_unit="县政府办公室法制科",
            effective_on=today + timedelta(days=30),
            signed_on=today - timedelta(days=2),
            legal_opinion="经审核，同意。",
            legal_reviewed_by=legal,
            legal_reviewed_on=today - timedelta(days=6),
        ),
    )

    # An interpretation asked in 2024 and answered [13].
    asked = services.interpretation_ask(
        actor=legal,
        document_pk=made["interpreted"].pk,
        data=services.InterpretationData(
            asked_by="萨呼腾镇人民政府",
            asked_on=min(today, date(2024, 6, 3)),
            question="第八条所称“城镇规划区”是否包括镇区周边的牧民定居点？",
        ),
    )
    services.interpretation_answer(
        actor=legal,
        pk=asked.pk,
        answer="第八条所称“城镇规划区”以县人民政府批准的城镇总体规划划定的范围为准，规划区外的牧民定居点不适用本办法第八条。",
    )
    Interpretation.objects.filter(pk=asked.pk).update(answered_on=min(today, date(2024, 6, 20)))

    # The 2025 clean-up: one repealed, one kept; decided by the executive deputy head [13].
    cleanup = services.cleanup_start(actor=legal, title="2025年度规范性文件清理")
    services.cleanup_add(
        actor=legal,
        cleanup_pk=cleanup.pk,
        document_pk=made["repealed"].pk,
        proposal=Decision.REPEAL,
        reason="《青海省集贸市场管理条例》已废止，本办法失去上位法依据。",
    )
    services.cleanup_add(
        actor=legal,
        cleanup_pk=cleanup.pk,
        document_pk=made["kept"].pk,
        proposal=Decision.KEEP,
        reason="符合现行法律法规，继续有效。",
    )
    services.cleanup_submit(actor=legal, pk=cleanup.pk)
    services.cleanup_decide(actor=leader, pk=cleanup.pk, comment="同意清理意见。")
    decided_on = min(today, date(2025, 12, 10))
    Cleanup.objects.filter(pk=cleanup.pk).update(
        started_on=min(today, date(2025, 11, 3)), submitted_on=min(today, date(2025, 11, 24)), decided_on=decided_on
    )
    NormativeDocument.objects.filter(pk=made["repealed"].pk).update(state_on=decided_on)

    # A repeal proposal waiting for the executive deputy head [13].
    services.repeal_propose(
        actor=legal,
        document_pk=made["proposed"].pk,
        reason="草原承包经营权流转已由《青海省草原承包经营权流转办法》统一规范，本办法与之重复，建议废止。",
    )
    return NormativeDocument.objects.count()

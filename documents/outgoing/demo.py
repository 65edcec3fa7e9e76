"""Seed data for outgoing documents: the three series (also seeded by migration 0002, repeated here because
tests that flush the database lose migration data) and, for the demo office, a standing distribution list.

Both are idempotent: rows are found by their natural key.
"""

from __future__ import annotations

from django.db import transaction

from org.models import Unit, UnitKind

from .choices import Authority
from .models import Series, StandingRecipient

SERIES = [
    # prefix, name, authority, header (发文机关标志), letter format, sort order
    ("杂政", "县人民政府文件", Authority.GOVERNMENT, "杂多县人民政府文件", False, 10),
    ("杂政办", "县政府办公室文件", Authority.OFFICE, "杂多县人民政府办公室文件", False, 20),
    ("杂政函", "县人民政府函", Authority.GOVERNMENT, "杂多县人民政府", True, 30),
]


def ensure_series() -> dict[str, Series]:
    series = {}
    for prefix, name, authority, header, is_letter, order in SERIES:
        series[prefix], _ = Series.objects.get_or_create(
            prefix=prefix,
            defaults={
                "name": name,
                "authority": authority,
                "header": header,
                "is_letter": is_letter,
                "sort_order": order,
            },
        )
    return series


@transaction.atomic
def build_demo_outgoing() -> None:
    """文件分发立户范围 [30(5)]: every township and county department receives 普发 documents."""
    ensure_series()
    units = Unit.objects.filter(kind__in=[UnitKind.TOWNSHIP, UnitKind.DEPARTMENT], is_active=True)
    for order, unit in enumerate(units.order_by("kind", "sort_order", "name")):
        StandingRecipient.objects.update_or_create(unit=unit, defaults={"copies": 1, "sort_order": order})


@transaction.atomic
def build_demo_outgoing_documents(users) -> int:
    """A few demo drafts made through the real services, so every role has something to open: one waiting
    for the deputy director's review with the six gates, one waiting for the deputy head's signature.
    Nothing is added when outgoing documents already exist."""
    from org.models import BusinessLine

    from . import services
    from .choices import Gate
    from .models import OutgoingDocument

    if OutgoingDocument.objects.exists():
        return 0
    series = ensure_series()
    line = BusinessLine.objects.get(code="agriculture")

    def draft(title: str, body: str):
        return services.outgoing_create_draft(
            actor=users["guikou2"],
            data=services.DraftData(
                authority=Authority.GOVERNMENT,
                series=series["杂政"],
                doc_type="notice",
                title=title,
                body=body,
                line=line,
                main_recipients="各乡（镇）人民政府，县政府各部门",
            ),
        )

    waiting_review = draft(
        "关于做好2026年冬春季草原防火工作的通知",
        "为切实做好今冬明春草原防火工作，保护草原生态安全，现将有关事项通知如下。\n一、提高思想认识。\n二、落实防火责任。",
    )
    services.outgoing_submit(actor=users["guikou2"], pk=waiting_review.pk)
    waiting_signature = draft(
        "关于进一步加强牧区饮水安全工作的通知",
        "为保障牧区群众饮水安全，经研究，现就有关工作通知如下。\n一、全面排查。\n二、建立台账。",
    )
    doc = services.outgoing_submit(actor=users["guikou2"], pk=waiting_signature.pk)
    while doc.state == "reviewing":
        step = doc.steps.filter(round=doc.round, phase="review", status="current").select_related("assignee").first()
        doc = services.outgoing_review(actor=step.assignee, pk=doc.pk, gates=tuple(Gate.values), opinion="同意")
    return OutgoingDocument.objects.count()


def build_demo(users) -> int:
    """``seed_demo``'s builder (registered in ``apps.py``): the distribution list, then the demo drafts."""
    build_demo_outgoing()
    return build_demo_outgoing_documents(users)

"""Factories for outgoing documents: a draft by a line staff member of the test office, and walking it along
its route.

The test office's lines (tests/factories.py), by key: ``agriculture`` — 副县长 fuxianzhang1, 副主任 fuzhuren,
归口人员 guikou2; ``ecology`` — the same deputy head; ``education-health`` — fuxianzhang2, fuzhuren, guikou3;
``general-affairs`` — 常务副县长 changwu, 分管文秘副主任 fuzhuren_wenmi, guikou1.
"""

from __future__ import annotations

import pytest

from documents.outgoing import services
from documents.outgoing.choices import Authority, Gate, Phase, StepStatus
from documents.outgoing.demo import ensure_series
from documents.outgoing.models import OutgoingDocument
from org.models import BusinessLine

ALL_GATES = tuple(Gate.values)
ALL_RECHECKS = ("revisions_applied", "approvals_complete", "attachments_complete", "format_ok", "reasonable")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files of a test go to its own folder, never to the project's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def series(db):
    # Seeded by a migration; a transactional test before this one may have flushed them.
    return ensure_series()


@pytest.fixture
def draft(office, series):
    """``draft(drafter="guikou2", line="agriculture", **fields)`` creates a draft through the service; lines and
    ``drafting_unit`` (a 部门代拟稿's unit) are keys of the test office's ``lines`` and ``units``."""

    def make(
        drafter: str = "guikou2",
        line: str = "agriculture",
        *,
        authority: str = Authority.GOVERNMENT,
        prefix: str | None = None,
        title: str = "关于做好2026年春季草原防火工作的通知",
        body: str = "为切实做好春季草原防火工作，现将有关事项通知如下。",
        other_lines: tuple[str, ...] = (),
        flags: tuple[str, ...] = (),
        drafting_unit: str | None = None,
        **fields,
    ) -> OutgoingDocument:
        prefix = prefix or ("杂政" if authority == Authority.GOVERNMENT else "杂政办")
        data = services.DraftData(
            authority=authority,
            series=series[prefix],
            doc_type=fields.pop("doc_type", "notice"),
            title=title,
            body=body,
            line=BusinessLine.objects.get(pk=office.lines[line].pk),  # as the database has it now
            main_recipients=fields.pop("main_recipients", "各乡（镇）人民政府，县政府各部门"),
            other_lines=tuple(BusinessLine.objects.filter(pk__in=[office.lines[key].pk for key in other_lines])),
            flags=frozenset(flags),
            drafting_unit=office.units[drafting_unit] if drafting_unit else None,
            origin="department" if drafting_unit else "line_staff",
            **fields,
        )
        return services.outgoing_create_draft(actor=office[drafter], data=data)

    return make


def current(doc: OutgoingDocument, phase: str) -> list:
    """The people whose step is open now."""
    return [
        s.assignee
        for s in doc.steps.filter(round=doc.round, phase=phase, status=StepStatus.CURRENT)
        .select_related("assignee")
        .order_by("seq", "id")
    ]


def walk_review(doc: OutgoingDocument) -> OutgoingDocument:
    """Every reviewer passes with all six gates ticked [30(2)]."""
    while doc.state == "reviewing":
        (reviewer,) = current(doc, Phase.REVIEW)
        doc = services.outgoing_review(actor=reviewer, pk=doc.pk, gates=ALL_GATES, opinion="同意")
    return doc


def walk_signing(doc: OutgoingDocument) -> OutgoingDocument:
    while doc.state == "signing":
        signer = current(doc, Phase.SIGN)[0]
        doc = services.outgoing_sign(actor=signer, pk=doc.pk, gates=ALL_GATES, opinion="同意")
    return doc


def to_signed(doc: OutgoingDocument) -> OutgoingDocument:
    doc = services.outgoing_submit(actor=doc.drafter, pk=doc.pk)
    return walk_signing(walk_review(doc))


def to_numbering(doc: OutgoingDocument) -> OutgoingDocument:
    doc = to_signed(doc)
    return services.outgoing_recheck(actor=doc.drafter, pk=doc.pk, confirmed=ALL_RECHECKS)


def to_distributed(doc: OutgoingDocument, office) -> OutgoingDocument:
    """All the way: signed, rechecked, numbered, proofed, printed, sealed, distributed to the county head."""
    doc = services.outgoing_number(actor=office["dazi"], pk=to_numbering(doc).pk)
    doc = services.outgoing_sign_proof(actor=doc.drafter, pk=doc.pk)
    doc = services.outgoing_print(actor=office["dazi"], pk=doc.pk, copies=30)
    doc = services.outgoing_seal(actor=office["shoufa"], pk=doc.pk)
    return services.outgoing_distribute(actor=office["shoufa"], pk=doc.pk, mode="targeted", users=[office["xianzhang"]])

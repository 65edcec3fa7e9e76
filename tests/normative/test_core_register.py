"""The register and the outgoing link [13][30(2)3]."""

from __future__ import annotations

import pytest

from normative.models import NormativeDocument, State

from . import factories as f

pytestmark = pytest.mark.django_db


def test_distributing_a_normative_outgoing_document_registers_it_once_13(office):
    """[13] 分发 of a 规范性文件 puts it in 法制科's register with the LEGAL step's review; a second registration
    returns the same entry."""
    doc = f.issued_outgoing(office)
    entries = NormativeDocument.objects.filter(outgoing=doc)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.state == State.REGISTERED
    assert entry.doc_number == doc.doc_number
    assert entry.legal_reviewed_by == office[f.LEGAL]
    assert "符合法律法规" in entry.legal_opinion
    assert entry.register_number == "规〔2026〕1号"
    from normative import services

    again = services.register_from_outgoing(actor=office[f.LEGAL], outgoing_pk=doc.pk)
    assert again.pk == entry.pk
    assert NormativeDocument.objects.filter(outgoing=doc).count() == 1

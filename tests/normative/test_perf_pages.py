"""The document and clean-up pages ask the same queries however large the register is (issue 22's bench: the
替代 and clean-up pickers loaded each document without its state, and django-fsm fetched it one by one) [13]."""

from __future__ import annotations

import pytest
from django.urls import reverse

from normative import services

from .factories import LEGAL, in_force_document, registered
from .factories_pages import queries_for

pytestmark = pytest.mark.django_db


def test_a_document_page_costs_the_same_with_3_or_30_documents_in_the_register_13(office, client_as):
    doc = in_force_document(office)
    cleanup = services.cleanup_start(actor=office[LEGAL], title="2026年度规范性文件清理")
    client = client_as(LEGAL)
    pages = [reverse("normative:document", args=[doc.pk]), reverse("normative:cleanup", args=[cleanup.pk])]
    counts = []
    for n in range(30):
        in_force_document(office, title=f"杂多县草原管理规定{n}", doc_number=f"杂政〔2025〕{n + 1}号")
        registered(office, title=f"杂多县待公布办法{n}", doc_number=f"杂政〔2026〕{n + 1}号")
        if n + 1 in (3, 30):
            counts.append([queries_for(client, url) for url in pages])
    assert counts[0] == counts[1], counts

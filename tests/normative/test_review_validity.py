"""Review as 法制科 [13]: a published document that is not in force says why on the register and on its page —
尚未施行 (its 施行日期 is ahead) or 已过有效期 (it left the in-force list on its own) — instead of a bare 已公布
beside its in-force neighbours."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from .factories import LEGAL, in_force_document, published

pytestmark = pytest.mark.django_db


def test_the_register_and_the_page_say_why_a_published_document_is_not_in_force_13(office, client_as):
    """[13] Today is 2026-11-16: one expired at the end of 2025, one takes effect next month, one is in force."""
    expired = published(
        office,
        title="杂多县虫草采集管理暂行办法",
        doc_number="杂政〔2021〕18号",
        signed_on=date(2020, 12, 1),
        legal_reviewed_on=date(2020, 11, 20),
        effective_on=date(2021, 1, 1),
        valid_until=date(2025, 12, 31),
    )
    ahead = published(
        office,
        title="杂多县农村人居环境整治管理办法",
        doc_number="杂政〔2026〕28号",
        signed_on=date(2026, 11, 1),
        legal_reviewed_on=date(2026, 10, 25),
        effective_on=date(2026, 12, 21),
    )
    current = in_force_document(office, title="杂多县政府投资项目管理办法", doc_number="杂政〔2025〕15号")
    client = client_as(LEGAL)
    html = client.get(reverse("normative:home")).content.decode()
    rows = {
        doc.pk: html.split(f'href="{reverse("normative:document", args=[doc.pk])}"')[1].split("</tr>")[0]
        for doc in (expired, ahead, current)
    }
    assert "已过有效期" in rows[expired.pk] and "现行有效" not in rows[expired.pk]
    assert "尚未施行" in rows[ahead.pk] and "现行有效" not in rows[ahead.pk]
    assert "现行有效" in rows[current.pk] and "data-validity-note" not in rows[current.pk]
    page = client.get(reverse("normative:document", args=[expired.pk])).content.decode()
    assert "data-validity-note>已过有效期" in page

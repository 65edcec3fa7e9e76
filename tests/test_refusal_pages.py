"""Refusal pages (core.actions): one clear Chinese answer with its 4xx status, never a success banner."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.types import SecretLevel
from tests.incoming.factories import act, distribute, register

pytestmark = pytest.mark.django_db


def test_a_stale_page_refusal_is_not_repeated_as_a_green_success_banner(client_as, office):
    """[26(6)3] Someone acted first: the 409 page says so once, as an error — not again in the top message
    banner (the page's ``messages`` used to shadow Django's messages, so base.html printed the refusal green)."""
    doc = register(office, title="关于做好春季草原防火工作的通知", secret_level=SecretLevel.NONE)
    doc, _ = distribute(office, doc, readers=[act(office, "fuxianzhang1"), act(office, "fuzhuren")])
    response = client_as("fuxianzhang1").post(
        reverse("incoming:sign", args=[doc.pk]), {"version": doc.version - 1, "phrase": "已阅", "confirmed": "1"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'class="messages"' not in html
    assert html.count("已被他人处理") >= 1 and html.count('role="alert"') == 1

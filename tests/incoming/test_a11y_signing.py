"""Signing without JavaScript, and the message that names the document (issue 14) [26(6)5], [32]."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.incoming.models import Reader
from tests.incoming import factories as docs

pytestmark = pytest.mark.django_db


def _waiting(office, **extra):
    doc = docs.register(office, **extra)
    return docs.distribute(office, doc, readers=["xianzhang", "fuxianzhang1"])[0]


def test_a_phrase_without_javascript_asks_first_then_signs_and_names_the_document_26_6_5(client_as, office):
    """[26(6)5] one tap on 同意 without the script shows the confirmation page and signs nothing; the
    confirmation signs, and "已签阅《…》" says which document (issue 14)."""
    doc = _waiting(office, title="关于做好冬季草原防火工作的通知")
    client = client_as("xianzhang")
    url = reverse("incoming:sign", args=[doc.pk])
    asked = client.post(url, {"phrase": "同意", "version": doc.version})
    assert asked.status_code == 200 and "data-sign-confirm" in asked.content.decode()
    assert Reader.objects.get(document=doc, reader=office["xianzhang"]).status != Reader.Status.SIGNED
    signed = client.post(
        url, {"phrase": "同意", "comment": "同意", "confirmed": "1", "version": doc.version}, follow=True
    )
    assert Reader.objects.get(document=doc, reader=office["xianzhang"]).status == Reader.Status.SIGNED
    assert [str(m) for m in signed.context["messages"]] == ["已签阅《关于做好冬季草原防火工作的通知》。"]


def test_the_message_names_a_classified_document_by_number_not_title_32(client_as, office):
    """[32](九) a classified title is not put in the message (kept in a cookie): its number and level instead."""
    doc = _waiting(office, title="绝密的草原防火部署", secret_level=docs.SecretLevel.SECRET)
    response = client_as("xianzhang").post(
        reverse("incoming:sign", args=[doc.pk]), {"comment": "已阅", "version": doc.version}, follow=True
    )
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.startswith("已签阅") and "绝密的草原防火部署" not in message and "秘密" in message

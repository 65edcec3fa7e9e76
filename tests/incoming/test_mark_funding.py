"""补标申请经费 [28(1)]: a 请示件 registered unticked is recognised later; the route is planned again."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.workflow import ActionRefused
from documents.incoming import services
from documents.incoming.models import Reader, State

from .factories import act, distribute, register, request_from_township

pytestmark = pytest.mark.django_db


def test_before_distribution_the_flag_puts_the_secretarial_deputy_first(office):
    """[28(1)] 申请经费的请示件一律先送办公室分管文秘副主任阅批 — once recognised, 分办 plans it so."""
    doc = request_from_township(office)
    services.incoming_mark_funding(actor=office["zhuren"], pk=doc.pk, note="内容为申请校舍维修资金")
    doc.refresh_from_db()
    assert doc.is_funding_request
    entry = doc.log.get(action="mark_funding")
    assert entry.actor == office["zhuren"] and "申请校舍维修资金" in entry.comment
    doc, _ = distribute(office, doc, readers=[act(office, "fuxianzhang1")], actor="shoufa")
    first = doc.readers.order_by("seq").first()
    assert first.reader == office["fuzhuren_wenmi"] and first.status == Reader.Status.CURRENT


def test_in_circulation_the_secretarial_deputy_becomes_the_next_reader(office):
    doc = request_from_township(office)
    doc, _ = distribute(
        office,
        doc,
        readers=[act(office, "fuxianzhang1"), act(office, "fuzhuren")],
        actor="shoufa",
    )
    assert doc.holder == office["fuxianzhang1"]
    services.incoming_mark_funding(actor=office["shoufa"], pk=doc.pk)
    doc.refresh_from_db()
    order = [r.reader for r in doc.readers.order_by("seq")]
    assert order[:3] == [office["fuzhuren_wenmi"], office["fuxianzhang1"], office["fuzhuren"]]
    assert doc.holder == office["fuzhuren_wenmi"]
    assert doc.readers.get(reader=office["fuxianzhang1"]).status == Reader.Status.WAITING


def test_only_a_request_only_once_and_only_by_the_office(office):
    doc = request_from_township(office)
    with pytest.raises(ActionRefused):
        services.incoming_mark_funding(actor=office["guikou1"], pk=doc.pk)
    services.incoming_mark_funding(actor=office["shoufa"], pk=doc.pk)
    with pytest.raises(ValidationError, match="已标为"):
        services.incoming_mark_funding(actor=office["shoufa"], pk=doc.pk)
    notice = register(office)
    with pytest.raises(ValidationError, match="请示件"):
        services.incoming_mark_funding(actor=office["shoufa"], pk=notice.pk)
    assert notice.state == State.REGISTERED


def test_the_document_page_offers_it_to_the_clerk(client, office):
    doc = request_from_township(office)
    client.force_login(office["shoufa"])
    page = client.get(reverse("incoming:detail", args=[doc.pk])).content.decode()
    assert reverse("incoming:mark_funding", args=[doc.pk]) in page
    answer = client.post(reverse("incoming:mark_funding", args=[doc.pk]), {"version": doc.version})
    assert answer.status_code == 302
    doc.refresh_from_db()
    assert doc.is_funding_request
    page = client.get(reverse("incoming:detail", args=[doc.pk])).content.decode()
    assert reverse("incoming:mark_funding", args=[doc.pk]) not in page

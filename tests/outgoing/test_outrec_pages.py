"""The 发文 pages as a reviewer and a drafter meet them: a refused gate keeps what was ticked and typed, no
“全部勾选”, one edit button that says what it changes [30(1)], [30(2)], [30(4)]."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from documents.outgoing import services
from documents.outgoing.choices import Gate
from documents.outgoing.models import OutgoingDocument

pytestmark = pytest.mark.django_db


def _post(client, doc, action, data):
    payload = {"version": OutgoingDocument.objects.get(pk=doc.pk).version, **data}
    return client.post(reverse("outgoing:act", args=[doc.pk, action]), payload)


def _checked(html: str) -> set[str]:
    return set(re.findall(r'<input type="checkbox" name="gates" value="(\w+)"[^>]*checked', html))


def test_a_refused_review_keeps_the_ticked_gates_and_the_typed_opinion(client_as, draft):
    """[30(2)] 审核六关: five gates ticked are not enough; the page that says so keeps the five ticks and the
    opinion, so the reviewer ticks the sixth instead of starting again."""
    doc = draft()
    doc = services.outgoing_submit(actor=doc.drafter, pk=doc.pk)
    five = [g for g in Gate.values if g != Gate.SECRECY]
    response = _post(client_as("fuzhuren"), doc, "review", {"gates": five, "opinion": "同意，请按修改稿印发"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "定密关尚未勾选" in html
    assert _checked(html) == set(five)
    assert "同意，请按修改稿印发</textarea>" in html


def test_a_refused_send_back_keeps_nothing_lost(client_as, draft):
    """[30(2)] 退回修改 needs a comment; an empty one is refused without losing the gates' form."""
    doc = draft()
    doc = services.outgoing_submit(actor=doc.drafter, pk=doc.pk)
    response = _post(client_as("fuzhuren"), doc, "send-back", {"comment": "  "})
    assert response.status_code == 400


def test_the_review_form_offers_no_tick_all(client_as, draft):
    """[30(2)] Each gate is signed for on its own (勾选即签名): there is no “全部勾选”."""
    doc = draft()
    doc = services.outgoing_submit(actor=doc.drafter, pk=doc.pk)
    html = client_as("fuzhuren").get(reverse("outgoing:detail", args=[doc.pk])).content.decode()
    assert "data-gates" in html and "全部勾选" not in html and "select-all" not in html


def test_the_drafter_sees_one_edit_button_and_the_reviewer_another_each_explained(client_as, draft):
    """[30(1)] the drafter changes the whole draft (修改拟稿); [30(2)] a reviewer at 核稿 corrects the words only
    (核改文字). Never the two side by side without a word."""
    doc = draft()
    html = client_as("guikou2").get(reverse("outgoing:detail", args=[doc.pk])).content.decode()
    assert "修改拟稿" in html and "核改文字" not in html and "data-edit-hint" in html
    doc = services.outgoing_submit(actor=doc.drafter, pk=doc.pk)
    html = client_as("fuzhuren").get(reverse("outgoing:detail", args=[doc.pk])).content.decode()
    assert "核改文字" in html and "修改拟稿" not in html and "须退回拟稿人修改" in html

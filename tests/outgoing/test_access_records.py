"""Who opened a classified draft — its page, its PDFs, its files — is written down for the administrator [32];
an unclassified draft's openings are not."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AccessRecord
from documents.outgoing import services
from documents.outgoing.choices import AttachmentKind
from tests.files import pdf

pytestmark = pytest.mark.django_db

PDF = pdf()  # a real PDF: an upload must parse (core.uploads)
TITLE = "秘密级干部调整方案"


def test_each_opening_of_a_classified_draft_is_recorded(client_as, office, draft):
    doc = draft(secret_level=1, title=TITLE)
    file = services.outgoing_add_file(
        actor=office["guikou2"], pk=doc.pk, upload=SimpleUploadedFile("附件.pdf", PDF), kind=AttachmentKind.ATTACHMENT
    )
    client = client_as("guikou2")
    assert client.get(reverse("outgoing:detail", args=[doc.pk])).status_code == 200
    assert client.get(reverse("outgoing:attachment", args=[doc.pk, file.pk])).status_code == 200
    pdfs = [
        client.get(reverse(name, args=[doc.pk])).status_code for name in ("outgoing:sheet_pdf", "outgoing:document_pdf")
    ]

    served_pdfs = ["pdf"] * pdfs.count(200)  # none where there is no CJK font (503): nothing was served
    records = AccessRecord.objects.order_by("id")
    assert [r.what for r in records] == ["detail", "attachment", *served_pdfs]
    assert {(r.user_id, r.object_id, r.secret_level) for r in records} == {(office["guikou2"].pk, doc.pk, 1)}
    assert all(r.label == f"发文稿{doc.pk}（秘密件）" for r in records)


def test_an_unclassified_draft_is_opened_without_a_record(client_as, draft):
    doc = draft()
    assert client_as("guikou2").get(reverse("outgoing:detail", args=[doc.pk])).status_code == 200
    assert not AccessRecord.objects.exists()

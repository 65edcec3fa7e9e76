"""Outgoing documents in the archive chapter: filing with the whole history [30(5)], [33]; custody [31]."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse

from core.workflow import ActionRefused
from documents.outgoing.choices import State
from documents.records import selectors, services
from documents.records.models import FileItem, Retention

from .conftest import to_distributed

pytestmark = pytest.mark.django_db


def test_distributed_document_is_filed_with_sheet_final_text_and_every_revision(draft, office, tmp_path):
    """[30(5)] 将能够反映整个成文过程的原稿留存、立卷、归档."""
    doc = to_distributed(draft(importance="normative", title="杂多县草原防火管理办法"), office)
    with pytest.raises(ActionRefused):
        services.file_document(doc_kind="outgoing", actor=office["guikou2"], pk=doc.pk)
    item = services.file_document(doc_kind="outgoing", actor=office["shoufa"], pk=doc.pk)
    doc.refresh_from_db()
    assert doc.state == State.FILED
    assert item.retention == Retention.PERMANENT  # 规范性文件 are kept for ever by the default schedule
    assert item.archive_code.split("-")[3] == "FW"
    assert sorted(item.components.values_list("kind", flat=True)) == ["公文处理单", "文稿修改记录", "正式文件"]
    if shutil.which("pdftotext"):
        path = tmp_path / "history.pdf"
        path.write_bytes(item.components.get(kind="文稿修改记录").file.read())
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "第1稿" in text and "草原防火" in text


def test_only_distributed_documents_are_filed(draft, office):
    doc = draft()
    with pytest.raises(ActionRefused):
        services.file_document(doc_kind="outgoing", actor=office["shoufa"], pk=doc.pk)


def test_filing_an_outgoing_document_from_the_records_page(client_as, draft, office):
    doc = to_distributed(draft(), office)
    client = client_as("shoufa")
    assert f'data-to-file="outgoing-{doc.pk}"' in client.get(reverse("records:index")).content.decode()
    response = client.get(reverse("records:file", args=["outgoing", doc.pk]))
    assert response.status_code == 200
    client.post(
        reverse("records:file", args=["outgoing", doc.pk]),
        {
            "version": doc.version,
            "archive_class": response.context["form"].initial["archive_class"].pk,
            "retention": "D30",
        },
    )
    item = FileItem.objects.of(doc).get()
    assert item.retention == "D30"
    page = client.get(reverse("outgoing:detail", args=[doc.pk])).content.decode()
    assert f"<strong data-archive-code>{item.archive_code}</strong>" in page  # [33] where it went


def test_classified_draft_is_on_the_custody_list_until_placed_in_the_safe(draft, office):
    """[31] an outgoing classified paper is kept like an incoming one."""
    doc = draft(secret_level=1, title="秘密级发文稿")
    assert doc in selectors.out_of_safe("outgoing")
    services.custody_record(actor=office["shoufa"], doc_kind="outgoing", pk=doc.pk, event="placed_in_safe")
    assert doc not in selectors.out_of_safe("outgoing")
    rows = selectors.custody_rows(office["jiyao"])
    assert all(r["title"] != "秘密级发文稿" for r in rows)


def test_last_years_unfiled_outgoing_documents_are_a_deadline_on_30_june(draft, office):
    """[33] the office's own documents of last year are filed and handed over by 30 June too."""
    from datetime import datetime

    from django.utils import timezone

    from deadlines.registry import ScanContext, get
    from documents.outgoing.models import OutgoingDocument

    doc = to_distributed(draft(), office)
    last = doc.year - 1
    OutgoingDocument.objects.filter(pk=doc.pk).update(year=last)
    source = get("outgoing.archive")
    ctx = ScanContext(now=timezone.make_aware(datetime(last + 1, 7, 1, 9, 0)), warnings_wanted=False)
    (deadline,) = source.deadlines(ctx, due_from=None, due_before=ctx.now)
    assert deadline.item_id == last and "发文" in deadline.title and "尚有 1 件" in deadline.detail
    services.file_document(doc_kind="outgoing", actor=office["shoufa"], pk=doc.pk)
    assert source.still_open(ctx, [last]) == {}


def test_notifications_about_a_classified_draft_never_carry_its_title(
    draft, office, django_capture_on_commit_callbacks
):
    """[32](九) a classified outgoing document is named by its number and level in the app and by e-mail."""
    from django.core import mail

    from core.models import Notification
    from documents.outgoing import services as outgoing

    with django_capture_on_commit_callbacks(execute=True):
        doc = draft(secret_level=1, title="秘密级干部调整方案")
        outgoing.outgoing_submit(actor=doc.drafter, pk=doc.pk)
    notes = Notification.objects.filter(url__contains=f"/outgoing/{doc.pk}/")
    assert notes.exists()
    assert all("干部调整" not in n.title + n.body for n in notes)
    assert all("干部调整" not in m.subject + m.body for m in mail.outbox)


def test_classified_draft_asks_for_the_pledge_first(client_as, draft, office):
    """[32] someone on a classified draft who has not pledged this year is sent to the rules first."""
    from org.models import ConfidentialityPledge

    doc = draft(secret_level=1, title="秘密级发文稿")
    ConfidentialityPledge.objects.filter(user=office["guikou2"]).delete()
    client = client_as("guikou2")
    response = client.get(reverse("outgoing:detail", args=[doc.pk]))
    assert response.status_code == 302 and reverse("org:confidentiality") in response["Location"]
    assert "秘密级发文稿" not in client.get(reverse("outgoing:list") + "?tab=drafts").content.decode()
    client.post(reverse("org:confidentiality"))
    assert client.get(reverse("outgoing:detail", args=[doc.pk])).status_code == 200


def test_filed_outgoing_pdfs_are_pdf_a_with_their_checksums(draft, office):
    """[33] the 公文处理单, the document as issued and the revisions are filed as PDF/A-2b, each with the SHA-256
    of its stored bytes."""
    import hashlib

    from tests.pdfa import pdfa_identification

    doc = to_distributed(draft(), office)
    item = services.file_document(doc_kind="outgoing", actor=office["shoufa"], pk=doc.pk)
    for component in item.components.all():
        content = component.file.read()
        assert pdfa_identification(content) == ("2", "B"), component.kind
        assert component.sha256 == hashlib.sha256(content).hexdigest()

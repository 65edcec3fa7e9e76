"""The one upload check (core.uploads): extension, first bytes, size, and a PDF that really parses (issue 12).

A file that starts with ``%PDF-`` and goes on as HTML was accepted as a PDF; incoming, leave and outgoing each
had a checker of their own. Each place that takes a file is tried here with the same hostile file.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import SCANS, check_upload, validate_upload
from documents.outgoing import uploads as outgoing_uploads
from tests.files import PDF, pdf

HTML_PDF = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"
TRUNCATED = PDF[: len(PDF) // 2]


def _file(content: bytes, name: str = "scan.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize("content", [HTML_PDF, TRUNCATED, b"%PDF-1.4 x", b"%PDF-1.4\ntrailer<<>>\n%%EOF\n"])
def test_a_pdf_that_does_not_parse_is_refused(content):
    """Issue 12: ``%PDF-`` followed by HTML (or by nothing a reader can open) is no PDF."""
    with pytest.raises(ValidationError, match="不是能打开的 PDF"):
        validate_upload(_file(content))


def test_a_real_pdf_is_accepted_and_left_at_its_start():
    upload = _file(pdf("marker"))
    assert validate_upload(upload) == "application/pdf"
    assert upload.read(5) == b"%PDF-"


def test_outgoing_drafts_use_the_same_check():
    """Issue 12: one checker — the outgoing draft's body and attachments are refused alike [30(1)]."""
    assert outgoing_uploads.check_upload is check_upload
    for allowed in (outgoing_uploads.BODY_EXTENSIONS, outgoing_uploads.ATTACHMENT_EXTENSIONS):
        with pytest.raises(ValidationError, match="不是能打开的 PDF"):
            check_upload(_file(HTML_PDF, "正文.pdf"), allowed=allowed)


def test_the_scans_kinds_and_the_limits():
    with pytest.raises(ValidationError, match="不支持"):
        check_upload(_file(PDF, "scan.exe"), allowed=SCANS)
    with pytest.raises(ValidationError, match="文件内容与扩展名不符"):
        check_upload(_file(b"MZ\x90\x00", "scan.png"), allowed=SCANS)
    with pytest.raises(ValidationError, match="是空的"):
        check_upload(_file(b"", "scan.pdf"), allowed=SCANS)
    with pytest.raises(ValidationError, match="过大"):
        check_upload(_file(PDF), allowed=SCANS, max_bytes=100)


@pytest.mark.django_db
def test_every_upload_page_refuses_the_html_pdf(client_as, office, settings, tmp_path):
    """Issue 12, through the pages: the incoming scan [29(1)] is refused with a Chinese 400, nothing stored."""
    from django.urls import reverse

    from documents.incoming.models import Attachment
    from tests.incoming.factories import register

    settings.MEDIA_ROOT = tmp_path
    doc = register(office)
    response = client_as("shoufa").post(
        reverse("incoming:attach", args=[doc.pk]), {"kind": "original", "file": _file(HTML_PDF)}
    )
    assert response.status_code == 400
    assert "不是能打开的 PDF" in response.content.decode()
    assert not Attachment.objects.filter(document=doc).exists()


def test_every_stored_file_column_holds_every_accepted_content_type():
    """An upload core.uploads accepts fits the column every attachment model keeps its type in (a .docx's is 71
    characters; 60-character columns refused Word and Excel files on PostgreSQL)."""
    from django.apps import apps

    from core.models import StoredFile
    from core.uploads import KINDS

    longest = max(len(content_type) for content_type, _ in KINDS.values())
    models = [m for m in apps.get_models() if issubclass(m, StoredFile)]
    assert len(models) >= 6
    for model in models:
        assert model._meta.get_field("content_type").max_length >= longest, model

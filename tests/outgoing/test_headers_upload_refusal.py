"""An upload refusal is said once, as an error (issue 12)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


HTML_PDF = b"%PDF-1.7\n<html><body>x</body></html>\n"
REFUSAL = "不是能打开的 PDF"


def test_an_upload_refusal_is_said_once_and_never_in_a_success_box(client_as, office, draft, settings, tmp_path):
    """Issue 12: a refused upload (incoming scan [29(1)], outgoing attachment [30(1)]) shows its reason once,
    as an error — no green banner (the refusal page used to shadow Django's messages; fixed in c853061)."""
    from tests.incoming.factories import register

    settings.MEDIA_ROOT = tmp_path
    doc = register(office)
    incoming = client_as("shoufa").post(
        reverse("incoming:attach", args=[doc.pk]), {"kind": "original", "file": SimpleUploadedFile("a.pdf", HTML_PDF)}
    )
    doc_out = draft()
    outgoing = client_as("guikou2").post(
        reverse("outgoing:act", args=[doc_out.pk, "upload"]),
        {"kind": "attachment", "upload": SimpleUploadedFile("a.pdf", HTML_PDF)},
    )
    for response in (incoming, outgoing):
        assert response.status_code == 400
        html = _html(response)
        assert html.count(REFUSAL) == 1
        assert "msg-success" not in html

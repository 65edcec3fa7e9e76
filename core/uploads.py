"""The one check of an uploaded file (issue 12): the extension must be allowed, the first bytes must be that
kind's, the size within the limit, and a PDF must open in a real parser (pypdf) with at least one page — a file
that starts with ``%PDF-`` and goes on as HTML is refused. Incoming scans, leave papers and the outgoing drafts
and their attachments all come through ``check_upload``; every app that takes a file uses it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

# extension → (content type, the first bytes a file of that kind starts with). A renamed executable is refused.
KINDS: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".ofd": ("application/ofd", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    ".xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    ".wps": ("application/vnd.ms-works", (b"\xd0\xcf\x11\xe0", b"PK\x03\x04")),
    ".et": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0", b"PK\x03\x04")),
    ".txt": ("text/plain; charset=utf-8", ()),
}
SCANS = frozenset({".pdf", ".jpg", ".jpeg", ".png"})  # scanned originals, sick notes


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    extension: str
    content_type: str
    size: int


def check_upload(upload, *, allowed=SCANS, max_bytes: int | None = None) -> CheckedUpload:
    """Type by extension *and* content, size, and for a PDF a parse; a Chinese message when refused."""
    name = Path(upload.name or "").name[:200]
    extension = Path(name).suffix.lower()
    if extension not in allowed or extension not in KINDS:
        kinds = "、".join(sorted(e.lstrip(".").upper() for e in allowed))
        raise ValidationError(f"不支持“{name}”这种文件类型，只能上传：{kinds}。")
    limit = max_bytes or settings.UPLOAD_MAX_MB * 1024 * 1024
    size = upload.size or 0
    if size <= 0:
        raise ValidationError(f"文件“{name}”是空的。")
    if size > limit:
        raise ValidationError(
            f"文件“{name}”过大（{size / 1024 / 1024:.1f} MB），单个文件不能超过 {limit // (1024 * 1024)} MB。"
        )
    content_type, magic = KINDS[extension]
    head = upload.read(16)
    upload.seek(0)
    if magic and not head.startswith(magic):
        raise ValidationError(f"“{name}”：文件内容与扩展名不符，请上传真实的文件。")
    if extension == ".txt" and b"\x00" in head:
        raise ValidationError(f"文件“{name}”不是文本文件。")
    if extension == ".pdf":
        _check_pdf(upload, name)
    return CheckedUpload(name=name, extension=extension, content_type=content_type, size=size)


def _check_pdf(upload, name: str) -> None:
    from pypdf import PdfReader

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # a broken file is the person's, not an error of ours
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(f"文件“{name}”是加密的 PDF，请上传未加密的文件。")
        pages = len(reader.pages)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds for a file that is no PDF
        raise ValidationError(f"“{name}”：文件内容与扩展名不符，它不是能打开的 PDF 文件。") from error
    finally:
        pypdf_log.setLevel(level)
        upload.seek(0)
    if pages < 1:
        raise ValidationError(f"“{name}”：文件内容与扩展名不符，这个 PDF 没有页面。")


def validate_upload(upload) -> str:
    """A scan or a supporting paper (PDF, JPG, PNG): its real content type."""
    return check_upload(upload, allowed=SCANS).content_type

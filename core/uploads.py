"""Uploaded scans and supporting papers (PDF, JPG, PNG): type-checked by content (not by name alone) and
size-limited. Used by incoming documents (scanned originals) and leave (a sick note …)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
EXTENSIONS = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def sniff(upload) -> str:
    """The content type the file really has, judged by its first bytes and its extension together."""
    name = (upload.name or "").lower()
    ext = name[name.rfind(".") :] if "." in name else ""
    expected = EXTENSIONS.get(ext)
    if expected is None:
        raise ValidationError("只接受 PDF、JPG 或 PNG 文件。")
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[expected]):
        raise ValidationError("文件内容与扩展名不符，请上传真实的 PDF、JPG 或 PNG 文件。")
    return expected


def validate_upload(upload) -> str:
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            f"文件过大（{upload.size / 1024 / 1024:.1f} MB），单个文件不能超过 {settings.UPLOAD_MAX_MB} MB。"
        )
    if upload.size == 0:
        raise ValidationError("文件是空的。")
    return sniff(upload)

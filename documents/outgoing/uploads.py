"""Files of a draft: what may be uploaded (type by extension *and* first bytes, size), and the words of an
uploaded Word/PDF draft, which the rank check and the printed layout read."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
BODY_EXTENSIONS = {".docx", ".doc", ".wps", ".pdf"}
ATTACHMENT_EXTENSIONS = BODY_EXTENSIONS | {".xlsx", ".xls", ".et", ".ofd", ".jpg", ".jpeg", ".png", ".txt"}
# The first bytes each kind of file must start with: a renamed executable is refused.
MAGIC = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".ofd": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".wps": (b"\xd0\xcf\x11\xe0", b"PK\x03\x04"),
    ".et": (b"\xd0\xcf\x11\xe0", b"PK\x03\x04"),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".wps": "application/vnd.ms-works",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xls": "application/vnd.ms-excel",
    ".et": "application/vnd.ms-excel",
    ".ofd": "application/ofd",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    extension: str
    content_type: str
    size: int


def check_upload(upload, *, allowed: set[str]) -> CheckedUpload:
    """Size and type, by extension *and* by the file's first bytes; a Chinese message when refused."""
    name = Path(upload.name or "").name[:200]
    extension = Path(name).suffix.lower()
    if extension not in allowed:
        kinds = "、".join(sorted(e.lstrip(".") for e in allowed))
        raise ValidationError(f"不支持“{name}”这种文件类型，只能上传：{kinds}。")
    size = upload.size or 0
    if size <= 0:
        raise ValidationError(f"文件“{name}”是空的。")
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(f"文件“{name}”超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB，无法上传。")
    head = upload.read(8)
    upload.seek(0)
    if extension in MAGIC and not head.startswith(MAGIC[extension]):
        raise ValidationError(f"文件“{name}”的内容与扩展名不符，请检查后重新上传。")
    if extension == ".txt" and b"\x00" in head:
        raise ValidationError(f"文件“{name}”不是文本文件。")
    return CheckedUpload(name=name, extension=extension, content_type=CONTENT_TYPES.get(extension, ""), size=size)


# --- text of an uploaded draft ----------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text_of_upload(upload, extension: str) -> str:
    """The words of a Word (.docx) or PDF draft, paragraph by paragraph; empty when they cannot be read."""
    try:
        if extension == ".docx":
            return _docx_text(upload)
        if extension == ".pdf":
            return _pdf_text(upload)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, subprocess.SubprocessError):
        return ""
    finally:
        upload.seek(0)
    return ""


def _docx_text(upload) -> str:
    with zipfile.ZipFile(upload) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        paragraphs.append("".join(node.text or "" for node in paragraph.iter(f"{_W}t")))
    return "\n".join(p for p in paragraphs if p.strip())[:200_000]


def _pdf_text(upload) -> str:
    if not shutil.which("pdftotext"):
        return ""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", tmp.name, "-"], capture_output=True, timeout=30, check=False
        ).stdout
    lines = [line.strip() for line in out.decode("utf-8", "replace").splitlines()]
    return "\n".join(line for line in lines if line)[:200_000]

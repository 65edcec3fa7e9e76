"""Files of a draft: which kinds may be uploaded (checked by ``core.uploads.check_upload``), and the words of an
uploaded Word/PDF draft, which the rank check and the printed layout read."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from xml.etree import ElementTree

from core.uploads import CheckedUpload, check_upload

BODY_EXTENSIONS = {".docx", ".doc", ".wps", ".pdf"}
ATTACHMENT_EXTENSIONS = BODY_EXTENSIONS | {".xlsx", ".xls", ".et", ".ofd", ".jpg", ".jpeg", ".png", ".txt"}
# What may be uploaded is checked by the one checker (type by extension and content, size, a PDF parsed).
__all__ = ["ATTACHMENT_EXTENSIONS", "BODY_EXTENSIONS", "CheckedUpload", "check_upload", "text_of_upload"]


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

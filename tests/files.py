"""Files for upload tests. An uploaded PDF must parse (core.uploads, issue 12): ``pdf()`` is a real one-page PDF,
with ``marker`` written as a comment after its end, so a test can look for its bytes elsewhere."""

from __future__ import annotations

from functools import cache
from io import BytesIO


@cache
def _blank() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)  # A4, in points
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf(marker: str | bytes = b"") -> bytes:
    marker = marker.encode() if isinstance(marker, str) else marker
    # One comment line after %%EOF: a line break inside it can make pypdf miss the startxref above it.
    if b"\n" in marker or b"\r" in marker:
        raise ValueError("a PDF marker must be one line")
    return _blank() + (b"%" + marker + b"\n" if marker else b"")


PDF = pdf()

"""PDF rendering for the office's paper forms (文件批阅单, 公文处理单, 退文单, registers …) with WeasyPrint.

A form printed with empty boxes where the Chinese should be is worse than no form, so rendering refuses
(``PdfFontMissing``) unless a CJK font is installed, and says which package brings one.

What is filed (立卷归档 [33]) is rendered as PDF/A (``pdf_variant=ARCHIVAL``): fonts embedded, colours tied to
an sRGB output intent, XMP metadata naming the PDF/A part, so the archive can still show it decades on.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

# PDF/A-2b: PDF/A-1 cannot embed the OpenType (CFF) CJK fonts; PDF/A-3 would admit arbitrary embedded files,
# which an archive does not want; level "u" claims a Unicode mapping for every glyph, which no validator here
# checks. WeasyPrint's names for the variants are in weasyprint/pdf/pdfa.py (VARIANTS).
ARCHIVAL = "pdf/a-2b"

MISSING_FONT_MESSAGE = "服务器缺少中文字体，无法生成 PDF。请管理员执行 apt-get install fonts-noto-cjk 后重试。"


class PdfFontMissing(RuntimeError):
    def __init__(self) -> None:
        super().__init__(MISSING_FONT_MESSAGE)


@functools.cache
def installed_cjk_families() -> frozenset[str]:
    """Font families fontconfig knows that cover Chinese."""
    if not shutil.which("fc-list"):
        return frozenset()
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(",") if name.strip())


def cjk_font_family() -> str:
    """The first configured CJK family that is installed; raises ``PdfFontMissing`` when none is."""
    installed = installed_cjk_families()
    for family in settings.PDF_CJK_FONT_FAMILIES:
        if family in installed:
            return family
    raise PdfFontMissing()


def lay_out(template_name: str, context: dict | None = None, **options):
    """The template laid out in pages (a WeasyPrint ``Document``), for a layout that looks at where things fell
    before it writes the PDF (the official document's 版记 on an even page, GB/T 9704-2012)."""
    from weasyprint import HTML  # imported late: pango is loaded only when a PDF is really wanted

    context = dict(context or {})
    context.setdefault("office_name", settings.OFFICE_NAME)
    context["cjk_font"] = cjk_font_family()
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(**options)


def render_pdf(template_name: str, context: dict | None = None, *, pdf_variant: str | None = None) -> bytes:
    """The template as a PDF; ``pdf_variant`` is one of WeasyPrint's variants, ``ARCHIVAL`` for what is filed."""
    return lay_out(template_name, context, pdf_variant=pdf_variant).write_pdf(pdf_variant=pdf_variant)


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    # RFC 6266/5987: Chinese file names survive every browser this way.
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "private, no-store"
    return response

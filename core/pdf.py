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
from pathlib import Path
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
def _system_cjk_families() -> frozenset[str]:
    if not shutil.which("fc-list"):
        return frozenset()
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(",") if name.strip())


def installed_cjk_families() -> frozenset[str]:
    """Font families fontconfig knows that cover Chinese, and those in ``settings.PDF_FONTS_DIR``."""
    return _system_cjk_families() | frozenset(family for family, _ in folder_fonts())


FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def folder_fonts() -> list[tuple[str, Path]]:
    """(family, file) of every font in ``settings.PDF_FONTS_DIR`` — licensed fonts an administrator adds without
    touching the system (仿宋_GB2312, 方正小标宋简体 for GB/T 9704-2012), under each name the font gives itself."""
    folder = Path(settings.PDF_FONTS_DIR)
    if not folder.is_dir():
        return []
    files = tuple(sorted((p, p.stat().st_mtime) for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES))
    return _families_in(files)


@functools.cache
def _families_in(files: tuple[tuple[Path, float], ...]) -> list[tuple[str, Path]]:
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency

    found = []
    for path, _ in files:
        try:
            font = TTFont(path, fontNumber=0, lazy=True)
            names = {r.toUnicode() for r in font["name"].names if r.nameID in (1, 16)}
        except Exception:  # a broken or foreign file in the folder is skipped, not fatal for every PDF
            continue
        found += [(name, path) for name in sorted(names)]
    return found


def _font_faces(font_config):
    """@font-face rules for the fonts folder, so WeasyPrint finds them by family name."""
    from weasyprint import CSS

    rules = "".join(
        f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); }}' for family, path in folder_fonts()
    )
    return [CSS(string=rules, font_config=font_config)] if rules else []


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
    from weasyprint.text.fonts import FontConfiguration

    context = dict(context or {})
    context.setdefault("office_name", settings.OFFICE_NAME)
    context["cjk_font"] = cjk_font_family()
    html = render_to_string(template_name, context)
    font_config = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=_font_faces(font_config), font_config=font_config, **options
    )


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

"""规范性文件 papers as PDF through ``core.pdf`` (a CJK font embedded) [13]: the 现行有效规范性文件目录 a county
posts — a title row, then 序号, 文件名称, 文号, 施行日期, 有效期至, the header repeated on every page.

The rows are ``selectors.in_force``'s: every signed-in person may print it.
"""

from __future__ import annotations

from datetime import date

from core.pdf import render_pdf

from .exports import in_force_title


def in_force_pdf(rows, *, today: date) -> bytes:
    return render_pdf("normative/pdf_in_force.html", {"rows": rows, "today": today, "heading": in_force_title(today)})

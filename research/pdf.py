"""The final draft (定稿) as an A4 PDF through ``core.pdf`` (CJK font embedded, GB/T 9704 版心 margins) [5]."""

from __future__ import annotations

from core.pdf import render_pdf


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def final_draft(task, version) -> bytes:
    return render_pdf(
        "research/pdf/final.html",
        {"task": task, "v": version, "paragraphs": paragraphs(version.body), "title": task.title},
    )

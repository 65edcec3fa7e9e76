"""案件登记表 (a printable case summary) as PDF through ``core.pdf`` [13]. The caller passes the party as the
person may read it (``selectors.party_of``)."""

from __future__ import annotations

from django.utils import timezone

from core.pdf import render_pdf


def case_sheet_pdf(case, *, party, log, attachments) -> bytes:
    return render_pdf(
        "legal/pdf_case.html",
        {
            "case": case,
            "party": party,
            "log": log,
            "attachments": attachments,
            "today": timezone.localdate(),
        },
    )

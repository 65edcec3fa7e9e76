"""政务公开 papers as PDF through ``core.pdf`` (a CJK font embedded) [36]:

- the yearly assessment's 通报: title, the ranking with each criterion's points, the requirements, the office's
  signature and date — laid out as an official document (GB/T 9704-2012 margins, the red 版头 and rule); a year
  not fully confirmed prints as a marked draft;
- an inspection's findings and their rectification, for the inspection team and the file.

Callers pass what the visibility selectors gave them (the findings of a unit's 联络员 are their unit's only).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from core.pdf import render_pdf


def assessment_pdf(report, *, issued_on: date | None = None) -> bytes:
    """考核结果通报 of ``statistics.assessment_report(year)`` [36]."""
    criteria = report.criteria
    # The criteria share what the 名次, 单位 and 总分 columns leave of the 156 mm type area.
    col_width = max(12, min(24, 90 // max(len(criteria), 1)))
    return render_pdf(
        "disclosure/pdf_assessment.html",
        {
            "year": report.year,
            "scheme": report.scheme,
            "criteria": criteria,
            "rows": report.rows,
            "confirmed": report.confirmed,
            "max_total": report.max_total,
            "draft": report.draft,
            "col_width": col_width,
            "issued_on": issued_on or timezone.localdate(),
        },
    )


def findings_pdf(inspection, findings, *, scope: str = "", today: date | None = None) -> bytes:
    """检查发现问题及整改清单 of one inspection (the findings the person may see) [36]."""
    today = today or timezone.localdate()
    for f in findings:
        f.late = f.is_overdue(today)
        f.late_days = (today - f.due_on).days if f.late else 0
    return render_pdf(
        "disclosure/pdf_findings.html",
        {"inspection": inspection, "findings": findings, "scope": scope, "today": today},
    )

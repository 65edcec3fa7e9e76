"""公务接待's papers as A4 PDFs through ``core.pdf`` (a CJK font embedded) [6]: the day's schedule (日程安排) and
the 公务接待清单 with the handler's signature. Callers pass what the visibility selector gave them."""

from __future__ import annotations

from itertools import groupby

from django.utils import timezone

from core.pdf import render_pdf


def schedule_pdf(obj, lines) -> bytes:
    days = [(day, list(items)) for day, items in groupby(lines, key=lambda line: line.day)]
    return render_pdf("reception/pdf_schedule.html", {"obj": obj, "days": days, "today": timezone.localdate()})


def record_pdf(obj, record, meals) -> bytes:
    meal_total = sum((m.cost for m in meals), 0)
    return render_pdf(
        "reception/pdf_record.html",
        {"obj": obj, "record": record, "meals": meals, "meal_total": meal_total},
    )

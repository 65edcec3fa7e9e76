"""The roster to post on the wall (值班表, PDF through ``core.pdf`` with a CJK font embedded) [41], [42].

One row a day: the date and weekday, the holiday's name, each kind of shift with its times and the person on
duty, and on a statutory holiday day the two 带班 leaders; beneath, the duty room's rules and who made and
published it. Callers have opened the roster through ``duty.selectors``; only that roster is read here."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from core.pdf import render_pdf
from org.selectors import display_name

from .models import DayType, Roster

WEEKDAYS = "一二三四五六日"


def roster_context(roster: Roster) -> dict:
    shifts = list(
        roster.shifts.filter(active=True)
        .select_related("kind", "person__profile", "county_leader__profile", "office_leader__profile")
        .order_by("starts_at", "seat", "id")
    )
    kinds = []
    for shift in shifts:
        if shift.kind not in kinds:
            kinds.append(shift.kind)
    kinds.sort(key=lambda k: (k.sort_order, k.id))
    rows, day = [], roster.starts_on
    by_day: dict = {}
    for shift in shifts:
        by_day.setdefault(shift.day, []).append(shift)
    while day <= roster.ends_on:
        on_day = by_day.get(day, [])
        cells = []
        for kind in kinds:
            people = [display_name(s.person) if s.person_id else "（空）" for s in on_day if s.kind_id == kind.pk]
            cells.append("、".join(people))
        holiday = [s for s in on_day if s.day_type == DayType.HOLIDAY]
        county = next((s.county_leader for s in holiday if s.county_leader_id), None)
        office = next((s.office_leader for s in holiday if s.office_leader_id), None)
        rows.append(
            {
                "day": day,
                "weekday": WEEKDAYS[day.weekday()],
                "kind": on_day[0].get_day_type_display() if on_day else "",
                "holiday": on_day[0].holiday_name if on_day else "",
                "is_holiday": bool(holiday),
                "cells": cells,
                "county": display_name(county) if county else "",
                "office": display_name(office) if office else "",
            }
        )
        day += timedelta(days=1)
    return {
        "roster": roster,
        "kinds": kinds,
        "rows": rows,
        "has_holiday": any(r["is_holiday"] for r in rows),
        "maker": display_name(roster.made_by),
        "publisher": display_name(roster.published_by) if roster.published_by_id else "",
        "printed_at": timezone.localtime(),
    }


def roster_pdf(roster: Roster) -> bytes:
    """值班表 for the wall [41], [42]."""
    return render_pdf("duty/pdf/roster.html", roster_context(roster))

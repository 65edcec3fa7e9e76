"""The meeting's papers as PDF through ``core.pdf`` (a CJK font embedded): 会议通知, 签到表 before the meeting,
出席情况 after it, and 会议纪要 with its number and the table of 议定事项 [6], [17], [18], [24], [25], [37].

Callers have already opened the meeting through ``get_meeting_for``; what is printed here is read from that
meeting only. A classified meeting's papers carry its level at the top, as every classified paper does [31].
"""

from __future__ import annotations

from django.utils import timezone

from core.pdf import render_pdf
from org.selectors import display_name

from .models import Attendee, Meeting, Minutes


def _seats(meeting: Meeting) -> list[Attendee]:
    return list(
        meeting.attendees.filter(active=True)
        .select_related("person__profile__position", "person__profile__section", "unit", "substitute__profile")
        .order_by("sort_order", "id")
    )


def _common(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "chair": display_name(meeting.chair),
        "entrusted_by": display_name(meeting.entrusted_by) if meeting.entrusted_by_id else "",
        "printed_at": timezone.localtime(),
        "starts": timezone.localtime(meeting.starts_at),
        "ends": timezone.localtime(meeting.ends_at),
    }


def _row(seat: Attendee) -> dict:
    profile = getattr(seat.person, "profile", None) if seat.person_id else None
    return {
        "name": display_name(seat.person) if seat.person_id else seat.unit.name,
        "representative": seat.representative,
        "position": profile.position.name if profile and profile.position_id else "",
        "section": profile.section.name if profile and profile.section_id else "",
        "part": seat.get_part_display(),
        "status": seat.get_status_display(),
        "status_code": seat.status,
        "substitute": display_name(seat.substitute) if seat.substitute_id else "",
        "note": seat.note,
        "signed_at": timezone.localtime(seat.signed_at) if seat.signed_at else None,
        "is_unit": not seat.person_id,
    }


def notice_pdf(meeting: Meeting) -> bytes:
    """会议通知: time, place, chair (and who entrusted), attendees, agenda, what to bring [6], [17]."""
    seats = [_row(s) for s in _seats(meeting)]
    topics = list(meeting.topics.filter(state__in=["accepted", "discussed"]).order_by("position", "id"))
    return render_pdf(
        "meetings/pdf/notice.html",
        {
            **_common(meeting),
            "members": [s for s in seats if not s["is_unit"]],
            "units": [s for s in seats if s["is_unit"]],
            "topics": topics,
        },
    )


def sign_in_pdf(meeting: Meeting) -> bytes:
    """签到表: one line per person and invited unit, an empty box to sign [17]."""
    return render_pdf("meetings/pdf/sign_in.html", {**_common(meeting), "seats": [_row(s) for s in _seats(meeting)]})


def attendance_counts(rows: list[dict]) -> dict:
    counts = {"expected": len(rows), "present": 0, "substituted": 0, "leave": 0, "absent": 0}
    for row in rows:
        if row["status_code"] in counts:
            counts[row["status_code"]] += 1
    counts["came"] = counts["present"] + counts["substituted"]
    return counts


def attendance_pdf(meeting: Meeting) -> bytes:
    """出席情况: who came, who sent a substitute (代会), who was away (请假) or absent (缺席) [17], [26(6)3]."""
    rows = [_row(s) for s in _seats(meeting)]
    return render_pdf(
        "meetings/pdf/attendance.html", {**_common(meeting), "seats": rows, "counts": attendance_counts(rows)}
    )


def minutes_pdf(minutes: Minutes) -> bytes:
    """会议纪要: its number (常务会议纪要〔2026〕3号) once issued, the body, who attended, and the table of
    议定事项 — what, who is responsible, which leader, by when [17], [6], [37]."""
    meeting = minutes.meeting
    rows = [_row(s) for s in _seats(meeting)]
    decisions = list(
        meeting.decisions.exclude(state="voided")
        .select_related("leader__profile")
        .prefetch_related("units", "sections")
        .order_by("position", "id")
    )
    return render_pdf(
        "meetings/pdf/minutes.html",
        {
            **_common(meeting),
            "minutes": minutes,
            "paragraphs": [p.strip() for p in minutes.body.split("\n") if p.strip()],
            "present": [
                r for r in rows if not r["is_unit"] and r["status_code"] in ("present", "substituted", "expected")
            ],
            "observers": [r for r in rows if r["is_unit"] and r["status_code"] not in ("leave", "absent")],
            "away": [r for r in rows if r["status_code"] in ("leave", "absent")],
            "decisions": [
                {
                    "position": d.position,
                    "text": d.text,
                    "units": "、".join([u.name for u in d.units.all()] + [s.name for s in d.sections.all()]),
                    "leader": display_name(d.leader),
                    "due": d.due_date,
                }
                for d in decisions
            ],
            "approved_by": display_name(minutes.approved_by) if minutes.approved_by_id else "",
        },
    )

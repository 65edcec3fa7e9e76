"""A county meeting's notice or minutes as an outgoing document [6], [30(1)]: the outgoing 拟稿 form opened
with the meeting's words filled in (``?from_meeting=<pk>&as=notice|minutes``). Line staff draft it; the
outgoing chain reviews, signs, numbers and sends it as for any document [30]."""

from __future__ import annotations

from django.utils import timezone

from documents.types import DocumentType
from org.selectors import display_name

from .kinds import COUNTY_KINDS
from .models import MinutesState, State
from .selectors import get_meeting_for

NOTICE_STATES = (State.PLANNING, State.NOTIFIED)


def can_become_notice(meeting) -> bool:
    return meeting.kind in COUNTY_KINDS and meeting.state in NOTICE_STATES


def can_become_minutes(meeting) -> bool:
    minutes = getattr(meeting, "minutes", None)
    return (
        meeting.kind in COUNTY_KINDS
        and minutes is not None
        and minutes.state
        in (
            MinutesState.APPROVED,
            MinutesState.ISSUED,
        )
    )


def _notice_body(meeting) -> str:
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    agenda = [t.title for t in meeting.topics.order_by("position", "id")]
    people = [
        display_name(a.person)
        for a in meeting.attendees.filter(active=True, person__isnull=False).order_by("sort_order")
    ]
    units = [a.unit.name for a in meeting.attendees.filter(active=True, unit__isnull=False).select_related("unit")]
    lines = [f"经县人民政府研究，定于{start:%Y年%-m月%-d日%H:%M}召开{meeting.title}。现将有关事项通知如下：",
             f"一、会议时间：{start:%Y年%-m月%-d日%H:%M}至{end:%H:%M}。", f"二、会议地点：{meeting.where}。",
             f"三、参会人员：{'、'.join(people)}{'；列席单位：' + '、'.join(units) if units else ''}。"]  # fmt: skip
    if agenda:
        lines.append("四、会议议题：" + "；".join(f"（{i}）{t}" for i, t in enumerate(agenda, start=1)) + "。")
    if meeting.to_bring:
        lines.append(f"{'五' if agenda else '四'}、有关要求：{meeting.to_bring}")
    return "\n".join(lines)


def _minutes_body(meeting) -> str:
    lines = [meeting.minutes.body.strip(), "会议议定事项如下："]
    for d in meeting.decisions.exclude(state="voided").prefetch_related("units", "sections").order_by("position"):
        who = "、".join([u.name for u in d.units.all()] + [s.name for s in d.sections.all()])
        lines.append(f"{d.position}. {d.text}（责任单位：{who}；办结时限：{d.due_date:%Y年%-m月%-d日}）")
    return "\n".join(lines)


def outgoing_initial(user, params) -> dict:
    """Initial values for the outgoing 拟稿 form from ``?from_meeting=&as=`` — {} when absent or not allowed
    (the meeting is read through the meetings selector: 404 for one this person may not see)."""
    raw = params.get("from_meeting", "")
    if not raw.isdigit():
        return {}
    meeting = get_meeting_for(user, int(raw))
    if params.get("as") == "minutes" and can_become_minutes(meeting):
        return {
            "doc_type": DocumentType.MINUTES,
            "title": f"{meeting.number_label}纪要",
            "body": _minutes_body(meeting),
            "secret_level": meeting.secret_level,
        }
    if can_become_notice(meeting):
        return {
            "doc_type": DocumentType.NOTICE,
            "title": f"关于召开{meeting.title}的通知",
            "body": _notice_body(meeting),
            "secret_level": meeting.secret_level,
        }
    return {}

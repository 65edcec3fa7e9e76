"""值班信息专报 (PDF through ``core.pdf``, a CJK font embedded): what the duty room sends to the 州政府值班室 once a
county-government leader and an office leader have agreed [43], [8].

Laid out as the duty rooms' special reports usually are: the red masthead 值班信息专报 with the year and issue
number, the issuing office and date over a red rule, 签发 by the county-government leader who agreed, the title,
the body (when and from whom it came in, what happened, casualties, the follow-ups and what was done), the
leaders' instructions, and beneath a rule 报 (州政府值班室), 送 (the leaders told), who recorded and reviewed it.

Callers have opened the report through ``selectors.reports_visible_to``; only that report is read here.
"""

from __future__ import annotations

from django.utils import timezone

from core.pdf import render_pdf
from org.selectors import display_name

from . import rules
from .models import EmergencyReport, FollowUp


def special_report_context(report: EmergencyReport) -> dict:
    follow_ups = list(report.follow_ups.select_related("recorded_by__profile"))
    agreements = list(report.agreements.select_related("leader__profile"))
    instructions = list(report.instructions.select_related("leader__profile"))
    notices = list(report.notices.select_related("leader__profile"))
    county = [a for a in agreements if a.level == rules.COUNTY_LEVEL]
    office = [a for a in agreements if a.level == rules.OFFICE_LEVEL]
    first = next((f for f in follow_ups if f.stage == FollowUp.Stage.FIRST), None)
    later = [f for f in follow_ups if f.stage != FollowUp.Stage.FIRST]
    issued = timezone.localtime(report.prefecture_sent_at or timezone.now())
    return {
        "report": report,
        "received": timezone.localtime(report.received_at),
        "occurred": timezone.localtime(report.occurred_at) if report.occurred_at else None,
        "issued": issued,
        "first": first,
        "later": [{"f": f, "at": timezone.localtime(f.at)} for f in later],
        "instructions": [
            {"leader": display_name(i.leader), "text": i.text, "at": timezone.localtime(i.at)} for i in instructions
        ],
        "signer": display_name(county[0].leader) if county else "",
        "reviewer": display_name(office[0].leader) if office else "",
        "agreements": [
            {"level": a.get_level_display(), "leader": display_name(a.leader), "at": timezone.localtime(a.at)}
            for a in agreements
        ],
        "told": "、".join(display_name(n.leader) for n in notices),
        "recorder": display_name(report.recorded_by),
        "sender": display_name(report.prefecture_sent_by) if report.prefecture_sent_by_id else "",
    }


def special_report_pdf(report: EmergencyReport) -> bytes:
    """值班信息专报〔year〕第N期 [43], [8]."""
    return render_pdf("duty/emergency_special_report.html", special_report_context(report))

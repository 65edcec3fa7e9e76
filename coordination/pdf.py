"""协调事项呈批单 as a PDF through ``core.pdf`` (a CJK font embedded) [9]: the matter, how it came, the parties,
the coordination held, the office's proposed handling, the leader's 批示 and the follow-up — the paper the office
puts before the county leader and files. Callers pass what the visibility selector gave them; a party's 联络员
never gets it before the leader has decided (``rules.can_print``)."""

from __future__ import annotations

from django.utils import timezone

from core.pdf import render_pdf
from org.selectors import display_name


def matter_pdf(matter, parties, talks) -> bytes:
    return render_pdf(
        "coordination/pdf_matter.html",
        {
            "matter": matter,
            "parties": "、".join(u.name for u in parties),
            "talks": talks,
            "lead": display_name(matter.lead),
            "handler": display_name(matter.handler),
            "leader": display_name(matter.leader) if matter.leader_id else "",
            "decided_by": display_name(matter.decided_by) if matter.decided_by_id else "",
            "instructed_by": display_name(matter.instructed_by) if matter.instructed_by_id else "",
            "printed_on": timezone.localdate(),
        },
    )

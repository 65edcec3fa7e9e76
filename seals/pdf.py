"""印信 paper forms as PDF through ``core.pdf`` (A4, a CJK font embedded) [7]:

- 用印审批单: one 用印申请 with its approval and, once stamped, the use — filed with the stamped copy;
- 刻制印章审批表: one 刻制印章申请 with the unit's box for its own seal, the director's decision and the making;
- 印章交接单: the seal handed to the unit, with a box for the impression and both sides' signatures.

A county office prints these and signs them by hand, so every box a person signs is on the paper even when the
system already knows the answer. Callers pass what the visibility selectors gave them.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from core.pdf import render_pdf


def _name(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return getattr(profile, "full_name", "") or user.username


# What the leader decided, whatever happened since (a stamped request was approved first) [7].
REQUEST_DECISIONS = {"returned": "退回"}
APPLICATION_DECISIONS = {"rejected": "不予批准", "returned": "退回补正"}


def _decision(obj, labels: dict, agreed: str) -> str:
    if obj.decided_by_id is None:
        return ""
    return labels.get(obj.state, agreed)


def request_pdf(req, *, uses=(), printed_on: date | None = None) -> bytes:
    """用印审批单 [7]."""
    uses = [u for u in uses if u.voided_at is None]
    return render_pdf(
        "seals/pdf_request.html",
        {
            "req": req,
            "applicant": _name(req.applicant),
            "decider": _name(req.decided_by),
            "decision": _decision(req, REQUEST_DECISIONS, "同意用印"),
            "uses": [{"use": u, "stamped_by": _name(u.stamped_by)} for u in uses],
            "printed_on": printed_on or timezone.localdate(),
        },
    )


def application_pdf(app, *, printed_on: date | None = None) -> bytes:
    """刻制印章审批表 [7]."""
    return render_pdf(
        "seals/pdf_application.html",
        {
            "app": app,
            "applicant": _name(app.applicant),
            "decider": _name(app.decided_by),
            "decision": _decision(app, APPLICATION_DECISIONS, "同意刻制"),
            "printed_on": printed_on or timezone.localdate(),
        },
    )


def handover_pdf(app, *, printed_on: date | None = None) -> bytes:
    """印章交接单 [7]: before the handover the names are left blank for the pen."""
    return render_pdf(
        "seals/pdf_handover.html",
        {
            "app": app,
            "seal": app.seal,
            "handed_by": _name(app.handed_by),
            "printed_on": printed_on or timezone.localdate(),
        },
    )

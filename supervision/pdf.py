"""督查 papers as PDF through ``core.pdf`` (a CJK font embedded) [11], [37]–[40]:

- 督查催办通知单: sent to a unit whose item is past its deadline — what, since when, how late, and what it must
  send back (the reason and the progress, [40]); a form on A4 with the official margins.
- 督查通报: the office's periodic bulletin — what was done in the period, on time or late (with the reasons the
  units gave), what is still late, the units' on-time rates [11], [40] — laid out as an official document
  (GB/T 9704-2012: 版心 margins 37/26/35/28 mm, the red 版头 and rule, 第N期 in its own series).

Callers pass what the visibility selector gave them (``selectors.get_item_for`` for the notice; the bulletin's
figures are read by ``bulletins.bulletin_figures`` through ``items_visible_to`` and only unclassified items).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from core.pdf import render_pdf
from org.selectors import display_name

from .statistics import lead_name

# Answer within this many working days of receiving the notice: the office's practice (the regulation asks for
# the reason and progress, [40], not a number of days).
URGE_ANSWER_DAYS = 3


def _person(user) -> dict:
    if user is None:
        return {"name": "", "phone": ""}
    profile = getattr(user, "profile", None)
    return {"name": display_name(user), "phone": getattr(profile, "phone", "") if profile else ""}


def urge_notice_pdf(item, *, today: date | None = None) -> bytes:
    """督查催办通知单 for a late item, addressed to its lead unit (and the assisting ones) [40]."""
    today = today or timezone.localdate()
    latest = item.feedback.filter(withdrawn_at__isnull=True).order_by("-recorded_at", "-id").first()
    assisting = [a.unit.name for a in item.assisting.select_related("unit").order_by("id")]
    return render_pdf(
        "supervision/pdf_urge.html",
        {
            "item": item,
            "lead": lead_name(item),
            "assisting": "、".join(assisting),
            "days": (today - item.deadline).days if item.deadline and item.deadline < today else 0,
            "today": today,
            "latest": latest,
            "handler": _person(item.handler),
            "first_responsible": display_name(item.first_responsible),
            "answer_days": URGE_ANSWER_DAYS,
        },
    )


def bulletin_pdf(figures, *, number: str, issued_on: date, title: str, draft: bool = False) -> bytes:
    """督查通报 (GB/T 9704-2012 layout); ``draft`` marks an unnumbered preview not to be sent."""
    return render_pdf(
        "supervision/pdf_bulletin.html",
        {"f": figures, "number": number, "issued_on": issued_on, "title": title, "draft": draft},
    )

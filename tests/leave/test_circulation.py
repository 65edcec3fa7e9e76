"""Who is away is seen by every chapter that routes work to people: circulation passes over the absent
[26(6)3] — whether the absence came from an approved request [54] or was recorded by the clerk for a county
leader, who does not use the leave chapter."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from documents.incoming.models import Reader
from leave.periods import Half
from org.models import Absence
from org.services import absence_record
from tests.incoming.factories import act, distribute, register

from .factories import approved

TZ = ZoneInfo("Asia/Shanghai")


def _statuses(doc):
    return [(r.reader.username.removeprefix("t-"), r.status) for r in doc.readers.select_related("reader")]


def test_a_staff_members_approved_leave_makes_circulation_pass_them_over(office, kinds):
    """[54] approved → org.Absence → [26(6)3] 如遇领导外出，可超顺序传递: the next reader gets it now."""
    approved(office["guikou1"], kinds["事假"], date(2026, 9, 14), end_half=Half.PM)
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[act(office, "guikou1"), act(office, "guikou2")])
    assert _statuses(doc) == [("guikou1", Reader.Status.PASSED_OVER), ("guikou2", Reader.Status.CURRENT)]


def test_a_deputy_county_heads_clerk_recorded_absence_makes_circulation_pass_them_over(office):
    """County leaders do not ask for leave here; the clerk records their absence, and circulation reads the
    same record [26(6)3]."""
    absence_record(
        actor=office["shoufa"],
        person=office["fuxianzhang1"],
        starts_at=datetime(2026, 9, 14, 0, tzinfo=TZ),
        ends_at=datetime(2026, 9, 16, 0, tzinfo=TZ),
        reason=Absence.Reason.TRIP,
        note="赴州里开会",
    )
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[act(office, "fuxianzhang1"), act(office, "fuxianzhang2")])
    assert _statuses(doc) == [("fuxianzhang1", Reader.Status.PASSED_OVER), ("fuxianzhang2", Reader.Status.CURRENT)]

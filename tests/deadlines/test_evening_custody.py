"""秘密文件当天送不出的要放在保险柜中 [31]: a paper that arrives after the end-of-day check is still owed it.

The check's due moment is 17:30 of the day the paper came in (``CustodySource``). A 秘密 document registered
in the evening is out of the safe, but its due moment lies before it existed — and so before the window of
every later scan (the last scan less an hour). A reminder whose due moment passed before the item existed is
still owed, once.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from deadlines.models import Reminder, Stage
from documents.records.deadline_sources import CUSTODY_RULE_KEY
from documents.types import SecretLevel
from tests.factories import key_of

from .conftest import local

pytestmark = pytest.mark.django_db

EVENING = [(18, 30), (20, 42), (23, 59)]


def test_classified_documents_registered_in_the_evening_are_reminded_once(clock, docs, scan):
    """[31] 秘密 documents registered at 18:30, 20:42 and 23:59: beat scans every 15 minutes from 17:00 to
    01:00; each document's end-of-day custody reminder (overdue, due 17:30 that day) goes out exactly once,
    to the 机要科 chief, the clerk and the 分管文秘副主任, at the first scan after it was registered."""
    arrivals = {local(2026, 11, 3, h, m): None for h, m in EVENING}
    moment = local(2026, 11, 3, 17, 0)
    first_told = {}
    while moment <= local(2026, 11, 4, 1, 0):
        for arrival in arrivals:
            if arrivals[arrival] is None and arrival <= moment:
                clock(arrival)
                arrivals[arrival] = docs.register(title=f"涉密来文{arrival:%H%M}", secret=SecretLevel.SECRET)
        scan(clock(moment))
        for doc in arrivals.values():
            told = doc is not None and Reminder.objects.filter(rule=CUSTODY_RULE_KEY, item_id=doc.pk).exists()
            if told and doc.pk not in first_told:
                first_told[doc.pk] = moment
        moment += timedelta(minutes=15)

    for arrival, doc in arrivals.items():
        rows = Reminder.objects.filter(rule=CUSTODY_RULE_KEY, item_id=doc.pk)
        assert rows.count() == 3, f"registered at {arrival:%H:%M}: {rows.count()} reminders"
        assert {key_of(r.recipient) for r in rows} == {"jiyao", "shoufa", "fuzhuren_wenmi"}
        assert {(r.stage, r.status) for r in rows} == {(Stage.OVERDUE, Reminder.Status.SENT)}
        assert {r.due_at for r in rows} == {local(2026, 11, 3, 17, 30)}  # the due moment itself is kept
        assert first_told[doc.pk] - arrival < timedelta(minutes=15), arrival

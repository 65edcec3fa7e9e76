"""Leave tests run on a known day: Monday 14 September 2026, 09:00 office time — two weeks before the 国庆
holiday of 2026 (1–7 October off, Sunday 20 September and Saturday 10 October worked)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from leave.defaults import ensure_default_kinds
from leave.models import LeaveKind

TODAY = date(2026, 9, 14)  # a Monday, a working day
NOW = datetime(2026, 9, 14, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def kinds(db) -> dict[str, LeaveKind]:
    """The kinds the data migration seeds, by name (事假, 病假, 出差, 年休假 …) — made again after a flush."""
    ensure_default_kinds()
    return {kind.name: kind for kind in LeaveKind.objects.all()}

"""Seals tests run on a known day: Tuesday 10 November 2026, 09:00 office time — an ordinary working week,
so the five-working-day and thirty-day limits fall on plain days [7]."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = datetime(2026, 11, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller

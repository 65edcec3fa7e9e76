"""Disclosure tests run on a known day: Monday 14 September 2026, 09:00 office time — before the Mid-Autumn
Festival (Friday 25 September) and the National Day holiday (1–7 October), so deadlines fall across both."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = datetime(2026, 9, 14, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller

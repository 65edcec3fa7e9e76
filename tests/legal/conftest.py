"""Legal tests run on a known day: Monday 21 September 2026, 09:00 office time — so a reply deadline falls across
the National Day holiday (1–7 October)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = datetime(2026, 9, 21, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller

"""Reception tests run on a known moment: Tuesday 15 September 2026, 10:00 office time — a working day; the 国庆
holiday (1–8 October) is two weeks ahead."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = datetime(2026, 9, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller

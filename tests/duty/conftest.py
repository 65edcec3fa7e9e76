"""Duty tests run on a known day: Monday 14 September 2026, 09:00 office time — 国庆 (1–7 October) ahead."""

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


@pytest.fixture
def duty_office(office):
    """The test office, its shift kinds, and four more people on the duty rota (值班人员)."""
    from duty.defaults import ensure_default_kinds

    from .factories import duty_people

    ensure_default_kinds()
    office.rota = [office["zhiban"], *duty_people(4)]
    return office

"""Petitions tests run on a known day: Monday 14 September 2026, 09:00 office time (the 国庆 holiday,
1–7 October, is inside the 15- and 60-day limits of cases received around then)."""

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
def other_contact(office):
    """The 单位联络员 of another unit (the test office's 农牧局): sees none of the township's cases [47]."""
    from org.models import Profile
    from org.roles import Role
    from tests import factories

    user = factories.person(Role.UNIT_CONTACT, username="t-lianluo-nongmu", full_name="才让卓玛")
    Profile.objects.filter(user=user).update(unit=office.units["department"])
    return type(user).objects.get(pk=user.pk)

"""Information tests run on a known moment: Tuesday 15 September 2026, 10:00 office time — a working day early in
a week (Monday 14 – Sunday 20 September), two days before its Thursday 09:00 quota warning [44]; the 国庆 holiday
(1–7 October, Thursday 1 October a holiday) is two weeks ahead for the holiday tests."""

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


@pytest.fixture
def other_contact(office):
    """The 单位联络员 of another unit (the test office's 农牧局): sees and acts on none of the township's items [45]."""
    from org.models import Profile
    from org.roles import Role
    from tests import factories

    user = factories.person(Role.UNIT_CONTACT, username="t-lianluo-nongmu", full_name="才让卓玛")
    Profile.objects.filter(user=user).update(unit=office.units["department"])
    return type(user).objects.get(pk=user.pk)

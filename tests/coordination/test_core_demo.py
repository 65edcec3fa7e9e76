"""演示协调事项 [9]: the demo office gets a matter in each state, through the services, once."""

from __future__ import annotations

import pytest

from coordination.demo import build_demo_coordination
from coordination.models import Matter, State
from org.demo import build_demo_office

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_and_is_built_once_9():
    users = build_demo_office()
    made = build_demo_coordination(users)
    assert made >= 7
    states = set(Matter.objects.values_list("state", flat=True))
    assert states == {s.value for s in State}
    assert Matter.objects.filter(supervision_item__isnull=False).exists()
    assert build_demo_coordination(users) == 0

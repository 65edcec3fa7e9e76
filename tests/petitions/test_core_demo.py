"""演示信访件: seed_demo's builder makes cases in each state through the services, once."""

from __future__ import annotations

import pytest

from org.demo import build_demo_office
from petitions.demo import build_demo_petitions
from petitions.models import Case, Extension, Incident, State

pytestmark = pytest.mark.django_db


def test_demo_builds_cases_in_each_state_once():
    users = build_demo_office()
    made = build_demo_petitions(users)
    assert made == Case.objects.count() >= 6
    states = set(Case.objects.values_list("state", flat=True))
    assert {State.REGISTERED, State.REFUSED, State.HANDLING, State.CLOSED, State.REVIEWING} <= states
    assert Case.objects.filter(is_group=True, head_count=8).exists()
    assert Case.objects.filter(is_repeat=True).exists()
    assert Incident.objects.filter(case__is_group=True).exists()
    assert Extension.objects.filter(approved__isnull=True).exists()
    assert build_demo_petitions(users) == 0

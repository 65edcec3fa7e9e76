"""The demo [4], [5]: several tasks of each kind in each state, made through the services; run twice, the same."""

from __future__ import annotations

import pytest

from org.demo import build_demo_office
from research.demo import build_demo_research
from research.models import DRAFTING_STATES, RESEARCH_STATES, Kind, Task

pytestmark = pytest.mark.django_db


def test_the_demo_has_several_of_each_state_of_each_kind_4_5():
    users = build_demo_office()
    assert build_demo_research(users) == 24
    assert build_demo_research(users) == 0
    for kind, states in ((Kind.RESEARCH, RESEARCH_STATES), (Kind.DRAFTING, DRAFTING_STATES)):
        for state in states:
            assert Task.objects.filter(kind=kind, state=state).count() >= 2, (kind, state)
    final = Task.objects.filter(kind=Kind.DRAFTING, state="final").first()
    assert final.versions.count() == 2

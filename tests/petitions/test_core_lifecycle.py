"""The case's lifecycle through the services [47]–[50]."""

from __future__ import annotations

import pytest

from petitions.models import State

from . import factories as f

pytestmark = pytest.mark.django_db


def test_group_visit_referred_answered_by_the_township_and_closed(office):
    """A group visit of 8, routed to a township, its answer recorded by the unit's contact, the petitioner
    told, closed with satisfaction [47]–[50]."""
    case = f.closed(office, referred_to_unit=True)
    assert case.state == State.CLOSED
    assert [e.action for e in case.log.all()] == ["register", "refer", "unit_answer", "answer", "close"]

"""演示数据 [13]: a case in each state and about twenty licensing items with the 2025 clean-up decided."""

from __future__ import annotations

from legal.demo import build_demo_legal
from legal.models import Case, CaseState, LicensingCleanup, LicensingItem, LicensingStatus
from org.demo import build_demo_office


def test_the_demo_has_a_case_in_each_state_and_a_decided_2025_cleanup_13(db):
    users = build_demo_office()
    made = build_demo_legal(users)
    assert made >= 25
    assert set(Case.objects.values_list("state", flat=True)) == set(CaseState.values)
    assert Case.objects.filter(state=CaseState.CLOSED).exclude(outcome="").count() == 1
    assert LicensingItem.objects.count() >= 20
    assert LicensingItem.objects.filter(state=LicensingStatus.CANCELLED).count() == 2
    cleanup = LicensingCleanup.objects.get(year=2025)
    assert cleanup.closed_at is not None and cleanup.decisions.count() == LicensingItem.objects.count()
    assert build_demo_legal(users) == 0  # idempotent

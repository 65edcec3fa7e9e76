"""行政许可事项 [13]: an item's status changes only by a recorded decision (document number, date, basis), alone
or in a clean-up; history kept; a cancelled item stays, final; nothing deleted."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.workflow import ActionRefused, StaleAction
from legal import selectors, services
from legal.models import LicensingDecision, LicensingItem, LicensingStatus

from .factories import LEGAL, item


def test_an_items_status_cannot_be_set_by_hand_13(office):
    """[13]: the status field is protected — only a decision's transition changes it."""
    i = item(office)
    with pytest.raises(AttributeError):
        i.state = LicensingStatus.CANCELLED
    assert i.decisions.count() == 1 and i.decisions.get().to_status == LicensingStatus.KEPT


def test_a_decision_changes_the_status_and_is_recorded_13(office):
    i = item(office)
    services.item_decide(
        actor=office[LEGAL], pk=i.pk, seen_version=i.version, status=LicensingStatus.DELEGATED,
        document_number="杂政〔2026〕8号", decided_on=date(2026, 9, 1), basis="下放乡镇实施",
    )  # fmt: skip
    i.refresh_from_db()
    assert i.state == LicensingStatus.DELEGATED and i.document_number == "杂政〔2026〕8号"
    last = i.decisions.order_by("id").last()
    assert (last.from_status, last.to_status, last.basis) == ("kept", "delegated", "下放乡镇实施")


def test_a_decision_needs_its_number_date_and_basis_13(office):
    i = item(office)
    with pytest.raises(ValidationError) as error:
        services.item_decide(
            actor=office[LEGAL], pk=i.pk, status=LicensingStatus.CANCELLED, document_number="", decided_on=None,
            basis="",
        )  # fmt: skip
    assert len(error.value.messages) == 3
    i.refresh_from_db()
    assert i.state == LicensingStatus.KEPT


def test_a_cancelled_item_stays_listed_in_the_register_and_is_final_13(office):
    i = item(office)
    services.item_decide(
        actor=office[LEGAL], pk=i.pk, status=LicensingStatus.CANCELLED, document_number="杂政〔2026〕8号",
        decided_on=date(2026, 9, 1), basis="上位法取消",
    )  # fmt: skip
    assert i.pk not in selectors.items_in_force().values_list("pk", flat=True)
    assert selectors.items_visible_to(office["zhuren"]).filter(pk=i.pk).exists()
    with pytest.raises(ActionRefused, match="已取消的事项不能恢复"):
        services.item_decide(
            actor=office[LEGAL], pk=i.pk, status=LicensingStatus.KEPT, document_number="x",
            decided_on=date(2026, 9, 2), basis="x",
        )  # fmt: skip


def test_a_cleanup_records_one_decision_per_item_under_its_document_13(office):
    a, b, c = item(office, name="甲"), item(office, name="乙"), item(office, name="丙")
    cleanup = services.cleanup_start(actor=office[LEGAL], year=2025, title="2025年度清理")
    services.cleanup_decide(
        actor=office[LEGAL], pk=cleanup.pk, seen_version=cleanup.version, document_number="杂政〔2025〕42号",
        decided_on=date(2025, 11, 20),
        decisions={a.pk: (LicensingStatus.KEPT, "依据有效"), b.pk: (LicensingStatus.CANCELLED, "上位法取消")},
    )  # fmt: skip
    cleanup.refresh_from_db()
    assert cleanup.closed_at is not None and cleanup.document_number == "杂政〔2025〕42号"
    assert cleanup.decisions.count() == 2
    assert LicensingItem.objects.get(pk=b.pk).state == LicensingStatus.CANCELLED
    assert LicensingItem.objects.get(pk=c.pk).decisions.count() == 1  # untouched
    with pytest.raises(ActionRefused, match="已完成"):
        services.cleanup_decide(
            actor=office[LEGAL], pk=cleanup.pk, document_number="x", decided_on=date(2025, 11, 21),
            decisions={c.pk: (LicensingStatus.KEPT, "x")},
        )  # fmt: skip
    assert LicensingDecision.objects.count() == 5  # 3 listings + 2 decisions; nothing deleted


def test_a_stale_cleanup_page_is_refused_13(office):
    a = item(office)
    cleanup = services.cleanup_start(actor=office[LEGAL], year=2025, title="2025年度清理")
    with pytest.raises(StaleAction):
        services.cleanup_decide(
            actor=office[LEGAL], pk=cleanup.pk, seen_version=cleanup.version + 1, document_number="x",
            decided_on=date(2025, 11, 20), decisions={a.pk: (LicensingStatus.KEPT, "x")},
        )  # fmt: skip


@pytest.mark.parametrize("username", ["zhuren", "kezhang", "lianluo"])
def test_only_the_legal_section_keeps_the_items_13(office, username):
    i = item(office)
    with pytest.raises(ActionRefused):
        services.item_decide(
            actor=office[username], pk=i.pk, status=LicensingStatus.CANCELLED, document_number="x",
            decided_on=date(2026, 9, 1), basis="x",
        )  # fmt: skip
    with pytest.raises(ActionRefused):
        services.cleanup_start(actor=office[username], year=2026, title="x")

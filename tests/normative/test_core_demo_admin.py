"""The demo office's register and the admin [13]."""

from __future__ import annotations

import pytest
from django.urls import reverse

from normative import selectors, services
from normative.demo import build_demo_normative
from normative.models import Cleanup, Interpretation, NormativeDocument, RepealProposal, State
from org.demo import build_demo_office

from . import factories as f

pytestmark = pytest.mark.django_db


def test_the_demo_register_shows_each_state_13():
    """[13] eight documents over five years: in force, one expired on its own, one repealed in the 2025
    clean-up, one awaiting its filing, one awaiting publication, one interpretation answered, one repeal
    proposal waiting for the executive deputy head."""
    users = build_demo_office()
    assert build_demo_normative(users) == 8
    assert build_demo_normative(users) == 0  # idempotent
    today = services.today()
    in_force = set(selectors.in_force().values_list("title", flat=True))
    assert "杂多县城乡居民最低生活保障实施细则" in in_force
    expired = NormativeDocument.objects.get(title="杂多县虫草采集管理暂行办法")
    assert expired.state == State.PUBLISHED and not expired.is_in_force(today)
    repealed = NormativeDocument.objects.get(title="杂多县集贸市场管理办法")
    assert repealed.state == State.REPEALED and repealed.state_reason.startswith("经清理废止")
    assert Cleanup.objects.get().title == "2025年度规范性文件清理"
    assert NormativeDocument.objects.filter(state=State.PUBLISHED, filed_on__isnull=True).count() == 1
    assert NormativeDocument.objects.filter(state=State.REGISTERED).count() == 1
    assert Interpretation.objects.filter(state="answered").count() == 1
    assert RepealProposal.objects.filter(state="proposed").count() == 1
    assert len(set(NormativeDocument.objects.values_list("effective_on__year", flat=True))) >= 5


def test_the_admin_reads_through_the_selector_and_adds_or_deletes_nothing_13(office, client_as):
    document = f.in_force_document(office)
    cleanup = f.cleanup_with(office, document)
    client = client_as("admin")
    for model, pk in (("normativedocument", document.pk), ("cleanup", cleanup.pk)):
        assert client.get(reverse(f"admin:normative_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:normative_{model}_change", args=[pk])).status_code == 200
        assert client.get(reverse(f"admin:normative_{model}_add")).status_code == 403
        assert client.get(reverse(f"admin:normative_{model}_delete", args=[pk])).status_code == 403
    # 报请决定 in the admin is the service's step: an administrator outside 法制科 is refused it [13].
    client.post(
        reverse("admin:normative_cleanup_change", args=[cleanup.pk]), {"_fsmtransition-state-submit": "报请决定"}
    )
    cleanup.refresh_from_db()
    assert cleanup.state == "drafting"

"""The demo (``seed_demo``) shows the chapter working: checklists with an exempt entry and its basis [35], an
inspection with a finding in each state, last year's confirmed ranking [36] — and every demo page opens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disclosure.demo import build_demo_disclosure
from disclosure.models import Assessment, CatalogueEntry, Finding, FindingState
from org.demo import build_demo_office

pytestmark = pytest.mark.django_db


def test_the_demo_has_each_state_and_its_pages_open_35_36(client):
    users = build_demo_office()
    assert build_demo_disclosure(users) > 0
    assert build_demo_disclosure(users) == 0  # idempotent
    assert CatalogueEntry.objects.exclude(exempt="").exclude(legal_basis="").exists()
    states = set(Finding.objects.values_list("state", flat=True))
    assert states == {FindingState.OPEN, FindingState.REPORTED, FindingState.ACCEPTED}
    assert Finding.objects.exclude(return_reason="").filter(state=FindingState.OPEN).exists()
    assert Assessment.objects.filter(state="confirmed").count() >= 5
    client.force_login(users["gongkai"])
    for f in Finding.objects.all():
        assert client.get(reverse("disclosure:finding", args=[f.pk])).status_code == 200
    for name in ("disclosure:home", "disclosure:catalogues", "disclosure:findings", "disclosure:stats"):
        assert client.get(reverse(name)).status_code == 200
    year = Assessment.objects.first().scheme.year
    assert client.get(reverse("disclosure:assessment_pdf", args=[year])).status_code == 200
    client.force_login(users["lianluo"])
    page = client.get(reverse("disclosure:findings")).content.decode()
    assert page.count("data-finding=") == 1

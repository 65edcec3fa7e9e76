"""The admin: every case for a superuser, as for an office leader — personal data masked, never in clear, on
the list and on the change page; nothing added or deleted there [48] (个人信息保护法)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from . import factories as f

pytestmark = pytest.mark.django_db


def test_admin_masks_personal_data_for_a_superuser(office, client_as):
    case = f.referred(office, people=[f.person(5, address="杂多县萨呼腾镇第五村十二号")])
    client = client_as("admin")
    listing = client.get(reverse("admin:petitions_case_changelist")).content.decode()
    assert case.number in listing
    page = client.get(reverse("admin:petitions_case_change", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f.id_number(5) not in html and f.phone(5) not in html and "第五村十二号" not in html
    assert f.id_number(5)[:4] + "*" * 10 + f.id_number(5)[-4:] in html
    assert "139****" + f.phone(5)[-4:] in html
    assert "pii1:" not in html  # nor the ciphertext


def test_admin_adds_and_deletes_no_case(office, client_as):
    case = f.registered(office)
    client = client_as("admin")
    assert client.get(reverse("admin:petitions_case_add")).status_code == 403
    assert client.get(reverse("admin:petitions_case_delete", args=[case.pk])).status_code == 403

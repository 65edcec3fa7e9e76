"""A unit's 联络员 opens their own unit's 公开目录 and no other: another unit's is "not found", whether the office
has started one for it or not [35], [36]."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_contact_gets_404_for_another_units_catalogue_35(client_as, office):
    client = client_as("lianluo")
    for key in ("department", "county_unit", "superior"):
        response = client.get(reverse("disclosure:catalogue", args=[office.units[key].pk]))
        assert response.status_code == 404, key
    assert client.get(reverse("disclosure:catalogue", args=[office.units["township"].pk])).status_code == 200

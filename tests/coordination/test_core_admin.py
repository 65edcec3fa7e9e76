"""The 协调事项 admin [9]: read through the one visibility selector; nothing added or deleted there."""

from __future__ import annotations

import pytest
from django.contrib import admin as django_admin
from django.test import RequestFactory

from coordination.admin import MatterAdmin
from coordination.models import Matter

from . import factories

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/admin/coordination/matter/")
    request.user = user
    return request


def test_the_admin_reads_through_the_selector_and_adds_nothing_9(office):
    """[9]: an office leader reads every matter; a deputy head only theirs; no add, no delete."""
    mine = factories.proposed(office)
    other = factories.registered(office, line=None)
    model_admin = MatterAdmin(Matter, django_admin.site)
    assert set(model_admin.get_queryset(_request(office["zhuren"]))) == {mine, other}
    assert set(model_admin.get_queryset(_request(office["fuxianzhang1"]))) == {mine}
    assert not model_admin.has_add_permission(_request(office["zhuren"]))
    assert not model_admin.has_delete_permission(_request(office["zhuren"]), mine)
    assert "state" in model_admin.get_readonly_fields(_request(office["zhuren"]), mine)

"""The demo office's receptions (a handful in every state) and the admin (read through the selector, steps only
through the services) [6]."""

from __future__ import annotations

from django.urls import reverse

from org.demo import build_demo_office
from reception.demo import build_demo_reception
from reception.models import Reception, State


def test_the_demo_has_receptions_in_every_state_6(db, client):
    users = build_demo_office()
    made = build_demo_reception(users)
    assert made >= 10
    assert set(Reception.objects.values_list("state", flat=True)) == set(State.values)
    recorded = Reception.objects.filter(state=State.RECORDED).select_related("record")
    for obj in recorded:
        lines = sum(m.cost for m in obj.record.meals.all())
        assert obj.record.total == lines + obj.record.lodging_cost + obj.record.other_cost
    assert build_demo_reception(users) == 0  # idempotent
    client.force_login(users["kezhang"])
    assert client.get(reverse("reception:list")).content.decode().count("data-reception=") == Reception.objects.count()


def test_the_admin_lists_through_the_selector_6(client_as, office):
    from .factories import submitted

    obj = submitted(office, receiving_leader="fuxianzhang1")
    office["admin"].is_superuser = True
    office["admin"].save()
    admin = client_as("admin")
    assert admin.get(reverse("admin:reception_reception_changelist")).status_code == 200
    assert admin.get(reverse("admin:reception_reception_change", args=[obj.pk])).status_code == 200
    assert admin.get(reverse("admin:reception_reception_add")).status_code == 403

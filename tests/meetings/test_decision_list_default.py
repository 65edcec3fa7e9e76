"""The decision list opens on what is still to be done; 全部 shows the history too [37], [40]."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from meetings import services

from .factories import held

pytestmark = pytest.mark.django_db


def test_done_decisions_leave_the_default_list_and_stay_under_all(client, office):
    m = held(office)
    data = {"leader": office["fuzhuren"], "due_date": date(2026, 10, 30), "sections": (office.sections["general"],)}
    still = services.decision_add(
        actor=office["shoufa"], pk=m.pk, data=services.DecisionData(text="仍待落实的事项", **data)
    )
    done = services.decision_add(
        actor=office["shoufa"], pk=m.pk, data=services.DecisionData(text="已经办结的事项", **data)
    )
    services.decision_finish(actor=office["shoufa"], pk=done.pk, result="已办结")
    client.force_login(office["shoufa"])
    default = client.get(reverse("meetings:decisions")).content.decode()
    assert still.text in default and done.text not in default
    everything = client.get(reverse("meetings:decisions") + "?state=all").content.decode()
    assert still.text in everything and done.text in everything

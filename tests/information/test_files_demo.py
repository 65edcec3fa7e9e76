"""演示政务信息: seed_demo's builder makes items in every state through the services, once; the week page, the
scores (last year's by last year's rules) and the issued 《政务信息》 show them [44]–[46]."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from information import scoring
from information.demo import build_demo_information
from information.models import InformationItem, Publication, PublicationState, State
from org.demo import build_demo_office

from .test_files_helpers import TZ

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("now", [datetime(2026, 9, 17, 9, 0, tzinfo=TZ), datetime(2026, 9, 14, 8, 0, tzinfo=TZ)])
def test_demo_builds_items_in_every_state_once_44_46(now):
    with time_machine.travel(now, tick=False):
        users = build_demo_office()
        made = build_demo_information(users)
        assert made == InformationItem.objects.count() >= 10
        assert set(InformationItem.objects.values_list("state", flat=True)) == set(State.values)
        publication = Publication.objects.get()
        assert (publication.state, publication.number, publication.entries.count()) == (PublicationState.ISSUED, 1, 3)
        r = scoring.ranking(users["xinxi"], scoring.Period(2026))
        assert r.total.instructions == 1 and r.total.points > 0
        client = Client()
        client.force_login(users["xinxi"])
        week = client.get(reverse("information:week"))
        assert week.status_code == 200
        assert (week.context["w"].province, week.context["w"].prefecture) == (2, 1)
        for name in ("scores", "stats", "publications"):
            assert client.get(reverse(f"information:{name}")).status_code == 200, name
        assert build_demo_information(users) == 0

"""安排议程 page: the organiser orders accepted topics onto a meeting [18], [24], [25], [6]."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings import services
from meetings.kinds import Kind
from meetings.models import TopicState

from .factories import meeting

pytestmark = pytest.mark.django_db


def _accepted(office, title):
    topic = services.topic_propose(
        actor=office["fuzhuren"], data=services.TopicData(kind=Kind.DIRECTOR_OFFICE, category="18-4", title=title)
    )
    services.topic_accept(actor=office["zhuren"], pk=topic.pk)
    return topic


def test_the_clerk_puts_waiting_topics_on_the_agenda_in_order(client, office):
    first, second = _accepted(office, "统筹年终考核"), _accepted(office, "协调值班车辆")
    m = meeting(office)
    client.force_login(office["shoufa"])
    page = client.get(reverse("meetings:agenda", args=[m.pk]))
    assert page.status_code == 200
    assert "统筹年终考核" in page.content.decode() and "协调值班车辆" in page.content.decode()
    detail = client.get(reverse("meetings:detail", args=[m.pk]))
    assert reverse("meetings:agenda", args=[m.pk]) in detail.content.decode()
    answer = client.post(
        reverse("meetings:agenda_save", args=[m.pk]), {"version": m.version, "topic": [second.pk, first.pk]}
    )
    assert answer.status_code == 302
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.position, first.position) == (1, 2) and first.meeting == m
    assert first.state == TopicState.ACCEPTED


def test_line_staff_cannot_set_an_agenda_and_bad_input_is_a_400(client, office):
    m = meeting(office)
    client.force_login(office["guikou1"])
    assert client.get(reverse("meetings:agenda", args=[m.pk])).status_code == 404  # not on the meeting
    client.force_login(office["shoufa"])
    bad = client.post(reverse("meetings:agenda_save", args=[m.pk]), {"version": m.version, "topic": ["x"]})
    assert bad.status_code == 400
    services.meeting_send_notice(actor=office["zhuren"], pk=m.pk)  # someone acts after the page was loaded
    stale = client.post(reverse("meetings:agenda_save", args=[m.pk]), {"version": m.version, "topic": []})
    assert stale.status_code == 409

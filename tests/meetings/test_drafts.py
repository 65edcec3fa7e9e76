"""A county meeting's notice or approved minutes drafted as an outgoing document with one click [6], [30(1)]."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings import services
from meetings.kinds import Kind

from .factories import held, meeting

pytestmark = pytest.mark.django_db


def test_line_staff_open_the_outgoing_form_filled_with_a_county_meetings_notice(client, office):
    m = meeting(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"], attendees=[office["guikou2"]])
    client.force_login(office["guikou2"])
    page = client.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    link = reverse("outgoing:create") + f"?from_meeting={m.pk}&amp;as=notice"
    assert link in page
    form = client.get(reverse("outgoing:create") + f"?from_meeting={m.pk}&as=notice").content.decode()
    assert f"关于召开{m.title}的通知" in form and "二、会议地点" in form


def test_approved_minutes_fill_an_outgoing_纪要_and_an_office_meeting_offers_nothing(client, office):
    county = held(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"], attendees=[office["guikou2"]])
    minutes = services.minutes_start(actor=office["shoufa"], pk=county.pk)
    services.minutes_save(actor=office["shoufa"], pk=minutes.pk, body="会议研究了草原防火工作。")
    services.minutes_submit(actor=office["shoufa"], pk=minutes.pk)
    client.force_login(office["guikou2"])
    url = reverse("outgoing:create") + f"?from_meeting={county.pk}&as=minutes"
    assert "会议研究了草原防火工作" not in client.get(url).content.decode()  # not approved yet
    services.minutes_approve(actor=office["xianzhang"], pk=minutes.pk)
    filled = client.get(url).content.decode()
    assert "会议研究了草原防火工作" in filled and f"{county.number_label}纪要" in filled
    internal = held(office, attendees=[office["guikou2"]], starts=county.starts_at.replace(hour=15))
    page = client.get(reverse("meetings:detail", args=[internal.pk])).content.decode()
    assert "转为发文拟稿" not in page


def test_a_meeting_one_may_not_see_is_a_404_on_the_outgoing_form(client, office):
    m = meeting(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"])
    client.force_login(office["guikou2"])
    assert client.get(reverse("outgoing:create") + f"?from_meeting={m.pk}&as=notice").status_code == 404

"""排入会议日历: an incoming 会议通知 on the meetings calendar, from the document's page [26(6)4]."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings.kinds import Kind
from meetings.models import Meeting
from tests.incoming.factories import register

from .factories import at

pytestmark = pytest.mark.django_db


def test_the_clerk_puts_a_meeting_notice_on_the_calendar_from_the_document(client, office):
    notice = register(office, title="关于召开全州安全生产工作会议的通知", is_meeting_notice=True)
    client.force_login(office["shoufa"])
    page = client.get(reverse("incoming:detail", args=[notice.pk]))
    url = reverse("meetings:from_incoming", args=[notice.pk])
    assert url in page.content.decode()
    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {
            "starts_at": at(2, 9).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": at(2, 12).strftime("%Y-%m-%dT%H:%M"),
            "place": "州政府第一会议室",
            "leader": office["changwu"].pk,
            "people": [office["zhuren"].pk],
        },
    )
    meeting = Meeting.objects.get(from_incoming=notice)
    assert answer.status_code == 302 and answer["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.kind == Kind.EXTERNAL and meeting.chair == office["changwu"]


def test_bad_input_is_a_400_and_others_are_not_offered_it(client, office):
    notice = register(office, title="关于召开全州安全生产工作会议的通知", is_meeting_notice=True)
    url = reverse("meetings:from_incoming", args=[notice.pk])
    client.force_login(office["shoufa"])
    bad = client.post(url, {"starts_at": "明天", "ends_at": "", "place": "", "leader": "x"})
    assert bad.status_code == 400 and "请修改" in bad.content.decode()
    backwards = client.post(
        url,
        {
            "starts_at": at(2, 12).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": at(2, 9).strftime("%Y-%m-%dT%H:%M"),
            "place": "州政府",
            "leader": office["changwu"].pk,
        },
    )
    assert backwards.status_code == 400 and "结束时间应晚于开始时间" in backwards.content.decode()
    client.force_login(office["guikou1"])
    page = client.get(reverse("incoming:detail", args=[notice.pk]))
    assert url not in page.content.decode()
    assert client.get(url).status_code == 403

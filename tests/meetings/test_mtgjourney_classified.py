"""A topic's proposer keeps their topic when it goes on a classified meeting they are not on — but never learns
the meeting's title from it: not in the topic's log, not in their notification, not in the topic list [18],
[31], [32]."""

from __future__ import annotations

from core.models import Notification
from meetings import services
from meetings.kinds import Kind

from .factories import meeting

TITLE = "机密级人事研究会议丙"


def _topic(office, title: str):
    return services.topic_propose(
        actor=office["kezhang"], data=services.TopicData(kind=Kind.DIRECTOR_OFFICE, category="18-4", title=title)
    )


def test_a_classified_meetings_title_stays_out_of_its_topics_log_list_and_notices_31_32(office, client_as):
    m = meeting(office, title=TITLE, secret_level=2, attendees=[office["zhuren"], office["fuzhuren"]])
    onto = _topic(office, "科室议题甲")
    services.topic_accept(actor=office["zhuren"], pk=onto.pk, meeting_pk=m.pk)  # 列入议程 by the director
    waiting = _topic(office, "科室议题乙")
    services.topic_accept(actor=office["zhuren"], pk=waiting.pk)  # 同意上会，待排会议
    services.meeting_set_agenda(actor=office["shoufa"], pk=m.pk, topic_ids=[onto.pk, waiting.pk])  # 安排议程
    services.meeting_set_agenda(actor=office["shoufa"], pk=m.pk, topic_ids=[onto.pk])  # and off again

    for topic in (onto, waiting):
        assert not topic.log.filter(comment__contains=TITLE).exists()
        assert topic.log.filter(comment__contains="主任办公会议（").exists()  # named by kind, time and level
    assert not Notification.objects.filter(recipient=office["kezhang"], body__contains=TITLE).exists()
    assert not Notification.objects.filter(recipient=office["kezhang"], title__contains=TITLE).exists()

    client = client_as("kezhang")
    for url in ("/meetings/topics/", "/meetings/topics/?show=mine", f"/meetings/topics/{onto.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert TITLE not in response.content.decode(), url
    assert client.get(f"/meetings/{m.pk}/").status_code == 404

"""议题 pages: propose with the kind's article, decide (列入议程 / 暂缓 / 不予上会), withdraw, and who sees a
topic — [18], [24], [25], [6], [17], [28(1)], [31], [32]."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings import services
from meetings.kinds import Kind
from meetings.models import Topic, TopicState
from org.models import SecretLevel, UnitKind
from tests.incoming.factories import register

from .factories import at, meeting

pytestmark = pytest.mark.django_db


def _propose(office, who="kezhang", kind=Kind.DIRECTOR_OFFICE, category="18-4", **extra):
    return services.topic_propose(
        actor=office[who],
        data=services.TopicData(
            kind=kind, category=category, title=extra.pop("title", "研究统筹协调冬季值班"), **extra
        ),
    )


def test_the_propose_form_offers_the_kinds_articles_words_18_24(client_as, office):
    """[18], [24]: a section chief proposes for 主任办公会议 and 室务会议, and sees the articles' lists."""
    page = client_as("kezhang").get(reverse("meetings:topic_new"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "（四）研究需要统筹协调的有关事项" in html and "[18]" in html
    assert "（三）讨论通过主任办公会决定的办公室工作中的重大事项" in html and "[24]" in html
    assert "县政府常务会议" not in html  # a section chief does not propose for the county's meetings [6]
    # 列席单位 are the county's own units, never a superior organ [6].
    assert office.units["department"].name in html and office.units["superior"].name not in html


def test_proposing_a_topic_with_units_and_an_article_category_18(client_as, office):
    """[18]: the topic is saved with its category and the units to attend; the director is told."""
    client = client_as("kezhang")
    unit = office.units["department"]
    response = client.post(
        reverse("meetings:topic_new"),
        {"kind": Kind.DIRECTOR_OFFICE, "category": "18-4", "title": "统筹安排冬季值班", "units": [unit.pk]},
    )
    topic = Topic.objects.get(title="统筹安排冬季值班")
    assert response.status_code == 302 and response["Location"] == reverse("meetings:topic", args=[topic.pk])
    assert topic.category == "18-4" and list(topic.units.all()) == [unit]
    assert (
        client_as("zhuren").get(reverse("meetings:topics") + "?show=decide").content.decode().count("统筹安排冬季值班")
    )


def test_a_category_of_another_kinds_article_is_refused_with_a_400(client_as, office):
    """[24]: 室务会议's topics are from [24]'s list — a [18] category is refused, in Chinese, never a 500."""
    response = client_as("kezhang").post(
        reverse("meetings:topic_new"), {"kind": Kind.OFFICE_AFFAIRS, "category": "18-4", "title": "某事"}
    )
    assert response.status_code == 400 and "[24]" in response.content.decode()
    assert not Topic.objects.exists()


def test_line_staff_may_not_propose(client_as, office):
    """[18], [24], [25]: topics come from the office's leaders and section chiefs."""
    assert client_as("guikou3").get(reverse("meetings:topic_new")).status_code == 403


def test_a_request_is_proposed_from_its_incoming_page_pre_filled_28_1(client_as, office):
    """[28(1)]: a 请示 that needs the meeting's decision opens the form with the document linked."""
    doc = register(office, title="关于申请草原防火物资的请示", kind=UnitKind.DEPARTMENT, intake="request")
    client = client_as("zhuren")
    form = client.get(reverse("meetings:topic_new") + f"?incoming={doc.pk}")
    assert form.status_code == 200 and "关于申请草原防火物资的请示" in form.content.decode()
    client.post(
        reverse("meetings:topic_new"),
        {"kind": Kind.DIRECTOR_OFFICE, "category": "18-1", "title": "草原防火物资", "from_incoming": doc.pk},
    )
    assert Topic.objects.get(title="草原防火物资").from_incoming == doc
    # A document the person may not see (classified, not on it) is a 404, never its title [31], [32].
    secret = register(
        office, title="涉密请示", kind=UnitKind.DEPARTMENT, intake="request", secret_level=SecretLevel.CONFIDENTIAL
    )
    refused = client.get(reverse("meetings:topic_new") + f"?incoming={secret.pk}")
    assert refused.status_code == 404 and "涉密请示" not in refused.content.decode()
    assert client.get(reverse("meetings:topic_new") + "?incoming=abc").status_code == 404


def test_the_director_puts_a_topic_on_an_upcoming_meeting_18(client_as, office):
    """[18]: the director accepts a topic onto a 主任办公会议 not yet held; the proposer is told."""
    topic = _propose(office)
    m = meeting(office)
    client = client_as("zhuren")
    page = client.get(reverse("meetings:topic", args=[topic.pk])).content.decode()
    assert "列入议程" in page and m.title in page
    response = client.post(
        reverse("meetings:topic_act", args=[topic.pk, "accept"]), {"meeting_pk": m.pk, "version": topic.version}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.state == TopicState.ACCEPTED and topic.meeting == m


def test_accepted_to_wait_and_the_wrong_kind_of_meeting_refused(client_as, office):
    """[18], [6]: with no meeting chosen the topic waits; a county meeting is not an office topic's agenda."""
    topic = _propose(office)
    county = meeting(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"], starts=at(3))
    client = client_as("zhuren")
    bad = client.post(reverse("meetings:topic_act", args=[topic.pk, "accept"]), {"meeting_pk": county.pk})
    assert bad.status_code == 400 and "同类型" in bad.content.decode()
    client.post(reverse("meetings:topic_act", args=[topic.pk, "accept"]), {"meeting_pk": ""})
    topic.refresh_from_db()
    assert topic.state == TopicState.ACCEPTED and topic.meeting is None


def test_defer_and_decline_need_a_reason_18(client_as, office):
    """[18]: 暂缓 and 不予上会 are told to the proposer with the reason; without one, a 400."""
    topic = _propose(office)
    client = client_as("zhuren")
    assert client.post(reverse("meetings:topic_act", args=[topic.pk, "decline"]), {"reason": ""}).status_code == 400
    client.post(reverse("meetings:topic_act", args=[topic.pk, "defer"]), {"reason": "待调研后再议"})
    topic.refresh_from_db()
    assert topic.state == TopicState.DEFERRED and topic.reason == "待调研后再议"
    client.post(reverse("meetings:topic_act", args=[topic.pk, "decline"]), {"reason": "不属于会议研究范围"})
    topic.refresh_from_db()
    assert topic.state == TopicState.DECLINED
    page = client_as("kezhang").get(reverse("meetings:topic", args=[topic.pk])).content.decode()
    assert "不属于会议研究范围" in page and "不予上会" in page


def test_only_the_director_decides_office_topics_and_only_the_proposer_withdraws(client_as, office):
    """[18]: a deputy director may not decide an office meeting's topic (403); the proposer withdraws."""
    topic = _propose(office)
    refused = client_as("fuzhuren").post(reverse("meetings:topic_act", args=[topic.pk, "accept"]), {})
    assert refused.status_code in (403, 404)
    assert client_as("jiyao").post(reverse("meetings:topic_act", args=[topic.pk, "withdraw"])).status_code == 404
    client_as("kezhang").post(reverse("meetings:topic_act", args=[topic.pk, "withdraw"]))
    topic.refresh_from_db()
    assert topic.state == TopicState.WITHDRAWN
    assert client_as("kezhang").post(reverse("meetings:topic_act", args=[topic.pk, "nonsense"])).status_code == 404


def test_an_outsider_never_sees_a_classified_meetings_topics_31_32(client_as, office):
    """[31], [32]: a topic on a classified meeting is seen with that meeting only — not by an organiser who is
    not on it (the archivist has no role here; the deputy director organises but is not on it)."""
    m = meeting(office, secret_level=SecretLevel.SECRET, attendees=[office["zhuren"]])
    topic = _propose(office, title="涉密议题甲")
    services.topic_accept(actor=office["zhuren"], pk=topic.pk, meeting_pk=m.pk)
    for outsider in ("fuzhuren", "guikou1", "jiyao"):
        client = client_as(outsider)
        assert client.get(reverse("meetings:topic", args=[topic.pk])).status_code == 404, outsider
        assert "涉密议题甲" not in client.get(reverse("meetings:topics")).content.decode(), outsider
    assert client_as("zhuren").get(reverse("meetings:topic", args=[topic.pk])).status_code == 200
    assert client_as("kezhang").get(reverse("meetings:topic", args=[topic.pk])).status_code == 200  # proposer


def test_the_topic_list_costs_the_same_queries_for_3_and_30(client_as, office, count_queries):
    """The list has no per-row query (PERFORMANCE.md): the same count with 3 topics and with 30."""
    client = client_as("zhuren")
    counts = []
    for start, end in ((0, 3), (3, 30)):
        for i in range(start, end):
            _propose(office, title=f"议题{i}", units=(office.units["department"],))
        client.get(reverse("meetings:topics"))  # warm the session and caches
        with count_queries() as ctx:
            page = client.get(reverse("meetings:topics"))
        assert page.status_code == 200 and page.content.decode().count("data-topic=") == end
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_the_incoming_page_of_a_request_links_to_the_propose_form_28_1(client_as, office):
    """[28(1)]: 提交会议研究 on a 请示's page; an ordinary notice has no such link."""
    request_doc = register(office, title="关于调整防火检查站点的请示", kind=UnitKind.DEPARTMENT, intake="request")
    notice = register(office, title="关于做好冬季草原防火工作的通知")
    client = client_as("zhuren")
    page = client.get(reverse("incoming:detail", args=[request_doc.pk])).content.decode()
    assert "提交会议研究" in page and f"?incoming={request_doc.pk}" in page
    assert "提交会议研究" not in client.get(reverse("incoming:detail", args=[notice.pk])).content.decode()


def test_a_page_loaded_before_someone_else_acted_is_a_409_and_bad_input_never_a_500(client_as, office):
    """[17]: the director's second tab, loaded before the first decided, is refused with what happened."""
    topic = _propose(office)
    stale = topic.version
    client = client_as("zhuren")
    client.post(reverse("meetings:topic_act", args=[topic.pk, "defer"]), {"reason": "再议", "version": stale})
    again = client.post(reverse("meetings:topic_act", args=[topic.pk, "decline"]), {"reason": "否", "version": stale})
    assert again.status_code == 409
    assert client.get(reverse("meetings:topic", args=[999999])).status_code == 404
    assert client.get(reverse("meetings:topics") + "?show=%00&kind=x").status_code == 200
    bad_meeting = client.post(reverse("meetings:topic_act", args=[topic.pk, "accept"]), {"meeting_pk": "abc"})
    assert bad_meeting.status_code == 400
    assert client.get(reverse("meetings:decisions") + "?leader=abc").status_code == 400
    assert client_as("shoufa").post(reverse("meetings:minutes_act", args=[1, "start"])).status_code == 404

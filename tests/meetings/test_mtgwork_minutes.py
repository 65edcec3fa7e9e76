"""会议纪要 page: the office drafts and records the 议定事项, the chair approves or sends back, the office
issues it numbered — [17], [18], [24], [25], [6], [37], [31], [32]."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from meetings import services
from meetings.kinds import Kind
from meetings.models import Decision, Minutes, MinutesState, State
from org.models import SecretLevel

from .factories import held, meeting

pytestmark = pytest.mark.django_db


def _decision_post(office, **overrides):
    values = {
        "what": "decision",
        "text": "综合科牵头制定春节值班表",
        "units": [office.units["department"].pk],
        "sections": [office.sections["general"].pk],
        "leader": office["fuzhuren_wenmi"].pk,
        "due_date": "2026-09-30",
    }
    values.update(overrides)
    return values


def test_the_office_starts_drafts_and_records_decisions_17_37(client_as, office):
    """[17]: after the meeting opened the office starts the minutes, writes the body, records decisions."""
    m = held(office)
    client = client_as("shoufa")
    page = client.get(reverse("meetings:minutes", args=[m.pk]))
    assert page.status_code == 200 and "起草纪要" in page.content.decode()
    client.post(reverse("meetings:minutes_act", args=[m.pk, "start"]))
    minutes = Minutes.objects.get(meeting=m)
    saved = client.post(
        reverse("meetings:minutes", args=[m.pk]),
        {"what": "body", "body": "会议听取了值班安排的汇报。\n会议同意。", "version": minutes.version},
    )
    assert saved.status_code == 302
    minutes.refresh_from_db()
    assert minutes.body.startswith("会议听取了值班安排的汇报")
    added = client.post(reverse("meetings:minutes", args=[m.pk]), _decision_post(office))
    assert added.status_code == 302
    d = Decision.objects.get(meeting=m)
    assert d.leader == office["fuzhuren_wenmi"] and d.due_date == date(2026, 9, 30)
    page = client.get(reverse("meetings:minutes", args=[m.pk])).content.decode()
    assert "综合科牵头制定春节值班表" in page and "2026-09-30" in page


@pytest.mark.parametrize(
    ("missing", "message"),
    [({"units": [], "sections": []}, "责任单位"), ({"leader": ""}, "责任领导"), ({"due_date": ""}, "办结时限")],
)
def test_a_decision_without_unit_leader_or_deadline_is_refused_on_the_page_37(client_as, office, missing, message):
    """[37], [15]: the form comes back with the service's refusal (400), nothing saved."""
    m = held(office)
    response = client_as("shoufa").post(reverse("meetings:minutes", args=[m.pk]), _decision_post(office, **missing))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Decision.objects.exists()


def test_the_chair_approves_on_a_phone_and_the_office_issues_numbered_18_6(client_as, office):
    """[18]: sent to the chair, who approves (one button, a phone-sized card); issued with its number."""
    m = held(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"])
    services.minutes_start(actor=office["shoufa"], pk=m.pk)
    minutes = Minutes.objects.get(meeting=m)
    services.minutes_save(actor=office["shoufa"], pk=minutes.pk, body="会议研究了草原防火工作。")
    # (client_as signs the one test client in as that person: call it again before each person acts.)
    # 印发 before approval is refused [18][24][25][6].
    early = client_as("shoufa").post(reverse("meetings:minutes_act", args=[m.pk, "issue"]))
    assert early.status_code == 403 and "审定" in early.content.decode()
    client_as("shoufa").post(reverse("meetings:minutes_act", args=[m.pk, "submit"]))
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.PENDING
    page = client_as("xianzhang").get(reverse("meetings:minutes", args=[m.pk])).content.decode()
    assert "data-approve-card" in page and "会议研究了草原防火工作" in page
    # Someone else may not approve.
    assert client_as("zhuren").post(reverse("meetings:minutes_act", args=[m.pk, "approve"])).status_code == 403
    client_as("xianzhang").post(reverse("meetings:minutes_act", args=[m.pk, "approve"]), {"comment": "同意印发"})
    clerk = client_as("shoufa")
    clerk.post(reverse("meetings:minutes_act", args=[m.pk, "issue"]))
    minutes.refresh_from_db()
    m.refresh_from_db()
    assert minutes.state == MinutesState.ISSUED and m.state == State.MINUTES_ISSUED
    assert minutes.number_label == "县政府常务会议纪要〔2026〕1号"
    assert "县政府常务会议纪要〔2026〕1号" in clerk.get(reverse("meetings:minutes", args=[m.pk])).content.decode()


def test_the_chair_sends_back_with_a_comment_17(client_as, office):
    """[17]: 退回修改 needs the comment; the draft goes back to the office with it."""
    m = held(office)
    services.minutes_start(actor=office["shoufa"], pk=m.pk)
    minutes = Minutes.objects.get(meeting=m)
    services.minutes_save(actor=office["shoufa"], pk=minutes.pk, body="初稿")
    services.minutes_submit(actor=office["shoufa"], pk=minutes.pk)
    chair = client_as("zhuren")
    assert chair.post(reverse("meetings:minutes_act", args=[m.pk, "send_back"]), {"comment": ""}).status_code == 400
    chair.post(reverse("meetings:minutes_act", args=[m.pk, "send_back"]), {"comment": "第二段请补充责任单位"})
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.DRAFTING
    assert "第二段请补充责任单位" in client_as("shoufa").get(reverse("meetings:minutes", args=[m.pk])).content.decode()


def test_a_draft_is_read_by_the_office_and_the_chair_only_17(client_as, office):
    """Before issue, attendees see that the minutes are in preparation, not their words."""
    m = held(office, attendees=[office["kezhang"]])
    services.minutes_start(actor=office["shoufa"], pk=m.pk)
    services.minutes_save(actor=office["shoufa"], pk=Minutes.objects.get(meeting=m).pk, body="尚未审定的措辞")
    assert "尚未审定的措辞" not in client_as("kezhang").get(reverse("meetings:minutes", args=[m.pk])).content.decode()
    assert client_as("kezhang").get(reverse("meetings:minutes_pdf", args=[m.pk])).status_code == 404
    assert "尚未审定的措辞" in client_as("zhuren").get(reverse("meetings:minutes", args=[m.pk])).content.decode()


def test_an_outsider_never_sees_a_classified_meetings_minutes_31_32(client_as, office):
    """[31], [32]: the minutes page and its PDF are 404 for anyone who may not see the meeting."""
    m = meeting(office, secret_level=SecretLevel.SECRET, attendees=[office["zhuren"]])
    for key in ("guikou1", "fuzhuren", "jiyao"):
        client = client_as(key)
        assert client.get(reverse("meetings:minutes", args=[m.pk])).status_code == 404, key
        assert client.get(reverse("meetings:minutes_pdf", args=[m.pk])).status_code == 404, key
        assert client.post(reverse("meetings:minutes_act", args=[m.pk, "start"])).status_code == 404, key


def test_the_chairs_todo_item_opens_the_minutes_page_18(office):
    """[18]: 我的待办's 审定纪要 leads the chair straight to the approval card."""
    from meetings.todo import MeetingWork

    m = held(office)
    services.minutes_start(actor=office["shoufa"], pk=m.pk)
    minutes = Minutes.objects.get(meeting=m)
    services.minutes_save(actor=office["shoufa"], pk=minutes.pk, body="纪要")
    services.minutes_submit(actor=office["shoufa"], pk=minutes.pk)
    items = [i for i in MeetingWork().items(office["zhuren"], 10) if i.action == "审定纪要"]
    assert [i.url for i in items] == [reverse("meetings:minutes", args=[m.pk])]

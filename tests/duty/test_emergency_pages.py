"""突发事件报告 pages [43], [8]: recorded on a phone form, the leaders told at once; the leaders' phone page to read,
instruct and agree; 报州政府值班室 refused until a county-government leader AND an office leader have agreed — two
of one level are not both — with the page saying which is missing; the 值班信息专报 PDF; nothing of it for a
person without the chapter; the list's query count flat in the number of reports."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from duty.models import Agreement, EmergencyReport, FollowUp, Instruction, LeaderNotice, ReportState
from org.roles import COUNTY_LEADERS, OFFICE_LEADERS
from org.selectors import display_name
from tests import requires

from .factories import report

pytestmark = pytest.mark.django_db


def _form(**extra) -> dict:
    data = {
        "received_at": (timezone.localtime() - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"),
        "title": "G214线某段山体滑坡",
        "category": "natural",
        "level": "4",
        "place": "测试乡某村G214线",
        "description": "约300立方米土石方阻断道路，乡政府已组织人员设置警示。",
        "casualties": "暂无人员伤亡",
        "source": "测试乡人民政府值班室",
        "source_phone": "0976-0000000",
    }
    data.update(extra)
    return data


def _leaders(office) -> set[int]:
    names = {r.value for r in (*COUNTY_LEADERS, *OFFICE_LEADERS)}
    return {u.pk for u in office.values() if {g.name for g in u.groups.all()} & names}


def test_the_person_on_duty_records_a_report_and_the_leaders_are_told_at_once_43(duty_office, client_as):
    """[43] the phone form records the 首报 and every county-government and office leader is told at once."""
    client = client_as("zhiban")
    assert client.get(reverse("duty:report_new")).status_code == 200
    response = client.post(reverse("duty:report_new"), _form())
    r = EmergencyReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("duty:report", args=[r.pk])
    assert (r.place, r.casualties, r.source, r.level, r.category) == (
        "测试乡某村G214线",
        "暂无人员伤亡",
        "测试乡人民政府值班室",
        "4",
        "natural",
    )
    assert set(r.notices.values_list("leader_id", flat=True)) == _leaders(duty_office)
    assert r.follow_ups.get().stage == FollowUp.Stage.FIRST
    page = client.get(response["Location"]).content.decode()
    assert "已登记并即时报告县政府领导和办公室领导" in page and "首报" in page


def test_bad_input_is_a_chinese_400_and_nothing_is_recorded_43(duty_office, client_as):
    """[43] an empty form, a report received in the future and an occurrence after the report are refused."""
    client = client_as("zhiban")
    empty = client.post(reverse("duty:report_new"), {})
    assert empty.status_code == 400 and "请填写事件名称" in empty.content.decode()
    later = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    future = client.post(reverse("duty:report_new"), _form(received_at=later))
    assert future.status_code == 400 and "接报时间不能晚于现在" in future.content.decode()
    backwards = client.post(reverse("duty:report_new"), _form(occurred_at=later))
    assert backwards.status_code == 400 and "发生时间不能晚于接报时间" in backwards.content.decode()
    assert client.post(reverse("duty:report_new"), _form(category="nope")).status_code == 400
    assert not EmergencyReport.objects.exists()


def test_only_the_duty_room_records_43(duty_office, client_as):
    """[43] a section chief opens the chapter but does not record reports."""
    client = client_as("kezhang")
    assert client.get(reverse("duty:report_new")).status_code == 403
    assert client.post(reverse("duty:report_new"), _form()).status_code == 403
    assert not EmergencyReport.objects.exists()


def test_a_person_without_the_chapter_sees_no_report_43(duty_office, client_as):
    """[43] a unit contact (outside the office) gets 403 on the list and 404 on the report, its leader page and its
    PDF; a step posted by them changes nothing."""
    r = report(duty_office)
    client = client_as("lianluo")
    assert client.get(reverse("duty:reports")).status_code == 403
    for name in ("duty:report", "duty:report_leader", "duty:report_pdf"):
        response = client.get(reverse(name, args=[r.pk]))
        assert response.status_code == 404 and r.title not in response.content.decode(), name
    assert client.post(reverse("duty:report_agree", args=[r.pk])).status_code == 404
    assert client.post(reverse("duty:report_new"), _form()).status_code == 403
    assert EmergencyReport.objects.count() == 1 and not Agreement.objects.exists()


def _send(client, r):
    return client.post(reverse("duty:report_send", args=[r.pk]), {"method": "值班信息系统", "receiver": "州值班员"})


def test_the_prefecture_report_is_refused_until_both_levels_agree_on_their_phones_43_8(duty_office, client_as):
    """[43][8] 报州政府值班室 is refused (403, saying what is missing) with no agreement and with two county-government
    leaders' agreements; an office leader's agreement completes it; the report is numbered as a 值班信息专报."""
    r = report(duty_office)
    duty = client_as("zhiban")
    refused = _send(duty, r)
    assert refused.status_code == 403
    assert "尚待县政府领导和办公室领导同意" in refused.content.decode()
    detail = duty.get(reverse("duty:report", args=[r.pk])).content.decode()
    assert "尚待县政府领导和办公室领导同意" in detail

    for who in ("changwu", "fuxianzhang1"):  # two of the county-government level
        assert client_as(who).post(reverse("duty:report_agree", args=[r.pk]), {"page": "leader"}).status_code == 302
    r.refresh_from_db()
    assert r.state == ReportState.RECEIVED
    refused = _send(client_as("zhiban"), r)
    assert refused.status_code == 403 and "尚待办公室领导同意" in refused.content.decode()
    leader_page = client_as("zhuren").get(reverse("duty:report_leader", args=[r.pk])).content.decode()
    assert "尚待办公室领导同意" in leader_page and "同意报州政府值班室" in leader_page

    assert client_as("zhuren").post(reverse("duty:report_agree", args=[r.pk]), {"note": "同意"}).status_code == 302
    r.refresh_from_db()
    assert r.state == ReportState.AGREED
    sent = _send(client_as("zhiban"), r)
    assert sent.status_code == 302
    r.refresh_from_db()
    assert r.state == ReportState.SENT and r.special_serial == 1 and r.prefecture_receiver == "州值班员"
    page = client_as("zhiban").get(reverse("duty:report", args=[r.pk])).content.decode()
    assert f"值班信息专报〔{r.year}〕第1期" in page
    assert display_name(duty_office["zhuren"]) in page and display_name(duty_office["changwu"]) in page


def test_the_person_on_duty_cannot_agree_for_a_leader_43_8(duty_office, client_as):
    """[43][8] agreement is a leader's, in person: the duty room's 同意 is refused and not offered."""
    r = report(duty_office)
    client = client_as("zhiban")
    assert "data-agree-form" not in client.get(reverse("duty:report", args=[r.pk])).content.decode()
    assert client.post(reverse("duty:report_agree", args=[r.pk])).status_code == 403
    assert not Agreement.objects.exists()


def test_a_leader_reads_and_instructs_on_the_phone_page_43(duty_office, client_as):
    """[43] 已阅 records when the leader read it; the instruction is recorded with who and when and the person on
    duty is told; the duty room may record an instruction given by telephone, naming the leader."""
    r = report(duty_office)
    leader = client_as("xianzhang")
    page = leader.get(reverse("duty:report_leader", args=[r.pk])).content.decode()
    assert "data-acknowledge" in page and r.place in page
    assert leader.post(reverse("duty:report_acknowledge", args=[r.pk]), {"page": "leader"}).status_code == 302
    assert LeaderNotice.objects.get(report=r, leader=duty_office["xianzhang"]).acknowledged_at is not None
    response = leader.post(reverse("duty:report_instruct", args=[r.pk]), {"text": "全力抢通道路，确保群众安全。"})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=duty_office["zhiban"], title__startswith="领导批示").exists()

    duty = client_as("zhiban")
    on_word = {"text": "请应急局派员赶赴现场。", "leader": duty_office["changwu"].pk}
    assert duty.post(reverse("duty:report_instruct", args=[r.pk]), on_word).status_code == 302
    assert duty.post(reverse("duty:report_instruct", args=[r.pk]), {"text": ""}).status_code == 400
    rows = list(Instruction.objects.filter(report=r).values_list("leader_id", "recorded_by_id"))
    assert rows == [
        (duty_office["xianzhang"].pk, duty_office["xianzhang"].pk),
        (duty_office["changwu"].pk, duty_office["zhiban"].pk),
    ]
    timeline = duty.get(reverse("duty:report", args=[r.pk])).content.decode()
    assert "领导已阅" in timeline and "全力抢通道路" in timeline and "记录）" in timeline


def test_follow_ups_form_the_timeline_and_a_final_report_closes_it_43(duty_office, client_as, clock):
    """[43] 续报 and 终报 come after the 首报 on the report's timeline; a 终报 closes the report."""
    r = report(duty_office)
    client = client_as("zhiban")
    clock.shift(timedelta(hours=1))
    url = reverse("duty:report_follow_up", args=[r.pk])
    assert (
        client.post(url, {"stage": "further", "content": "道路已抢通一半。", "casualties": "1人轻伤"}).status_code
        == 302
    )
    assert client.post(url, {"stage": "first", "content": "x"}).status_code == 400
    clock.shift(timedelta(hours=1))
    assert client.post(url, {"stage": "final", "content": "道路已全部抢通。"}).status_code == 302
    r.refresh_from_db()
    assert r.state == ReportState.CLOSED and r.casualties == "1人轻伤"
    page = client.get(reverse("duty:report", args=[r.pk])).content.decode()
    assert page.index("首报") < page.index("续报") < page.index("道路已全部抢通")


@requires.poppler
def test_the_special_report_pdf_once_sent_43_8(duty_office, client_as, tmp_path):
    """[43][8] the 值班信息专报 is printed once the report went to the prefecture: numbered, CJK font embedded,
    with the masthead, the title, the body and who signed it; before that the page explains why there is none."""
    r = report(duty_office, title="测试乡山体滑坡阻断道路")
    client = client_as("zhiban")
    early = client.get(reverse("duty:report_pdf", args=[r.pk]))
    assert early.status_code == 400 and "报州政府值班室时编号" in early.content.decode()
    client_as("changwu").post(reverse("duty:report_agree", args=[r.pk]))
    client_as("zhuren").post(reverse("duty:report_agree", args=[r.pk]))
    client_as("xianzhang").post(reverse("duty:report_instruct", args=[r.pk]), {"text": "全力救援"})
    assert _send(client_as("zhiban"), r).status_code == 302
    response = client.get(reverse("duty:report_pdf", args=[r.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "special.pdf"
    path.write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert all(" yes " in line for line in fonts.splitlines()[2:] if line.strip()), fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = text.replace(" ", "").replace("\n", "")
    r.refresh_from_db()
    for words in (
        "值班信息专报",
        f"〔{r.year}〕第1期",
        "测试乡山体滑坡阻断道路",
        "州政府值班室：",
        f"签发：{display_name(duty_office['changwu'])}",
        f"审核：{display_name(duty_office['zhuren'])}",
        "全力救援",
        "报：州政府值班室",
    ):
        assert words in flat, words


def test_the_list_filters_and_its_query_count_is_flat_43(duty_office, client_as, count_queries):
    """[43] the list reads the same number of queries for 2 reports as for 25; a filter narrows it."""
    report(duty_office, title="甲乡森林火情", category="natural")
    report(duty_office, title="乙镇交通事故", category="accident")
    client = client_as("zhuren")
    url = reverse("duty:reports")
    client.get(url)
    with count_queries() as few:
        page = client.get(url).content.decode()
    assert "甲乡森林火情" in page and "乙镇交通事故" in page
    for i in range(23):
        report(duty_office, title=f"测试事件{i}", category="social")
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    narrowed = client.get(url, {"category": "accident"}).content.decode()
    assert "乙镇交通事故" in narrowed and "甲乡森林火情" not in narrowed
    assert "甲乡森林火情" in client.get(url, {"q": "森林"}).content.decode()
    assert client.get(url, {"state": "nonsense"}).status_code == 400


def test_the_report_pages_query_count_does_not_grow_with_its_timeline_43(duty_office, client_as, count_queries):
    """[43] the report page reads its timeline in a fixed number of queries."""
    r = report(duty_office)
    client = client_as("zhiban")
    url = reverse("duty:report", args=[r.pk])
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for i in range(5):
        client.post(reverse("duty:report_follow_up", args=[r.pk]), {"stage": "further", "content": f"续报{i}"})
        client.post(
            reverse("duty:report_instruct", args=[r.pk]), {"text": f"批示{i}", "leader": duty_office["changwu"].pk}
        )
    client_as("changwu").post(reverse("duty:report_agree", args=[r.pk]))
    client_as("zhuren").post(reverse("duty:report_agree", args=[r.pk]))
    client = client_as("zhiban")
    client.get(url)  # the messages of the steps above are shown (and the session saved) once
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_junk_is_never_a_5xx_43(duty_office, client_as):
    """[43] over-long, wrong-type, unknown and absurd values on every step are answered with a Chinese 4xx."""
    r = report(duty_office)
    junk = {
        "text": "长" * 5000,
        "content": "",
        "stage": "不存在的选项",
        "method": "长" * 40,
        "leader": "99999999999999999999",
        "note": "长" * 400,
        "version": "abc",
        "received_at": "0001-01-01T00:00",
        "occurred_at": "abc",
        "title": "x",
        "source_unit": "99999999999999999999",
        "from_entry": "-1",
    }
    steps = ("report_instruct", "report_agree", "report_follow_up", "report_send", "report_acknowledge")
    for who in ("zhiban", "changwu", "kezhang"):
        client = client_as(who)
        for name in steps:
            response = client.post(reverse(f"duty:{name}", args=[r.pk]), junk)
            assert 300 <= response.status_code < 500, (who, name, response.status_code)
        assert client.post(reverse("duty:report_new"), junk).status_code in (400, 403)
        assert client.get(reverse("duty:reports"), {"q": "长" * 80, "page": "abc"}).status_code in (200, 400)
        assert client.get(reverse("duty:report_new"), {"entry": "99999999999999999999"}).status_code in (200, 403)
    r.refresh_from_db()
    assert r.state == ReportState.RECEIVED and not r.instructions.exists() and not r.agreements.exists()

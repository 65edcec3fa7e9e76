"""The pages of 请销假 [51], [54]: each for the right people, 403/404 for others, the approver shown before
sending, one-tap approval on the phone page, plain refusals (a stale page 409, a missing reason 400), 续假 and
销假 through their forms, the supporting paper only through the request's visibility."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leave.models import LeaveRequest, State
from org.models import Profile
from org.selectors import display_name
from tests.files import pdf

from .factories import approved, draft, sent

TZ = ZoneInfo("Asia/Shanghai")
TUESDAY = date(2026, 9, 15)
PDF = pdf()  # a real PDF: an upload must parse (core.uploads)


def _form(kind, start, end=None, **extra) -> dict:
    data = {
        "kind": kind.pk,
        "start_date": start.isoformat(),
        "start_half": "am",
        "end_date": (end or start).isoformat(),
        "end_half": "pm",
        "destination": "",
        "reason": "家中有事",
        "cover": "",
    }
    data.update(extra)
    return data


# --- 我的请假 -------------------------------------------------------------------------------------------------------


def test_my_requests_and_the_approvers_queue(client_as, office, kinds):
    """[54] the person sees their own; the 分管 leader sees what waits for their decision, with a 审批 link."""
    mine = sent(office["guikou1"], kinds["事假"], TUESDAY)
    page = client_as("guikou1").get(reverse("leave:list"))
    assert page.status_code == 200
    assert f'data-leave="{mine.pk}"' in page.content.decode()
    approver = client_as("fuzhuren_wenmi").get(reverse("leave:list")).content.decode()
    assert "待我审批" in approver and reverse("leave:decide", args=[mine.pk]) in approver
    other = client_as("guikou2").get(reverse("leave:list")).content.decode()
    assert f'data-leave="{mine.pk}"' not in other


def test_county_leaders_approve_here_but_do_not_ask_here(client_as, office, kinds):
    """The director's own leave goes to the 常务副县长 [15(1)][51]: they open their queue; they cannot fill in a
    request (their absences are recorded by the clerk [26(6)3])."""
    req = sent(office["zhuren"], kinds["出差"], TUESDAY, destination="西宁市")
    client = client_as("changwu")
    assert reverse("leave:decide", args=[req.pk]) in client.get(reverse("leave:list")).content.decode()
    assert client.get(reverse("leave:create")).status_code == 403
    assert client.get(reverse("leave:board")).status_code == 403


# --- the form: who approves, before sending -----------------------------------------------------------------------


def test_the_form_shows_the_approver_before_sending(client_as, office, kinds):
    """[54] one day → the 分管 leader; more than one day → the director; nothing is saved by 预览."""
    client = client_as("guikou1")
    assert client.get(reverse("leave:create")).status_code == 200
    one_day = client.post(reverse("leave:create"), {**_form(kinds["事假"], TUESDAY), "preview": "1"})
    text = one_day.content.decode()
    assert one_day.status_code == 200
    assert f"审批人：{display_name(office['fuzhuren_wenmi'])}（办公室分管领导）" in text and "[54]" in text
    two_days = client.post(
        reverse("leave:create"), {**_form(kinds["事假"], TUESDAY, date(2026, 9, 16)), "preview": "1"}
    ).content.decode()
    assert (
        f"审批人：{display_name(office['zhuren'])}（办公室主任）" in two_days
        and "共 <strong data-days>2</strong>" in two_days
    )
    assert not LeaveRequest.objects.exists()


def test_a_deputy_directors_form_names_the_director(client_as, office, kinds):
    """[51] a deputy director's trip, even for half a day, is approved by the director."""
    data = {**_form(kinds["出差"], TUESDAY, end_half="am"), "destination": "玉树市", "leaves_county": "on"}
    text = client_as("fuzhuren").post(reverse("leave:create"), {**data, "preview": "1"}).content.decode()
    assert f"审批人：{display_name(office['zhuren'])}（办公室主任）" in text and "[51]" in text


def test_the_plan_endpoint_answers_the_forms_script(client_as, office, kinds):
    client = client_as("guikou1")
    answer = client.get(reverse("leave:plan"), _form(kinds["事假"], TUESDAY)).json()
    assert answer["ok"] and display_name(office["fuzhuren_wenmi"]) in answer["html"]
    half_filled = client.get(reverse("leave:plan"), {"kind": "abc", "start_date": "tomorrow"})
    assert half_filled.status_code == 200 and not half_filled.json()["ok"]
    assert client_as("changwu").get(reverse("leave:plan")).status_code == 403


def test_sending_from_the_form(client_as, office, kinds):
    response = client_as("guikou1").post(reverse("leave:create"), {**_form(kinds["事假"], TUESDAY), "send": "1"})
    req = LeaveRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("leave:detail", args=[req.pk])
    assert req.state == State.PENDING and req.approver == office["fuzhuren_wenmi"]


def test_a_refused_sending_saves_nothing_and_says_why(client_as, office, kinds):
    """[54] 事假 must be asked beforehand: sent after its start it is refused, in Chinese, with a 400."""
    response = client_as("guikou1").post(
        reverse("leave:create"), {**_form(kinds["事假"], date(2026, 9, 11)), "send": "1"}
    )
    assert response.status_code == 400
    assert "须事前报告" in response.content.decode() and "error-summary" in response.content.decode()
    assert not LeaveRequest.objects.exists()


def test_bad_input_is_a_chinese_400(client_as, kinds):
    response = client_as("guikou1").post(
        reverse("leave:create"), {**_form(kinds["事假"], TUESDAY), "end_date": "2026-09-01", "save": "1"}
    )
    assert response.status_code == 400 and "早于开始日期" in response.content.decode()
    garbage = client_as("guikou1").post(reverse("leave:create"), {"kind": "x", "start_date": "y", "save": "1"})
    assert garbage.status_code == 400


def test_the_annual_leave_balance_is_on_the_form(client_as, office, kinds):
    Profile.objects.filter(user=office["guikou1"]).update(work_started_on=date(2019, 7, 1))
    text = (
        client_as("guikou1")
        .post(reverse("leave:create"), {**_form(kinds["年休假"], TUESDAY), "preview": "1"})
        .content.decode()
    )
    assert "年休假：2026年：工龄7年，应休5天" in text


def test_editing_a_draft_with_a_stale_page_is_refused(client_as, office, kinds):
    req = draft(office["guikou1"], kinds["事假"], TUESDAY)
    client = client_as("guikou1")
    assert client.get(reverse("leave:edit", args=[req.pk])).status_code == 200
    ok = client.post(reverse("leave:edit", args=[req.pk]), {**_form(kinds["事假"], TUESDAY), "version": req.version})
    assert ok.status_code == 302
    stale = client.post(reverse("leave:edit", args=[req.pk]), {**_form(kinds["事假"], TUESDAY), "version": req.version})
    assert stale.status_code == 409
    assert client_as("guikou2").get(reverse("leave:edit", args=[req.pk])).status_code == 404


# --- the approval page (phone) ------------------------------------------------------------------------------------


def test_approve_with_one_tap_from_the_phone_page(client_as, office, kinds):
    """[54] the 分管 leader opens the page from 我的待办 and taps 批准; the opinion may be left empty."""
    req = sent(office["guikou1"], kinds["事假"], TUESDAY)
    client = client_as("fuzhuren_wenmi")
    page = client.get(reverse("leave:decide", args=[req.pk]))
    assert page.status_code == 200 and "data-approve" in page.content.decode()
    response = client.post(reverse("leave:act", args=[req.pk, "approve"]), {"version": req.version, "comment": ""})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == State.APPROVED and req.absence is not None


def test_refusal_needs_a_reason(client_as, office, kinds):
    """[54] 不批准 with the reason the person reads; without one, a plain 400."""
    req = sent(office["guikou1"], kinds["事假"], TUESDAY)
    client = client_as("fuzhuren_wenmi")
    empty = client.post(reverse("leave:act", args=[req.pk, "reject"]), {"version": req.version, "reason": " "})
    assert empty.status_code == 400 and "请填写不批准的理由" in empty.content.decode()
    done = client.post(reverse("leave:act", args=[req.pk, "reject"]), {"version": req.version, "reason": "当天有会"})
    assert done.status_code == 302
    req.refresh_from_db()
    assert req.state == State.REJECTED and req.decision_comment == "当天有会"


def test_a_stale_approval_is_refused_plainly(client_as, office, kinds):
    """The approver's page was loaded before the person withdrew: 409, nothing approved [54]."""
    req = sent(office["guikou1"], kinds["事假"], TUESDAY)
    seen = req.version
    client_as("guikou1").post(reverse("leave:act", args=[req.pk, "withdraw"]), {"version": seen, "reason": "不去了"})
    response = client_as("fuzhuren_wenmi").post(reverse("leave:act", args=[req.pk, "approve"]), {"version": seen})
    assert response.status_code == 409 and "已被他人处理" in response.content.decode()
    req.refresh_from_db()
    assert req.state == State.WITHDRAWN


def test_only_the_fixed_approver_decides(client_as, office, kinds):
    """[51][54] the director sees every request but approves only those that are his: 403 with the reason."""
    req = sent(office["guikou1"], kinds["事假"], TUESDAY)  # → fuzhuren_wenmi
    client = client_as("zhuren")
    assert client.get(reverse("leave:detail", args=[req.pk])).status_code == 200
    assert client.get(reverse("leave:decide", args=[req.pk])).status_code == 403
    refused = client.post(reverse("leave:act", args=[req.pk, "approve"]), {"version": req.version})
    assert refused.status_code == 403 and display_name(office["fuzhuren_wenmi"]) in refused.content.decode()
    assert client_as("guikou2").get(reverse("leave:decide", args=[req.pk])).status_code == 404
    assert client.post(reverse("leave:act", args=[req.pk, "nonsense"])).status_code == 404
    assert client.get(reverse("leave:act", args=[req.pk, "approve"])).status_code == 405


# --- 续假, 销假, the supporting paper ------------------------------------------------------------------------------


def test_extension_goes_to_the_director_on_the_total(client_as, office, kinds):
    """[54] a one-day leave extended by a day: the 续假 form sends it to the director."""
    req = approved(office["guikou1"], kinds["事假"], TUESDAY)
    client = client_as("guikou1")
    assert client.get(reverse("leave:extend", args=[req.pk])).status_code == 200
    response = client.post(
        reverse("leave:extend", args=[req.pk]),
        {"end_date": "2026-09-16", "end_half": "pm", "reason": "家事未了", "version": req.version},
    )
    new = LeaveRequest.objects.get(extends=req)
    assert response.status_code == 302 and new.approver == office["zhuren"] and new.chain_days == 2
    assert client_as("guikou2").get(reverse("leave:extend", args=[req.pk])).status_code == 404


def test_report_return_from_the_request_page(client_as, office, kinds, clock):
    """[54] back on Monday afternoon from a leave that began in the morning: 销假, half a day taken."""
    req = approved(office["guikou1"], kinds["事假"], date(2026, 9, 14))
    clock.move_to(datetime(2026, 9, 14, 15, tzinfo=TZ))
    client = client_as("guikou1")
    req.refresh_from_db()
    assert "data-return-form" in client.get(reverse("leave:detail", args=[req.pk])).content.decode()
    response = client.post(
        reverse("leave:act", args=[req.pk, "return"]),
        {"returned_on": "2026-09-14", "returned_half": "pm", "version": req.version},
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == State.RETURNED and str(req.actual_days) == "0.5"


def test_the_supporting_paper_only_through_the_request(client_as, office, kinds, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = client_as("guikou1")
    form = {**_form(kinds["病假"], TUESDAY), "save": "1", "attachment": SimpleUploadedFile("证明.pdf", PDF)}
    assert client.post(reverse("leave:create"), form).status_code == 302
    req = LeaveRequest.objects.get()
    got = client.get(reverse("leave:attachment", args=[req.pk]))
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert client_as("shoufa").get(reverse("leave:attachment", args=[req.pk])).status_code == 404  # a draft
    fake = {**_form(kinds["病假"], TUESDAY), "save": "1", "attachment": SimpleUploadedFile("x.pdf", b"MZ\x90")}
    refused = client_as("guikou2").post(reverse("leave:create"), fake)
    assert refused.status_code == 400 and "PDF" in refused.content.decode()


def test_the_lifecycle_page(client_as):
    page = client_as("guikou1").get(reverse("leave:lifecycle"))
    assert page.status_code == 200 and "请销假流程" in page.content.decode() and "销假" in page.content.decode()


# --- who is away -------------------------------------------------------------------------------------------------


def test_the_board_for_the_clerk(client_as, office, kinds):
    """在岗/外出 before distributing [26(6)3]: who, back when, who covers [54]."""
    approved(
        office["guikou1"], kinds["出差"], date(2026, 9, 14), TUESDAY, destination="玉树市", cover=office["guikou2"]
    )
    text = client_as("shoufa").get(reverse("leave:board")).content.decode()
    assert display_name(office["guikou1"]) in text and "2026年09月16日上午" in text
    assert display_name(office["guikou2"]) in text
    other_day = client_as("shoufa").get(reverse("leave:board"), {"day": "2026-09-17"}).content.decode()
    assert 'data-away-count="0"' in other_day
    assert client_as("shoufa").get(reverse("leave:board"), {"day": "not-a-day"}).status_code == 400
    assert display_name(office["guikou1"]) not in client_as("guikou3").get(reverse("leave:board")).content.decode()


def test_the_month_calendar(client_as, office, kinds):
    approved(office["guikou1"], kinds["事假"], TUESDAY, date(2026, 9, 16), start_half="pm")
    client = client_as("zhuren")
    text = client.get(reverse("leave:month"), {"year": 2026, "month": 9}).content.decode()
    assert f'data-calendar-row="{office["guikou1"].pk}"' in text and "2026年9月" in text
    legal = office["fazhi"].profile.section_id
    filtered = client.get(reverse("leave:month"), {"year": 2026, "month": 9, "section": legal}).content.decode()
    assert f'data-calendar-row="{office["guikou1"].pk}"' not in filtered
    assert client.get(reverse("leave:month"), {"year": "abc", "month": 13}).status_code == 400


def test_a_persons_year(client_as, office, kinds):
    approved(office["guikou1"], kinds["事假"], TUESDAY)
    url = reverse("leave:person_year", args=[office["guikou1"].pk])
    assert client_as("guikou1").get(url).status_code == 200
    assert client_as("zhuren").get(url, {"year": 2026}).status_code == 200
    assert client_as("guikou2").get(url).status_code == 404
    assert client_as("guikou1").get(url, {"year": "x"}).status_code == 200


def test_statistics_only_for_leaders_and_the_clerk(client_as, office, kinds):
    approved(office["guikou1"], kinds["事假"], TUESDAY)
    sent(office["guikou2"], kinds["病假"], date(2026, 9, 11))  # 事后补办
    page = client_as("zhuren").get(reverse("leave:stats"), {"year": 2026})
    text = page.content.decode()
    assert page.status_code == 200 and "data-total-days>1<" in text and "data-retro-total>1<" in text
    assert "vendor/echarts/echarts.min.js" in text and 'id="leave-stats-data"' in text
    assert client_as("shoufa").get(reverse("leave:stats")).status_code == 200
    assert client_as("guikou1").get(reverse("leave:stats")).status_code == 403


@pytest.mark.parametrize("url", ["/leave/999999/", "/leave/999999/decide/", "/leave/999999/form.pdf"])
def test_missing_requests_are_404(client_as, url):
    assert client_as("zhuren").get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/leave/board/?day=2026-02-30",
        "/leave/month/?year=99999&month=1",
        "/leave/month/?section=abc",
        "/leave/stats/?year=abc",
        "/leave/people/999999/",
        "/leave/plan/?draft=abc&kind=1&start_date=2026-09-15&end_date=2026-09-01&start_half=xx",
        "/leave/plan/?draft=999999",
        "/leave/attendance.xlsx?year=1&month=1",
        "/leave/feed/%00.ics",
        "/leave/?page=abc",
    ],
)
def test_bad_input_is_never_a_500(client_as, url):
    for who in ("zhuren", "guikou1"):
        assert client_as(who).get(url).status_code in (200, 400, 403, 404), who


def test_the_extension_form_previews_the_approver_on_the_total(client_as, office, kinds):
    """[54] 续假 of a one-day leave by one more day: 预览 names the director, counting both days."""
    req = approved(office["guikou1"], kinds["事假"], TUESDAY)
    text = (
        client_as("guikou1")
        .post(
            reverse("leave:extend", args=[req.pk]),
            {"end_date": "2026-09-16", "end_half": "pm", "reason": "家事未了", "preview": "1"},
        )
        .content.decode()
    )
    assert f"审批人：{display_name(office['zhuren'])}（办公室主任）" in text and "连同原假共 <strong>2</strong>" in text
    assert not LeaveRequest.objects.filter(extends=req).exists()

"""Each step of a case from its page [47]–[50]: offered only to whom the services allow, each refusal a Chinese
4xx on the page (bad input 400, not allowed 403, a page older than the case 409), the 条例's limits enforced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from petitions.models import Extension, Referral, Satisfaction, State

from . import factories as f

pytestmark = pytest.mark.django_db


def act(case, action: str) -> str:
    return reverse("petitions:act", args=[case.pk, action])


def detail(case) -> str:
    return reverse("petitions:detail", args=[case.pk])


def post(client, case, action: str, **data):
    case.refresh_from_db()
    return client.post(act(case, action), {"version": case.version, **data})


def test_staff_accept_a_case_and_a_leader_may_not_48(client_as, office):
    case = f.registered(office)
    leader = post(client_as("zhuren"), case, "accept")
    assert leader.status_code == 403 and "只有信访接待人员可以决定受理" in leader.content.decode()
    page = client_as("xinfang").get(detail(case)).content.decode()
    assert "data-accept" in page and "data-refer-form" in page and "data-refuse" in page
    assert "data-accept" not in client_as("zhuren").get(detail(case)).content.decode()
    done = post(client_as("xinfang"), case, "accept", opinion="本机关办理。")
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == State.HANDLING and case.handle_due is not None


def test_a_refusal_needs_its_reason_47(client_as, office):
    case = f.registered(office)
    client = client_as("xinfang")
    empty = post(client, case, "refuse", reason="")
    assert empty.status_code == 400 and "理由" in empty.content.decode()
    assert post(client, case, "refuse", reason="不属于行政机关职权范围，已告知向人民法院起诉。").status_code == 302
    case.refresh_from_db()
    assert case.state == State.REFUSED
    page = client.get(detail(case)).content.decode()
    assert "不属于行政机关职权范围" in page and 'data-letter="refuse"' in page


def test_referring_needs_a_unit_and_an_opinion_47(client_as, office):
    case = f.registered(office)
    client = client_as("xinfang")
    bad = post(client, case, "refer", unit="", kind="transfer", opinion="")
    assert bad.status_code == 400 and "责任单位" in bad.content.decode()
    junk = post(client, case, "refer", unit="99999999999999999999", kind="transfer", opinion="x")
    assert junk.status_code == 400
    ok = post(client, case, "refer", unit=office.units["township"].pk, kind="assign", opinion="请乡政府调查处理。")
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.state == State.HANDLING and case.unit == office.units["township"]


def test_the_petitioner_is_answered_only_after_the_units_answer_47(client_as, office):
    """A referred case: the office answers the petitioner once the unit's answer is on record [47]."""
    case = f.referred(office)
    client = client_as("xinfang")
    assert "data-answer" not in client.get(detail(case)).content.decode().replace("data-answer-text", "")
    early = post(client, case, "answer", answer="经调查……")
    assert early.status_code == 403 and "承办单位尚未回复" in early.content.decode()
    unit_page = reverse("petitions:unit_answer", args=[case.pk])
    answered = client_as("lianluo").post(unit_page, {"version": case.version, "answer": "已现场勘界。"})
    assert answered.status_code == 302
    client = client_as("xinfang")  # the one test client, signed in again
    assert post(client, case, "answer", answer="边界以确权图为准。").status_code == 302
    case.refresh_from_db()
    assert case.state == State.ANSWERED
    assert 'data-letter="answer"' in client.get(detail(case)).content.decode()


def test_an_answer_without_text_is_a_400(client_as, office):
    case = f.accepted(office, handler=office["xinfang"])
    response = post(client_as("xinfang"), case, "answer", answer="")
    assert response.status_code == 400 and "处理意见" in response.content.decode()


def test_an_extension_beyond_30_days_is_refused_on_the_page(client_as, office):
    """《信访工作条例》第三十五条: 延长期限不得超过30日 — refused with that article."""
    case = f.accepted(office, handler=office["xinfang"])
    client = client_as("xinfang")
    too_long = post(client, case, "extension", days="31", reason="需要勘测。")
    assert too_long.status_code == 400 and "不得超过30日" in too_long.content.decode()
    no_reason = post(client, case, "extension", days="10", reason="")
    assert no_reason.status_code == 400 and "延期理由" in no_reason.content.decode()
    assert not Extension.objects.exists()
    assert post(client, case, "extension", days="20", reason="需要第三方勘测。").status_code == 302
    more = post(client, case, "extension", days="5", reason="又一次")
    assert more.status_code == 400 and "等待审批" in more.content.decode()


def test_only_the_office_director_decides_an_extension_and_the_limit_moves(client_as, office):
    """Approved by the organ's head (办公室主任); the handling limit moves (条例第三十五条)."""
    case = f.accepted(office, handler=office["xinfang"])
    post(client_as("xinfang"), case, "extension", days="20", reason="需要第三方勘测。")
    old_due = case.handle_due
    refused = post(client_as("xinfang"), case, "decide_extension", approve="1")
    assert refused.status_code == 403 and "办公室主任" in refused.content.decode()
    page = client_as("zhuren").get(detail(case)).content.decode()
    assert "data-decide-extension" in page
    assert post(client_as("zhuren"), case, "decide_extension", approve="1", comment="同意").status_code == 302
    case.refresh_from_db()
    assert case.extended_days == 20 and case.handle_due > old_due
    page = client_as("xinfang").get(detail(case)).content.decode()
    assert "已延期20日" in page and 'data-letter="extension"' in page


def test_closing_needs_the_petitioners_satisfaction_50(client_as, office):
    case = f.answered(office)
    client = client_as("xinfang")
    missing = post(client, case, "close", satisfaction="")
    assert missing.status_code == 400 and "信访人评价" in missing.content.decode()
    assert post(client, case, "close", satisfaction="satisfied").status_code == 302
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.satisfaction == Satisfaction.SATISFIED
    unstated = f.answered(office, people=[f.person(2)], title="另一事项", township="department")
    assert post(client, unstated, "close", satisfaction="unstated").status_code == 302
    unstated.refresh_from_db()
    assert unstated.state == State.CLOSED and unstated.satisfaction == Satisfaction.NONE


def test_review_requested_late_is_refused_then_a_timely_one_decided_50(client_as, office, clock):
    """复查 within 30 days of the answer (条例第三十五条); decided with an opinion [50]."""
    case = f.closed(office)
    client = client_as("xinfang")
    assert "data-review-panel" in client.get(detail(case)).content.decode()
    late_day = (f.TODAY + timedelta(days=45)).isoformat()
    clock.shift(timedelta(days=45))
    client = client_as("xinfang")  # the session has expired meanwhile
    late = post(client, case, "review", requested_on=late_day, request="不服处理意见。")
    assert late.status_code == 400 and "30日内提出" in late.content.decode()
    timely = post(client, case, "review", requested_on=(f.TODAY + timedelta(days=10)).isoformat(), request="不服。")
    assert timely.status_code == 302
    case.refresh_from_db()
    assert case.state == State.REVIEWING
    no_opinion = post(client, case, "decide_review", opinion="", upheld="1")
    assert no_opinion.status_code == 400
    assert post(client, case, "decide_review", opinion="维持原处理意见。", upheld="1").status_code == 302
    case.refresh_from_db()
    assert case.state == State.ANSWERED


def test_settlement_on_a_closed_case_only_50(client_as, office):
    """息诉罢访 is an outcome recorded on a closed case [50]."""
    open_case = f.answered(office)
    client = client_as("xinfang")
    refused = post(client, open_case, "settle", settled_on=f.TODAY.isoformat(), note="")
    assert refused.status_code == 403 and "已办结" in refused.content.decode()
    case = f.closed(office, people=[f.person(2)], title="另一事项", township="department")
    assert post(client, case, "settle", settled_on=f.TODAY.isoformat(), note="表示不再上访。").status_code == 302
    case.refresh_from_db()
    assert case.outcome_settled
    assert "data-settled" in client.get(detail(case)).content.decode()


def test_a_page_older_than_the_case_is_a_409(client_as, office):
    case = f.registered(office)
    stale = case.version
    post(client_as("xinfang"), case, "accept")
    response = client_as("xinfang").post(act(case, "refuse"), {"version": stale, "reason": "x"})
    assert response.status_code == 409


def test_unknown_steps_gets_and_outsiders(client_as, office):
    case = f.registered(office)
    client = client_as("xinfang")
    assert client.post(act(case, "explode"), {"version": case.version}).status_code == 404
    assert client.get(act(case, "accept")).status_code == 405
    assert post(client_as("dazi"), case, "accept").status_code == 404  # cannot see it: not even told it exists
    bad_date = post(
        client_as("xinfang"),
        f.closed(office, people=[f.person(3)], title="三", township=None),
        "settle",
        settled_on="x",
    )
    assert bad_date.status_code == 400


def test_the_unit_contact_answers_on_a_phone_friendly_page_47(client_as, office):
    case = f.referred(office)
    contact = client_as("lianluo")
    home = contact.get(reverse("petitions:unit")).content.decode()
    assert f'data-case="{case.pk}"' in home and "data-answer" in home
    page = reverse("petitions:unit_answer", args=[case.pk])
    assert contact.get(page).status_code == 200
    empty = contact.post(page, {"version": case.version, "answer": ""})
    assert empty.status_code == 400 and "办理情况" in empty.content.decode()
    assert contact.post(page, {"version": case.version, "answer": "已调解。"}).status_code == 302
    assert Referral.objects.get(case=case).answered_by == office["lianluo"]
    again = contact.get(page)
    assert again.status_code == 403 and "没有等待单位回复" in again.content.decode()
    assert client_as("zhuren").get(reverse("petitions:unit")).status_code == 403

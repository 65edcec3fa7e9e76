"""The two lifecycles through the services: research [4] and drafting [5], refusals included."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.workflow import ActionRefused, StaleAction
from research import services
from research.models import Adoption, Kind, Opinion, State, Task, Version
from tests import files

from .factories import TODAY, V1, V2, approving, draft, in_review, reported, research

pytestmark = pytest.mark.django_db


def test_research_goes_from_assigned_to_closed_with_instruction_and_adoption_4(office):
    """[4]: 已立项 → 调研中 (fieldwork) → 报告已报送 (an uploaded report) → 领导已批示 → 已结题 with 采纳."""
    task = research(office)
    assert task.state == State.ASSIGNED
    services.add_fieldwork(actor=office["guikou2"], pk=task.pk, on=TODAY, place="测试乡", findings="走访农牧户十户。")
    task.refresh_from_db()
    assert task.state == State.RESEARCHING
    upload = SimpleUploadedFile("调研报告.pdf", files.pdf(), content_type="application/pdf")
    v1 = services.add_version(actor=office["guikou1"], pk=task.pk, upload=upload, note="初稿")
    assert v1.number == 1 and v1.file_name == "调研报告.pdf"
    services.send_report(actor=office["guikou1"], pk=task.pk)
    services.instruct(actor=office["xianzhang"], pk=task.pk, text="请县农牧局研究落实。")
    services.close_task(actor=office["guikou1"], pk=task.pk, adoption=Adoption.DOCUMENT, note="县政府办发〔2026〕12号")
    task.refresh_from_db()
    assert task.state == State.CLOSED
    assert task.instruction == "请县农牧局研究落实。"
    assert task.adoption == Adoption.DOCUMENT
    assert [e.action for e in task.log.order_by("at", "id")][:2] == ["create", "start_research"]


def test_a_forged_report_upload_is_refused_4(office):
    """[4]: the report goes through core.uploads: a file that is not what its name says is refused."""
    task = research(office)
    fake = SimpleUploadedFile("报告.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.add_version(actor=office["guikou1"], pk=task.pk, upload=fake)
    assert not Version.objects.filter(task=task).exists()


def test_only_the_asking_leader_instructs_the_report_4(office):
    """[4]: the 批示 is the asking leader's; another county leader or the director is refused."""
    task = reported(office)
    for other in ("changwu", "zhuren", "guikou1"):
        with pytest.raises(ActionRefused):
            services.instruct(actor=office[other], pk=task.pk, text="同意")
    task.refresh_from_db()
    assert task.state == State.REPORTED


def test_the_report_cannot_be_sent_without_a_version_or_by_a_member_4(office):
    """[4]: the team leader sends the report, and only once there is one."""
    task = research(office)
    services.start_task(actor=office["guikou1"], pk=task.pk)
    with pytest.raises(ValidationError):
        services.send_report(actor=office["guikou1"], pk=task.pk)
    services.add_version(actor=office["guikou2"], pk=task.pk, body="报告")
    with pytest.raises(ActionRefused):
        services.send_report(actor=office["guikou2"], pk=task.pk)


def test_adopted_without_saying_into_what_is_refused_4(office):
    task = reported(office)
    services.instruct(actor=office["xianzhang"], pk=task.pk, text="好")
    with pytest.raises(ValidationError):
        services.close_task(actor=office["guikou1"], pk=task.pk, adoption=Adoption.DECISION, note="")


def test_only_county_leaders_or_the_director_ask_and_staff_form_the_team_4_5(office):
    """[4][5]: the asking leader is a county leader or the office director; the team is the office's staff; a
    clerk cannot register a task."""
    with pytest.raises(ValidationError):
        research(office, leader="kezhang")
    with pytest.raises(ValidationError):
        research(office, lead="fuxianzhang1")
    with pytest.raises(ValidationError):
        research(office, members=["lianluo"])
    with pytest.raises(ActionRefused):
        research(office, by="guikou1")
    with pytest.raises(ValidationError):
        research(office, by="changwu", leader="xianzhang")  # a county leader asks in their own name
    assert research(office, by="changwu", leader="changwu").leader == office["changwu"]


def test_versions_are_numbered_and_never_overwritten_5(office):
    """[5]: each version is a new row v1, v2 …; the earlier text stays as it was, with who, when and what changed."""
    task = draft(office)
    v1 = services.add_version(actor=office["guikou1"], pk=task.pk, body=V1, note="初稿")
    v2 = services.add_version(actor=office["guikou3"], pk=task.pk, body=V2, note="充实回顾部分")
    assert (v1.number, v2.number) == (1, 2)
    v1.refresh_from_db()
    assert v1.body == V1 and v1.made_by == office["guikou1"]
    assert v2.made_by == office["guikou3"] and v2.note == "充实回顾部分"
    task.refresh_from_db()
    assert task.version_count == 2 and task.state == State.DRAFTING
    with pytest.raises(ValidationError):
        services.add_version(actor=office["guikou1"], pk=task.pk, body="  ")


def test_no_new_version_while_in_review_5(office):
    """[5]: a draft under review is not changed under the reviewer; it comes back to drafting first."""
    task = in_review(office)
    with pytest.raises(ActionRefused):
        services.add_version(actor=office["guikou1"], pk=task.pk, body=V2)
    assert Version.objects.filter(task=task).count() == 1


def test_reviewers_review_in_order_5(office):
    """[5]: the deputy director first, then the director; the director cannot review before his turn."""
    task = in_review(office)
    assert task.reviewer_now == office["fuzhuren"]
    with pytest.raises(ActionRefused):
        services.review_draft(actor=office["zhuren"], pk=task.pk, passed=True)
    services.review_draft(actor=office["fuzhuren"], pk=task.pk, passed=True, opinion="同意")
    task.refresh_from_db()
    assert (task.state, task.reviewer_now) == (State.REVIEWING, office["zhuren"])
    with pytest.raises(ActionRefused):
        services.review_draft(actor=office["fuzhuren"], pk=task.pk, passed=True)
    services.review_draft(actor=office["zhuren"], pk=task.pk, passed=True)
    task.refresh_from_db()
    assert task.state == State.APPROVING and task.reviewer_now is None
    opinions = list(Opinion.objects.filter(task=task).order_by("at", "id").values_list("by_id", "version__number"))
    assert opinions == [(office["fuzhuren"].pk, 1), (office["zhuren"].pk, 1)]


def test_a_returned_draft_goes_back_to_drafting_with_the_opinion_5(office):
    """[5]: 退回修改 needs an opinion; the draft is back with the drafters, and review starts again from the first."""
    task = in_review(office)
    with pytest.raises(ValidationError):
        services.review_draft(actor=office["fuzhuren"], pk=task.pk, passed=False, opinion="")
    services.review_draft(actor=office["fuzhuren"], pk=task.pk, passed=False, opinion="第二部分要写具体。")
    task.refresh_from_db()
    assert task.state == State.DRAFTING and task.reviewer_now is None
    assert task.log.order_by("-at", "-id").first().comment == "第二部分要写具体。"
    assert Opinion.objects.get(task=task).text == "第二部分要写具体。"
    services.add_version(actor=office["guikou1"], pk=task.pk, body=V2, note="按意见修改")
    services.submit_draft(actor=office["guikou1"], pk=task.pk)
    task.refresh_from_db()
    assert task.reviewer_now == office["fuzhuren"]


def test_only_the_commissioning_leader_gives_the_final_approval_5(office):
    """[5]: 审定 is the commissioning leader's alone: not a reviewer's, not another county leader's."""
    task = approving(office)
    for other in ("zhuren", "changwu", "guikou1", "fuzhuren"):
        with pytest.raises(ActionRefused):
            services.decide_draft(actor=office[other], pk=task.pk, approved=True)
    services.decide_draft(actor=office["xianzhang"], pk=task.pk, approved=True, opinion="同意")
    task.refresh_from_db()
    assert task.state == State.FINAL and task.approved_at is not None


def test_the_leader_returns_a_draft_with_an_opinion_5(office):
    task = approving(office)
    with pytest.raises(ValidationError):
        services.decide_draft(actor=office["xianzhang"], pk=task.pk, approved=False)
    services.decide_draft(actor=office["xianzhang"], pk=task.pk, approved=False, opinion="增加民生内容")
    task.refresh_from_db()
    assert task.state == State.DRAFTING


def test_without_reviewers_a_draft_goes_straight_to_the_leader_5(office):
    task = draft(office, reviewers=())
    services.add_version(actor=office["guikou1"], pk=task.pk, body=V1)
    services.submit_draft(actor=office["guikou1"], pk=task.pk)
    task.refresh_from_db()
    assert task.state == State.APPROVING


def test_reviewers_are_office_people_once_each_and_not_the_leader_5(office):
    with pytest.raises(ValidationError):
        draft(office, reviewers=("fuzhuren", "fuzhuren"))
    with pytest.raises(ValidationError):
        draft(office, reviewers=("xianzhang",))
    with pytest.raises(ValidationError):
        draft(office, reviewers=("changwu",))


def test_a_stale_page_is_refused_4_5(office):
    """[4][5]: someone acted after the page was loaded: the step is not taken (409 on the page)."""
    task = in_review(office)
    seen = task.version
    services.review_draft(actor=office["fuzhuren"], pk=task.pk, passed=True)
    with pytest.raises(StaleAction):
        services.review_draft(actor=office["zhuren"], pk=task.pk, seen_version=seen, passed=True)


def test_a_cancelled_task_is_kept_with_its_reason_4_5(office):
    """[4][5]: 撤销 needs a reason; the task stays, with who and why; a member cannot cancel."""
    task = draft(office)
    with pytest.raises(ActionRefused):
        services.cancel_task(actor=office["guikou1"], pk=task.pk, reason="不需要了")
    with pytest.raises(ValidationError):
        services.cancel_task(actor=office["zhuren"], pk=task.pk, reason="")
    services.cancel_task(actor=office["xianzhang"], pk=task.pk, reason="会议取消")
    task = Task.objects.get(pk=task.pk)
    assert task.state == State.CANCELLED and task.cancel_reason == "会议取消"
    with pytest.raises(ActionRefused):
        services.cancel_task(actor=office["zhuren"], pk=task.pk, reason="再撤一次")


def test_a_past_deadline_is_refused_at_registration_4(office):
    with pytest.raises(ValidationError):
        research(office, due_on=TODAY - timedelta(days=1))


def test_kinds_do_not_cross_4_5(office):
    """[4][5]: a draft has no fieldwork; a research task has no review."""
    task = draft(office)
    with pytest.raises(ValidationError):
        services.add_fieldwork(actor=office["guikou1"], pk=task.pk, on=TODAY, place="x", findings="y")
    r = research(office)
    services.add_version(actor=office["guikou1"], pk=r.pk, body="报告")
    with pytest.raises(ActionRefused):
        services.submit_draft(actor=office["guikou1"], pk=r.pk)
    assert Task.objects.get(pk=r.pk).kind == Kind.RESEARCH

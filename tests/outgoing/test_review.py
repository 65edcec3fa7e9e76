"""审核 [30(2)]: the chains come from the business line, six gates at every review, sending back restarts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.workflow import ActionRefused, StaleAction
from documents.outgoing import services
from documents.outgoing.choices import Gate, Phase, State, StepStatus
from documents.outgoing.models import GateCheck, Revision, RouteStep
from documents.outgoing.routing import review_chain
from org.selectors import display_name
from tests.factories import key_of

from .conftest import ALL_GATES, current, walk_review

pytestmark = pytest.mark.django_db


def chain(doc) -> list[tuple[str, str]]:
    plan = review_chain(doc)
    assert plan.ok, plan.problems
    return [(key_of(s.assignee), s.kind) for s in plan.steps]


def test_ordinary_chain_is_the_deputy_director_of_the_line(draft):
    """[30(2)1] 一般公文：归口人员拟稿，送分管副主任审核 (then the deputy head, in the signing route)."""
    assert chain(draft(line="agriculture")) == [("fuzhuren", "check")]
    assert chain(draft("guikou1", line="general-affairs")) == [("fuzhuren_wenmi", "check")]


def test_department_draft_chain_is_line_staff_first_check_then_deputy_director(draft):
    """[30(2)1] 部门代拟的公文 … 有关归口人员初审后，送分管副主任核稿."""
    doc = draft(drafting_unit="department")
    assert chain(doc) == [("guikou2", "first_check"), ("fuzhuren", "check")]


def test_normative_document_is_reviewed_by_the_legal_section_as_well(draft):
    """[30(2)3] 规范性文件，由县政府办公室法制科按规定程序要求审核."""
    assert chain(draft(importance="normative")) == [("fuzhuren", "check"), ("fazhi", "legal")]


def test_important_document_whole_route_matches_the_regulation(draft):
    """[30(2)2] 重要公文：拟稿 → 分管副主任审核 → 分管副县长审批 → 主任统筹把关 → 县长审批."""
    doc = draft(importance="important")
    doc = walk_review(services.outgoing_submit(actor=doc.drafter, pk=doc.pk))
    assert doc.state == State.SIGNING
    people = [
        (s.phase, key_of(s.assignee), s.kind)
        for s in RouteStep.objects.filter(document=doc).select_related("assignee").order_by("phase", "seq")
    ]
    assert people == [
        ("review", "fuzhuren", "check"),
        ("sign", "fuxianzhang1", "approve"),
        ("sign", "zhuren", "overall"),
        ("sign", "xianzhang", "sign"),
    ]


def test_a_review_step_cannot_be_passed_with_a_gate_unticked(draft, office):
    """[30(2)] 把好6个方面的关口: five of six is not enough, and nothing is recorded."""
    doc = services.outgoing_submit(actor=office["guikou2"], pk=draft().pk)
    with pytest.raises(ValidationError, match="定密关尚未勾选"):
        services.outgoing_review(actor=office["fuzhuren"], pk=doc.pk, gates=[g for g in Gate.values if g != "secrecy"])
    doc.refresh_from_db()
    assert doc.state == State.REVIEWING
    assert not GateCheck.objects.filter(step__document=doc).exists()


def test_each_gate_is_signed_by_the_reviewer_who_checked_it(draft, office):
    """[30(2)] every gate ticked carries the reviewer's name and time."""
    doc = services.outgoing_submit(actor=office["guikou2"], pk=draft().pk)
    services.outgoing_review(actor=office["fuzhuren"], pk=doc.pk, gates=ALL_GATES, opinion="文字已修改")
    gates = GateCheck.objects.filter(step__document=doc)
    assert sorted(g.gate for g in gates) == sorted(Gate.values)
    assert {g.checked_by for g in gates} == {office["fuzhuren"]}
    assert all(g.checked_at is not None for g in gates)


def test_only_the_reviewer_whose_step_it_is_may_review(draft, office):
    """[30(2)] the deputy director of another line, or the deputy head before his turn, is refused."""
    doc = services.outgoing_submit(actor=office["guikou2"], pk=draft().pk)
    for outsider in ("fuzhuren_wenmi", "fuxianzhang1", "guikou2", "admin"):
        with pytest.raises(ActionRefused):
            services.outgoing_review(actor=office[outsider], pk=doc.pk, gates=ALL_GATES)


def test_department_draft_needs_its_heads_signature_before_the_first_check(draft, office):
    """[30(2)1] 部门代拟的公文，由拟文单位领导人签批: not sent without it."""
    doc = draft(drafting_unit="department", unit_drafter="才仁")
    with pytest.raises(ValidationError, match="拟文单位领导人签批"):
        services.outgoing_submit(actor=office["guikou2"], pk=doc.pk)
    services.outgoing_record_unit_signature(
        actor=office["guikou2"], pk=doc.pk, head_name="旦增", signed_on=datetime.date(2026, 3, 2)
    )
    doc = services.outgoing_submit(actor=office["guikou2"], pk=doc.pk)
    assert doc.state == State.REVIEWING
    assert current(doc, Phase.REVIEW) == [office["guikou2"]]  # 归口人员初审 first


def test_sending_back_returns_to_the_drafter_and_restarts_the_chain(draft, office):
    """[30(2)] 退回修改: back to the drafter; the next submission walks the chain again from the start."""
    doc = draft(importance="important")
    doc = walk_review(services.outgoing_submit(actor=office["guikou2"], pk=doc.pk))
    doc = services.outgoing_sign(actor=office["fuxianzhang1"], pk=doc.pk, opinion="同意")
    doc = services.outgoing_send_back(actor=office["zhuren"], pk=doc.pk, comment="第二条措施不具体，请补充。")
    assert doc.state == State.DRAFTING and doc.holder == office["guikou2"] and doc.round == 2
    first_round = RouteStep.objects.filter(document=doc, round=1)
    assert set(first_round.values_list("status", flat=True)) == {
        StepStatus.DONE,
        StepStatus.RETURNED,
        StepStatus.SUPERSEDED,
    }
    assert first_round.get(assignee=office["zhuren"]).opinion == "第二条措施不具体，请补充。"

    services.outgoing_edit_text(actor=office["guikou2"], pk=doc.pk, title=doc.title, body=doc.body + "\n补充措施。")
    doc = services.outgoing_submit(actor=office["guikou2"], pk=doc.pk)
    assert current(doc, Phase.REVIEW) == [office["fuzhuren"]]  # from the start, not where it stopped
    doc = walk_review(doc)
    assert current(doc, Phase.SIGN) == [office["fuxianzhang1"]]


@pytest.mark.parametrize("who", ["reviewer", "signer"])
def test_any_reviewer_or_signer_may_send_back_but_needs_a_comment(draft, office, who):
    """[30(2)] 退回修改 with comments, by whoever holds the step."""
    doc = services.outgoing_submit(actor=office["guikou2"], pk=draft().pk)
    if who == "signer":
        doc = walk_review(doc)
    actor = office["fuzhuren"] if who == "reviewer" else office["fuxianzhang1"]
    with pytest.raises(ValidationError, match="退回修改的意见"):
        services.outgoing_send_back(actor=actor, pk=doc.pk, comment="  ")
    with pytest.raises(ActionRefused):
        services.outgoing_send_back(actor=office["guikou3"], pk=doc.pk, comment="不行")
    doc = services.outgoing_send_back(actor=actor, pk=doc.pk, comment="请修改")
    assert doc.state == State.DRAFTING


def test_every_revision_is_kept_with_its_author(draft, office):
    """[30(2)] every version of the draft is kept; the reviewer's corrections carry their name."""
    doc = draft()
    doc = services.outgoing_submit(actor=office["guikou2"], pk=doc.pk)
    services.outgoing_edit_text(
        actor=office["fuzhuren"], pk=doc.pk, title=doc.title, body=doc.body.replace("切实", "认真"), note="核稿修改"
    )
    revisions = list(Revision.objects.filter(document=doc).order_by("number"))
    assert [(r.number, r.author) for r in revisions] == [(1, office["guikou2"]), (2, office["fuzhuren"])]
    assert "切实" in revisions[0].body and "认真" in revisions[1].body
    with pytest.raises(ActionRefused):  # a signer sends back instead of editing [30(2)]
        services.outgoing_edit_text(actor=office["fuxianzhang1"], pk=doc.pk, title="x", body="y")


def test_a_second_click_on_a_stale_page_is_refused(draft, office):
    """Two people act on the same version: one wins, the other is told (409 on the page)."""
    doc = draft()
    seen = doc.version
    services.outgoing_submit(actor=office["guikou2"], pk=doc.pk, seen_version=seen)
    with pytest.raises(StaleAction, match="已被"):
        services.outgoing_submit(actor=office["guikou2"], pk=doc.pk, seen_version=seen)


def test_classified_draft_cannot_be_routed_to_someone_not_cleared(draft, office):
    """[31][32] a 机密 draft cannot go to a reviewer whose clearance is lower."""
    for username, level in (("guikou2", 2), ("fuzhuren", 1)):
        office[username].profile.clearance = level
        office[username].profile.save()
    doc = draft(secret_level=2, secrecy_period="1年")
    with pytest.raises(ValidationError, match=f"{display_name(office['fuzhuren'])}的涉密等级不足"):
        services.outgoing_submit(actor=office["guikou2"], pk=doc.pk)
    doc.refresh_from_db()
    assert doc.state == State.DRAFTING

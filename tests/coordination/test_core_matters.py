"""The 协调事项's rules, through the services [9], [15]."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from coordination import services
from coordination.models import FollowUp, Matter, MatterLog, Origin, State
from core.workflow import ActionRefused, StaleAction

from . import factories
from .factories import TODAY

pytestmark = pytest.mark.django_db


def test_a_matter_needs_two_parties_9(office):
    """[9]: 各部门之间、部门与各乡(镇)之间 — one unit alone is refused, nothing saved."""
    with pytest.raises(ValidationError, match="两个以上单位"):
        factories.registered(office, parties=("township",))
    assert not Matter.objects.exists()


def test_a_party_must_be_a_department_or_a_township_9(office):
    """[9]: a superior organ is no party to the office's coordination."""
    with pytest.raises(ValidationError, match="县政府部门"):
        factories.registered(office, parties=("township", "superior"))


def test_the_lead_is_an_office_leader_15(office):
    """[15(1)][15(2)]: the director or a deputy director leads the coordination; a section chief may not."""
    with pytest.raises(ValidationError, match="办公室主任或副主任"):
        factories.registered(office, lead=office["kezhang"])


def test_an_instruction_names_the_county_leader_9(office):
    """[9]: 根据县政府领导的指示 — the leader who instructed is a county leader."""
    with pytest.raises(ValidationError, match="作出指示"):
        factories.registered(office, origin=Origin.INSTRUCTION, instructed_by=office["kezhang"])
    matter = factories.registered(
        office, origin=Origin.INSTRUCTION, instructed_by=office["changwu"], instruction="请办公室牵头协调。"
    )
    assert matter.instructed_by == office["changwu"] and matter.instruction == "请办公室牵头协调。"


def test_registered_numbered_and_logged_9(office):
    """[9]: 登记 gives 协调〔2026〕N号, the parties and the first history line."""
    first = factories.registered(office)
    second = factories.registered(office)
    assert first.number_label == "协调〔2026〕1号" and second.serial == 2
    assert set(first.parties.values_list("pk", flat=True)) == {
        office.units["township"].pk,
        office.units["department"].pk,
    }
    assert first.state == State.REGISTERED
    assert MatterLog.objects.filter(document=first, action="register").exists()


def test_only_the_office_registers_9(office):
    """[9]: a unit's 联络员 or a county leader does not register a matter for the office."""
    for who in ("lianluo", "fuxianzhang1", "dazi"):
        with pytest.raises(ActionRefused):
            factories.registered(office, by=who)


def test_a_talk_starts_the_coordination_9(office):
    """[9]: recording a coordination meeting moves a registered matter to 协调中."""
    matter = factories.coordinating(office)
    assert matter.state == State.COORDINATING
    assert matter.talks.get().attendees.startswith("办公室副主任")


def test_the_proposal_goes_to_the_leader_in_charge_of_the_line_9(office):
    """[9]: 报县政府领导决策 — the 分管副县长 of the matter's line by default."""
    matter = factories.proposed(office)
    assert matter.state == State.PROPOSED
    assert matter.leader == office["fuxianzhang1"]  # the agriculture line's deputy head
    assert matter.proposal == factories.PROPOSAL and matter.proposed_by == office["guikou2"]


def test_without_a_line_the_proposal_goes_to_the_county_head_9(office):
    """[9]: no line named — the 县长."""
    matter = factories.proposed(office, line=None)
    assert matter.leader == office["xianzhang"]


def test_the_proposal_goes_to_a_county_leader_only_9(office):
    """[9]: 报县政府领导 — an office leader is no county leader: refused."""
    matter = factories.coordinating(office)
    with pytest.raises(ValidationError, match="县政府领导"):
        services.matter_propose(actor=office["guikou2"], pk=matter.pk, proposal="意见", leader=office["zhuren"])


def test_only_that_leader_or_the_county_head_decides_9(office):
    """[9]: another deputy head, the director and the handler are refused; the one asked decides."""
    matter = factories.proposed(office)
    for who in ("fuxianzhang2", "changwu", "zhuren", "guikou2"):
        with pytest.raises(ActionRefused):
            services.matter_decide(actor=office[who], pk=matter.pk, decision="同意")
    done = services.matter_decide(actor=office["fuxianzhang1"], pk=matter.pk, decision="同意办公室意见。")
    assert done.state == State.DECIDED and done.decided_by == office["fuxianzhang1"]


def test_the_county_head_may_decide_any_proposal_9(office):
    """[9]: the 县长 decides a matter put before a deputy head."""
    matter = factories.proposed(office)
    done = services.matter_decide(actor=office["xianzhang"], pk=matter.pk, decision="同意。")
    assert done.decided_by == office["xianzhang"]


def test_the_leader_sends_it_back_with_a_comment_9(office):
    """[9]: 退回再协调 needs the comment; the matter is coordinating again and may be proposed again."""
    matter = factories.proposed(office)
    with pytest.raises(ValidationError):
        services.matter_send_back(actor=office["fuxianzhang1"], pk=matter.pk, comment=" ")
    back = services.matter_send_back(actor=office["fuxianzhang1"], pk=matter.pk, comment="资金比例再商。")
    assert back.state == State.COORDINATING and back.times_sent_back == 1
    again = services.matter_propose(actor=office["guikou2"], pk=matter.pk, proposal="修改后的意见")
    assert again.state == State.PROPOSED


def test_a_decision_opens_a_supervision_item_linked_back_9_37(office):
    """[9][37]: the decided matter becomes a supervision item (来源：县领导批示) by supervision's own service; the
    item points back to the matter; closing records the follow-up as 转督查落实."""
    from supervision.models import Item, Source

    matter = factories.decided(office)
    item = services.matter_to_supervision(actor=office["guikou2"], pk=matter.pk, deadline=TODAY + timedelta(days=30))
    assert item.source == Source.COUNTY_LEADER and item.first_responsible == office["fuzhuren"]
    assert item.lead_unit == office.units["township"] and item.deadline == TODAY + timedelta(days=30)
    assert item.deputy_head == office["fuxianzhang1"]
    assert "同意办公室意见" in item.text
    assert Item.objects.get(pk=item.pk).coordination_matter.pk == matter.pk
    with pytest.raises(ValidationError, match="已转督查"):
        services.matter_to_supervision(actor=office["guikou2"], pk=matter.pk, deadline=TODAY + timedelta(days=30))
    done = services.matter_close(actor=office["guikou2"], pk=matter.pk, result="转督查室跟踪落实。")
    assert done.state == State.CLOSED and done.follow_up == FollowUp.SUPERVISION


def test_no_supervision_before_the_decision_9(office):
    """[9]: a proposal not yet decided is not supervised."""
    matter = factories.proposed(office)
    with pytest.raises(ActionRefused):
        services.matter_to_supervision(actor=office["guikou2"], pk=matter.pk, deadline=TODAY)


def test_closing_needs_a_result_9(office):
    """[9]: 办结 with the result; done without supervision is 已落实."""
    matter = factories.decided(office)
    with pytest.raises(ValidationError):
        services.matter_close(actor=office["guikou2"], pk=matter.pk, result="")
    done = services.matter_close(actor=office["guikou2"], pk=matter.pk, result="已落实。")
    assert done.follow_up == FollowUp.DONE and done.closed_by == office["guikou2"]


def test_withdrawn_is_kept_with_the_reason_15(office):
    """[15]: an office leader withdraws; the matter stays, with who and why; the handler may not."""
    matter = factories.coordinating(office)
    with pytest.raises(ActionRefused):
        services.matter_withdraw(actor=office["guikou3"], pk=matter.pk, reason="不需要")
    done = services.matter_withdraw(actor=office["zhuren"], pk=matter.pk, reason="双方已自行协商一致。")
    assert done.state == State.WITHDRAWN and Matter.objects.filter(pk=matter.pk).exists()
    assert done.withdraw_reason == "双方已自行协商一致。"


def test_a_stale_page_is_refused_9(office):
    """[9]: a page loaded before someone else acted — the step is refused, nothing changes."""
    matter = factories.proposed(office)
    seen = matter.version
    services.matter_send_back(actor=office["fuxianzhang1"], pk=matter.pk, comment="再商。")
    with pytest.raises(StaleAction):
        services.matter_decide(actor=office["fuxianzhang1"], pk=matter.pk, seen_version=seen, decision="同意")


def test_a_document_matter_names_its_incoming_document_9(office):
    """[9]: 办理文件的需要 — the document being handled is named; without it, refused."""
    with pytest.raises(ValidationError, match="所办来文"):
        factories.registered(office, origin=Origin.DOCUMENT, requested_by=None)

"""刻制印章 [7]: a unit's 联络员 applies for their own unit only and sees only its items; the office director
decides (or returns it for correction); the clerk records it made and hands it over, which registers the seal
in use with the receiver as its keeper."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.workflow import ActionRefused
from seals import selectors, services
from seals.models import ApplicationReason, ApplicationState, Seal, SealKind, SealState

from . import factories as f
from .factories import CLERK, CONTACT, DEPUTY, DIRECTOR, TODAY


def test_a_contact_applies_for_their_own_unit_only_7(office):
    """[7] 测试乡's 联络员 applies for 测试乡; for another unit they are refused."""
    own = f.application(office)
    assert own.unit == office.units["township"] and own.state == ApplicationState.SUBMITTED
    with pytest.raises(ActionRefused, match="只能为本单位"):
        f.application(office, unit="department")
    assert office[DIRECTOR].notifications.filter(title="有刻制印章申请待审批").exists()


def test_the_clerk_enters_a_paper_application_for_any_department_or_township_7(office):
    assert f.application(office, unit="department", actor=CLERK).applicant == office[CLERK]
    with pytest.raises(ValidationError, match="由县政府办公室制发"):
        f.application(office, unit="superior", actor=CLERK)


@pytest.mark.parametrize("who", ["guikou1", "kezhang", DIRECTOR, "xianzhang"])
def test_others_do_not_apply_7(office, who):
    with pytest.raises(ActionRefused):
        f.application(office, actor=who)


def test_a_contact_sees_only_their_units_items_7(office):
    """[7] The contact sees their unit's applications and seals — not another unit's, nor the office's own
    seals, requests or uses."""
    mine = f.handed_over_application(office)
    theirs = f.application(office, unit="department", actor=CLERK, seal_name="杂多县财政局")
    f.use(office)  # an own seal with a request and a use
    contact = office[CONTACT]
    assert list(selectors.applications_visible_to(contact)) == [mine]
    assert list(selectors.seals_visible_to(contact)) == [mine.seal]
    assert not selectors.requests_visible_to(contact).exists()
    assert not selectors.uses_visible_to(contact).exists()
    with pytest.raises(Exception) as missing:
        selectors.get_for(selectors.applications_visible_to(contact), theirs.pk)
    assert missing.type.__name__ == "Http404"


def test_the_office_sees_everything_staff_see_the_register_and_their_own_requests_7(office):
    app = f.application(office)
    use = f.use(office)
    f.request(office, use.seal, actor="guikou2")
    for who in (DIRECTOR, DEPUTY, CLERK):
        assert selectors.applications_visible_to(office[who]).count() == 1
        assert selectors.requests_visible_to(office[who]).count() == 2
        assert selectors.uses_visible_to(office[who]).count() == 1
    staff = office["guikou2"]
    assert selectors.seals_visible_to(staff).count() == 1
    assert selectors.requests_visible_to(staff).count() == 1
    assert not selectors.uses_visible_to(staff).exists()
    assert not selectors.applications_visible_to(staff).exists()
    assert selectors.uses_visible_to(office["guikou1"]).get() == use  # their own request's use
    leader = office["xianzhang"]  # county leaders are not in this chapter
    assert not selectors.seals_visible_to(leader).exists()
    assert app.pk


@pytest.mark.parametrize("who", [DEPUTY, CLERK, "fuzhuren_wenmi", "xianzhang", CONTACT])
def test_only_the_director_decides_an_application_7(office, who):
    waiting = f.application(office)
    with pytest.raises(ActionRefused, match="只有办公室主任"):
        services.application_approve(actor=office[who], pk=waiting.pk)
    with pytest.raises(ActionRefused):
        services.application_reject(actor=office[who], pk=waiting.pk, comment="不同意")


def test_handover_creates_the_seal_in_use_with_the_receiver_as_keeper_7(office):
    """[7] Approved, made, handed over: the unit's seal is registered in use, numbered, kept by the receiver."""
    app = f.handed_over_application(office)
    seal = Seal.objects.get(pk=app.seal_id)
    assert app.state == ApplicationState.HANDED_OVER
    assert (seal.unit, seal.keeper_name, seal.keeper) == (office.units["township"], "才仁多杰", None)
    assert seal.state == SealState.IN_USE and seal.approval == app and seal.name == "杂多县测试乡人民政府"
    assert seal.number == "印〔2026〕1号" and seal.made_on == TODAY
    assert app.handed_by == office[CLERK] and app.received_by_phone == "0976-8512345"
    assert [e.action for e in app.log.order_by("at", "id")] == ["submit", "approve", "make", "hand_over"]


def test_a_rejected_application_is_not_made_7(office):
    waiting = f.application(office)
    with pytest.raises(ValidationError, match="不予批准的理由"):
        services.application_reject(actor=office[DIRECTOR], pk=waiting.pk, comment="")
    rejected = services.application_reject(actor=office[DIRECTOR], pk=waiting.pk, comment="无编委批准文件")
    with pytest.raises(ActionRefused):
        services.application_made(actor=office[CLERK], pk=rejected.pk, made_on=TODAY, maker="刻章点")
    assert office[CONTACT].notifications.filter(title="刻制印章申请不予批准").exists()


def test_made_and_handed_over_by_the_clerk_only_and_in_order_7(office):
    approved = f.approved_application(office)
    with pytest.raises(ActionRefused, match="只有收发秘书"):
        services.application_made(actor=office[DIRECTOR], pk=approved.pk, made_on=TODAY, maker="刻章点")
    handover = services.HandoverData(handed_on=TODAY, received_by_name="才仁多杰")
    with pytest.raises(ActionRefused):  # not made yet
        services.application_hand_over(actor=office[CLERK], pk=approved.pk, data=handover)
    with pytest.raises(ValidationError, match="刻制单位"):
        services.application_made(actor=office[CLERK], pk=approved.pk, made_on=TODAY, maker="")
    made = services.application_made(actor=office[CLERK], pk=approved.pk, made_on=TODAY, maker="刻章点")
    with pytest.raises(ValidationError, match="领取人"):
        services.application_hand_over(
            actor=office[CLERK], pk=made.pk, data=services.HandoverData(handed_on=TODAY, received_by_name="")
        )
    assert not Seal.objects.exists()


def test_returned_for_correction_the_contact_resubmits_7(office):
    """[7] (decision) The director returns an incomplete application; the contact corrects and resubmits; the
    director decides again."""
    waiting = f.application(office)
    with pytest.raises(ValidationError, match="退回补正的意见"):
        services.application_return(actor=office[DIRECTOR], pk=waiting.pk, comment="")
    returned = services.application_return(actor=office[DIRECTOR], pk=waiting.pk, comment="请附县编委批准文件")
    assert returned.state == ApplicationState.RETURNED
    data = services.ApplicationData(
        unit_id=office.units["township"].pk,
        seal_name="杂多县测试乡人民政府",
        kind=SealKind.OFFICIAL,
        reason=ApplicationReason.RENAMED,
        explanation="已附县编委〔2026〕12号批复。",
    )
    with pytest.raises(ActionRefused):
        services.application_resubmit(actor=office["guikou1"], pk=returned.pk, data=data)
    again = services.application_resubmit(actor=office[CONTACT], pk=returned.pk, data=data)
    assert again.state == ApplicationState.SUBMITTED and again.decided_by is None
    assert services.application_approve(actor=office[DIRECTOR], pk=again.pk).state == ApplicationState.APPROVED


def test_a_contact_withdraws_their_units_application_until_decided_7(office):
    waiting = f.application(office)
    assert services.application_withdraw(actor=office[CONTACT], pk=waiting.pk).state == ApplicationState.WITHDRAWN
    approved = f.approved_application(office)
    with pytest.raises(ActionRefused):
        services.application_withdraw(actor=office[CONTACT], pk=approved.pk)


def test_a_reissue_needs_an_explanation_7(office):
    with pytest.raises(ValidationError, match="情况说明"):
        f.application(office, reason=ApplicationReason.LOST, explanation="")

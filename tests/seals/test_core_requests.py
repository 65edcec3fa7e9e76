"""用印申请 and 用印登记 [7]: a use rests on an approved request (or an outgoing document at its 用印 step); the
office director or a deputy director decides; the clerk stamps each request once; two leaders acting at once:
one wins, the other is told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from core.workflow import ActionRefused, StaleAction
from seals import services
from seals.models import RequestState, SealRequest, SealUse

from . import factories as f
from .factories import CLERK, DEPUTY, DIRECTOR, STAFF


def _stamp(office, request, *, copies=None, actor=CLERK):
    data = services.UseData(seal_id=request.seal_id, copies=copies or request.copies, request_id=request.pk)
    return services.use_record(actor=office[actor], data=data)


def test_a_seal_used_without_an_approved_request_is_refused_7(office):
    """[7] A request still waiting for the leaders cannot be stamped, and a use with no basis at all is refused."""
    waiting = f.request(office)
    with pytest.raises(ActionRefused, match="未经批准不能用印"):
        _stamp(office, waiting)
    with pytest.raises(ActionRefused, match="二者选其一"):
        services.use_record(actor=office[CLERK], data=services.UseData(seal_id=waiting.seal_id, subject="证明"))
    assert not SealUse.objects.exists()
    waiting.refresh_from_db()
    assert waiting.state == RequestState.SUBMITTED


def test_a_request_is_used_once_7(office):
    """[7] A stamped request is 已用印; a second stamping on it is refused and leaves one use."""
    use = f.use(office)
    assert use.request.state == RequestState.USED
    assert use.approved_by == office[DIRECTOR] and use.stamped_by == office[CLERK]
    with pytest.raises(ActionRefused, match="一次申请只能用印一次"):
        _stamp(office, use.request)
    assert SealUse.objects.filter(request=use.request).count() == 1


def test_a_returned_request_cannot_be_stamped_7(office):
    """[7] Returned with the leader's reason, the request is closed for stamping."""
    waiting = f.request(office)
    returned = services.request_return(actor=office[DEPUTY], pk=waiting.pk, comment="事由不清，请补充说明。")
    assert returned.state == RequestState.RETURNED and returned.decided_by == office[DEPUTY]
    with pytest.raises(ActionRefused, match="已退回"):
        _stamp(office, returned)
    assert not SealUse.objects.exists()


def test_returning_needs_a_reason_7(office):
    waiting = f.request(office)
    with pytest.raises(ValidationError, match="退回理由"):
        services.request_return(actor=office[DIRECTOR], pk=waiting.pk, comment=" ")


@pytest.mark.parametrize("who", ["kezhang", "shoufa", "guikou2", "xianzhang", "changwu", "fuxianzhang1", "lianluo"])
def test_only_the_director_or_a_deputy_director_decides_a_request_7(office, who):
    """[7] Section chiefs, the clerk, staff, county leaders and contacts may neither approve nor return."""
    waiting = f.request(office)
    with pytest.raises(ActionRefused, match="只有办公室主任或副主任"):
        services.request_approve(actor=office[who], pk=waiting.pk)
    with pytest.raises(ActionRefused):
        services.request_return(actor=office[who], pk=waiting.pk, comment="不同意")
    waiting.refresh_from_db()
    assert waiting.state == RequestState.SUBMITTED


@pytest.mark.parametrize("leader", [DIRECTOR, DEPUTY, "fuzhuren_wenmi"])
def test_the_director_and_each_deputy_director_approve_7(office, leader):
    approved = services.request_approve(actor=office[leader], pk=f.request(office).pk, comment="同意")
    assert approved.state == RequestState.APPROVED
    assert approved.log.filter(action="approve", actor=office[leader]).exists()


def test_a_leader_does_not_approve_their_own_request_7(office):
    """[7] The approval is someone else's: a deputy director's own request goes to another office leader."""
    own = f.request(office, actor=DEPUTY)
    with pytest.raises(ActionRefused, match="本人提交"):
        services.request_approve(actor=office[DEPUTY], pk=own.pk)
    assert services.request_approve(actor=office[DIRECTOR], pk=own.pk).state == RequestState.APPROVED


def test_two_leaders_approving_at_once_one_wins_the_other_is_told_7(office):
    """[7] Both loaded the page at the same version: the first approves, the second gets StaleAction (409) naming
    who acted; the log has one decision."""
    waiting = f.request(office)
    seen = waiting.version
    services.request_approve(actor=office[DIRECTOR], pk=waiting.pk, seen_version=seen, comment="同意")
    with pytest.raises(StaleAction, match=r"已被.*处理"):
        services.request_return(actor=office[DEPUTY], pk=waiting.pk, seen_version=seen, comment="不同意")
    with pytest.raises(StaleAction):
        services.request_approve(actor=office[DEPUTY], pk=waiting.pk, seen_version=seen)
    waiting.refresh_from_db()
    assert waiting.state == RequestState.APPROVED and waiting.decided_by == office[DIRECTOR]
    assert waiting.log.filter(action__in=["approve", "return"]).count() == 1


def test_any_office_staff_member_applies_county_leaders_and_contacts_do_not_7(office):
    seal = f.seal(office)
    for who in ("dazi", "zhiban", "kezhang", DEPUTY):
        assert f.request(office, seal, actor=who).state == RequestState.SUBMITTED
    for who in ("xianzhang", "lianluo"):
        with pytest.raises(ActionRefused, match="办公室工作人员"):
            f.request(office, seal, actor=who)


def test_the_leaders_are_told_of_a_new_request_and_the_clerk_of_an_approval_7(office):
    waiting = f.request(office)
    assert office[DIRECTOR].notifications.filter(title="有用印申请待审批").exists()
    services.request_approve(actor=office[DIRECTOR], pk=waiting.pk)
    assert office[CLERK].notifications.filter(title="有已批准的用印申请待用印").exists()
    assert office[STAFF].notifications.filter(title="用印申请已批准").exists()


def test_only_the_clerk_stamps_and_not_more_copies_than_approved_7(office):
    approved = f.approved_request(office, copies=2)
    with pytest.raises(ActionRefused, match="只有收发秘书"):
        _stamp(office, approved, actor=DIRECTOR)
    with pytest.raises(ValidationError, match="超过批准的份数"):
        _stamp(office, approved, copies=3)
    assert _stamp(office, approved, copies=2).copies == 2


def test_a_request_is_stamped_with_the_seal_approved_only_7(office):
    approved = f.approved_request(office)
    other = f.office_seal(office)
    data = services.UseData(seal_id=other.pk, copies=1, request_id=approved.pk)
    with pytest.raises(ValidationError, match="批准使用的是"):
        services.use_record(actor=office[CLERK], data=data)


def test_an_approved_request_lapses_after_thirty_days_unstamped_7(office, clock):
    """[7] (decision) Approved on 10 November, stampable through 10 December; on 11 December it has lapsed."""
    approved = f.approved_request(office)
    assert services.expires_on(approved) == f.TODAY + timedelta(days=30)
    clock.move_to(f.NOW + timedelta(days=31))
    assert services.is_lapsed(approved)
    with pytest.raises(ActionRefused, match="已失效"):
        _stamp(office, approved)
    assert not SealUse.objects.exists()


def test_the_applicant_withdraws_until_stamped_others_do_not_7(office):
    approved = f.approved_request(office)
    with pytest.raises(ActionRefused, match="只有申请人"):
        services.request_withdraw(actor=office["guikou2"], pk=approved.pk)
    assert services.request_withdraw(actor=office[STAFF], pk=approved.pk).state == RequestState.WITHDRAWN
    used = f.use(office).request
    with pytest.raises(ActionRefused):
        services.request_withdraw(actor=office[STAFF], pk=used.pk)


def test_void_keeps_the_row_and_the_request_may_be_stamped_again_7(office):
    """[7] Nothing is deleted: a wrong entry is 作废 with who and why, the row stays, the approval stands."""
    use = f.use(office, copies=1)
    with pytest.raises(ValidationError, match="作废原因"):
        services.use_void(actor=office[CLERK], pk=use.pk, reason="")
    voided = services.use_void(actor=office[CLERK], pk=use.pk, reason="份数登记错误")
    assert voided.voided_by == office[CLERK] and voided.void_reason == "份数登记错误"
    assert SealUse.objects.filter(pk=use.pk).exists()
    request = SealRequest.objects.get(pk=use.request_id)
    assert request.state == RequestState.APPROVED
    again = _stamp(office, request, copies=2)
    assert SealUse.objects.filter(request=request).count() == 2
    assert SealUse.objects.filter(request=request, voided_at__isnull=True).get() == again
    with pytest.raises(ActionRefused, match="已作废"):
        services.use_void(actor=office[CLERK], pk=use.pk, reason="再次")


def test_only_the_clerk_voids_7(office):
    use = f.use(office)
    with pytest.raises(ActionRefused, match="只有收发秘书"):
        services.use_void(actor=office[DIRECTOR], pk=use.pk, reason="错误")

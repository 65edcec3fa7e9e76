"""Clean-ups, repeal proposals, interpretations: who decides, what follows; nothing is deleted [13]."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.workflow import ActionRefused, StaleAction
from normative import selectors, services
from normative.models import (
    Cleanup,
    CleanupState,
    Decision,
    InterpretationState,
    NormativeDocument,
    ProposalState,
    State,
)

from . import factories as f

pytestmark = pytest.mark.django_db


def test_a_cleanups_repeal_decision_repeals_the_document_13(office):
    """[13] the executive deputy head decides the clean-up: the document proposed for repeal is 已废止 with the
    date and "经清理废止", and leaves the in-force list; the one kept stays; the one to amend is flagged."""
    repeal = f.in_force_document(office, title="要废止的办法")
    keep = f.in_force_document(office, title="继续有效的办法")
    amend = f.in_force_document(office, title="要修改的办法")
    cleanup = f.cleanup_with(office, repeal)
    services.cleanup_add(
        actor=office[f.LEGAL], cleanup_pk=cleanup.pk, document_pk=keep.pk, proposal=Decision.KEEP, reason=""
    )
    services.cleanup_add(
        actor=office[f.LEGAL], cleanup_pk=cleanup.pk, document_pk=amend.pk, proposal=Decision.AMEND, reason="需补充"
    )
    services.cleanup_submit(actor=office[f.LEGAL], pk=cleanup.pk)
    assert set(selectors.in_force()) == {repeal, keep, amend}
    cleanup = services.cleanup_decide(actor=office[f.EXECUTIVE], pk=cleanup.pk, comment="同意")
    assert cleanup.state == CleanupState.DECIDED and cleanup.decided_by == office[f.EXECUTIVE]
    repeal.refresh_from_db()
    keep.refresh_from_db()
    amend.refresh_from_db()
    assert repeal.state == State.REPEALED and repeal.state_on == f.TODAY
    assert repeal.state_reason.startswith("经清理废止")
    assert keep.state == State.PUBLISHED and not keep.needs_amendment
    assert amend.state == State.PUBLISHED and amend.needs_amendment
    assert set(selectors.in_force()) == {keep, amend}


def test_a_repeal_proposal_accepted_repeals_the_document_13(office):
    """[13] 提出废止规范性文件的建议: the county head accepts, the document is repealed and leaves the list."""
    document = f.in_force_document(office)
    proposal = f.proposal(office, document)
    proposal = services.repeal_decide(actor=office[f.HEAD], pk=proposal.pk, accept=True)
    assert proposal.state == ProposalState.ACCEPTED
    document.refresh_from_db()
    assert document.state == State.REPEALED and "采纳废止建议" in document.state_reason
    assert not selectors.in_force().exists()


def test_a_repeal_proposal_rejected_leaves_the_document_in_force_13(office):
    document = f.in_force_document(office)
    proposal = f.proposal(office, document)
    with pytest.raises(ValidationError, match="请写明意见"):
        services.repeal_decide(actor=office[f.HEAD], pk=proposal.pk, accept=False)
    services.repeal_decide(actor=office[f.HEAD], pk=proposal.pk, accept=False, comment="暂缓，待上位法修订后再议")
    document.refresh_from_db()
    assert document.state == State.PUBLISHED and selectors.in_force().get() == document


@pytest.mark.parametrize("who", ["fuxianzhang1", "zhuren", "fuzhuren", "fazhi", "guikou1"])
def test_only_the_county_head_or_executive_deputy_decides_13(office, who):
    """[13] a clean-up and a repeal proposal are decided by the county government: the county head or the
    executive deputy head — not another deputy head, not the office, not 法制科 itself."""
    document = f.in_force_document(office)
    cleanup = f.submitted_cleanup(office, document)
    with pytest.raises(ActionRefused, match="县长或常务副县长"):
        services.cleanup_decide(actor=office[who], pk=cleanup.pk)
    other = f.in_force_document(office, title="另一办法")
    proposal = f.proposal(office, other)
    with pytest.raises(ActionRefused, match="县长或常务副县长"):
        services.repeal_decide(actor=office[who], pk=proposal.pk, accept=True)
    assert NormativeDocument.objects.filter(state=State.REPEALED).count() == 0
    services.cleanup_decide(actor=office[f.HEAD], pk=cleanup.pk)
    services.repeal_decide(actor=office[f.EXECUTIVE], pk=proposal.pk, accept=True)
    assert NormativeDocument.objects.filter(state=State.REPEALED).count() == 2


def test_only_the_legal_section_starts_a_cleanup_or_proposes_13(office):
    document = f.in_force_document(office)
    for who in ("xianzhang", "zhuren", "guikou1"):
        with pytest.raises(ActionRefused, match="法制科"):
            services.cleanup_start(actor=office[who], title="清理")
        with pytest.raises(ActionRefused, match="法制科"):
            services.repeal_propose(actor=office[who], document_pk=document.pk, reason="理由")


def test_stale_decisions_are_refused_13(office):
    """[13] the leader's page loaded before 法制科 changed the clean-up: refused (409), nothing applied."""
    document = f.in_force_document(office)
    cleanup = f.submitted_cleanup(office, document)
    seen = cleanup.version
    Cleanup.objects.filter(pk=cleanup.pk).update(version=seen + 1)  # someone acted since
    with pytest.raises(StaleAction):
        services.cleanup_decide(actor=office[f.HEAD], pk=cleanup.pk, seen_version=seen)
    proposal = f.proposal(office, f.in_force_document(office, title="另一办法"))
    with pytest.raises(StaleAction):
        services.repeal_decide(actor=office[f.HEAD], pk=proposal.pk, seen_version=proposal.version + 1, accept=True)
    document.refresh_from_db()
    assert document.state == State.PUBLISHED


def test_a_cleanup_goes_to_the_leader_only_with_documents_in_it_13(office):
    cleanup = services.cleanup_start(actor=office[f.LEGAL], title="2026年度规范性文件清理")
    with pytest.raises(ValidationError, match="还没有文件"):
        services.cleanup_submit(actor=office[f.LEGAL], pk=cleanup.pk)


def test_a_proposal_to_repeal_needs_its_reason_13(office):
    document = f.in_force_document(office)
    cleanup = services.cleanup_start(actor=office[f.LEGAL], title="清理")
    with pytest.raises(ValidationError, match="理由"):
        services.cleanup_add(
            actor=office[f.LEGAL], cleanup_pk=cleanup.pk, document_pk=document.pk, proposal=Decision.REPEAL, reason=""
        )
    with pytest.raises(ValidationError, match="理由"):
        services.repeal_propose(actor=office[f.LEGAL], document_pk=document.pk, reason=" ")


def test_an_interpretation_is_answered_by_the_legal_section_13(office):
    """[13] 解释规范性文件: 法制科 records and answers; the answer is due 20 working days after the request."""
    document = f.in_force_document(office)
    item = f.interpretation(office, document)
    assert item.answer_due > item.asked_on
    with pytest.raises(ActionRefused, match="法制科"):
        services.interpretation_answer(actor=office["zhuren"], pk=item.pk, answer="答复")
    item = services.interpretation_answer(actor=office[f.LEGAL], pk=item.pk, answer="包括。")
    assert item.state == InterpretationState.ANSWERED and item.answered_by == office[f.LEGAL]


def test_nothing_is_deleted_13(office):
    """[13] a repealed document, its decided clean-up and its log stay; the models refuse a delete (PROTECT)."""
    document = f.in_force_document(office)
    cleanup = f.submitted_cleanup(office, document)
    services.cleanup_decide(actor=office[f.HEAD], pk=cleanup.pk)
    assert NormativeDocument.objects.filter(pk=document.pk, state=State.REPEALED).exists()
    assert document.log.count() >= 3
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        NormativeDocument.objects.filter(pk=document.pk).delete()

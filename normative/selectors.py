"""Who sees which normative records — the one place that decides it — and the reads built on it [13].

法制科, the office's director and deputy directors and the county leaders see the whole register: documents
waiting to be published, filings, interpretation requests, clean-ups and repeal proposals. Every other signed-in
person (office staff, the units' 联络员) sees the documents once published — in force, expired, repealed or
superseded, each marked as such: normative documents are public by nature — but not one still waiting to be
published, and none of the office's internal work on them. A superuser reads everything (nothing here is
classified: a classified outgoing document is never registered). Views, the admin, 我的待办, exports and the PDF
read through these functions.

``in_force(on=None)`` is the public list (现行有效规范性文件目录): published, effective, not past its validity.
It is a query on dates, not a state, so a document past its validity leaves the list on its own [13].
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from . import rules
from .models import (
    Cleanup,
    CleanupItem,
    CleanupState,
    Interpretation,
    InterpretationState,
    NormativeDocument,
    ProposalState,
    RepealProposal,
    State,
)


def _everything(user) -> bool:
    return rules.sees_register(user) or bool(getattr(user, "is_superuser", False) and user.is_active)


def condition(user) -> Q | None:
    """The rule as a ``Q`` on NormativeDocument; None: nothing; an empty ``Q()``: everything."""
    if _everything(user):
        return Q()
    if rules.can_open_normative(user):
        return ~Q(state=State.REGISTERED)
    return None


def documents_visible_to(user) -> QuerySet[NormativeDocument]:
    """THE visibility selector of the chapter [13]."""
    cond = condition(user)
    return NormativeDocument.objects.none() if cond is None else NormativeDocument.objects.filter(cond)


def in_force_condition(on: date | None = None, prefix: str = "") -> Q:
    on = on or timezone.localdate()
    return Q(
        **{
            f"{prefix}state": State.PUBLISHED,
            f"{prefix}effective_on__lte": on,
            f"{prefix}valid_until__gte": on,
        }
    )


def in_force(on: date | None = None) -> QuerySet[NormativeDocument]:
    """现行有效规范性文件目录: published, effective on ``on`` (today) and not past its validity [13]. Public to
    every signed-in person; ordered by authority, then effective date."""
    return NormativeDocument.objects.filter(in_force_condition(on)).order_by("authority", "-effective_on", "-id")


def in_force_visible_to(user, on: date | None = None) -> QuerySet[NormativeDocument]:
    """The in-force list for a person: everyone who may open the chapter [13]."""
    if not rules.can_open_normative(user) and not _everything(user):
        return NormativeDocument.objects.none()
    return in_force(on)


def filing_overdue(qs: QuerySet[NormativeDocument], on: date | None = None) -> QuerySet[NormativeDocument]:
    """Published, not yet filed, past the filing deadline."""
    on = on or timezone.localdate()
    return qs.filter(state=State.PUBLISHED, filed_on__isnull=True, filing_due__lt=on)


def get_document_for(user, pk) -> NormativeDocument:
    """A document this person may read, or 404 for "missing" and "not yours" alike."""
    return _get(
        documents_visible_to(user).select_related(
            "outgoing", "legal_reviewed_by__profile", "registered_by__profile", "replaced_by"
        ),
        pk,
        "规范性文件",
    )


def _get(qs: QuerySet, pk, what: str):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"没有找到该{what}。") from None


# --- the office's work on them: the register's readers only ---------------------------------------------------


def interpretations_visible_to(user) -> QuerySet[Interpretation]:
    if not _everything(user):
        return Interpretation.objects.none()
    return Interpretation.objects.filter(document__in=documents_visible_to(user))


def cleanups_visible_to(user) -> QuerySet[Cleanup]:
    return Cleanup.objects.all() if _everything(user) else Cleanup.objects.none()


def cleanup_items_visible_to(user) -> QuerySet[CleanupItem]:
    return CleanupItem.objects.all() if _everything(user) else CleanupItem.objects.none()


def proposals_visible_to(user) -> QuerySet[RepealProposal]:
    return RepealProposal.objects.all() if _everything(user) else RepealProposal.objects.none()


def get_interpretation_for(user, pk) -> Interpretation:
    return _get(
        interpretations_visible_to(user).select_related("document", "answered_by__profile", "recorded_by__profile"),
        pk,
        "解释申请",
    )


def get_cleanup_for(user, pk) -> Cleanup:
    return _get(cleanups_visible_to(user).select_related("started_by__profile", "decided_by__profile"), pk, "清理")


def cleanup_items(cleanup: Cleanup) -> QuerySet[CleanupItem]:
    return cleanup.items.select_related("document", "added_by__profile").order_by("id")


def get_proposal_for(user, pk) -> RepealProposal:
    return _get(
        proposals_visible_to(user).select_related("document", "proposed_by__profile", "decided_by__profile"),
        pk,
        "废止建议",
    )


# --- the queues of 我的待办 ------------------------------------------------------------------------------------


def to_file(user) -> QuerySet[NormativeDocument]:
    """Published documents not yet filed (法制科) [13]."""
    if not rules.is_legal_section(user):
        return NormativeDocument.objects.none()
    return documents_visible_to(user).filter(state=State.PUBLISHED, filed_on__isnull=True)


def to_publish(user) -> QuerySet[NormativeDocument]:
    """Registered, waiting to be published (法制科) [13]."""
    if not rules.is_legal_section(user):
        return NormativeDocument.objects.none()
    return documents_visible_to(user).filter(state=State.REGISTERED)


def to_answer(user) -> QuerySet[Interpretation]:
    """Interpretation requests waiting for 法制科's answer [13]."""
    if not rules.is_legal_section(user):
        return Interpretation.objects.none()
    return interpretations_visible_to(user).filter(state=InterpretationState.OPEN)


def cleanups_in_progress(user) -> QuerySet[Cleanup]:
    """Clean-ups 法制科 is still working on [13]."""
    if not rules.is_legal_section(user):
        return Cleanup.objects.none()
    return cleanups_visible_to(user).filter(state=CleanupState.DRAFTING)


def cleanups_to_decide(user) -> QuerySet[Cleanup]:
    """Submitted clean-ups waiting for the county head or the executive deputy head [13]."""
    if not rules.is_decider(user):
        return Cleanup.objects.none()
    return cleanups_visible_to(user).filter(state=CleanupState.SUBMITTED)


def proposals_to_decide(user) -> QuerySet[RepealProposal]:
    """Repeal proposals waiting for the county head or the executive deputy head [13]."""
    if not rules.is_decider(user):
        return RepealProposal.objects.none()
    return proposals_visible_to(user).filter(state=ProposalState.PROPOSED)

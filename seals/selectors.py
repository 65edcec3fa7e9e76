"""Who sees which 印信 records — the one place that decides it — and the reads built on it [7].

- The office's leaders (主任, 副主任) and the clerk (收发秘书) see every seal, request, use and application.
- Other office staff see the seal register (which seals exist and whether they are in use, to ask for one),
  their own requests, and the uses of their own requests.
- A unit's 联络员 sees their own unit's seals and their own unit's applications; no requests, no uses.
- A superuser (the maintainer, in the admin) reads everything — nothing here is classified (an outgoing
  document's use is named by its number and secret level only, never a classified title).
- County leaders and everyone else see nothing.

Views, the admin, 我的待办, exports, PDFs and downloads read through these functions; ``get_for`` gives a 404
for an item that is missing or not this person's.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from . import rules
from .models import ApplicationState, RequestState, Seal, SealApplication, SealRequest, SealState, SealUse


def _everything(user) -> bool:
    return rules.sees_everything(user) or bool(getattr(user, "is_superuser", False) and user.is_active)


def condition(user, model) -> Q | None:
    """The rule as a ``Q`` on ``model``; None: nothing; an empty ``Q()``: everything."""
    if _everything(user):
        return Q()
    if rules.is_office_staff(user):
        if model is Seal:
            return Q()
        if model is SealRequest:
            return Q(applicant_id=user.pk)
        if model is SealUse:
            return Q(request__applicant_id=user.pk)
        return None
    unit_id = rules.contact_unit_id(user)
    if unit_id is None:
        return None
    if model is Seal:
        return Q(unit_id=unit_id)
    if model is SealApplication:
        return Q(unit_id=unit_id)
    return None


def _visible(user, model) -> QuerySet:
    cond = condition(user, model)
    return model.objects.none() if cond is None else model.objects.filter(cond)


def seals_visible_to(user) -> QuerySet[Seal]:
    return _visible(user, Seal)


def requests_visible_to(user) -> QuerySet[SealRequest]:
    return _visible(user, SealRequest)


def uses_visible_to(user) -> QuerySet[SealUse]:
    return _visible(user, SealUse)


def applications_visible_to(user) -> QuerySet[SealApplication]:
    return _visible(user, SealApplication)


def get_for(queryset: QuerySet, pk):
    """One item through a visibility queryset: missing and not-yours are the same 404."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该记录，或您无权查看。") from None


# --- lists the pages and 我的待办 share (flat in queries: everything shown is joined here) -------------------


def seal_list(user) -> QuerySet[Seal]:
    return seals_visible_to(user).select_related("unit", "keeper__profile").order_by("unit_id", "-year", "-serial")


def request_list(user) -> QuerySet[SealRequest]:
    return requests_visible_to(user).select_related("seal", "applicant__profile", "decided_by__profile")


def use_list(user) -> QuerySet[SealUse]:
    return uses_visible_to(user).select_related(
        "seal", "request", "outgoing", "approved_by__profile", "stamped_by__profile", "voided_by__profile"
    )


def application_list(user) -> QuerySet[SealApplication]:
    return applications_visible_to(user).select_related("unit", "applicant__profile", "decided_by__profile", "seal")


def requests_waiting(user) -> QuerySet[SealRequest]:
    """Requests waiting for this leader's decision (not their own) [7]."""
    if not rules.can_decide_request(user):
        return SealRequest.objects.none()
    return (
        request_list(user)
        .filter(state=RequestState.SUBMITTED)
        .exclude(applicant_id=user.pk)
        .order_by("submitted_at", "id")
    )


def requests_to_stamp(user) -> QuerySet[SealRequest]:
    """Approved requests waiting for the clerk's stamp [7] (lapsed ones included: the page marks them)."""
    if not rules.can_keep_seals(user):
        return SealRequest.objects.none()
    return request_list(user).filter(state=RequestState.APPROVED).order_by("decided_at", "id")


def applications_waiting(user) -> QuerySet[SealApplication]:
    if not rules.can_decide_application(user):
        return SealApplication.objects.none()
    return application_list(user).filter(state=ApplicationState.SUBMITTED).order_by("submitted_at", "id")


def applications_to_make(user) -> QuerySet[SealApplication]:
    """Approved (to have made) and made (to hand over): the clerk's [7]."""
    if not rules.can_keep_seals(user):
        return SealApplication.objects.none()
    return (
        application_list(user)
        .filter(state__in=[ApplicationState.APPROVED, ApplicationState.MADE])
        .order_by("decided_at", "id")
    )


def seals_in_use(user) -> QuerySet[Seal]:
    """Own seals in use: what a request may ask for and the clerk may stamp with [7]."""
    return seals_visible_to(user).filter(unit__isnull=True, state=SealState.IN_USE).order_by("-year", "-serial")

"""Who sees which petitions — the one place that decides it — and the one presenter of personal data.

- 信访接待 (petition staff): every case; personal data in clear.
- A case's handler, and the 单位联络员 of the unit it is referred to: that case; in clear [47].
- Office and county leaders, superusers: every case (the leaders' statistics); personal data MASKED.
- Everyone else: nothing (``get_case_for`` answers 404 for "missing" and "not yours" alike).

``petitioners_shown(case, user)`` is the only way pages, PDFs, exports, notifications and the admin get at a
petitioner's ID number, phone or address; ``rules.can_see_personal_data`` decides clear or masked. Lists,
search results and exports use ``masked=True`` for everyone: a list needs no ID number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from . import rules
from .identity import mask_address, mask_id_number, mask_phone
from .models import ENDED_STATES, Case, Extension, Incident, Petitioner, Referral, State


def condition(user, prefix: str = "") -> Q | None:
    """The rule as a ``Q`` on the case (or, with a prefix such as ``"case__"``, on rows pointing to one);
    None: nothing at all."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser or rules.is_petition_staff(user) or rules.is_leader(user):
        return Q()
    parts = Q(**{f"{prefix}handler_id": user.pk})
    unit_id = rules.contact_unit_id(user)
    if unit_id is not None:
        parts |= Q(**{f"{prefix}unit_id": unit_id})
    return parts


def cases_visible_to(user) -> QuerySet[Case]:
    cond = condition(user)
    return Case.objects.none() if cond is None else Case.objects.filter(cond)


def get_case_for(user, pk, *, select_related=()) -> Case:
    """404 for "missing" and for "not yours" alike."""
    try:
        return (
            cases_visible_to(user)
            .select_related(*(select_related or ("township", "unit", "handler__profile", "received_by__profile")))
            .get(pk=pk)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该信访件，或您无权查看。") from None


def open_cases(qs: QuerySet) -> QuerySet:
    """Neither refused nor closed — written as the partial indexes' predicate (PERFORMANCE.md)."""
    return qs.exclude(state__in=ENDED_STATES)


def late_cases(qs: QuerySet, today) -> QuerySet:
    """Past the running limit: undecided past 15 days, or handled past 60 (+ extension)."""
    return qs.filter(Q(state=State.REGISTERED, accept_due__lt=today) | Q(state=State.HANDLING, handle_due__lt=today))


def list_rows(qs: QuerySet) -> QuerySet:
    """What every list of cases shows, in the same query (no personal data: lists need none)."""
    return qs.select_related("township", "unit", "handler__profile").only(
        "id",
        "number",
        "year",
        "serial",
        "channel",
        "received_at",
        "category",
        "title",
        "is_group",
        "head_count",
        "is_repeat",
        "is_skip_level",
        "state",
        "handling",
        "accept_due",
        "handle_due",
        "satisfaction",
        "version",
        "township__id",
        "township__name",
        "township__short_name",
        "unit__id",
        "unit__name",
        "unit__short_name",
        "handler__id",
        "handler__username",
        "handler__profile__full_name",
    )


# --- personal data: the one presenter ----------------------------------------------------------------------


@dataclass(frozen=True)
class PetitionerShown:
    """A petitioner as this reader may see them: ``clear`` says whether the numbers are real or masked."""

    pk: int
    position: int
    name: str
    id_number: str
    phone: str
    address: str
    township: str
    is_representative: bool
    clear: bool


def show_petitioner(petitioner: Petitioner, *, clear: bool) -> PetitionerShown:
    township = petitioner.township.name if petitioner.township_id and petitioner.township else ""
    if clear:
        id_number, phone, address = petitioner.id_number, petitioner.phone, petitioner.address
    else:
        id_number = mask_id_number(petitioner.id_number)
        phone = mask_phone(petitioner.phone)
        address = mask_address(petitioner.address)
    return PetitionerShown(
        pk=petitioner.pk,
        position=petitioner.position,
        name=petitioner.name,
        id_number=id_number,
        phone=phone,
        address=address,
        township=township,
        is_representative=petitioner.is_representative,
        clear=clear,
    )


def petitioners_shown(case: Case, user, *, masked: bool = False) -> list[PetitionerShown]:
    """The case's petitioners as ``user`` may see them: in clear only when ``rules.can_see_personal_data``
    allows it and the caller does not ask for ``masked`` (lists, search results, exports) [48]."""
    clear = not masked and rules.can_see_personal_data(user, case)
    people = case.petitioners.select_related("township").order_by("position", "id")
    return [show_petitioner(p, clear=clear) for p in people]


def petitioners_masked_for_cases(case_ids) -> dict[int, list[PetitionerShown]]:
    """Masked petitioners of many cases in one query (lists, exports, statistics): always masked."""
    shown: dict[int, list[PetitionerShown]] = {}
    people = Petitioner.objects.filter(case_id__in=list(case_ids)).select_related("township")
    for p in people.order_by("case_id", "position", "id"):
        shown.setdefault(p.case_id, []).append(show_petitioner(p, clear=False))
    return shown


# --- queues --------------------------------------------------------------------------------------------------


def pending_extensions() -> QuerySet[Extension]:
    """Extension requests waiting for the organ's head (办公室主任)."""
    return Extension.objects.filter(approved__isnull=True).select_related("case")


def waiting_referrals(unit_id: int) -> QuerySet[Referral]:
    """A unit's current referrals not yet answered [47]."""
    return Referral.objects.filter(
        unit_id=unit_id, answered_at__isnull=True, superseded_at__isnull=True, case__state=State.HANDLING
    ).select_related("case")


# --- incidents [49] and a petitioner's history [48] ----------------------------------------------------------


def incidents_visible_to(user) -> QuerySet[Incident]:
    """Every incident for those who record them or read the statistics; nothing for anyone else [49]."""
    return Incident.objects.all() if rules.can_open_incidents(user) else Incident.objects.none()


def same_petitioner_cases(case: Case, user) -> QuerySet[Case]:
    """The same petitioner(s)' other cases — by the ID and phone blind indexes, and the linked earlier and later
    cases — for petition staff only, through the one visibility selector [48]."""
    if not rules.is_petition_staff(user):
        return Case.objects.none()
    ids = [i for i in case.petitioners.values_list("id_index", flat=True) if i]
    phones = [p for p in case.petitioners.values_list("phone_index", flat=True) if p]
    same = Q(pk__in=case.earlier.values("pk")) | Q(pk__in=case.later.values("pk"))
    if ids or phones:
        people = Petitioner.objects.filter(Q(id_index__in=ids) | Q(phone_index__in=phones)).exclude(case=case)
        same |= Q(pk__in=people.values("case_id"))
    return cases_visible_to(user).filter(same).exclude(pk=case.pk)

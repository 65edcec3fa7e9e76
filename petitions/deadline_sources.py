"""The time limits of petitions, as deadline sources of the reminder engine — each from the 《信访工作条例》:

- ``petitions.accept``: decide whether to accept and tell the petitioner, 15 days from receipt (第三十一条);
  the petition staff are reminded.
- ``petitions.handle``: handle and answer, 60 days from acceptance plus an approved extension (第三十五条);
  the case's handler and the contacts of the unit it is referred to are reminded.
- ``petitions.review``: a 复查 or 复核 opinion, 30 days from the request (第三十五条、第三十六条).

Reminders name the case by its number and matter — never a petitioner — and go out one working day before and
when overdue; the engine sends each once. Windows and limits are pushed into SQL (PERFORMANCE.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from functools import cache

from django.urls import NoReverseMatch, reverse

from deadlines.calendar import end_of_day
from deadlines.registry import Deadline, DeadlineSource, ScanContext
from org.models import Profile
from org.roles import Role

from .models import Case, Review, State

CHUNK = 2000


@cache
def _url_template() -> tuple[str, str] | None:
    try:
        head, _, tail = reverse("petitions:detail", args=[987654321]).partition("987654321")
    except NoReverseMatch:  # the case page arrives with the desk; until then reminders carry no link
        return None
    return head, tail


def case_url(pk: int) -> str:
    template = _url_template()
    if template is None:
        return ""
    return f"{template[0]}{pk}{template[1]}"


def petition_staff_ids() -> tuple[int, ...]:
    from org.selectors import users_with_role

    return tuple(users_with_role(Role.PETITION_RECEPTIONIST).values_list("id", flat=True))


def contacts_of(unit_ids) -> dict[int, list[int]]:
    """Active 单位联络员 per unit, one query [47]."""
    out: dict[int, list[int]] = defaultdict(list)
    rows = Profile.objects.filter(
        unit_id__in=set(unit_ids), user__is_active=True, user__groups__name=Role.UNIT_CONTACT.value
    ).values_list("unit_id", "user_id")
    for unit_id, user_id in rows:
        out[unit_id].append(user_id)
    return out


def _window(qs, field: str, due_from, due_before):
    qs = qs.filter(**{f"{field}__lte": due_before.date()})
    if due_from is not None:
        qs = qs.filter(**{f"{field}__gte": due_from.date()})
    return qs


class AcceptSource(DeadlineSource):
    key = "petitions.accept"
    label = "信访事项受理告知期限"
    article = "[48]"
    rule_text = "《信访工作条例》第三十一条：收到信访事项之日起15日内决定是否受理并书面告知信访人"
    item_type = "petitions.case"
    notify_clerk = False  # the petition staff chase, not the 收发秘书

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = _window(Case.objects.filter(state=State.REGISTERED), "accept_due", due_from, due_before)
        qs = qs.order_by("accept_due", "id").values_list("id", "accept_due", "number", "title")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        staff = ctx.once("petitions.staff", petition_staff_ids) if rows else ()
        for pk, due, number, title in rows:
            due_at = end_of_day(due)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"受理告知：信访件{number} {title[:40]}",
                url=case_url(pk),
                actor_ids=staff,
                who="信访接待",
                warnings=ctx.one_working_day_before(due_at),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = Case.objects.filter(pk__in=item_ids, state=State.REGISTERED).values_list("pk", "accept_due")
        return {pk: end_of_day(due) for pk, due in rows}


class HandleSource(DeadlineSource):
    key = "petitions.handle"
    label = "信访事项办理期限"
    article = "[48]"
    rule_text = (
        "《信访工作条例》第三十五条：自受理之日起60日内办结；情况复杂的，经本行政机关负责人批准可适当延长，"
        "但延长期限不得超过30日"
    )
    item_type = "petitions.case"
    notify_clerk = False

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = _window(
            Case.objects.filter(state=State.HANDLING, handle_due__isnull=False), "handle_due", due_from, due_before
        )
        qs = qs.order_by("handle_due", "id").values_list(
            "id",
            "handle_due",
            "number",
            "title",
            "unit_id",
            "handler_id",
            "handler__username",
            "handler__profile__full_name",
        )
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        contacts = contacts_of(r[4] for r in rows if r[4])
        for pk, due, number, title, unit_id, handler, username, name in rows:
            due_at = end_of_day(due)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            actors = tuple(x for x in (handler, *contacts.get(unit_id, [])) if x)
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"办理期限：信访件{number} {title[:40]}",
                url=case_url(pk),
                actor_ids=actors,
                who=name or username or "",
                warnings=ctx.one_working_day_before(due_at),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = Case.objects.filter(pk__in=item_ids, state=State.HANDLING, handle_due__isnull=False)
        return {pk: end_of_day(due) for pk, due in rows.values_list("pk", "handle_due")}


class ReviewSource(DeadlineSource):
    key = "petitions.review"
    label = "信访复查复核期限"
    article = "[50]"
    rule_text = "《信访工作条例》第三十五条、第三十六条：收到复查（复核）请求之日起30日内提出复查（复核）意见"
    item_type = "petitions.review"
    notify_clerk = False

    def deadlines(self, ctx: ScanContext, *, due_from, due_before, limit=None) -> Iterator[Deadline]:
        qs = _window(Review.objects.filter(decided_at__isnull=True), "due", due_from, due_before)
        qs = qs.order_by("due", "id").values_list("id", "due", "kind", "case_id", "case__number", "case__title")
        rows = list(qs[:limit]) if limit is not None else list(qs.iterator(chunk_size=CHUNK))
        staff = ctx.once("petitions.staff", petition_staff_ids) if rows else ()
        for pk, due, kind, case_id, number, title in rows:
            due_at = end_of_day(due)
            if due_at >= due_before or (due_from is not None and due_at < due_from):
                continue
            label = "复查" if kind == "review" else "复核"
            yield Deadline(
                item_id=pk,
                due_at=due_at,
                title=f"{label}意见：信访件{number} {title[:40]}",
                url=case_url(case_id),
                actor_ids=staff,
                who="信访接待",
                warnings=ctx.one_working_day_before(due_at),
            )

    def still_open(self, ctx: ScanContext, item_ids: list[int]) -> dict[int, datetime]:
        rows = Review.objects.filter(pk__in=item_ids, decided_at__isnull=True).values_list("pk", "due")
        return {pk: end_of_day(due) for pk, due in rows}


SOURCES = [AcceptSource(), HandleSource(), ReviewSource()]

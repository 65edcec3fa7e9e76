"""信访 in 我的待办 [47]–[50]:

- the petition staff: cases waiting for the decision to accept (15 days), undecided 复查/复核, and answered cases
  to close;
- a case's handler: their cases being handled (60 days + extension), with a unit's answer to pass on;
- the 办公室主任: extension requests waiting for the organ's head (《信访工作条例》第三十五条);
- a unit's 联络员: their unit's referrals waiting for its answer [47].

A fixed number of queries whatever the data size: a queue is asked only of people who can have items in it, each
read is a partial index, and the badge counts every queue in one query, each queue to ``BADGE_CAP`` + 1 rows at
most (issue 13: a million cases with 95,000 waiting made an uncounted UNION ALL cost ~1 s on every uncached page;
past the cap the exact number tells the person nothing). Titles name the case by its number and matter only —
never a petitioner."""

from __future__ import annotations

from core import workqueue
from core.pagination import capped_counts
from deadlines.calendar import end_of_day

from . import rules
from .models import Case, Extension, Referral, Review, State
from .services import FLOW

# Each queue is counted to one more than this at most; the badge shows "999+" past it (issue 13).
BADGE_CAP = 999


def _case_item(action: str, due=lambda c: c.current_due):
    def make(case):
        day = due(case)
        return workqueue.WorkItem(
            title=FLOW.name(case),
            url=FLOW.url(case),
            kind="信访",
            action=action,
            due_at=end_of_day(day) if day else None,
            received_at=case.received_at,
        )

    return make


def _to_decide():
    qs = Case.objects.filter(state=State.REGISTERED).order_by("accept_due", "id")
    return qs, _case_item("决定是否受理并告知信访人（15日内）[48]")


def _to_close():
    qs = Case.objects.filter(state=State.ANSWERED).order_by("answered_at", "id")
    return qs, _case_item("登记信访人评价并办结 [50]", due=lambda c: None)


def _reviews():
    qs = Review.objects.filter(decided_at__isnull=True).select_related("case").order_by("due", "id")
    return qs, lambda r: workqueue.WorkItem(
        title=FLOW.name(r.case),
        url=FLOW.url(r.case),
        kind="信访",
        action=f"提出{r.get_kind_display()}意见（30日内）[50]",
        due_at=end_of_day(r.due),
        received_at=r.recorded_at,
    )


def _handling(user):
    qs = Case.objects.filter(state=State.HANDLING, handler=user).order_by("handle_due", "id")

    def make(case):
        action = "办理并答复信访人 [48]" if not case.unit_id else "跟踪承办单位办理，收到回复后答复信访人 [47]"
        return _case_item(action)(case)

    return qs, make


def _extensions():
    qs = Extension.objects.filter(approved__isnull=True).select_related("case").order_by("requested_at", "id")
    return qs, lambda e: workqueue.WorkItem(
        title=FLOW.name(e.case),
        url=FLOW.url(e.case),
        kind="信访",
        action=f"审批延期申请（{e.days}日）（《信访工作条例》第三十五条）",
        due_at=end_of_day(e.case.handle_due) if e.case.handle_due else None,
        received_at=e.requested_at,
    )


def _unit_referrals(unit_id: int):
    qs = (
        Referral.objects.filter(unit_id=unit_id, answered_at__isnull=True, superseded_at__isnull=True)
        .filter(case__state=State.HANDLING, case__unit_id=unit_id)
        .select_related("case")
        .order_by("due", "id")
    )
    return qs, lambda r: workqueue.WorkItem(
        title=FLOW.name(r.case),
        url=FLOW.url(r.case),
        kind="信访",
        action=f"{r.get_kind_display()}件：请办理并回复办理结果 [47]",
        due_at=end_of_day(r.due),
        received_at=r.routed_at,
    )


def _queues(user):
    out = []
    if rules.is_petition_staff(user):
        out += [_to_decide(), _reviews(), _to_close()]
    if rules.can_be_handler(user):
        out.append(_handling(user))
    if rules.is_organ_head(user):
        out.append(_extensions())
    unit_id = rules.contact_unit_id(user)
    if unit_id is not None:
        out.append(_unit_referrals(unit_id))
    return out


class PetitionsWork(workqueue.Provider):
    key = "petitions"
    label = "信访"

    def items(self, user, limit):
        items = [make(row) for qs, make in _queues(user) for row in qs[:limit]]
        return sorted(items, key=lambda item: item.sort_key)[:limit]

    def count(self, user):
        """Every queue counted at once, each through its partial index and stopped after ``BADGE_CAP`` + 1 rows
        (a LIMIT subquery per queue): a count past the cap means "more than 999", not an exact figure."""
        querysets = [qs for qs, _ in _queues(user)]
        # Each queue keeps its own order (its partial index's: ``accept_due, id`` for the cases to decide …), so
        # PostgreSQL reads the first BADGE_CAP + 1 entries of that index (core.pagination.capped_counts).
        return sum(capped_counts(querysets, BADGE_CAP, keep_order=True)) if querysets else 0

"""Research tasks and drafts for tests, made through the services. Every helper takes the test ``office``.

- ``research(office, **kw)``: 立项 by the director (``zhuren``) for the county head (``xianzhang``), team leader
  ``guikou1`` with member ``guikou2``; ``reported(office)``: with a report v1 and sent.
- ``draft(office, **kw)``: 交办 by the director for the county head, lead drafter ``guikou1`` (co-drafter
  ``guikou3``), reviewers 副主任 ``fuzhuren`` then 主任 ``zhuren``; ``in_review(office)``: v1 sent for review;
  ``approving(office)``: both reviewers passed it.
"""

from __future__ import annotations

from datetime import date, timedelta

from research import services
from research.models import Genre, Kind

from .conftest import NOW

TODAY = NOW.date()
V1 = "同志们：\n今天召开全县经济工作会议。\n一、回顾\n各项工作取得新进展。"
V2 = "同志们：\n今天召开全县经济工作会议，安排部署明年工作。\n一、回顾\n各项工作取得新成效。"


def research(office, *, due_on: date | None = None, **kw):
    return services.create_task(
        actor=office[kw.pop("by", "zhuren")],
        kind=Kind.RESEARCH,
        title=kw.pop("title", "关于全县农牧业产业发展情况的调研"),
        leader=office[kw.pop("leader", "xianzhang")],
        lead=office[kw.pop("lead", "guikou1")],
        members=[office[m] for m in kw.pop("members", ["guikou2"])],
        units=kw.pop("units", [office.units["township"]]),
        due_on=due_on or TODAY + timedelta(days=20),
        aim="摸清底数，提出建议。",
    )


def reported(office, **kw):
    task = research(office, **kw)
    services.add_version(actor=office["guikou1"], pk=task.pk, body="调研报告正文", note="初稿")
    return services.send_report(actor=office["guikou1"], pk=task.pk)


def draft(office, *, reviewers=("fuzhuren", "zhuren"), due_on: date | None = None, **kw):
    return services.create_task(
        actor=office[kw.pop("by", "zhuren")],
        kind=Kind.DRAFTING,
        genre=kw.pop("genre", Genre.SPEECH),
        title=kw.pop("title", "县长在全县经济工作会议上的讲话"),
        leader=office[kw.pop("leader", "xianzhang")],
        lead=office[kw.pop("lead", "guikou1")],
        members=[office[m] for m in kw.pop("members", ["guikou3"])],
        reviewers=[office[r] for r in reviewers],
        due_on=due_on or TODAY + timedelta(days=10),
    )


def in_review(office, **kw):
    task = draft(office, **kw)
    services.add_version(actor=office["guikou1"], pk=task.pk, body=V1, note="初稿")
    return services.submit_draft(actor=office["guikou1"], pk=task.pk)


def approving(office, **kw):
    task = in_review(office, **kw)
    services.review_draft(actor=office["fuzhuren"], pk=task.pk, passed=True, opinion="同意")
    return services.review_draft(actor=office["zhuren"], pk=task.pk, passed=True)

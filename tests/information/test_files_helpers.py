"""Items for the files' tests (scores, week, statistics, PDFs, exports), made through the services on the day
each step happened — the clock is moved to that day, so the services' date checks hold as they would have."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

from information import services
from information.models import Kind, Level, Target

TZ = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10):
    return time_machine.travel(datetime.combine(day, time(hour), TZ), tick=False)


def approved(office, *, on: date, unit: str | None = "township", title: str = "测试乡开展草原生态保护宣传",
             author: str = "扎西多杰", body: str = "本周，测试乡组织干部入村开展宣传。\n群众反响良好。",
             kind: str = Kind.DYNAMIC):  # fmt: skip
    """An item submitted, kept, sent for review and approved on ``on`` [46]."""
    staff, leader = office["xinxi"], office["fuzhuren_wenmi"]
    submitter = office["lianluo"] if unit == "township" else staff
    with at(on, 9):
        item = services.submit_item(
            actor=submitter,
            data=services.ItemData(
                title=title, body=body, kind=kind, unit=office.units[unit] if unit else None, author=author
            ),
        )
        if kind != Kind.URGENT:
            services.screen_item(actor=staff, pk=item.pk, keep=True)
            services.submit_for_review(actor=staff, pk=item.pk)
        services.review_item(actor=leader, pk=item.pk, approve=True)
    item.refresh_from_db()
    return item


def sent(office, *, on: date, to=(Target.PROVINCE, Target.PREFECTURE), **kw):
    """Approved and sent to ``to`` on ``on`` [44]."""
    item = approved(office, on=on, **kw)
    with at(on, 11):
        services.send_item(
            actor=office["xinxi"], pk=item.pk, sendings=[services.SendingData(target=t, sent_on=on) for t in to]
        )
    item.refresh_from_db()
    return item


def adopt(office, item, *, level: str = Level.PROVINCE, on: date, instruction: str = "", by: str = ""):
    """采用 at ``level`` on ``on``, with a leader's 批示 when ``instruction`` [46]."""
    with at(on, 15):
        adoption = services.record_adoption(
            actor=office["xinxi"],
            pk=item.pk,
            data=services.AdoptionData(
                level=level,
                adopted_on=on,
                publication="《青海政务信息》第12期" if level == Level.PROVINCE else "",
                instruction=instruction,
                instructed_by=by or ("县长" if instruction else ""),
            ),
        )
    return adoption


def rule(office, key: str, points, since: date):
    """A scoring rule from ``since`` [46]."""
    return services.set_scoring_rule(actor=office["zhuren"], key=key, points=points, effective_from=since)

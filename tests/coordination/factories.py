"""协调事项 for tests, made through the services (never by hand). Every helper takes the test ``office``.

- ``data(office, **kw)``: a ``MatterData`` between the township and the department, on the agriculture line
  (分管副县长 fuxianzhang1), led by ``fuzhuren``, handled by ``guikou2``;
- ``registered``, ``coordinating`` (a talk recorded), ``proposed`` (to the line's deputy head), ``decided``,
  ``closed``.
"""

from __future__ import annotations

from datetime import timedelta

from coordination import services
from coordination.models import Origin, TalkKind

from .conftest import NOW

TODAY = NOW.date()


def data(office, *, parties=("township", "department"), line="agriculture", **extra):
    values = {
        "title": "测试乡与农牧局草场围栏建设责任划分",
        "matter": "草场围栏建设的实施主体和资金分担，乡政府与农牧局意见不一。",
        "origin": Origin.REQUEST,
        "parties": tuple(office.units[p] for p in parties),
        "lead": office["fuzhuren"],
        "handler": office["guikou2"],
        "requested_by": office.units["township"],
        "line": office.lines[line] if line else None,
        "due_on": TODAY + timedelta(days=10),
    }
    values.update(extra)
    return services.MatterData(**values)


def registered(office, *, by="guikou2", **kwargs):
    return services.matter_register(actor=office[by], data=data(office, **kwargs))


def coordinating(office, **kwargs):
    matter = registered(office, **kwargs)
    services.talk_record(
        actor=office["guikou2"],
        pk=matter.pk,
        held_on=TODAY,
        kind=TalkKind.MEETING,
        attendees="办公室副主任，测试乡乡长，农牧局局长",
        content="双方介绍情况，同意由办公室提出处理意见。",
    )
    matter.refresh_from_db()
    return matter


PROPOSAL = "建议由测试乡组织实施，农牧局负责技术指导，资金按县级财政规定分担。"


def proposed(office, leader=None, **kwargs):
    matter = coordinating(office, **kwargs)
    return services.matter_propose(actor=office["guikou2"], pk=matter.pk, proposal=PROPOSAL, leader=leader)


def decided(office, **kwargs):
    matter = proposed(office, **kwargs)
    return services.matter_decide(actor=matter.leader, pk=matter.pk, decision="同意办公室意见，抓紧落实。")


def closed(office, **kwargs):
    matter = decided(office, **kwargs)
    return services.matter_close(actor=office["guikou2"], pk=matter.pk, result="已落实。")

"""What people do with supervision items (督查事项): one function per step of 第六章 with [11], [12], [15].

Every step is atomic: it locks the item (``FLOW.begin``, refusing a page loaded before someone else acted:
``StaleAction``, 409), checks the transition's permission (``rules``; ``ActionRefused``, 403), changes state
through django-fsm, writes the log and notifies people once the transaction commits. Bad input is a
``ValidationError`` (400) with a Chinese message citing the article. All arguments are keyword-only.

The form's data
- ``ItemData(source, title, text, first_responsible, handler, lead_unit, assisting_units=(), deadline=None,
  report_cycle="", report_day=None, is_major=False, deputy_head=None, year=None, secret_level=0,
  superior_leader="", superior_mode="", proposal_number="", proposer="", session="", assigned_on=None,
  answer_due=None, lead_section=None)`` — ``lead_section`` (an office section, 责任科室) only when a meeting's
  decision names no unit; — ``deadline`` or ``report_cycle`` (or both); a proposal's ``answer_due`` defaults to
  ``assigned_on`` + ``settings.SUPERVISION_PROPOSAL_ANSWER_MONTHS`` (3) months and is its deadline.
- ``FeedbackData(text, received_via, received_on, unit=None, reporter="", late_reason="", for_report_on=None)``.

Registering
- ``item_create(*, actor, data: ItemData) -> Item`` — 登记 [37], [38].
- ``item_from_decision(*, actor, decision_pk, handler=None, first_responsible=None, deputy_head=None,
  is_major=False) -> Item`` — a meeting's decision (议定事项) becomes its item, one per decision; called by
  ``meetings.services.decision_track`` (立项督办) [15], [37].
- ``item_from_instruction(*, actor, reader_pk, handler=None, first_responsible=None, lead_unit=None,
  deadline=None) -> Item`` — a leader's 批示 on an incoming document (a signed ``incoming.Reader`` comment)
  becomes an item, text prefilled, source linked, secret level kept [11], [37], [31], [32].
- ``can_make_item_from(user, document) -> bool`` — the cheap check for the incoming page's button.
- ``item_update(*, actor, pk, seen_version=None, data: ItemData) -> Item`` — corrections; the deadline of a
  tracked item changes only through an extension; major/deputy only before 立项.

The lifecycle
- ``item_submit_for_approval(*, actor, pk, seen_version=None) -> Item`` — 报请立项 (major items) [39].
- ``item_approve(*, actor, pk, seen_version=None, comment="") -> Item`` — the 分管副县长 approves: 督办中 [39].
- ``item_refuse(*, actor, pk, seen_version=None, reason: str) -> Item`` — 不予立项, with the reason [39].
- ``item_start(*, actor, pk, seen_version=None) -> Item`` — 开始督办 (not major only) [37], [39].
- ``item_submit_close(*, actor, pk, seen_version=None, result: str) -> Item`` — 报请办结 [40], [12].
- ``item_send_back(*, actor, pk, seen_version=None, comment: str) -> Item`` — 退回继续督办 [38].
- ``item_close(*, actor, pk, seen_version=None, comment="") -> Item`` — the 首办责任人 closes: 已办结 [38].
- ``item_cancel(*, actor, pk, seen_version=None, reason: str) -> Item`` — 撤销 [38].

Feedback and extensions
- ``feedback_record(*, actor, pk, data: FeedbackData, uploads=()) -> Feedback`` — 反馈 from a unit (by the
  经办人, or the unit's contact through the system); a late item accepts only one with reason and progress [40].
- ``extension_request(*, actor, pk, reason: str, new_deadline: date) -> Extension`` — 延期申请 [40].
- ``extension_decide(*, actor, extension_id, approve: bool, comment="") -> Extension`` — the 首办责任人, or
  the 分管副县长 for a major item; approval changes the deadline, logged [38], [39].

Proposals [12]
- ``proposal_attach_answer(*, actor, pk, upload, answered_on: date) -> ProposalAnswer`` — the answer letter.
- ``proposal_record_satisfaction(*, actor, pk, seen_version=None, satisfaction: str) -> Item`` — 满意 /
  基本满意 / 不满意; 不满意 on the first round reopens the item for a second handling (二次办理).

Helpers
- ``default_answer_due(assigned_on: date) -> date``; ``next_report_date(cycle, day, after: date) -> date | None``.
- ``FLOW`` (the item's ``DocumentFlow``: ``FLOW.url(item)``, ``FLOW.name(item)``).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.serials import next_serial
from core.uploads import check_upload
from core.workflow import ActionRefused, DocumentFlow
from org.models import SecretLevel, Section, Unit
from org.roles import Role, has_role
from org.selectors import display_name

from . import rules
from .models import (
    PROPOSAL_SOURCES,
    TRACKED_STATES,
    AssistingUnit,
    Extension,
    ExtensionOutcome,
    Feedback,
    FeedbackAttachment,
    Item,
    ItemLog,
    ProposalAnswer,
    ReceivedVia,
    ReportCycle,
    Satisfaction,
    Source,
    State,
    SuperiorMode,
)
from .selectors import VISIBILITY

ATTACHMENT_TYPES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".ofd"})
ANSWER_TYPES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".ofd"})
SERIAL_SCOPE = "supervision.item"
LATE_REFUSAL = (
    "该督查事项已超过办结时限（{deadline:%Y年%m月%d日}）尚未办结：须先报送反馈，写明逾期原因和目前进展，"
    "才能办理其他事项 [40]。"
)


class ItemFlow(DocumentFlow):
    def name(self, obj) -> str:
        if obj.secret_level > 0:
            return f"督查事项{obj.number_label}（{obj.get_secret_level_display()}件）"
        return f"督查事项：{obj.title}"


FLOW = ItemFlow(
    model=Item,
    log_model=ItemLog,
    noun="督查事项",
    url=lambda item: reverse("supervision:detail", args=[item.pk]),
    select_related=("first_responsible", "handler"),  # non-null only: FOR UPDATE refuses an outer join
    kind="supervision",
    visibility=VISIBILITY,
    number=lambda item: item.number_label,
)


# --- the form's data ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemData:
    source: str
    title: str
    text: str
    first_responsible: object | None
    handler: object | None
    lead_unit: Unit | None
    assisting_units: tuple = ()
    lead_section: Section | None = None
    deadline: date | None = None
    report_cycle: str = ReportCycle.NONE
    report_day: int | None = None
    is_major: bool = False
    deputy_head: object | None = None
    year: int | None = None
    secret_level: int = SecretLevel.NONE
    superior_leader: str = ""
    superior_mode: str = SuperiorMode.NONE
    proposal_number: str = ""
    proposer: str = ""
    session: str = ""
    assigned_on: date | None = None
    answer_due: date | None = None


@dataclass(frozen=True)
class FeedbackData:
    text: str
    received_via: str
    received_on: date | None
    unit: Unit | None = None
    reporter: str = ""
    late_reason: str = ""
    for_report_on: date | None = None
    extra: dict = field(default_factory=dict)


def today() -> date:
    return timezone.localdate()


def default_answer_due(assigned_on: date) -> date:
    """Three months from assignment by the national rules on proposals (a setting) [12]."""
    months = int(getattr(settings, "SUPERVISION_PROPOSAL_ANSWER_MONTHS", 3))
    month = assigned_on.month - 1 + months
    year, month = assigned_on.year + month // 12, month % 12 + 1
    return date(year, month, min(assigned_on.day, calendar.monthrange(year, month)[1]))


def next_report_date(cycle: str, day: int | None, after: date) -> date | None:
    """The first reporting date (the ``day`` of the month, monthly or at each quarter's first month) after
    ``after`` [40]; None without periodic reporting."""
    if not cycle or not day:
        return None
    year, month = after.year, after.month
    for _ in range(15):
        if cycle == ReportCycle.MONTHLY or (cycle == ReportCycle.QUARTERLY and month in (1, 4, 7, 10)):
            candidate = date(year, month, min(day, calendar.monthrange(year, month)[1]))
            if candidate > after:
                return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _problems(data: ItemData) -> list[str]:
    problems = []
    if data.source not in Source.values:
        problems.append("请选择督查事项的来源 [37]。")
    if not data.title.strip():
        problems.append("请填写事项名称。")
    if not data.text.strip():
        problems.append("请填写督查内容。")
    if data.first_responsible is None or not has_role(
        data.first_responsible, Role.OFFICE_DIRECTOR, Role.DEPUTY_DIRECTOR
    ):
        problems.append("首办责任人须为办公室领导（主任或副主任）[38]。")
    if data.handler is None or not rules.is_supervisor(data.handler):
        problems.append("请选择办公室的经办人 [40]。")
    if data.lead_unit is None and data.lead_section is None:
        problems.append("请选择牵头单位 [37]。")
    elif data.lead_unit is not None and any(u.pk == data.lead_unit.pk for u in data.assisting_units):
        problems.append("牵头单位不能同时是协办单位。")
    proposal = data.source in PROPOSAL_SOURCES
    if data.report_cycle and data.report_cycle not in ReportCycle.values:
        problems.append("定期报送的周期不正确。")
    if data.report_cycle and not (data.report_day and 1 <= int(data.report_day) <= 28):
        problems.append("定期报送须写明每期报送日（1至28日）[40]。")
    if not data.deadline and not data.report_cycle and not proposal:
        problems.append("请写明办结时限，或定期报送的周期和报送日 [40]。")
    if data.deadline and data.deadline < today() - timedelta(days=366):
        problems.append("办结时限不正确。")
    if data.is_major and data.deputy_head is None:
        problems.append("重大督查事项须明确分管副县长，由其批准立项 [39]。")
    if data.deputy_head is not None and not rules.is_deputy_head(data.deputy_head):
        problems.append("所选分管副县长不是副县长 [39]。")
    if proposal:
        if not data.proposal_number.strip():
            problems.append("请填写建议或提案编号（如：建议第12号、提案第34号）[12]。")
        if not data.proposer.strip():
            problems.append("请填写提出建议的代表或提案的委员 [12]。")
    if data.superior_mode and data.superior_mode not in SuperiorMode.values:
        problems.append("上级批示的办理方式不正确。")
    if data.secret_level not in SecretLevel.values:
        problems.append("密级不正确。")
    return problems


def _people_on(item: Item) -> list:
    return [item.first_responsible, item.deputy_head, item.handler, item.registered_by, item.instructed_by]


def _fill(item: Item, data: ItemData) -> None:
    item.source = data.source
    item.title = data.title.strip()[:200]
    item.text = data.text.strip()
    item.first_responsible = data.first_responsible
    item.handler = data.handler
    item.lead_unit = data.lead_unit
    item.lead_section = data.lead_section if data.lead_unit is None else None
    item.report_cycle = data.report_cycle or ReportCycle.NONE
    item.report_day = data.report_day if data.report_cycle else None
    item.is_major = bool(data.is_major)
    item.deputy_head = data.deputy_head
    item.secret_level = data.secret_level
    item.superior_leader = data.superior_leader.strip()[:100]
    item.superior_mode = data.superior_mode or SuperiorMode.NONE
    item.proposal_number = data.proposal_number.strip()[:30]
    item.proposer = data.proposer.strip()[:100]
    item.session = data.session.strip()[:60]
    item.deadline = data.deadline
    if data.source in PROPOSAL_SOURCES:
        item.assigned_on = data.assigned_on or item.assigned_on or today()
        item.answer_due = data.answer_due or default_answer_due(item.assigned_on)
        item.deadline = data.deadline or item.answer_due
    item.next_report_on = next_report_date(item.report_cycle, item.report_day, today())


def _set_assisting(item: Item, units: Iterable[Unit]) -> None:
    wanted = {u.pk for u in units}
    AssistingUnit.objects.filter(item=item).exclude(unit_id__in=wanted).delete()  # a link, not a record
    AssistingUnit.objects.bulk_create([AssistingUnit(item=item, unit_id=pk) for pk in wanted], ignore_conflicts=True)


def _require_cleared(item: Item) -> None:
    FLOW.require_clearance(item, [p for p in _people_on(item) if p is not None], "经手人员")


def _refuse_unless_supervisor(actor, what: str) -> None:
    if not rules.can_register(actor):
        raise ActionRefused(f"只有办公室督查人员可以{what} [37]。")


def _refuse_if_late(item: Item) -> None:
    """A late item takes nothing else until a feedback gives the reason and the progress [40]."""
    if item.needs_late_reason(today()):
        raise ActionRefused(LATE_REFUSAL.format(deadline=item.deadline))


def _create(actor, data: ItemData, **links) -> Item:
    problems = _problems(data)
    if problems:
        raise ValidationError(problems)
    year = data.year or today().year
    item = Item(year=year, serial=next_serial(SERIAL_SCOPE, year), registered_by=actor, **links)
    _fill(item, data)
    _require_cleared(item)
    item.full_clean(exclude=["serial", "state", "decision", "from_incoming", "from_instruction"])
    item.save()
    _set_assisting(item, data.assisting_units)
    FLOW.grant(item, _people_on(item))
    FLOW.log(item, actor, "create", "登记", "", comment=f"{item.number_label}，来源：{item.get_source_display()}")
    FLOW.notify(
        [item.handler, item.first_responsible],
        title=f"新登记督查事项：{FLOW.name(item)}",
        obj=item,
    )
    return item


# --- registering ---------------------------------------------------------------------------------------------


@transaction.atomic
def item_create(*, actor, data: ItemData) -> Item:
    """登记督查事项 [37], [38]."""
    _refuse_unless_supervisor(actor, "登记督查事项")
    return _create(actor, data)


def default_first_responsible(actor, *candidates):
    """首办责任人 when none is named: the first office leader among ``candidates`` (the decision's leader),
    the actor if an office leader, otherwise the office leader in charge of the actor's section [38]."""
    from org.selectors import leader_in_charge_of

    for person in (*candidates, actor):
        if person is not None and rules.is_office_leader(person):
            return person
    return leader_in_charge_of(actor)


def _decision_item_data(decision, *, actor, handler, first_responsible, deputy_head, is_major) -> ItemData:
    units = list(decision.units.all())
    sections = list(decision.sections.all())
    meeting = decision.meeting
    leader = decision.leader
    if deputy_head is None and rules.is_deputy_head(leader):
        deputy_head = leader
    title = f"{meeting.number_label}议定事项第{decision.position}项"
    return ItemData(
        source=Source.MEETING,
        title=title if meeting.secret_level else f"{title}：{decision.text[:60]}",
        text=decision.text,
        first_responsible=first_responsible or default_first_responsible(actor, leader),
        handler=handler,
        lead_unit=units[0] if units else None,
        assisting_units=tuple(units[1:]),
        lead_section=None if units or not sections else sections[0],
        deadline=decision.due_date,
        is_major=is_major,
        deputy_head=deputy_head,
        secret_level=meeting.secret_level,
    )


def item_from_decision(
    *, actor, decision_pk, handler=None, first_responsible=None, deputy_head=None, is_major=False
) -> Item:
    """A meeting's decision (议定事项) becomes its supervision item — one per decision — with the decision's
    text, units, leader and deadline; it starts tracking at once unless it is major (then it waits for the
    分管副县长 [39]). Called by ``meetings.services.decision_track`` inside its transaction [15], [37]."""
    from meetings.models import Decision

    decision = Decision.objects.select_related("meeting", "leader").get(pk=decision_pk)
    existing = Item.objects.filter(decision=decision).first()
    if existing is not None:
        raise ValidationError(f"该议定事项已立项督办（{existing.number_label}）[37]。")
    _refuse_unless_supervisor(actor, "将议定事项立项督办")
    handler = handler or actor
    data = _decision_item_data(
        decision,
        actor=actor,
        handler=handler,
        first_responsible=first_responsible,
        deputy_head=deputy_head,
        is_major=is_major,
    )
    item = _create(actor, data, decision=decision)
    if not item.is_major:
        FLOW.check(item.start, actor, "只有办公室督查人员可以开始督办 [37]。")
        item.start()
        _start(item, actor)
        FLOW.save(item)
        FLOW.log(item, actor, "start", "开始督办", State.REGISTERED, comment="会议议定事项立项督办")
    return item


def can_make_item_from(user, document) -> bool:
    """The incoming page's button: a supervisor, and a signed leader's comment not yet made an item. One query."""
    if not rules.can_register(user):
        return False
    return _instructions(document).exists()


def _instructions(document):
    from documents.incoming.models import Reader

    return (
        Reader.objects.filter(document=document, status=Reader.Status.SIGNED, supervision_item__isnull=True)
        .exclude(comment="")
        .order_by("seq")
    )


@transaction.atomic
def item_from_instruction(
    *, actor, reader_pk, handler=None, first_responsible=None, lead_unit=None, deadline=None
) -> Item:
    """A county leader's 批示 on an incoming document becomes an item: its text prefilled from the
    instruction, the document and the instruction linked, the document's secret level kept [11], [37], [31], [32].
    Registered (登记): the office then names the lead unit and the deadline if not given here."""
    from documents.incoming.models import Reader

    _refuse_unless_supervisor(actor, "将领导批示登记为督查事项")
    reader = (
        Reader.objects.select_for_update(of=("self",))
        .select_related("document", "document__source_unit", "reader")
        .filter(pk=reader_pk)
        .first()
    )
    if reader is None or reader.status != Reader.Status.SIGNED or not reader.comment.strip():
        raise ValidationError("没有找到可以立项督办的领导批示。")
    if Item.objects.filter(from_instruction=reader).exists():
        raise ValidationError("该批示已登记为督查事项 [37]。")
    doc = reader.document
    from documents.incoming.selectors import incoming_visible_to

    if not incoming_visible_to(actor).filter(pk=doc.pk).exists():
        raise ActionRefused("您无权查看该来文，不能据此登记督查事项 [31][32]。")
    leader = reader.reader
    county = has_role(leader, Role.COUNTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD, Role.DEPUTY_HEAD)
    label = doc.serial_label
    title = f"收文{label}批示" if doc.secret_level else f"{display_name(leader)}批示：{doc.title[:80]}"
    data = ItemData(
        source=Source.COUNTY_LEADER if county else Source.OTHER,
        title=title,
        text=reader.comment.strip(),
        first_responsible=first_responsible or default_first_responsible(actor),
        handler=handler or actor,
        lead_unit=lead_unit or doc.transferred_to or doc.source_unit,
        deadline=deadline or (timezone.localdate(doc.due_at) if doc.due_at else None) or today() + timedelta(days=30),
        deputy_head=leader if rules.is_deputy_head(leader) and not has_role(leader, Role.COUNTY_HEAD) else None,
        secret_level=doc.secret_level,
    )
    return _create(actor, data, from_incoming=doc, from_instruction=reader, instructed_by=leader)


@transaction.atomic
def item_update(*, actor, pk, seen_version=None, data: ItemData) -> Item:
    """Corrections by the office. Before 立项 everything; while tracked, not the deadline (an extension
    changes it [40]) nor whether it is major or who approves it [39]; nothing once it has ended."""
    item = FLOW.begin(pk, seen_version)
    _refuse_unless_supervisor(actor, "修改督查事项")
    if not item.is_open:
        raise ActionRefused(f"该督查事项{item.get_state_display()}，不能再修改。")
    tracked = item.state in TRACKED_STATES or item.state == State.PENDING_APPROVAL
    if tracked:
        _refuse_if_late(item)
        if data.deadline != item.deadline and data.source not in PROPOSAL_SOURCES:
            raise ValidationError("督办中的事项改变办结时限须办理延期申请 [40]。")
        if bool(data.is_major) != item.is_major or (data.deputy_head and data.deputy_head.pk != item.deputy_head_id):
            raise ValidationError("已报请立项或督办中的事项，不能改变是否重大及分管副县长 [39]。")
    problems = _problems(data)
    if problems:
        raise ValidationError(problems)
    _fill(item, data)
    _require_cleared(item)
    FLOW.save(item)
    _set_assisting(item, data.assisting_units)
    FLOW.grant(item, _people_on(item))
    FLOW.log(item, actor, "update", "修改", item.state)
    return item


# --- the lifecycle ---------------------------------------------------------------------------------------------


def _start(item: Item, actor) -> None:
    item.tracking_since = timezone.now()
    item.next_report_on = next_report_date(item.report_cycle, item.report_day, today())


@transaction.atomic
def item_submit_for_approval(*, actor, pk, seen_version=None) -> Item:
    """报请立项: a major item goes to its 分管副县长 [39]."""
    item = FLOW.begin(pk, seen_version)
    if not item.is_major:
        raise ActionRefused("一般督查事项无须报请立项，可直接开始督办 [39]。")
    FLOW.check(item.submit_for_approval, actor, "只有办公室督查人员可以报请立项 [39]。")
    from_state = item.state
    item.submit_for_approval()
    item.refusal_reason = ""
    FLOW.save(item)
    FLOW.log(item, actor, "submit_for_approval", "报请立项", from_state)
    FLOW.notify([item.deputy_head], title=f"重大督查事项待您批准立项：{FLOW.name(item)}", obj=item)
    return item


@transaction.atomic
def item_approve(*, actor, pk, seen_version=None, comment: str = "") -> Item:
    """批准立项: only the item's 分管副县长; the item is tracked from now [39]."""
    item = FLOW.begin(pk, seen_version)
    FLOW.check(item.approve, actor, "重大督查事项只能由该事项的分管副县长批准立项 [39]。")
    from_state = item.state
    item.approve()
    item.approved_by, item.approved_at = actor, timezone.now()
    _start(item, actor)
    FLOW.save(item)
    FLOW.log(item, actor, "approve", "批准立项", from_state, comment=comment.strip())
    FLOW.notify([item.handler, item.first_responsible], title=f"重大督查事项已批准立项：{FLOW.name(item)}", obj=item)
    return item


@transaction.atomic
def item_refuse(*, actor, pk, seen_version=None, reason: str) -> Item:
    """不予立项, with the reason [39]."""
    item = FLOW.begin(pk, seen_version)
    FLOW.check(item.refuse, actor, "重大督查事项只能由该事项的分管副县长审批 [39]。")
    if not reason.strip():
        raise ValidationError("请写明不予立项的理由 [39]。")
    from_state = item.state
    item.refuse()
    item.refusal_reason = reason.strip()[:300]
    FLOW.save(item)
    FLOW.log(item, actor, "refuse", "不予立项", from_state, comment=item.refusal_reason)
    FLOW.notify([item.handler, item.first_responsible], title=f"督查事项未予立项：{FLOW.name(item)}", obj=item)
    return item


@transaction.atomic
def item_start(*, actor, pk, seen_version=None) -> Item:
    """开始督办: an item that is not major; a major one enters 督办中 only by its 分管副县长's approval [39]."""
    item = FLOW.begin(pk, seen_version)
    if item.is_major:
        raise ActionRefused("重大督查事项须报分管副县长批准立项后方可督办 [39]。")
    FLOW.check(item.start, actor, "只有办公室督查人员可以开始督办 [37]。")
    from_state = item.state
    item.start()
    _start(item, actor)
    FLOW.save(item)
    FLOW.log(item, actor, "start", "开始督办", from_state)
    return item


@transaction.atomic
def item_submit_close(*, actor, pk, seen_version=None, result: str) -> Item:
    """报请办结, with the result; a proposal only with its answer letter [40], [12]."""
    item = FLOW.begin(pk, seen_version)
    if item.state == State.TRACKING:
        _refuse_if_late(item)
    if item.is_proposal and not item.answers.filter(round=item.handling_round).exists():
        raise ActionRefused("建议、提案须上传答复函后方可办结 [12]。")
    FLOW.check(item.submit_close, actor, "只有办公室督查人员可以报请办结 [40]。")
    if not result.strip():
        raise ValidationError("请填写办理结果 [40]。")
    from_state = item.state
    item.submit_close()
    item.result = result.strip()
    item.submitted_at = timezone.now()
    FLOW.save(item)
    FLOW.log(item, actor, "submit_close", "报请办结", from_state, comment=item.result[:200])
    FLOW.notify([item.first_responsible], title=f"督查事项报请办结：{FLOW.name(item)}", obj=item)
    return item


@transaction.atomic
def item_send_back(*, actor, pk, seen_version=None, comment: str) -> Item:
    """退回继续督办: the 首办责任人 is not satisfied with the result [38]."""
    item = FLOW.begin(pk, seen_version)
    FLOW.check(item.send_back, actor, "只有首办责任人可以审核办结 [38]。")
    if not comment.strip():
        raise ValidationError("请写明退回的理由。")
    from_state = item.state
    item.send_back()
    FLOW.save(item)
    FLOW.log(item, actor, "send_back", "退回继续督办", from_state, comment=comment.strip())
    FLOW.notify([item.handler], title=f"督查事项退回继续督办：{FLOW.name(item)}", obj=item, body=comment.strip())
    return item


@transaction.atomic
def item_close(*, actor, pk, seen_version=None, comment: str = "") -> Item:
    """办结: the 首办责任人 confirms; whether on time is recorded for the on-time rate [38], [40], [11]."""
    item = FLOW.begin(pk, seen_version)
    if item.is_proposal and not item.answers.filter(round=item.handling_round).exists():
        raise ActionRefused("建议、提案须上传答复函后方可办结 [12]。")
    FLOW.check(item.close, actor, "只有首办责任人可以确认办结 [38]。")
    from_state = item.state
    item.close()
    item.done_at, item.done_by = timezone.now(), actor
    done_on = timezone.localdate(item.submitted_at or item.done_at)
    item.on_time = item.deadline is None or done_on <= item.deadline
    item.next_report_on = None
    FLOW.save(item)
    late = "" if item.on_time else "（逾期办结）"
    FLOW.log(item, actor, "close", "办结", from_state, comment=(comment.strip() + late).strip())
    _follow_decision(item, actor, "finish")
    FLOW.notify([item.handler], title=f"督查事项已办结：{FLOW.name(item)}", obj=item)
    return item


@transaction.atomic
def item_cancel(*, actor, pk, seen_version=None, reason: str) -> Item:
    """撤销, with the reason: the 首办责任人 or the office director [38]."""
    item = FLOW.begin(pk, seen_version)
    FLOW.check(item.cancel, actor, "只有首办责任人或办公室主任可以撤销督查事项 [38]。")
    if not reason.strip():
        raise ValidationError("请写明撤销原因。")
    from_state = item.state
    item.cancel()
    item.cancelled_at = timezone.now()
    item.cancel_reason = reason.strip()[:300]
    item.next_report_on = None
    FLOW.save(item)
    FLOW.log(item, actor, "cancel", "撤销", from_state, comment=item.cancel_reason)
    _follow_decision(item, actor, "void")
    FLOW.notify([item.handler, item.first_responsible], title=f"督查事项已撤销：{FLOW.name(item)}", obj=item)
    return item


def _follow_decision(item: Item, actor, step: str) -> None:
    """The meeting's decision follows its item: done or voided with it [15], [37]."""
    if item.decision_id is None:
        return
    from meetings.services import decision_follow_item

    decision_follow_item(decision_pk=item.decision_id, actor=actor, step=step, item=item)


# --- feedback and extensions ---------------------------------------------------------------------------------


def _check_uploads(uploads) -> list:
    return [(upload, check_upload(upload, allowed=ATTACHMENT_TYPES)) for upload in uploads or ()]


@transaction.atomic
def feedback_record(*, actor, pk, data: FeedbackData, uploads=()) -> Feedback:
    """反馈: progress from a responsible unit, recorded by the office (paper, phone, letter, with the date
    received) or by the unit's contact (系统报送). A late item takes only a feedback that gives the reason and
    the progress; that one clears the block for the current deadline [40]."""
    item = FLOW.begin(pk)
    if not rules.can_report(item, actor):
        raise ActionRefused("只有办公室督查人员或该事项责任单位的联络员可以报送反馈 [40]。")
    if item.state not in TRACKED_STATES:
        raise ActionRefused(f"该督查事项{item.get_state_display()}，不接收反馈 [40]。")
    contact_unit = rules.contact_unit_id(actor)
    problems = []
    if not data.text.strip():
        problems.append("请填写工作进展情况 [40]。")
    via = ReceivedVia.SYSTEM if contact_unit is not None else data.received_via
    if via not in ReceivedVia.values:
        problems.append("请选择收到方式（纸质材料、电话、函件）[40]。")
    received_on = today() if contact_unit is not None else data.received_on
    if received_on is None:
        problems.append("请填写收到日期。")
    elif received_on > today():
        problems.append("收到日期不能晚于今天。")
    late = item.is_late(today())
    if item.needs_late_reason(today()) and not data.late_reason.strip():
        problems.append(
            LATE_REFUSAL.format(deadline=item.deadline).replace("才能办理其他事项", "本次反馈须填写逾期原因")
        )
    if problems:
        raise ValidationError(problems)
    checked = _check_uploads(uploads)
    unit = data.unit
    if contact_unit is not None:
        unit = Unit.objects.get(pk=contact_unit)
    feedback = Feedback.objects.create(
        item=item,
        unit=unit or item.lead_unit,
        text=data.text.strip(),
        late_reason=data.late_reason.strip(),
        is_late=late,
        for_report_on=data.for_report_on or item.next_report_on,
        received_via=via,
        received_on=received_on,
        reporter=(data.reporter.strip() or (display_name(actor) if contact_unit else ""))[:50],
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    for upload, info in checked:
        FeedbackAttachment.store(upload, info, by=actor, feedback=feedback)
    item.last_feedback_at = feedback.recorded_at
    if late and feedback.late_reason:
        item.late_explained_for = item.deadline
    if item.next_report_on and item.next_report_on <= today() + timedelta(days=31):
        item.next_report_on = next_report_date(item.report_cycle, item.report_day, max(item.next_report_on, today()))
    FLOW.save(item, bump=False)
    comment = f"{feedback.unit.short_name if feedback.unit else ''}（{feedback.get_received_via_display()}）"
    if feedback.is_late:
        comment += f" 逾期原因：{feedback.late_reason[:100]}"
    FLOW.log(item, actor, "feedback", "报送反馈", item.state, comment=comment.strip())
    if contact_unit is not None:
        FLOW.notify([item.handler], title=f"责任单位报送反馈：{FLOW.name(item)}", obj=item)
    return feedback


@transaction.atomic
def extension_request(*, actor, pk, reason: str, new_deadline: date) -> Extension:
    """延期申请, with the reason and the new deadline [40]."""
    item = FLOW.begin(pk)
    if not rules.can_request_extension(item, actor):
        raise ActionRefused("只有办公室督查人员或该事项责任单位的联络员可以申请延期 [40]。")
    if item.state not in TRACKED_STATES:
        raise ActionRefused("只有督办中的事项可以申请延期 [40]。")
    _refuse_if_late(item)
    problems = []
    if not reason.strip():
        problems.append("请写明延期理由 [40]。")
    if new_deadline is None:
        problems.append("请填写申请延至的日期。")
    elif new_deadline <= max(item.deadline or today(), today()):
        problems.append("申请延至的日期须晚于原办结时限和今天。")
    if item.extensions.filter(outcome=ExtensionOutcome.PENDING).exists():
        problems.append("该事项已有一份延期申请待审批。")
    if problems:
        raise ValidationError(problems)
    extension = Extension.objects.create(
        item=item,
        reason=reason.strip(),
        old_deadline=item.deadline,
        new_deadline=new_deadline,
        requested_by=actor,
        requested_at=timezone.now(),
    )
    FLOW.log(
        item,
        actor,
        "extension_request",
        "申请延期",
        item.state,
        comment=f"申请延至{new_deadline:%Y-%m-%d}：{extension.reason[:150]}",
    )
    decider = item.deputy_head if item.is_major else item.first_responsible
    FLOW.notify([decider], title=f"督查事项延期申请待您审批：{FLOW.name(item)}", obj=item)
    return extension


@transaction.atomic
def extension_decide(*, actor, extension_id, approve: bool, comment: str = "") -> Extension:
    """The 首办责任人 decides, or the 分管副县长 for a major item; an approved extension changes the deadline and
    the item's log records the old and the new [38], [39], [40]."""
    extension = Extension.objects.filter(pk=extension_id).only("item_id").first()
    if extension is None:
        raise ActionRefused("该延期申请不存在。")
    item = FLOW.begin(extension.item_id)
    extension = Extension.objects.select_for_update().get(pk=extension_id)
    if not rules.can_decide_extension(item, actor):
        who = "分管副县长" if item.is_major else "首办责任人"
        raise ActionRefused(f"该事项的延期由{who}审批 [38][39]。")
    if extension.outcome != ExtensionOutcome.PENDING:
        raise ActionRefused(f"该延期申请已审批（{extension.get_outcome_display()}）。")
    if not approve and not comment.strip():
        raise ValidationError("不同意延期请写明理由。")
    extension.outcome = ExtensionOutcome.APPROVED if approve else ExtensionOutcome.REFUSED
    extension.decided_by, extension.decided_at = actor, timezone.now()
    extension.comment = comment.strip()[:300]
    extension.save()
    old = item.deadline
    if approve:
        item.deadline = extension.new_deadline
        FLOW.save(item)
        text = (
            f"办结时限由{old:%Y-%m-%d}延至{item.deadline:%Y-%m-%d}" if old else f"办结时限定为{item.deadline:%Y-%m-%d}"
        )
        FLOW.log(item, actor, "extend", "同意延期", item.state, comment=f"{text}。{extension.comment}".strip("。"))
    else:
        FLOW.log(item, actor, "extension_refused", "不同意延期", item.state, comment=extension.comment)
    FLOW.notify(
        [extension.requested_by, item.handler],
        title=f"延期申请{extension.get_outcome_display()}：{FLOW.name(item)}",
        obj=item,
    )
    return extension


# --- proposals [12] ---------------------------------------------------------------------------------------------


@transaction.atomic
def proposal_attach_answer(*, actor, pk, upload, answered_on: date) -> ProposalAnswer:
    """答复函 of the current handling round [12]."""
    item = FLOW.begin(pk)
    _refuse_unless_supervisor(actor, "上传答复函")
    if not item.is_proposal:
        raise ValidationError("只有人大代表建议、政协提案有答复函 [12]。")
    if item.state not in TRACKED_STATES:
        raise ActionRefused(f"该事项{item.get_state_display()}，不能上传答复函。")
    if upload is None:
        raise ValidationError("请选择答复函文件 [12]。")
    if answered_on is None or answered_on > today():
        raise ValidationError("请填写答复日期（不晚于今天）。")
    if item.answers.filter(round=item.handling_round).exists():
        raise ValidationError("本轮办理已上传答复函。")
    info = check_upload(upload, allowed=ANSWER_TYPES)
    answer = ProposalAnswer.objects.create(
        item=item,
        round=item.handling_round,
        file=upload,
        name=info.name,
        content_type=info.content_type,
        size=info.size,
        answered_on=answered_on,
        uploaded_by=actor,
    )
    FLOW.save(item)
    FLOW.log(item, actor, "answer", "上传答复函", item.state, comment=f"第{answer.round}轮答复：{info.name}")
    return answer


@transaction.atomic
def proposal_record_satisfaction(*, actor, pk, seen_version=None, satisfaction: str) -> Item:
    """The proposer's satisfaction with the answer; 不满意 after the first round: 二次办理, with a new answer
    deadline counted from today [12]."""
    item = FLOW.begin(pk, seen_version)
    _refuse_unless_supervisor(actor, "登记满意度")
    if not item.is_proposal:
        raise ValidationError("只有人大代表建议、政协提案登记满意度 [12]。")
    if satisfaction not in (Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.DISSATISFIED):
        raise ValidationError("请选择满意、基本满意或不满意 [12]。")
    answer = item.answers.filter(round=item.handling_round).first()
    if answer is None:
        raise ActionRefused("尚未上传本轮答复函，不能登记满意度 [12]。")
    if answer.satisfaction:
        raise ActionRefused("本轮答复的满意度已登记。")
    answer.satisfaction, answer.satisfaction_recorded_at = satisfaction, timezone.now()
    answer.save(update_fields=["satisfaction", "satisfaction_recorded_at"])
    item.satisfaction = satisfaction
    from_state = item.state
    label = Satisfaction(satisfaction).label
    if satisfaction == Satisfaction.DISSATISFIED and item.handling_round == 1 and item.state == State.DONE:
        FLOW.check(item.reopen, actor, "只有办公室督查人员可以安排二次办理 [12]。")
        item.reopen()
        item.handling_round = 2
        item.assigned_on = today()
        item.answer_due = item.deadline = default_answer_due(today())
        item.done_at = item.done_by = item.on_time = None
        item.satisfaction = Satisfaction.NONE
        _start(item, actor)
        FLOW.save(item)
        FLOW.log(
            item, actor, "reopen", "二次办理", from_state, comment=f"提出人{label}，答复期限{item.deadline:%Y-%m-%d}"
        )
        FLOW.notify([item.handler, item.first_responsible], title=f"建议提案二次办理：{FLOW.name(item)}", obj=item)
        return item
    FLOW.save(item)
    FLOW.log(item, actor, "satisfaction", "登记满意度", from_state, comment=f"第{answer.round}轮答复：{label}")
    return item

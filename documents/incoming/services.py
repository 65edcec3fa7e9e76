"""What people do with incoming documents: one function per step of 第二十六至二十九条.

Every step locks the document, checks that nobody acted since the person loaded the page, checks the
transition's permission, changes state through django-fsm, writes the log entry, grants the people now
on the document, and notifies the next person once the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from core.serials import next_serial
from core.workflow import ActionRefused, DocumentFlow, StaleAction
from documents.text import funding_summary, funding_words
from documents.types import SecretLevel, secret_covers
from org.models import BusinessLine, Unit
from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role
from org.selectors import away_user_ids, clearance_of, display_name, line_in_charge, secretarial_deputy, users_with_role

from . import rules
from .models import (
    OPEN_STATES,
    Category,
    Chase,
    IncomingDocument,
    Intake,
    OpinionVia,
    Reader,
    ReturnGround,
    ReturnProposal,
    State,
    TransitionLog,
    Urgency,
)
from .selectors import VISIBILITY

User = get_user_model()

# [26(6)7]: 传阅件一般在一周内传阅完毕, 办理件一般在二周内办结 — calendar days from distribution.
CIRCULATION_DAYS = 7
HANDLING_DAYS = 14


# --- helpers ----------------------------------------------------------------------------------------------


def _url(doc: IncomingDocument) -> str:
    return reverse("incoming:detail", args=[doc.pk])


# Lock, stale-page check, log, grants and notifications for every step below [32](九): a classified
# document is named by its number and level only in anything others read.
FLOW = DocumentFlow(
    model=IncomingDocument,
    log_model=TransitionLog,
    visibility=VISIBILITY,
    noun="收文",
    number=lambda doc: doc.serial_label,
    url=_url,
    kind="incoming",
)


def end_of_day(moment: datetime) -> datetime:
    """原则上当天阅批 [26(6)5]: the end of the local calendar day."""
    local = timezone.localtime(moment)
    return local.replace(hour=23, minute=59, second=59, microsecond=0)


# --- 签收、登记 [26(1)], [28], [29] ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    source_unit: Unit
    title: str
    doc_type: str
    sender_number: str = ""
    intake: str = ""  # 请示件/一般工作公文 for lower units; superior units decide it themselves [26]–[28]
    copies: int = 1
    pages: int = 1
    secret_level: int = SecretLevel.NONE
    secrecy_period: str = ""
    urgency: str = Urgency.NORMAL
    is_meeting_notice: bool = False
    is_funding_request: bool = False
    not_funding_reason: str = ""  # why a 请示 whose title names 资金、经费 … is not a funding request [28(1)]
    received_at: datetime | None = None
    signed_before_by: object | None = None  # 补办 [29(1)]
    signed_before_opinion: str = ""
    sent_directly_to: object | None = None  # 越级 [29(2)]


def _intake_for(data: Registration) -> str:
    if data.source_unit.follows_superior_route:
        return Intake.SUPERIOR  # [26], [27]
    if data.intake not in (Intake.REQUEST, Intake.GENERAL):
        raise ValidationError("下级来文须选择“请示件”或“一般工作公文” [28]。")
    return data.intake


@transaction.atomic
def incoming_register(*, actor, data: Registration) -> IncomingDocument:
    """签收、登记: open, register, stamp and number it; the same day it goes to the 分管文秘副主任 [26(1)].

    A 请示件 is distributed by the clerk the same day [28(1)], except a funding request, which always goes
    first to the 分管文秘副主任. Registration is the only way in [29(1)]: a document a leader already signed
    is registered afterwards and marked 补办; one sent straight to a county leader is recorded as 越级 and
    the office leaders are told [29(2)].
    """
    if not rules.can_register(None, actor):
        raise ActionRefused("只有收发秘书可以签收登记收文 [26(1)]。")
    if not data.title.strip():
        raise ValidationError("请填写文件标题。")
    intake = _intake_for(data)
    if data.is_funding_request and intake != Intake.REQUEST:
        raise ValidationError("只有下级单位的请示件才能标为“申请经费” [28(1)]。")
    # 申请经费的请示 read from the title, not only from the box: the clerk ticks it or says why not [28(1)].
    money = funding_words(data.title) if intake == Intake.REQUEST else {}
    if money and not data.is_funding_request and not data.not_funding_reason.strip():
        raise ValidationError(
            f"标题提到{funding_summary(money)}，像是申请经费的请示：请勾选“申请经费的请示件”（一律先送分管文秘"
            "副主任阅批），或在“不属申请经费的说明”中写明原因 [28(1)]。"
        )
    if not secret_covers(clearance_of(actor), data.secret_level):
        raise ActionRefused("您的涉密等级不足以登记该密级的文件，请交由有相应资格的人员办理 [31]。")
    now = timezone.now()
    year = timezone.localtime(now).year
    deputy = secretarial_deputy()
    clerk_distributes = intake == Intake.REQUEST and not data.is_funding_request
    holder = actor if clerk_distributes or deputy is None else deputy
    doc = IncomingDocument(
        year=year,
        serial=next_serial("incoming", year),
        received_at=data.received_at or now,
        registered_at=now,
        registered_by=actor,
        source_unit=data.source_unit,
        sender_number=data.sender_number.strip(),
        title=data.title.strip(),
        doc_type=data.doc_type,
        copies=data.copies,
        pages=data.pages,
        secret_level=data.secret_level,
        secrecy_period=data.secrecy_period,
        urgency=data.urgency,
        is_meeting_notice=data.is_meeting_notice,
        intake=intake,
        is_funding_request=data.is_funding_request,
        late_registration=data.signed_before_by is not None,
        signed_before_by=data.signed_before_by,
        skipped_level=data.sent_directly_to is not None,
        sent_directly_to=data.sent_directly_to,
        holder=holder,
        # 当日送分管文秘副主任阅批 [26(1)]; 请示件当日完成登记、编号、分办 [28(1)].
        due_at=end_of_day(now),
    )
    doc.full_clean(exclude=["state"])  # the state is the state machine's: never set by cleaning
    FLOW.require_clearance(doc, [holder], "分办人")
    doc.save()
    FLOW.grant(doc, [actor, holder, data.signed_before_by, data.sent_directly_to])
    FLOW.log(doc, actor, "register", "签收登记", "", comment=f"收文流水号 {doc.serial_label}")
    if money:
        answer = "确认申请经费" if data.is_funding_request else "说明不属申请经费"
        why = funding_summary(money) if data.is_funding_request else data.not_funding_reason.strip()[:300]
        FLOW.log(doc, actor, "funding_answer", answer, doc.state, comment=why)
    if data.signed_before_by is not None:
        FLOW.log(
            doc,
            actor,
            "late_registration",
            "补办登记",
            doc.state,
            comment=f"{display_name(data.signed_before_by)}在登记前已签署意见：{data.signed_before_opinion}".strip(),
        )
    if holder != actor:
        FLOW.notify([holder], title=f"新收文待分办：{FLOW.name(doc)}", obj=doc)
    if data.sent_directly_to is not None:
        leaders = [u for role in OFFICE_LEADERS for u in users_with_role(role)]
        FLOW.notify(
            leaders,
            title=f"越级来文：{FLOW.name(doc)}",
            body=f"{doc.source_unit}的来文已直送{display_name(data.sent_directly_to)}，现已补办登记 [29(2)]。",
            obj=doc,
        )
    return doc


@transaction.atomic
def incoming_hand_out(*, actor, data: Registration, recipients) -> IncomingDocument:
    """一般阅件也可不登记，直接分发 [28(2)1]: an unclassified general document only for reading is recorded
    and handed out without a serial. It cannot be instructed or handled until registered (补办) [29(1)]."""
    if not rules.can_register(None, actor):
        raise ActionRefused("只有收发秘书可以分发收文。")
    if data.source_unit.follows_superior_route or data.intake != Intake.GENERAL:
        raise ValidationError("只有下级单位的一般工作公文（阅件）可以不登记直接分发 [28(2)1]。")
    if data.secret_level > SecretLevel.NONE:
        raise ValidationError("涉密文件必须登记，不能直接分发 [31]。")
    recipients = list(recipients)
    if not recipients:
        raise ValidationError("请选择分发对象。")
    now = timezone.now()
    doc = IncomingDocument(
        year=timezone.localtime(now).year,
        received_at=data.received_at or now,
        source_unit=data.source_unit,
        sender_number=data.sender_number.strip(),
        title=data.title.strip(),
        doc_type=data.doc_type,
        copies=data.copies,
        pages=data.pages,
        intake=Intake.GENERAL,
        category=Category.READ,
        state=State.HANDED_OUT,
    )
    doc.full_clean(exclude=["state"])  # the state is the state machine's: never set by cleaning
    doc.save()
    FLOW.grant(doc, [actor, *recipients])
    names = "、".join(display_name(u) for u in recipients)
    FLOW.log(doc, actor, "hand_out", "直接分发（未登记）", "", comment=f"分发给：{names}")
    FLOW.notify(recipients, title=f"阅件：{FLOW.name(doc)}", obj=doc)
    return doc


@transaction.atomic
def incoming_register_late(*, actor, pk, seen_version=None) -> IncomingDocument:
    """补办登记 of a document handed out without registration, before anyone may act on it [29(1)]."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.register_late, actor, "只有收发秘书可以补办登记，且仅限未登记的文件 [29(1)]。")
    from_state = doc.state
    doc.register_late()
    doc.serial = next_serial("incoming", doc.year)
    doc.registered_at = timezone.now()
    doc.registered_by = actor
    doc.late_registration = True
    doc.category = ""
    deputy = secretarial_deputy()
    doc.holder = deputy or actor
    doc.due_at = end_of_day(doc.registered_at)
    FLOW.save(doc)
    FLOW.grant(doc, [doc.holder])
    FLOW.log(doc, actor, "register_late", "补办登记", from_state, comment=f"收文流水号 {doc.serial_label}")
    if doc.holder != actor:
        FLOW.notify([doc.holder], title=f"新收文待分办：{FLOW.name(doc)}", obj=doc)
    return doc


# --- 分办、传阅 [26(2)], [26(6)2]–[26(6)5], [28(1)] ------------------------------------------------------------


@dataclass(frozen=True)
class ReaderSpec:
    reader: object
    duty: str = Reader.Duty.READ
    part: str = Reader.Part.NONE
    send_first: bool = False


def _leader_ids(specs: list[ReaderSpec]) -> set[int]:
    """Which readers are county or office leaders (领导), in one query."""
    roles = [role.value for role in (*COUNTY_LEADERS, *OFFICE_LEADERS)]
    ids = [s.reader.pk for s in specs]
    return set(User.objects.filter(pk__in=ids, groups__name__in=roles).values_list("pk", flat=True))


def _rank(spec: ReaderSpec, leaders: set[int]) -> tuple[int, int, int]:
    """先送 first [26(6)3]; then the leaders with no 主办/协办 part, before the line staff they instruct
    (领导阅后送归口人员) [26(3)]; within each, those who act before those who only read (先阅办后阅知) [26(6)2]."""
    return (
        0 if spec.send_first else 1,
        0 if spec.reader.pk in leaders and not spec.part else 1,
        0 if spec.duty == Reader.Duty.ACT else 1,
    )


# Why one reader goes before another: the first part of the rank in which they differ [26(3)], [26(6)2], [26(6)3].
_REASONS = [
    ("先送", "[26(6)3]"),
    ("领导阅批后再送归口人员", "[26(3)]"),
    ("先阅办后阅知", "[26(6)2]"),
    ("先主办后协办", "[26(6)2]"),
]


def _reason(ahead: ReaderSpec, behind: ReaderSpec, leaders: set[int]) -> tuple[str, str]:
    for index, (a, b) in enumerate(zip(_rank(ahead, leaders), _rank(behind, leaders), strict=True)):
        if a != b:
            return _REASONS[index]
    return _REASONS[3]  # same rank: only the handlers were put in order among themselves


def order_readers(specs: list[ReaderSpec]) -> tuple[list[ReaderSpec], list[str]]:
    """The circulation order: the given order, corrected only where it breaks a rule, and a true note for each
    reader moved forward, naming whom they now go before and why.

    先送 first [26(6)3]; leaders before the line staff [26(3)]; 先阅办后阅知 [26(6)2]. 先主办后协办 [26(6)2] orders
    the handlers among themselves: the 主办 takes the first of the places the handlers hold, so it never lifts a
    handler above a leader. A correct order is returned unchanged, with no note.
    """
    leaders = _leader_ids(specs)
    ordered = sorted(specs, key=lambda s: _rank(s, leaders))  # stable: the given order stands within each rank
    for rank in {_rank(s, leaders) for s in ordered}:
        places = [i for i, s in enumerate(ordered) if _rank(s, leaders) == rank and s.part]
        handlers = sorted((ordered[i] for i in places), key=lambda s: s.part != Reader.Part.LEAD)
        for i, spec in zip(places, handlers, strict=True):
            ordered[i] = spec
    given = {id(s): i for i, s in enumerate(specs)}
    final = {id(s): i for i, s in enumerate(ordered)}
    notes = []
    for spec in ordered:
        passed = [o for o in specs if given[id(o)] < given[id(spec)] and final[id(o)] > final[id(spec)]]
        by_reason: dict[tuple[str, str], list[str]] = {}
        for other in passed:
            by_reason.setdefault(_reason(spec, other, leaders), []).append(display_name(other.reader))
        for (reason, article), names in by_reason.items():
            notes.append(f"{display_name(spec.reader)}已按“{reason}”调到{'、'.join(names)}之前 {article}。")
    return ordered, notes


def _funding_first(doc: IncomingDocument, specs: list[ReaderSpec]) -> tuple[list[ReaderSpec], list[str]]:
    """申请经费的请示件一律先送办公室分管文秘副主任阅批 [28(1)] — whatever the clerk picked."""
    if not (doc.intake == Intake.REQUEST and doc.is_funding_request):
        return specs, []
    deputy = secretarial_deputy()
    if deputy is None:
        raise ValidationError("尚未指定分管文秘副主任，申请经费的请示件无法分办 [28(1)]。")
    rest = [s for s in specs if s.reader.pk != deputy.pk]
    first = ReaderSpec(reader=deputy, duty=Reader.Duty.ACT, send_first=True)
    moved = len(rest) == len(specs) or (specs and specs[0].reader.pk != deputy.pk)
    note = [f"申请经费的请示件一律先送分管文秘副主任{display_name(deputy)}阅批 [28(1)]。"] if moved else []
    return [first, *rest], note


@dataclass(frozen=True)
class DistributionPlan:
    """What 分办 will do, shown to the distributor before they confirm [26(2)], [26(6)2], [26(6)3]: the final
    order, why it differs from the one given, and what they must know (a reader away today, a 承办人 who is not
    the 主办 reader)."""

    readers: list[ReaderSpec]
    notes: list[str]  # the order as corrected, and why
    warnings: list[str]  # to confirm knowingly: the 承办人 [26(3)]
    lead_handler: object | None
    away: dict  # reader id -> the absence that keeps them away today
    away_warnings: list[str]  # one per reader away today [26(6)3]

    @property
    def token(self) -> str:
        """A fingerprint of what was shown: a confirmation counts only for the plan the distributor saw."""
        import hashlib

        shown = [(s.reader.pk, s.duty, s.part, s.send_first) for s in self.readers]
        text = repr((shown, getattr(self.lead_handler, "pk", None), self.notes, self.warnings, self.away_warnings))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.notes or self.warnings or self.away_warnings)


def _away_today(specs: list[ReaderSpec], now: datetime) -> dict:
    """Readers away at some time between now and the end of today, with that absence [26(6)3]."""
    from org.models import Absence

    absences = Absence.objects.filter(
        person__in=[s.reader.pk for s in specs], ends_at__gt=now, starts_at__lte=end_of_day(now)
    ).order_by("starts_at")
    away = {}
    for absence in absences:
        away.setdefault(absence.person_id, absence)
    return away


def _away_warning(spec: ReaderSpec, absence, now: datetime) -> str:
    start, end = timezone.localtime(absence.starts_at), timezone.localtime(absence.ends_at)
    span = f"{absence.get_reason_display()}，{start:%-m月%-d日 %H:%M}至{end:%-m月%-d日 %H:%M}"
    when = "" if absence.starts_at <= now else f"今天{start:%H:%M}起"
    return f"{display_name(spec.reader)}{when}外出（{span}）：轮到其阅批时将先越过，回来后补阅 [26(6)3]。"


def distribution_plan(
    doc: IncomingDocument,
    *,
    category: str,
    readers: list[ReaderSpec],
    line: BusinessLine | None = None,
    lead_handler=None,
    now: datetime | None = None,
) -> DistributionPlan:
    """The readers in their final order, the notes that explain it, and the warnings to confirm — read only,
    so the 分办 page can show it before anything happens [26(2)], [26(3)], [26(6)2], [26(6)3], [28(1)]."""
    now = now or timezone.now()
    if category not in Category.values:
        raise ValidationError("请选择“批办件”或“批阅件” [26(6)1]。")
    if not readers:
        raise ValidationError("请至少指定一名阅文人。")
    if len({s.reader.pk for s in readers}) != len(readers):
        raise ValidationError("阅文人名单中有重复的人员。")
    leads = [s for s in readers if s.part == Reader.Part.LEAD]
    if len(leads) > 1:
        names = "、".join(display_name(s.reader) for s in leads)
        raise ValidationError(f"主办只能有一人（现为{names}），其余请标为协办 [26(6)2]。")
    specs, notes = _funding_first(doc, list(readers))
    specs, order_notes = order_readers(specs)
    notes += order_notes
    warnings = []
    if category == Category.HANDLE:
        lead_reader = leads[0].reader if leads else None
        if lead_handler is None:
            lead_handler = lead_reader
        if lead_handler is None and line is not None:
            staff = line_in_charge(line).staff
            lead_handler = staff[0] if staff else None
        if lead_handler is None:
            raise ValidationError("批办件须指定承办人（归口人员） [26(3)]。")
        if lead_reader is not None and lead_handler.pk != lead_reader.pk:
            warnings.append(
                f"承办人{display_name(lead_handler)}不是标为“主办”的阅文人{display_name(lead_reader)}："
                f"阅批后文件交承办人办理，请确认或改选 [26(3)], [26(6)2]。"
            )
    away = _away_today(specs, now)
    away_warnings = [_away_warning(s, away[s.reader.pk], now) for s in specs if s.reader.pk in away]
    return DistributionPlan(
        readers=specs,
        notes=notes,
        warnings=warnings,
        lead_handler=lead_handler,
        away=away,
        away_warnings=away_warnings,
    )


@transaction.atomic
def incoming_distribute(
    *,
    actor,
    pk,
    seen_version=None,
    category: str,
    opinion: str,
    readers: list[ReaderSpec],
    line: BusinessLine | None = None,
    lead_handler=None,
    opinion_via: str = "",
) -> tuple[IncomingDocument, list[str]]:
    """分办: the 分管文秘副主任's 拟办/传阅 opinion, the folder, the readers and their order [26(2)], [26(6)1].
    The clerk may enter it on the deputy's opinion: it is then recorded as entered on the deputy's behalf, and
    how it reached the clerk (电话/口头). Deadlines start now [26(6)7]. Returns the notes and warnings of the
    plan (``distribution_plan``), also written in the log."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.distribute, actor, "只有分管文秘副主任或收发秘书（按副主任意见）可以分办已登记的收文 [26(2)]。")
    deputy_opinion_needed = not (doc.intake == Intake.REQUEST and not doc.is_funding_request)
    if deputy_opinion_needed and not opinion.strip():
        raise ValidationError("请填写分管文秘副主任的拟办或传阅意见 [26(2)]。")
    if opinion_via and opinion_via not in OpinionVia.values:
        raise ValidationError("请选择副主任意见的传达方式（电话/口头） [26(2)]。")
    now = timezone.now()
    plan = distribution_plan(
        doc, category=category, readers=list(readers), line=line, lead_handler=lead_handler, now=now
    )
    specs, lead_handler = plan.readers, plan.lead_handler
    notes = plan.notes + plan.warnings + plan.away_warnings
    FLOW.require_clearance(doc, [s.reader for s in specs], "阅文人")
    FLOW.require_clearance(doc, [lead_handler], "承办人")

    from_state = doc.state
    doc.distribute()
    doc.category = category
    doc.opinion = opinion.strip()
    if rules.is_secretarial_deputy(actor):
        doc.opinion_by = actor
    elif deputy_opinion_needed and doc.opinion:
        # 代录 [26(2)]: the deputy's opinion, typed in by the clerk; the deputy has not seen this text.
        doc.opinion_by = secretarial_deputy()
        doc.opinion_entered_by = actor
        doc.opinion_via = opinion_via
    else:
        doc.opinion_by = None
    doc.line = line
    doc.lead_handler = lead_handler
    doc.distributed_at = now
    doc.due_at = now + timedelta(days=HANDLING_DAYS if category == Category.HANDLE else CIRCULATION_DAYS)
    Reader.objects.bulk_create(
        [
            Reader(document=doc, reader=s.reader, seq=i, duty=s.duty, part=s.part, send_first=s.send_first)
            for i, s in enumerate(specs, start=1)
        ]
    )
    opinion_line = doc.opinion + (f"（{doc.opinion_attribution}）" if doc.opinion_entered_by_id else "")
    comment = opinion_line + ("\n" + "\n".join(notes) if notes else "")
    FLOW.log(doc, actor, "distribute", "分办", from_state, comment=comment.strip())
    current = _advance(doc, now, actor=actor)  # logs anyone passed over, after the 分办 itself
    doc.holder = current.reader if current else None
    FLOW.save(doc)
    FLOW.grant(doc, [actor, doc.opinion_by, lead_handler, *(s.reader for s in specs)])
    if current is not None:
        FLOW.notify([current.reader], title=f"请阅批：{FLOW.name(doc)}", obj=doc)
    return doc, notes


def _advance(doc: IncomingDocument, now: datetime, *, actor=None) -> Reader | None:
    """Hand the document to the next reader: the first not yet signed, in order, who is not away.

    A reader who is away is passed over and picked up on return [26(6)3] (a passed-over reader keeps their
    place, so they come first again once back). If everyone left is away, the document waits for the
    first of them. Returns the new current reader, or None when everyone has signed.
    """
    remaining = list(doc.readers.exclude(status=Reader.Status.SIGNED).select_related("reader").order_by("seq"))
    if not remaining:
        return None
    away = away_user_ids(now, among=[r.reader_id for r in remaining])
    present = [r for r in remaining if r.reader_id not in away]
    current = present[0] if present else remaining[0]
    for r in remaining:
        if r is current:
            break
        if r.status != Reader.Status.PASSED_OVER:
            r.status = Reader.Status.PASSED_OVER
            r.passed_over_reason = "外出，回来后补阅"
            r.passed_over_at = r.passed_over_at or now
            r.save(update_fields=["status", "passed_over_reason", "passed_over_at"])
            if actor is not None:
                FLOW.log(
                    doc,
                    actor,
                    "pass_over",
                    "越过阅文人",
                    doc.state,
                    comment=f"越过{display_name(r.reader)}：外出，回来后补阅 [26(6)3]",
                )
    Reader.objects.filter(document=doc, status=Reader.Status.CURRENT).exclude(pk=current.pk).update(
        status=Reader.Status.WAITING
    )
    current.status = Reader.Status.CURRENT
    current.reached_at = now
    current.due_at = end_of_day(now)
    current.save(update_fields=["status", "reached_at", "due_at"])
    return current


@transaction.atomic
def incoming_mark_funding(*, actor, pk, seen_version=None, note: str = "") -> IncomingDocument:
    """补标申请经费的请示件 [28(1)]: registered unticked, recognised later by the 分管文秘副主任, an office leader
    or the clerk. The route is planned again: before 分办 the plan puts the 分管文秘副主任 first; in circulation
    he becomes the next reader, before whoever holds it now, unless he has already read it."""
    doc = FLOW.begin(pk, seen_version)
    if not rules.can_mark_funding(doc, actor):
        raise ActionRefused("只有办公室领导和收发秘书可以补标申请经费的请示件 [28(1)]。")
    if doc.intake != Intake.REQUEST:
        raise ValidationError("只有下级单位的请示件才能标为“申请经费” [28(1)]。")
    if doc.is_funding_request:
        raise ValidationError("该请示件已标为申请经费。")
    if doc.state not in (State.REGISTERED, State.CIRCULATING):
        raise ActionRefused(f"该请示件{doc.get_state_display()}，已不能补标申请经费 [28(1)]。")
    doc.is_funding_request = True
    done = ["补标为申请经费的请示件"]
    if note.strip():
        done.append(note.strip()[:200])
    if doc.state == State.CIRCULATING:
        deputy = secretarial_deputy()
        if deputy is None:
            raise ValidationError("尚未指定分管文秘副主任，申请经费的请示件无法送阅 [28(1)]。")
        FLOW.require_clearance(doc, [deputy], "分管文秘副主任")
        seat = doc.readers.filter(reader=deputy).first()
        if seat is None or seat.status != Reader.Status.SIGNED:
            current = doc.readers.filter(status=Reader.Status.CURRENT).first()
            last = doc.readers.order_by("-seq").values_list("seq", flat=True).first() or 0
            position = current.seq if current else last + 1
            doc.readers.filter(seq__gte=position).exclude(reader=deputy).update(seq=F("seq") + 1)
            if seat is None:
                seat = Reader(document=doc, reader=deputy)
            seat.seq, seat.duty, seat.send_first = position, Reader.Duty.ACT, True
            seat.save()
            now = timezone.now()
            holder = _advance(doc, now, actor=actor)
            doc.holder = holder.reader if holder else None
            FLOW.grant(doc, [deputy])
            done.append(f"改由分管文秘副主任{display_name(deputy)}先阅批")
            if holder is not None and holder.reader_id == deputy.pk:
                FLOW.notify([deputy], title=f"请阅批（申请经费的请示件）：{FLOW.name(doc)}", obj=doc)
    FLOW.save(doc)
    FLOW.log(doc, actor, "mark_funding", "补标申请经费", doc.state, comment="；".join(done) + " [28(1)]")
    return doc


@transaction.atomic
def incoming_sign(*, actor, pk, seen_version=None, comment: str = "") -> IncomingDocument:
    """签阅: the reader whose turn it is signs the 文件批阅单 with name, date and an optional comment or
    instruction [26(6)5]; the document moves on. When the last reader has signed, a 批阅件 has finished
    circulating and a 批办件 goes to its handler [26(3)], [26(6)6]."""
    doc = FLOW.begin(pk, seen_version)
    if doc.state != State.CIRCULATING:
        raise ActionRefused(f"该收文当前为“{doc.get_state_display()}”，不在传阅中。")
    current = doc.readers.select_for_update().filter(status=Reader.Status.CURRENT).select_related("reader").first()
    if current is None or current.reader_id != actor.pk:
        whose = display_name(current.reader) if current else "其他人"
        raise ActionRefused(f"现在轮到{whose}阅批，您不能越序签阅 [26(6)3]。")
    now = timezone.now()
    current.status = Reader.Status.SIGNED
    current.signed_at = now
    current.comment = comment.strip()
    current.save(update_fields=["status", "signed_at", "comment"])
    FLOW.log(doc, actor, "sign", "签阅", doc.state, comment=current.comment)
    nxt = _advance(doc, now, actor=actor)
    if nxt is not None:
        doc.holder = nxt.reader
        FLOW.save(doc)
        FLOW.notify([nxt.reader], title=f"请阅批：{FLOW.name(doc)}", obj=doc)
        return doc
    doc._current_reader_id = actor.pk  # the last signer closes the circulation (rules.can_sign)
    from_state = doc.state
    if doc.category == Category.HANDLE:
        doc.finish_circulation_to_handling()
        doc.holder = doc.lead_handler
        FLOW.save(doc)
        FLOW.log(doc, actor, "to_handling", "阅批完毕转承办", from_state)
        FLOW.notify([doc.lead_handler], title=f"请承办：{FLOW.name(doc)}", obj=doc)
    else:
        doc.finish_circulation()
        doc.completed_at = now
        doc.holder = _clerk_for(doc)
        FLOW.save(doc)
        FLOW.log(doc, actor, "circulated", "传阅完毕", from_state)
        FLOW.notify([doc.holder], title=f"传阅完毕，请收回原件：{FLOW.name(doc)}", obj=doc)
    return doc


def _clerk_for(doc: IncomingDocument):
    return doc.registered_by or users_with_role(Role.REGISTRY_CLERK).first()


@transaction.atomic
def incoming_pass_over(*, actor, pk, seen_version=None, reason: str) -> IncomingDocument:
    """The clerk passes over the reader whose turn it is, with a reason; they read last [26(6)3]."""
    doc = FLOW.begin(pk, seen_version)
    if not rules.is_clerk(actor):
        raise ActionRefused("只有收发秘书可以调整传阅顺序。")
    if doc.state != State.CIRCULATING:
        raise ActionRefused("该收文不在传阅中。")
    if not reason.strip():
        raise ValidationError("请填写越过的原因。")
    current = doc.readers.select_for_update().filter(status=Reader.Status.CURRENT).select_related("reader").first()
    if current is None:
        raise ActionRefused("当前没有在阅的人员。")
    last_seq = doc.readers.order_by("-seq").values_list("seq", flat=True).first()
    now = timezone.now()
    current.status = Reader.Status.PASSED_OVER
    current.passed_over_reason = reason.strip()
    current.passed_over_at = current.passed_over_at or now
    current.seq = last_seq + 1
    current.save(update_fields=["status", "passed_over_reason", "passed_over_at", "seq"])
    nxt = _advance(doc, now, actor=actor)
    doc.holder = nxt.reader if nxt else None
    FLOW.save(doc)
    FLOW.log(
        doc,
        actor,
        "pass_over",
        "越过阅文人",
        doc.state,
        comment=f"越过{display_name(current.reader)}：{reason.strip()}",
    )
    if nxt is not None and nxt.pk != current.pk:
        FLOW.notify([nxt.reader], title=f"请阅批：{FLOW.name(doc)}", obj=doc)
    return doc


# --- 承办、转办、催办、办结 [26(3)], [26(4)], [28(1)] ------------------------------------------------------------


@transaction.atomic
def incoming_transfer(*, actor, pk, seen_version=None, unit: Unit, note: str) -> IncomingDocument:
    """转办: the clerk passes the leader's instruction to the department that is to act [26(3)]."""
    doc = FLOW.begin(pk, seen_version)
    if doc.state != State.HANDLING:
        raise ActionRefused("只有承办中的收文可以转办。")
    if not rules.can_transfer(doc, actor):
        raise ActionRefused("只有收发秘书可以转办 [26(3)]。")
    if unit.follows_superior_route:
        raise ValidationError("转办对象应为县政府部门、乡镇或县直单位。")
    if not note.strip():
        raise ValidationError("请填写转告承办单位的领导批办意见。")
    doc.transferred_to = unit
    doc.transfer_note = note.strip()
    FLOW.save(doc)
    FLOW.log(doc, actor, "transfer", "转办", doc.state, comment=f"转{unit}：{note.strip()}")
    return doc


@transaction.atomic
def incoming_chase(*, actor, pk, target: str, method: str, note: str) -> Chase:
    """催办、查办 until it is done [26(4)], [28(2)4]: each chase is recorded."""
    doc = FLOW.lock(pk)
    if doc.state not in (State.CIRCULATING, State.HANDLING):
        raise ActionRefused("只有传阅或承办中的收文需要催办。")
    if not rules.can_chase(doc, actor):
        raise ActionRefused("只有收发秘书或承办人可以催办 [26(4)]。")
    if not note.strip() or not target.strip():
        raise ValidationError("请填写催办对象和催办情况。")
    chase = Chase.objects.create(
        document=doc, by=actor, target=target.strip(), method=method.strip() or "电话", note=note.strip()
    )
    FLOW.save(doc, bump=False)
    FLOW.log(doc, actor, "chase", "催办", doc.state, comment=f"{chase.method}催办{chase.target}：{chase.note}")
    return chase


@transaction.atomic
def incoming_complete(*, actor, pk, seen_version=None, result: str, reply_to_unit: str = "") -> IncomingDocument:
    """办结: the handler records the result, which goes back to the leaders who instructed and to the
    分管文秘副主任 [26(4)]; for a 请示件 the answer to the requesting unit is recorded [28(1)]."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.complete, actor, "只有承办人或收发秘书可以办结承办中的收文 [26(4)]。")
    if not result.strip():
        raise ValidationError("请填写办理结果 [26(4)]。")
    if doc.intake == Intake.REQUEST and not reply_to_unit.strip():
        raise ValidationError("请示件须记录对来文单位的答复 [28(1)]。")
    from_state = doc.state
    doc.complete()
    doc.result = result.strip()
    doc.reply_to_unit = reply_to_unit.strip()
    doc.completed_at = timezone.now()
    doc.holder = _clerk_for(doc)
    FLOW.save(doc)
    FLOW.log(doc, actor, "complete", "办结", from_state, comment=doc.result)
    instructing = [r.reader for r in doc.readers.filter(duty=Reader.Duty.ACT).select_related("reader")]
    FLOW.notify(
        [*instructing, doc.opinion_by or secretarial_deputy()],
        title=f"办理结果反馈：{FLOW.name(doc)}",
        body=f"办理结果：{doc.result}",
        obj=doc,
    )
    FLOW.notify([doc.holder], title=f"已办结，请收回原件：{FLOW.name(doc)}", obj=doc)
    return doc


@transaction.atomic
def incoming_receive_original(*, actor, pk, seen_version=None) -> IncomingDocument:
    """The complete original comes back to the clerk, ready to be filed [26(4)], [26(5)], [26(6)6]."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.receive_original, actor, "只有收发秘书可以收回已办结文件的原件 [26(5)]。")
    from_state = doc.state
    doc.receive_original()
    doc.original_returned_at = timezone.now()
    doc.holder = None
    FLOW.save(doc)
    FLOW.log(doc, actor, "receive_original", "收回原件", from_state)
    return doc


# --- 退文 [29(3)] ------------------------------------------------------------------------------------------------


@transaction.atomic
def incoming_propose_return(*, actor, pk, ground: int, explanation: str = "") -> ReturnProposal:
    """退文由经办人提出退文意见 [29(3)]: only for lower units' documents, on one of the six grounds."""
    doc = FLOW.lock(pk)
    if not doc.is_lower_unit_document:
        raise ActionRefused("只有下级来文可以退文 [29(3)]。")
    if doc.state not in OPEN_STATES:
        raise ActionRefused("只有尚在办理中的收文可以提出退文。")
    if not rules.can_propose_return(doc, actor):
        raise ActionRefused("退文由经办人（收发秘书或承办人）提出 [29(3)]。")
    if ground not in ReturnGround.values:
        raise ValidationError("请选择退文理由 [29(3)]。")
    if ground == ReturnGround.OTHER and not explanation.strip():
        raise ValidationError("选择“其他”理由时须写明具体原因 [29(3)]。")
    if doc.return_proposals.filter(decision=ReturnProposal.Decision.PENDING).exists():
        raise ActionRefused("该收文已有待审批的退文意见。")
    proposal = ReturnProposal.objects.create(
        document=doc, ground=ground, explanation=explanation.strip(), proposed_by=actor
    )
    FLOW.save(doc, bump=False)
    FLOW.log(
        doc,
        actor,
        "propose_return",
        "提出退文",
        doc.state,
        comment=f"{proposal.get_ground_display()} {proposal.explanation}",
    )
    leaders = [u for role in OFFICE_LEADERS for u in users_with_role(role)]
    FLOW.notify(leaders, title=f"退文待审批：{FLOW.name(doc)}", obj=doc, body=proposal.get_ground_display())
    FLOW.grant(doc, leaders)
    return proposal


@transaction.atomic
def incoming_decide_return(*, actor, proposal_id, approve: bool, comment: str = "") -> ReturnProposal:
    """经办公室领导批准方可退文 [29(3)]. Approval sends the document back; the clerk returns it with the 退文单."""
    try:
        proposal = ReturnProposal.objects.select_related("proposed_by").get(pk=proposal_id)
    except ReturnProposal.DoesNotExist:
        raise ActionRefused("该退文意见不存在。") from None
    doc = FLOW.lock(proposal.document_id)
    proposal = ReturnProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.decision != ReturnProposal.Decision.PENDING:
        raise StaleAction("该退文意见已由其他领导审批，您的操作没有执行。请刷新页面查看。")
    if not rules.can_decide_return(doc, actor):
        raise ActionRefused("退文须经办公室领导批准 [29(3)]。")
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_comment = comment.strip()
    from_state = doc.state
    if approve:
        FLOW.check(doc.send_back, actor, "该收文当前状态不能退文。")
        proposal.decision = ReturnProposal.Decision.APPROVED
        doc.send_back()
        doc.readers.filter(status=Reader.Status.CURRENT).update(status=Reader.Status.WAITING)
        doc.holder = None
        label = "批准退文"
    else:
        proposal.decision = ReturnProposal.Decision.REJECTED
        label = "不同意退文"
    proposal.save()
    FLOW.save(doc)
    FLOW.log(doc, actor, "decide_return", label, from_state, comment=proposal.decision_comment)
    FLOW.notify(
        [proposal.proposed_by, _clerk_for(doc)],
        title=f"{label}：{FLOW.name(doc)}",
        obj=doc,
        body=proposal.decision_comment,
    )
    return proposal


# --- 原件与附件 ---------------------------------------------------------------------------------------------------


@transaction.atomic
def incoming_attach(*, actor, pk, upload, kind: str = "original"):
    """Attach the scanned original or an attachment; checked by content type and size."""
    from .models import Attachment
    from .uploads import validate_upload

    doc = FLOW.lock(pk)
    if not (rules.is_clerk(actor) or actor.pk == doc.lead_handler_id):
        raise ActionRefused("只有收发秘书或承办人可以上传原件和附件。")
    if doc.state == State.FILED:
        raise ActionRefused("已归档的文件不能再添加附件。")
    content_type = validate_upload(upload)
    attachment = Attachment(
        document=doc,
        kind=kind if kind in Attachment.Kind.values else Attachment.Kind.ATTACHMENT,
        name=(upload.name or "file")[-200:],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(
        f"{doc.pk}-{timezone.now():%Y%m%d%H%M%S}{upload.name[upload.name.rfind('.') :]}", upload, save=False
    )
    attachment.save()
    FLOW.log(doc, actor, "attach", "上传附件", doc.state, comment=attachment.name)
    return attachment

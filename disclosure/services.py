"""What people do in 政务公开 (第五章 [35], [36]): one function per step.

Every step is atomic: it locks its row (``FLOW.begin`` or ``_lock_catalogue``, refusing a page loaded before
someone else acted: ``StaleAction``, 409), checks the permission (``rules``; ``ActionRefused``, 403), changes
state through django-fsm, writes the log and notifies people once the transaction commits. Bad input is a
``ValidationError`` (400) with a Chinese message citing the article. All arguments are keyword-only. Nothing is
deleted: an entry is retired, a finding is accepted, an assessment is confirmed.

The forms' data
- ``EntryData(title, category="", published_where="", frequency="standing", exempt="", legal_basis="",
  order=None)`` — a 公开事项; ``exempt`` (国家秘密 / 其他依法不予公开) needs ``legal_basis`` [35].
- ``InspectionData(title, period, planned_on, units, note="")``.
- ``FindingData(unit, problem, rectification_asked, due_on)``.
- ``CriterionData(name, max_points, description="", order=None)``.

公开目录 [35] (``seen_version`` is the catalogue's ``version``)
- ``catalogue_for(*, actor, unit_pk) -> Catalogue`` — the unit's checklist, started if it has none.
- ``catalogue_update_note(*, actor, unit_pk, seen_version=None, note: str) -> Catalogue``.
- ``entry_add(*, actor, unit_pk, seen_version=None, data: EntryData) -> CatalogueEntry``.
- ``entry_change(*, actor, entry_pk, seen_version=None, data: EntryData) -> CatalogueEntry``.
- ``entry_retire(*, actor, entry_pk, seen_version=None, reason: str) -> CatalogueEntry`` — 停用, never deleted.
- ``entry_restore(*, actor, entry_pk, seen_version=None) -> CatalogueEntry`` — 恢复.

检查 [36]
- ``inspection_plan(*, actor, data: InspectionData) -> Inspection`` — 拟定; office leaders are told.
- ``inspection_update(*, actor, pk, seen_version=None, data: InspectionData) -> Inspection`` — until approved.
- ``inspection_approve(*, actor, pk, seen_version=None, comment="") -> Inspection`` — an office leader.
- ``inspection_start(*, actor, pk, seen_version=None) -> Inspection`` — 开始检查 (approved plans only).
- ``inspection_close(*, actor, pk, seen_version=None, summary="", carry_over=False) -> Inspection`` — 结束;
  refused while a finding is unsettled, unless ``carry_over`` (结转: they stay followed and reminded).

检查发现问题和整改 [36]
- ``finding_record(*, actor, inspection_pk, data: FindingData) -> Finding`` — while the inspection runs; the
  unit's contacts are told.
- ``finding_update(*, actor, pk, seen_version=None, data: FindingData, reason: str = "") -> Finding`` — while
  待整改 (e.g. a new deadline, with the reason in the log).
- ``rectification_report(*, actor, pk, seen_version=None, report: str, uploads=()) -> Finding`` — the unit's
  contact (their unit only) or the officer.
- ``rectification_accept(*, actor, pk, seen_version=None, comment="") -> Finding`` — 验收 by the office.
- ``rectification_send_back(*, actor, pk, seen_version=None, reason: str, due_on=None) -> Finding`` — 退回
  with a reason (and perhaps a new deadline).

考核 [36]
- ``scheme_create(*, actor, year: int, name: str, note="", criteria: Sequence[CriterionData] = ())
  -> AssessmentScheme`` — one per year.
- ``criterion_add(*, actor, scheme_pk, data: CriterionData) -> Criterion``;
  ``criterion_change(*, actor, criterion_pk, data: CriterionData) -> Criterion`` — until an assessment of the
  year is confirmed; a maximum never falls below a score already given.
- ``assessment_open(*, actor, scheme_pk, unit_pk) -> Assessment`` — the unit's assessment, started if none.
- ``assessment_score(*, actor, pk, seen_version=None, scores: Mapping[int, Decimal | tuple[Decimal, str]],
  comment: str | None = None) -> Assessment`` — points per criterion id (≤ its maximum), with a note; drafts.
- ``assessment_confirm(*, actor, pk, seen_version=None, comment="") -> Assessment`` — an office leader, once
  every criterion is scored; read-only after.

Helpers: ``today()``; ``FLOWS`` (``INSPECTION_FLOW``, ``FINDING_FLOW``, ``ASSESSMENT_FLOW``: ``.url(obj)``,
``.name(obj)``); ``ATTACHMENT_TYPES``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.uploads import check_upload
from core.workflow import ActionRefused, Flow, StaleAction, check_fresh
from org.models import Unit
from org.roles import OFFICE_LEADERS, Role
from org.selectors import display_name

from . import rules
from .models import (
    Assessment,
    AssessmentLog,
    AssessmentScheme,
    AssessmentState,
    Catalogue,
    CatalogueEntry,
    CatalogueLog,
    Criterion,
    Exempt,
    Finding,
    FindingAttachment,
    FindingLog,
    FindingState,
    Frequency,
    Inspection,
    InspectionLog,
    InspectionState,
    Score,
)

ATTACHMENT_TYPES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".ofd"})
ACTIVE, RETIRED = "active", "retired"  # an entry's "states" in the checklist's log


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the pages may not be wired (yet): a notification without a link
        return ""


class InspectionFlow(Flow):
    def name(self, obj) -> str:
        return f"政务公开检查：{obj.title}"


class FindingFlow(Flow):
    def name(self, obj) -> str:
        unit = getattr(obj.unit, "short_name", "") or getattr(obj.unit, "name", "")
        return f"政务公开整改：{unit} {obj.problem[:30]}"


class AssessmentFlow(Flow):
    def name(self, obj) -> str:
        return f"政务公开考核：{obj.scheme.year}年 {obj.unit}"


INSPECTION_FLOW = InspectionFlow(
    model=Inspection,
    log_model=InspectionLog,
    noun="检查",
    url=lambda obj: _url("disclosure:inspection", obj.pk),
    select_related=("planned_by",),
    kind="disclosure",
)
FINDING_FLOW = FindingFlow(
    model=Finding,
    log_model=FindingLog,
    noun="检查发现问题",
    url=lambda obj: _url("disclosure:finding", obj.pk),
    select_related=("unit", "inspection"),
    kind="disclosure",
)
ASSESSMENT_FLOW = AssessmentFlow(
    model=Assessment,
    log_model=AssessmentLog,
    noun="考核",
    url=lambda obj: _url("disclosure:assessment", obj.pk),
    select_related=("scheme", "unit"),
    kind="disclosure",
)
FLOWS = {"inspection": INSPECTION_FLOW, "finding": FINDING_FLOW, "assessment": ASSESSMENT_FLOW}


# --- the forms' data -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryData:
    title: str
    category: str = ""
    published_where: str = ""
    frequency: str = Frequency.STANDING
    exempt: str = Exempt.NONE
    legal_basis: str = ""
    order: int | None = None


@dataclass(frozen=True)
class InspectionData:
    title: str
    period: str
    planned_on: date | None
    units: tuple = ()
    note: str = ""


@dataclass(frozen=True)
class FindingData:
    unit: Unit | None
    problem: str
    rectification_asked: str
    due_on: date | None


@dataclass(frozen=True)
class CriterionData:
    name: str
    max_points: Decimal | int | str
    description: str = ""
    order: int | None = None


def today() -> date:
    return timezone.localdate()


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise ActionRefused(message)


def _officers() -> list:
    from org.selectors import users_with_role

    return list(users_with_role(Role.DISCLOSURE_OFFICER))


def _office_leaders() -> list:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=sorted(r.value for r in OFFICE_LEADERS))
        .distinct()
        .order_by("id")
    )


def _contacts_of(unit_id: int) -> list:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model().objects.filter(is_active=True, profile__unit_id=unit_id, groups__name=Role.UNIT_CONTACT.value)
    )


# --- 公开目录 [35] -------------------------------------------------------------------------------------------


def _lock_catalogue(unit_pk, seen_version, actor) -> Catalogue:
    """The unit's checklist locked (started if missing), refusing a page loaded before another change."""
    try:
        unit = Unit.objects.get(pk=unit_pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该单位不存在。") from None
    _, created = Catalogue.objects.get_or_create(unit=unit)
    catalogue = Catalogue.objects.select_for_update().select_related("unit").get(unit=unit)
    if created:
        _log_catalogue(catalogue, actor, "create", "建立公开目录")

    def describe() -> str:
        last = catalogue.log.select_related("actor__profile").order_by("-at", "-id").first()
        who = f"{display_name(last.actor)}于{timezone.localtime(last.at):%H:%M}" if last else "他人"
        return f"{unit.name}的公开目录已被{who}修改，您的操作没有执行。请刷新页面查看最新目录后再修改。"

    try:
        check_fresh(catalogue, seen_version, describe=describe)
    except StaleAction as stale:
        stale.item = f"disclosure.catalogue:{catalogue.pk}"
        raise
    return catalogue


def _log_catalogue(catalogue, actor, action, label, entry=None, *, before="", after="", comment="") -> None:
    CatalogueLog.objects.create(
        document=catalogue,
        entry=entry,
        actor=actor,
        at=timezone.now(),
        action=action,
        action_label=label,
        from_state=before,
        to_state=after,
        comment=comment[:2000],
    )


def _touch(catalogue: Catalogue, actor) -> None:
    catalogue.version += 1
    catalogue.updated_by = actor
    catalogue.save()


def _entry_problems(data: EntryData) -> list[str]:
    problems = []
    if not data.title.strip():
        problems.append("请填写公开事项。")
    if data.frequency not in Frequency.values:
        problems.append("请选择更新频次。")
    if data.exempt not in Exempt.values:
        problems.append("请选择公开属性。")
    elif data.exempt != Exempt.NONE and not data.legal_basis.strip():
        # [35]: everything is public except what law keeps secret — and then the law is named.
        label = Exempt(data.exempt).label
        problems.append(f"标为“{label}”的事项须写明不予公开的法律依据 [35]。")
    return problems


def _fill_entry(entry: CatalogueEntry, data: EntryData) -> None:
    entry.title = data.title.strip()[:200]
    entry.category = data.category.strip()[:60]
    entry.published_where = data.published_where.strip()[:100]
    entry.frequency = data.frequency
    entry.exempt = data.exempt
    entry.legal_basis = data.legal_basis.strip() if data.exempt != Exempt.NONE else ""
    if data.order is not None:
        entry.order = data.order


@transaction.atomic
def catalogue_for(*, actor, unit_pk) -> Catalogue:
    """The unit's 公开目录, started (empty) if the office has none for it yet [35]."""
    _refuse_unless(rules.can_keep_catalogue(actor), "只有政务公开专员或办公室领导可以编制公开目录 [35]。")
    try:
        unit = Unit.objects.get(pk=unit_pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该单位不存在。") from None
    catalogue, created = Catalogue.objects.get_or_create(unit=unit, defaults={"updated_by": actor})
    if created:
        _log_catalogue(catalogue, actor, "create", "建立公开目录")
    return catalogue


@transaction.atomic
def catalogue_update_note(*, actor, unit_pk, seen_version=None, note: str) -> Catalogue:
    """The checklist's own note (说明) [35]."""
    _refuse_unless(rules.can_keep_catalogue(actor), "只有政务公开专员或办公室领导可以修改公开目录 [35]。")
    catalogue = _lock_catalogue(unit_pk, seen_version, actor)
    catalogue.note = note.strip()
    _touch(catalogue, actor)
    _log_catalogue(catalogue, actor, "note", "修改目录说明")
    return catalogue


@transaction.atomic
def entry_add(*, actor, unit_pk, seen_version=None, data: EntryData) -> CatalogueEntry:
    """Add a 公开事项; an exempt one only with its legal basis [35]."""
    _refuse_unless(rules.can_keep_catalogue(actor), "只有政务公开专员或办公室领导可以编制公开目录 [35]。")
    catalogue = _lock_catalogue(unit_pk, seen_version, actor)
    problems = _entry_problems(data)
    if problems:
        raise ValidationError(problems)
    entry = CatalogueEntry(catalogue=catalogue)
    _fill_entry(entry, data)
    if data.order is None:
        entry.order = (catalogue.entries.aggregate(m=Max("order"))["m"] or 0) + 1
    entry.save()
    _touch(catalogue, actor)
    _log_catalogue(
        catalogue, actor, "add", "新增公开事项", entry, after=ACTIVE, comment=f"{entry.title}（{_exempt_text(entry)}）"
    )
    return entry


def _exempt_text(entry: CatalogueEntry) -> str:
    if entry.exempt == Exempt.NONE:
        return f"公开，{entry.get_frequency_display()}"
    return f"{entry.get_exempt_display()}，依据：{entry.legal_basis[:200]}"


def _lock_entry(entry_pk, seen_version, actor) -> tuple[Catalogue, CatalogueEntry]:
    try:
        unit_id = CatalogueEntry.objects.values_list("catalogue__unit_id", flat=True).get(pk=entry_pk)
    except (CatalogueEntry.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该公开事项不存在。") from None
    catalogue = _lock_catalogue(unit_id, seen_version, actor)
    return catalogue, CatalogueEntry.objects.select_for_update().get(pk=entry_pk)


@transaction.atomic
def entry_change(*, actor, entry_pk, seen_version=None, data: EntryData) -> CatalogueEntry:
    """Change a 公开事项; the change is logged with what it is now [35]."""
    _refuse_unless(rules.can_keep_catalogue(actor), "只有政务公开专员或办公室领导可以修改公开目录 [35]。")
    catalogue, entry = _lock_entry(entry_pk, seen_version, actor)
    if not entry.active:
        raise ActionRefused("该公开事项已停用，请先恢复再修改。")
    problems = _entry_problems(data)
    if problems:
        raise ValidationError(problems)
    before = f"{entry.title}（{_exempt_text(entry)}）"
    _fill_entry(entry, data)
    entry.save()
    _touch(catalogue, actor)
    after = f"{entry.title}（{_exempt_text(entry)}）"
    _log_catalogue(
        catalogue, actor, "change", "修改公开事项", entry, before=ACTIVE, after=ACTIVE, comment=f"{before} → {after}"
    )
    return entry


@transaction.atomic
def entry_retire(*, actor, entry_pk, seen_version=None, reason: str) -> CatalogueEntry:
    """停用 a 公开事项, with the reason; it stays in the history, never deleted [35]."""
    _refuse_unless(rules.can_keep_catalogue(actor), "只有政务公开专员或办公室领导可以修改公开目录 [35]。")
    catalogue, entry = _lock_entry(entry_pk, seen_version, actor)
    if not entry.active:
        raise ActionRefused("该公开事项已经停用。")
    if not reason.strip():
        raise ValidationError("请写明停用原因。")
    entry.active = False
    entry.retired_at = timezone.now()
    entry.retire_reason = reason.strip()[:200]
    entry.save()
    _touch(catalogue, actor)
    _log_catalogue(
        catalogue, actor, "retire", "停用公开事项", entry, before=ACTIVE, after=RETIRED, comment=entry.retire_reason
    )
    return entry


@transaction.atomic
def entry_restore(*, actor, entry_pk, seen_version=None) -> CatalogueEntry:
    """恢复 a retired 公开事项 [35]."""
    _refuse_unless(rules.can_keep_catalogue(actor), "只有政务公开专员或办公室领导可以修改公开目录 [35]。")
    catalogue, entry = _lock_entry(entry_pk, seen_version, actor)
    if entry.active:
        raise ActionRefused("该公开事项在用，无须恢复。")
    entry.active = True
    entry.retired_at = None
    entry.retire_reason = ""
    entry.save()
    _touch(catalogue, actor)
    _log_catalogue(catalogue, actor, "restore", "恢复公开事项", entry, before=RETIRED, after=ACTIVE)
    return entry


# --- 检查 [36] ------------------------------------------------------------------------------------------------


def _inspection_problems(data: InspectionData) -> list[str]:
    problems = []
    if not data.title.strip():
        problems.append("请填写检查名称。")
    if not data.period.strip():
        problems.append("请填写检查期间（如：2026年第二季度）。")
    if data.planned_on is None:
        problems.append("请填写计划检查日期。")
    if not list(data.units):
        problems.append("请选择被检查单位 [36]。")
    return problems


@transaction.atomic
def inspection_plan(*, actor, data: InspectionData) -> Inspection:
    """拟定检查计划; the office's leaders are asked to approve it [36]."""
    _refuse_unless(rules.can_plan_inspection(actor), "只有政务公开专员或办公室领导可以拟定检查计划 [36]。")
    problems = _inspection_problems(data)
    if problems:
        raise ValidationError(problems)
    inspection = Inspection.objects.create(
        title=data.title.strip()[:200],
        period=data.period.strip()[:40],
        year=data.planned_on.year,
        planned_on=data.planned_on,
        note=data.note.strip(),
        planned_by=actor,
    )
    inspection.units.set(list(data.units))
    INSPECTION_FLOW.log(inspection, actor, "plan", "拟定检查计划", "", comment=inspection.period)
    INSPECTION_FLOW.notify(
        [u for u in _office_leaders() if u.pk != actor.pk],
        title=f"检查计划待批准：{INSPECTION_FLOW.name(inspection)}",
        obj=inspection,
    )
    return inspection


@transaction.atomic
def inspection_update(*, actor, pk, seen_version=None, data: InspectionData) -> Inspection:
    """Change a plan not yet approved [36]."""
    inspection = INSPECTION_FLOW.begin(pk, seen_version)
    _refuse_unless(rules.can_run_inspection(inspection, actor), "只有政务公开专员或办公室领导可以修改检查计划 [36]。")
    if inspection.state != InspectionState.PLANNED or inspection.approved_at is not None:
        raise ActionRefused("检查计划已经批准，不能再修改 [36]。")
    problems = _inspection_problems(data)
    if problems:
        raise ValidationError(problems)
    inspection.title = data.title.strip()[:200]
    inspection.period = data.period.strip()[:40]
    inspection.planned_on = data.planned_on
    inspection.year = data.planned_on.year
    inspection.note = data.note.strip()
    INSPECTION_FLOW.save(inspection)
    inspection.units.set(list(data.units))
    INSPECTION_FLOW.log(inspection, actor, "update", "修改检查计划", inspection.state)
    return inspection


@transaction.atomic
def inspection_approve(*, actor, pk, seen_version=None, comment: str = "") -> Inspection:
    """批准检查计划: an office leader [36]."""
    inspection = INSPECTION_FLOW.begin(pk, seen_version)
    INSPECTION_FLOW.check(inspection.approve, actor, "检查计划须由办公室主任或副主任批准 [36]。")
    from_state = inspection.state
    inspection.approve()
    inspection.leader, inspection.approved_at = actor, timezone.now()
    INSPECTION_FLOW.save(inspection)
    INSPECTION_FLOW.log(inspection, actor, "approve", "批准检查计划", from_state, comment=comment.strip())
    INSPECTION_FLOW.notify(
        [inspection.planned_by], title=f"检查计划已批准：{INSPECTION_FLOW.name(inspection)}", obj=inspection
    )
    return inspection


@transaction.atomic
def inspection_start(*, actor, pk, seen_version=None) -> Inspection:
    """开始检查: only an approved plan [36]."""
    inspection = INSPECTION_FLOW.begin(pk, seen_version)
    if inspection.state == InspectionState.PLANNED and inspection.approved_at is None:
        raise ActionRefused("检查计划尚未经办公室领导批准，不能开始检查 [36]。")
    INSPECTION_FLOW.check(inspection.start, actor, "只有政务公开专员或办公室领导可以开始检查 [36]。")
    from_state = inspection.state
    inspection.start()
    inspection.started_at = timezone.now()
    INSPECTION_FLOW.save(inspection)
    INSPECTION_FLOW.log(inspection, actor, "start", "开始检查", from_state)
    return inspection


@transaction.atomic
def inspection_close(*, actor, pk, seen_version=None, summary: str = "", carry_over: bool = False) -> Inspection:
    """结束检查: every finding accepted, or — ``carry_over`` — the unsettled ones carried over (结转) and still
    followed after the close [36]."""
    inspection = INSPECTION_FLOW.begin(pk, seen_version)
    _refuse_unless(rules.can_run_inspection(inspection, actor), "只有政务公开专员或办公室领导可以结束检查 [36]。")
    if inspection.state != InspectionState.IN_PROGRESS:
        raise ActionRefused(f"该检查{inspection.get_state_display()}，不能结束 [36]。")
    unsettled = inspection.findings.exclude(state=FindingState.ACCEPTED).filter(carried_over=False)
    count = unsettled.count()
    if count and not carry_over:
        raise ValidationError(f"尚有{count}个问题未验收整改：验收后再结束，或选择结转后继续跟踪 [36]。")
    if count:
        unsettled.update(carried_over=True)
    INSPECTION_FLOW.check(inspection.close, actor, "只有政务公开专员或办公室领导可以结束检查 [36]。")
    from_state = inspection.state
    inspection.close()
    inspection.closed_at = timezone.now()
    inspection.summary = summary.strip()
    INSPECTION_FLOW.save(inspection)
    INSPECTION_FLOW.log(
        inspection, actor, "close", "结束检查", from_state, comment=f"结转{count}个问题" if count else ""
    )
    return inspection


# --- 检查发现问题和整改 [36] ---------------------------------------------------------------------------------


def _finding_problems(inspection: Inspection, data: FindingData, *, new: bool) -> list[str]:
    problems = []
    if data.unit is None:
        problems.append("请选择存在问题的单位。")
    elif not inspection.units.filter(pk=data.unit.pk).exists():
        problems.append(f"{data.unit}不在本次检查的被检查单位中 [36]。")
    if not data.problem.strip():
        problems.append("请填写存在问题。")
    if not data.rectification_asked.strip():
        problems.append("请填写整改要求 [36]。")
    if data.due_on is None:
        problems.append("请填写整改期限 [36]。")
    elif new and data.due_on < today():
        problems.append("整改期限不能早于今天。")
    return problems


@transaction.atomic
def finding_record(*, actor, inspection_pk, data: FindingData) -> Finding:
    """登记检查发现的问题, with the rectification asked and its deadline; the unit's contacts are told [36]."""
    inspection = INSPECTION_FLOW.begin(inspection_pk)
    if not rules.can_record_finding(inspection, actor):
        if not rules.is_officer(actor):
            raise ActionRefused("只有政务公开专员或办公室领导可以登记检查发现的问题 [36]。")
        raise ActionRefused(f"该检查{inspection.get_state_display()}，只有检查中才能登记问题 [36]。")
    problems = _finding_problems(inspection, data, new=True)
    if problems:
        raise ValidationError(problems)
    finding = Finding.objects.create(
        inspection=inspection,
        unit=data.unit,
        problem=data.problem.strip(),
        rectification_asked=data.rectification_asked.strip(),
        due_on=data.due_on,
        recorded_by=actor,
    )
    FINDING_FLOW.log(finding, actor, "record", "登记问题", "", comment=f"整改期限：{finding.due_on:%Y年%m月%d日}")
    INSPECTION_FLOW.log(inspection, actor, "finding", "登记问题", inspection.state, comment=str(data.unit))
    FINDING_FLOW.notify(
        _contacts_of(finding.unit_id),
        title=f"政务公开检查发现问题，请于{finding.due_on:%m月%d日}前整改：{FINDING_FLOW.name(finding)}",
        obj=finding,
    )
    return finding


@transaction.atomic
def finding_update(*, actor, pk, seen_version=None, data: FindingData, reason: str = "") -> Finding:
    """Correct a finding still 待整改 (its text, its deadline); the change and its reason are logged [36]."""
    finding = FINDING_FLOW.begin(pk, seen_version)
    _refuse_unless(rules.can_accept_rectification(finding, actor), "只有政务公开专员或办公室领导可以修改问题 [36]。")
    if finding.state != FindingState.OPEN:
        raise ActionRefused(f"该问题{finding.get_state_display()}，不能修改。")
    problems = _finding_problems(finding.inspection, data, new=False)
    if problems:
        raise ValidationError(problems)
    changes = []
    if data.due_on != finding.due_on:
        changes.append(f"整改期限 {finding.due_on:%Y-%m-%d} → {data.due_on:%Y-%m-%d}")
    finding.unit = data.unit
    finding.problem = data.problem.strip()
    finding.rectification_asked = data.rectification_asked.strip()
    finding.due_on = data.due_on
    FINDING_FLOW.save(finding)
    comment = "；".join([*changes, reason.strip()] if reason.strip() else changes)
    FINDING_FLOW.log(finding, actor, "update", "修改问题", finding.state, comment=comment)
    return finding


@transaction.atomic
def rectification_report(*, actor, pk, seen_version=None, report: str, uploads: Iterable = ()) -> Finding:
    """报送整改情况: the unit's contact (their own unit only) or the officer, with optional materials [36]."""
    finding = FINDING_FLOW.begin(pk, seen_version)
    if not rules.can_report_rectification(finding, actor):
        # Another unit's finding is "not found" to a contact, as on the pages.
        raise ActionRefused("只有该单位的联络员或政务公开专员可以报送整改情况 [36]。")
    if not report.strip():
        raise ValidationError("请填写整改情况 [36]。")
    checked = [(upload, check_upload(upload, allowed=ATTACHMENT_TYPES)) for upload in uploads or ()]
    FINDING_FLOW.check(finding.report, actor, f"该问题{finding.get_state_display()}，不能报送整改情况 [36]。")
    from_state = finding.state
    finding.report()
    finding.rectification_report = report.strip()
    finding.reported_by, finding.reported_at = actor, timezone.now()
    FINDING_FLOW.save(finding)
    for upload, info in checked:
        FindingAttachment.store(upload, info, by=actor, finding=finding)
    late = "（逾期报送）" if today() > finding.due_on else ""
    FINDING_FLOW.log(finding, actor, "report", "报送整改情况", from_state, comment=f"{report.strip()[:200]}{late}")
    FINDING_FLOW.notify(
        [u for u in _officers() if u.pk != actor.pk],
        title=f"整改情况待验收：{FINDING_FLOW.name(finding)}",
        obj=finding,
    )
    return finding


@transaction.atomic
def rectification_accept(*, actor, pk, seen_version=None, comment: str = "") -> Finding:
    """整改验收: the office checks the reported rectification and accepts it [36]."""
    finding = FINDING_FLOW.begin(pk, seen_version)
    FINDING_FLOW.check(finding.accept, actor, "只有政务公开专员或办公室领导可以验收整改 [36]。")
    from_state = finding.state
    finding.accept()
    finding.accepted_by, finding.accepted_at = actor, timezone.now()
    finding.on_time = timezone.localtime(finding.reported_at).date() <= finding.due_on
    FINDING_FLOW.save(finding)
    FINDING_FLOW.log(finding, actor, "accept", "整改验收", from_state, comment=comment.strip())
    FINDING_FLOW.notify(
        [*_contacts_of(finding.unit_id), finding.reported_by],
        title=f"整改已验收：{FINDING_FLOW.name(finding)}",
        obj=finding,
    )
    return finding


@transaction.atomic
def rectification_send_back(*, actor, pk, seen_version=None, reason: str, due_on: date | None = None) -> Finding:
    """退回重新整改, with the reason (and perhaps a new deadline) [36]."""
    finding = FINDING_FLOW.begin(pk, seen_version)
    FINDING_FLOW.check(finding.send_back, actor, "只有政务公开专员或办公室领导可以退回整改 [36]。")
    if not reason.strip():
        raise ValidationError("请写明退回理由 [36]。")
    if due_on is not None and due_on < today():
        raise ValidationError("新的整改期限不能早于今天。")
    from_state = finding.state
    finding.send_back()
    finding.return_reason = reason.strip()
    comment = reason.strip()
    if due_on is not None and due_on != finding.due_on:
        comment += f"；整改期限 {finding.due_on:%Y-%m-%d} → {due_on:%Y-%m-%d}"
        finding.due_on = due_on
    FINDING_FLOW.save(finding)
    FINDING_FLOW.log(finding, actor, "send_back", "退回重新整改", from_state, comment=comment)
    FINDING_FLOW.notify(
        [*_contacts_of(finding.unit_id), finding.reported_by],
        title=f"整改被退回，请重新整改：{FINDING_FLOW.name(finding)}",
        obj=finding,
        body=f"退回理由：{finding.return_reason}",
    )
    return finding


# --- 考核 [36] ------------------------------------------------------------------------------------------------


def _points(value, what: str) -> Decimal:
    try:
        points = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(f"{what}须为数字（最多一位小数）。") from None
    if not points.is_finite():
        raise ValidationError(f"{what}须为数字（最多一位小数）。")
    return points


def _scheme_locked(scheme: AssessmentScheme) -> bool:
    return scheme.assessments.filter(state=AssessmentState.CONFIRMED).exists()


def _criterion_problems(data: CriterionData) -> tuple[list[str], Decimal | None]:
    problems = []
    if not data.name.strip():
        problems.append("请填写考核指标名称。")
    try:
        max_points = _points(data.max_points, "分值")
    except ValidationError as error:
        return [*problems, *error.messages], None
    if max_points <= 0 or max_points >= Decimal("10000"):
        problems.append("分值须大于0且小于10000。")
    return problems, max_points


@transaction.atomic
def scheme_create(
    *, actor, year: int, name: str, note: str = "", criteria: Sequence[CriterionData] = ()
) -> AssessmentScheme:
    """考核方案 of a year, with its criteria [36]."""
    _refuse_unless(rules.can_assess(actor), "只有政务公开专员或办公室领导可以制定考核方案 [36]。")
    problems = []
    if not name.strip():
        problems.append("请填写方案名称。")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        problems.append("请填写正确的年度。")
    elif AssessmentScheme.objects.filter(year=year).exists():
        problems.append(f"{year}年已有考核方案，请修改原方案的考核指标。")
    checked = []
    for i, data in enumerate(criteria, start=1):
        more, max_points = _criterion_problems(data)
        problems.extend(more)
        checked.append((i, data, max_points))
    names = [data.name.strip() for data in criteria]
    if len(set(names)) != len(names):
        problems.append("考核指标名称不能重复。")
    if problems:
        raise ValidationError(problems)
    scheme = AssessmentScheme.objects.create(year=year, name=name.strip()[:100], note=note.strip(), created_by=actor)
    Criterion.objects.bulk_create(
        [
            Criterion(
                scheme=scheme,
                name=data.name.strip()[:100],
                description=data.description.strip(),
                max_points=max_points,
                order=data.order if data.order is not None else i,
            )
            for i, data, max_points in checked
        ]
    )
    return scheme


def _lock_scheme(scheme_pk) -> AssessmentScheme:
    try:
        return AssessmentScheme.objects.select_for_update().get(pk=scheme_pk)
    except (AssessmentScheme.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该考核方案不存在。") from None


@transaction.atomic
def criterion_add(*, actor, scheme_pk, data: CriterionData) -> Criterion:
    """Add a criterion, while no assessment of the year is confirmed [36]."""
    _refuse_unless(rules.can_assess(actor), "只有政务公开专员或办公室领导可以修改考核方案 [36]。")
    scheme = _lock_scheme(scheme_pk)
    if _scheme_locked(scheme):
        raise ActionRefused(f"{scheme.year}年已有确认的考核结果，考核指标不能再修改 [36]。")
    problems, max_points = _criterion_problems(data)
    if scheme.criteria.filter(name=data.name.strip()).exists():
        problems.append("考核指标名称不能重复。")
    if problems:
        raise ValidationError(problems)
    order = data.order
    if order is None:
        order = (scheme.criteria.aggregate(m=Max("order"))["m"] or 0) + 1
    criterion = Criterion.objects.create(
        scheme=scheme,
        name=data.name.strip()[:100],
        description=data.description.strip(),
        max_points=max_points,
        order=order,
    )
    scheme.version += 1
    scheme.save(update_fields=["version"])
    return criterion


@transaction.atomic
def criterion_change(*, actor, criterion_pk, data: CriterionData) -> Criterion:
    """Change a criterion while no assessment of the year is confirmed; its maximum never falls below a score
    already given [36]."""
    _refuse_unless(rules.can_assess(actor), "只有政务公开专员或办公室领导可以修改考核方案 [36]。")
    try:
        scheme_pk = Criterion.objects.values_list("scheme_id", flat=True).get(pk=criterion_pk)
    except (Criterion.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该考核指标不存在。") from None
    scheme = _lock_scheme(scheme_pk)
    if _scheme_locked(scheme):
        raise ActionRefused(f"{scheme.year}年已有确认的考核结果，考核指标不能再修改 [36]。")
    criterion = Criterion.objects.select_for_update().get(pk=criterion_pk)
    problems, max_points = _criterion_problems(data)
    if scheme.criteria.filter(name=data.name.strip()).exclude(pk=criterion.pk).exists():
        problems.append("考核指标名称不能重复。")
    highest = criterion.scores.aggregate(m=Max("points"))["m"]
    if max_points is not None and highest is not None and highest > max_points:
        problems.append(f"已有单位在该指标得{highest}分，分值不能低于已评分数 [36]。")
    if problems:
        raise ValidationError(problems)
    criterion.name = data.name.strip()[:100]
    criterion.description = data.description.strip()
    criterion.max_points = max_points
    if data.order is not None:
        criterion.order = data.order
    criterion.save()
    scheme.version += 1
    scheme.save(update_fields=["version"])
    return criterion


@transaction.atomic
def assessment_open(*, actor, scheme_pk, unit_pk) -> Assessment:
    """The unit's assessment in the year's scheme, started (评分中) if it has none [36]."""
    _refuse_unless(rules.can_assess(actor), "只有政务公开专员或办公室领导可以考核评分 [36]。")
    scheme = _lock_scheme(scheme_pk)
    try:
        unit = Unit.objects.get(pk=unit_pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该单位不存在。") from None
    existing = Assessment.objects.filter(scheme=scheme, unit=unit).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(scheme=scheme, unit=unit)
    except IntegrityError:
        return Assessment.objects.get(scheme=scheme, unit=unit)
    ASSESSMENT_FLOW.log(assessment, actor, "open", "开始考核评分", "")
    return assessment


@transaction.atomic
def assessment_score(
    *,
    actor,
    pk,
    seen_version=None,
    scores: Mapping[int, Decimal | int | str | tuple],
    comment: str | None = None,
) -> Assessment:
    """Record points per criterion (``{criterion_id: points}`` or ``{criterion_id: (points, note)}``); each
    within 0 and the criterion's maximum; a confirmed assessment is read-only [36]."""
    assessment = ASSESSMENT_FLOW.begin(pk, seen_version)
    if not rules.can_assess(actor):
        raise ActionRefused("只有政务公开专员或办公室领导可以考核评分 [36]。")
    if not rules.can_edit_assessment(assessment, actor):
        raise ActionRefused("该考核结果已经办公室领导确认，不能再修改 [36]。")
    criteria = {c.pk: c for c in assessment.scheme.criteria.all()}
    problems, rows = [], []
    for key, value in scores.items():
        try:
            criterion = criteria[int(key)]
        except (KeyError, ValueError, TypeError):
            problems.append("考核指标不属于本年度的考核方案。")
            continue
        points, note = value if isinstance(value, tuple) else (value, "")
        if points is None or points == "":
            continue
        try:
            points = _points(points, f"“{criterion.name}”的得分")
        except ValidationError as error:
            problems.extend(error.messages)
            continue
        if points < 0:
            problems.append(f"“{criterion.name}”的得分不能为负数。")
        elif points > criterion.max_points:
            # [36]: a score is given within the scheme's criterion, never above its maximum.
            problems.append(f"“{criterion.name}”的得分{points}超过该指标分值{criterion.max_points}分 [36]。")
        rows.append((criterion, points, str(note or "").strip()[:300]))
    if problems:
        raise ValidationError(problems)
    changed = []
    for criterion, points, note in rows:
        score, created = Score.objects.get_or_create(
            assessment=assessment, criterion=criterion, defaults={"points": points, "note": note}
        )
        if not created and (score.points != points or score.note != note):
            changed.append(f"{criterion.name}：{score.points}→{points}")
            score.points, score.note = points, note
            score.save(update_fields=["points", "note"])
        elif created:
            changed.append(f"{criterion.name}：{points}")
    if comment is not None:
        assessment.comment = comment.strip()
    assessment.scored_by = actor
    ASSESSMENT_FLOW.save(assessment)
    ASSESSMENT_FLOW.log(assessment, actor, "score", "考核评分", assessment.state, comment="；".join(changed)[:2000])
    return assessment


@transaction.atomic
def assessment_confirm(*, actor, pk, seen_version=None, comment: str = "") -> Assessment:
    """确认考核结果: an office leader, once every criterion is scored; read-only from now [36]."""
    assessment = ASSESSMENT_FLOW.begin(pk, seen_version)
    if assessment.state == AssessmentState.DRAFT and not rules.can_confirm_assessment(assessment, actor):
        raise ActionRefused("考核结果须由办公室主任或副主任确认 [36]。")
    if assessment.state == AssessmentState.DRAFT:
        missing = assessment.scheme.criteria.exclude(scores__assessment=assessment).values_list("name", flat=True)
        if missing:
            raise ValidationError(f"尚有考核指标未评分：{'、'.join(missing)} [36]。")
    ASSESSMENT_FLOW.check(assessment.confirm, actor, "该考核结果已经确认 [36]。")
    from_state = assessment.state
    assessment.confirm()
    assessment.confirmed_by, assessment.confirmed_at = actor, timezone.now()
    ASSESSMENT_FLOW.save(assessment)
    ASSESSMENT_FLOW.log(assessment, actor, "confirm", "确认考核结果", from_state, comment=comment.strip())
    ASSESSMENT_FLOW.notify(
        [assessment.scored_by, *_contacts_of(assessment.unit_id)],
        title=f"考核结果已确认：{ASSESSMENT_FLOW.name(assessment)}",
        obj=assessment,
    )
    return assessment

"""What people do in 行政复议与应诉 and 行政许可项目清理 (第十三条 [13]): one function per step.

Every step is atomic: it locks its row (``Flow.begin``; a page loaded before someone else acted is refused with
``StaleAction``, 409), checks the permission (``rules``; ``ActionRefused``, 403), changes state through
django-fsm, writes the log and notifies people once the transaction commits. Bad input is a ``ValidationError``
(400) in Chinese. Arguments are keyword-only. Nothing is deleted: a case ends 已结案 or 已撤回; a licensing item's
status changes only by a recorded decision, and a cancelled item stays in the register with its history.

Cases [13]
- ``case_register(*, actor, data: CaseData, uploads=()) -> Case`` — 登记; the reply deadline is computed.
- ``case_update(*, actor, pk, seen_version=None, data: CaseData, reason="") -> Case`` — correct, while open.
- ``case_set_hearing(*, actor, pk, seen_version=None, hearing_on) -> Case`` — the hearing date, entered by hand.
- ``case_start(*, actor, pk, seen_version=None, comment="") -> Case`` — 已收案 → 答复中 (the department asked).
- ``case_materials(*, actor, pk, seen_version=None, received_on, note="", uploads=()) -> Case`` — 部门材料.
- ``case_reply(*, actor, pk, seen_version=None, replied_on, comment="", uploads=()) -> Case`` — 已答复/已答辩.
- ``case_hear(*, actor, pk, seen_version=None, comment="") -> Case`` — 已审理.
- ``case_close(*, actor, pk, seen_version=None, outcome, outcome_note="", closed_on=None, appeal="") -> Case``.
- ``case_withdraw(*, actor, pk, seen_version=None, reason) -> Case`` — 已撤回.
- ``case_attach(*, actor, pk, seen_version=None, kind, uploads) -> Case``.

Licensing items [13]
- ``item_add(*, actor, data: ItemData, document_number, decided_on, basis) -> LicensingItem`` — 保留, recorded.
- ``item_decide(*, actor, pk, seen_version=None, status, document_number, decided_on, basis, cleanup=None)``.
- ``cleanup_start(*, actor, year, title, note="") -> LicensingCleanup``.
- ``cleanup_decide(*, actor, pk, seen_version=None, document_number, decided_on, decisions) -> LicensingCleanup``
  — one decision per item (``{item_pk: (status, basis)}``), all under the clean-up's decision document.

Helpers: ``today()``, ``reply_due(kind, received_on, calendar=None)``, ``CASE_FLOW``, ``ITEM_FLOW``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.uploads import check_upload
from core.workflow import ActionRefused, Flow, StaleAction, check_fresh
from deadlines.calendar import WorkCalendar

from . import rules
from .models import (
    Case,
    CaseAttachment,
    CaseKind,
    CaseLog,
    CaseState,
    LicensingCleanup,
    LicensingDecision,
    LicensingItem,
    LicensingItemLog,
    LicensingStatus,
    Outcome,
    PartyKind,
)

ATTACHMENT_TYPES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".wps", ".ofd"})
RECONSIDERATION_REPLY_WORKING_DAYS = 10  # 行政复议法 第四十八条, 第八十八条第二款 (工作日)
LITIGATION_DEFENCE_DAYS = 15  # 行政诉讼法 第六十七条


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


class CaseFlow(Flow):
    def name(self, obj) -> str:
        # Never the private party's name: notifications and reminders are read by people who may not see it.
        return f"{obj.get_kind_display()[:4]}案件 {obj.number}"


class ItemFlow(Flow):
    def name(self, obj) -> str:
        return f"行政许可事项：{obj.name}"


CASE_FLOW = CaseFlow(
    model=Case, log_model=CaseLog, noun="案件", url=lambda obj: _url("legal:case", obj.pk), kind="legal"
)
ITEM_FLOW = ItemFlow(
    model=LicensingItem,
    log_model=LicensingItemLog,
    noun="行政许可事项",
    url=lambda obj: _url("legal:item", obj.pk),
    kind="legal",
)


def today() -> date:
    return timezone.localdate()


def reply_due(kind: str, received_on: date, calendar: WorkCalendar | None = None) -> date:
    """The reply or defence deadline counted from the day the copy was received (that day not counted) [13]:
    a reconsideration's written reply within 10 working days (行政复议法 第四十八条, 第八十八条第二款); a lawsuit's
    defence and evidence within 15 days (行政诉讼法 第六十七条), a last day on a rest day moving to the next
    working day (行政诉讼法 第一百零一条, 民事诉讼法 第八十五条)."""
    calendar = calendar or WorkCalendar.load()
    if kind == CaseKind.RECONSIDERATION:
        day = received_on
        for _ in range(RECONSIDERATION_REPLY_WORKING_DAYS):
            day = calendar.next_working_day(day)
        return day
    return calendar.first_working_day_from(received_on + timedelta(days=LITIGATION_DEFENCE_DAYS))


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise ActionRefused(message)


def _contacts_of(unit_id: int) -> list:
    from django.contrib.auth import get_user_model

    from org.roles import Role

    return list(
        get_user_model().objects.filter(is_active=True, profile__unit_id=unit_id, groups__name=Role.UNIT_CONTACT.value)
    )


def _check_uploads(uploads) -> list:
    return [(upload, check_upload(upload, allowed=ATTACHMENT_TYPES)) for upload in uploads or ()]


def _store(case, checked, kind, actor) -> list[str]:
    names = []
    for upload, info in checked:
        CaseAttachment.store(upload, info, by=actor, case=case, kind=kind)
        names.append(info.name)
    return names


# --- cases [13] ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseData:
    kind: str
    number: str
    party_name: str
    act: str
    unit: object  # org.Unit
    received_on: date
    handler: object  # a 法制科 user
    party_kind: str = PartyKind.PERSON
    party_id_number: str = ""
    party_phone: str = ""
    organ: str = ""
    hearing_on: date | None = None


def _case_problems(data: CaseData) -> list[str]:
    problems = []
    if data.kind not in CaseKind.values:
        problems.append("请选择案件类型（行政复议或行政诉讼）[13]。")
    if not data.number.strip():
        problems.append("请填写案号。")
    if not data.party_name.strip():
        problems.append("请填写申请人或原告。")
    if not data.act.strip():
        problems.append("请写明被申请复议或被诉的行政行为。")
    if data.unit is None:
        problems.append("请选择作出行政行为的部门。")
    if data.received_on is None:
        problems.append("请填写收到申请书或起诉状副本的日期。")
    elif data.received_on > today():
        problems.append("收到副本的日期不能晚于今天。")
    if data.handler is None or not rules.is_legal_section(data.handler):
        problems.append("承办人应为法制科人员 [13]。")
    if data.hearing_on is not None and data.received_on is not None and data.hearing_on < data.received_on:
        problems.append("开庭或听证日期不能早于收到副本的日期。")
    return problems


def _fill(case: Case, data: CaseData) -> None:
    case.kind = data.kind
    case.number = data.number.strip()
    case.organ = data.organ.strip()
    case.party_kind = data.party_kind
    case.party_name = data.party_name.strip()
    case.party_id_number = data.party_id_number.strip().upper()
    case.party_phone = data.party_phone.strip()
    case.act = data.act.strip()
    case.unit = data.unit
    case.received_on = data.received_on
    case.reply_due_on = reply_due(data.kind, data.received_on)
    case.handler = data.handler
    case.hearing_on = data.hearing_on


@transaction.atomic
def case_register(*, actor, data: CaseData, uploads: Iterable = ()) -> Case:
    """登记案件 [13]: the reply deadline computed from ``received_on``; the handler and the department's 联络员
    told (the department must supply its materials and evidence)."""
    _refuse_unless(rules.can_register(actor), "只有法制科人员可以登记行政复议、行政应诉案件 [13]。")
    problems = _case_problems(data)
    if problems:
        raise ValidationError(problems)
    checked = _check_uploads(uploads)
    case = Case(registered_by=actor)
    _fill(case, data)
    case.save()
    _store(case, checked, CaseAttachment.Kind.PAPERS, actor)
    CASE_FLOW.log(
        case, actor, "register", "登记案件", "", comment=f"{case.reply_word}期限：{case.reply_due_on:%Y年%m月%d日}"
    )
    CASE_FLOW.notify(
        [data.handler] if data.handler.pk != actor.pk else [],
        title=f"请承办：{CASE_FLOW.name(case)}，{case.reply_word}期限{case.reply_due_on:%m月%d日}",
        obj=case,
    )
    CASE_FLOW.notify(
        _contacts_of(case.unit_id),
        title=f"请报送答复材料和证据：{CASE_FLOW.name(case)}（{case.reply_word}期限{case.reply_due_on:%m月%d日}）",
        obj=case,
    )
    return case


def _begin(pk, seen_version, actor) -> Case:
    case = CASE_FLOW.begin(pk, seen_version)
    _refuse_unless(rules.can_handle(case, actor), "只有法制科人员可以办理行政复议、行政应诉案件 [13]。")
    return case


@transaction.atomic
def case_update(*, actor, pk, seen_version=None, data: CaseData, reason: str = "") -> Case:
    """Correct a case still open (e.g. the date the copy was received: the deadline is computed again) [13]."""
    case = _begin(pk, seen_version, actor)
    if case.state not in (CaseState.RECEIVED, CaseState.REPLYING, CaseState.REPLIED, CaseState.HEARD):
        raise ActionRefused(f"该案件{case.get_state_display()}，不能修改。")
    problems = _case_problems(data)
    if problems:
        raise ValidationError(problems)
    before = case.reply_due_on
    _fill(case, data)
    CASE_FLOW.save(case)
    changes = (
        [f"{case.reply_word}期限 {before:%Y-%m-%d} → {case.reply_due_on:%Y-%m-%d}"]
        if before != case.reply_due_on
        else []
    )
    comment = "；".join([*changes, reason.strip()] if reason.strip() else changes)
    CASE_FLOW.log(case, actor, "update", "修改案件信息", case.state, comment=comment)
    return case


@transaction.atomic
def case_set_hearing(*, actor, pk, seen_version=None, hearing_on: date | None) -> Case:
    """The hearing (开庭/听证) date, entered by hand; reminded one day before [13]."""
    case = _begin(pk, seen_version, actor)
    if case.state not in (CaseState.RECEIVED, CaseState.REPLYING, CaseState.REPLIED):
        raise ActionRefused(f"该案件{case.get_state_display()}，不能再登记开庭或听证日期。")
    if hearing_on is not None and hearing_on < case.received_on:
        raise ValidationError("开庭或听证日期不能早于收到副本的日期。")
    case.hearing_on = hearing_on
    CASE_FLOW.save(case)
    CASE_FLOW.log(
        case,
        actor,
        "hearing",
        "登记开庭/听证日期",
        case.state,
        comment=f"{hearing_on:%Y-%m-%d}" if hearing_on else "取消",
    )
    return case


@transaction.atomic
def case_start(*, actor, pk, seen_version=None, comment: str = "") -> Case:
    """开始办理答复: 法制科 asks the department for its materials [13]."""
    case = _begin(pk, seen_version, actor)
    CASE_FLOW.check(case.start, actor, f"该案件{case.get_state_display()}，不能开始办理。")
    from_state = case.state
    case.start()
    CASE_FLOW.save(case)
    CASE_FLOW.log(case, actor, "start", "开始办理答复", from_state, comment=comment.strip())
    return case


@transaction.atomic
def case_materials(*, actor, pk, seen_version=None, received_on: date, note: str = "", uploads: Iterable = ()) -> Case:
    """部门材料收到: the department's reply materials and evidence, with the date they arrived [13]."""
    case = _begin(pk, seen_version, actor)
    if case.state not in (CaseState.RECEIVED, CaseState.REPLYING):
        raise ActionRefused(f"该案件{case.get_state_display()}，不能再登记部门材料。")
    if received_on is None or received_on > today() or received_on < case.received_on:
        raise ValidationError("材料收到日期应在收案之后，且不晚于今天。")
    checked = _check_uploads(uploads)
    from_state = case.state
    if case.state == CaseState.RECEIVED:
        case.start()  # the materials are in: the reply is being prepared
    case.materials_received_on = received_on
    case.materials_note = note.strip()
    CASE_FLOW.save(case)
    names = _store(case, checked, CaseAttachment.Kind.MATERIALS, actor)
    comment = f"{received_on:%Y-%m-%d} 收到" + (f"；{note.strip()[:200]}" if note.strip() else "")
    if names:
        comment += f"；附件：{'、'.join(names)}"
    CASE_FLOW.log(case, actor, "materials", "收到部门材料", from_state, comment=comment)
    return case


@transaction.atomic
def case_reply(*, actor, pk, seen_version=None, replied_on: date, comment: str = "", uploads: Iterable = ()) -> Case:
    """提交答复书/答辩状 and the evidence [13]; late if after the statutory deadline (logged)."""
    case = _begin(pk, seen_version, actor)
    CASE_FLOW.check(case.reply, actor, f"该案件{case.get_state_display()}，不能提交答复。")
    if replied_on is None or replied_on > today() or replied_on < case.received_on:
        raise ValidationError("提交日期应在收案之后，且不晚于今天。")
    checked = _check_uploads(uploads)
    from_state = case.state
    case.reply()
    case.replied_on = replied_on
    CASE_FLOW.save(case)
    names = _store(case, checked, CaseAttachment.Kind.REPLY, actor)
    late = "（逾期）" if replied_on > case.reply_due_on else ""
    text = f"{replied_on:%Y-%m-%d} 提交{late}" + (f"；{comment.strip()}" if comment.strip() else "")
    if names:
        text += f"；附件：{'、'.join(names)}"
    CASE_FLOW.log(case, actor, "reply", f"提交{case.reply_word}", from_state, comment=text)
    return case


@transaction.atomic
def case_hear(*, actor, pk, seen_version=None, comment: str = "") -> Case:
    """已审理: the hearing or the review took place [13]."""
    case = _begin(pk, seen_version, actor)
    CASE_FLOW.check(case.hear, actor, f"该案件{case.get_state_display()}，不能登记审理。")
    from_state = case.state
    case.hear()
    CASE_FLOW.save(case)
    CASE_FLOW.log(case, actor, "hear", "记录审理", from_state, comment=comment.strip())
    return case


@transaction.atomic
def case_close(
    *, actor, pk, seen_version=None, outcome: str, outcome_note: str = "", closed_on: date | None = None, appeal=""
) -> Case:
    """结案 with its outcome (维持、撤销、变更、确认违法、驳回、调解、撤回 or the judgment in words) [13]."""
    case = _begin(pk, seen_version, actor)
    if case.state not in (CaseState.REPLIED, CaseState.HEARD):
        raise ActionRefused(f"该案件{case.get_state_display()}，不能结案（须先提交答复或答辩）[13]。")
    if outcome not in Outcome.values:
        raise ValidationError("结案须选择结果（维持、撤销、变更、确认违法、驳回、调解、撤回或判决）[13]。")
    if outcome == Outcome.JUDGMENT and not outcome_note.strip():
        raise ValidationError("判决结果请写明结果说明 [13]。")
    closed_on = closed_on or today()
    if closed_on > today() or closed_on < case.received_on:
        raise ValidationError("结案日期应在收案之后，且不晚于今天。")
    case.outcome = outcome
    CASE_FLOW.check(case.close, actor, f"该案件{case.get_state_display()}，不能结案（须先提交答复或答辩）。")
    from_state = case.state
    case.close()
    case.outcome_note = outcome_note.strip()
    case.closed_on = closed_on
    case.appeal = (appeal or "").strip()
    CASE_FLOW.save(case)
    CASE_FLOW.log(
        case,
        actor,
        "close",
        "结案",
        from_state,
        comment=f"{case.get_outcome_display()}；{case.outcome_note}".strip("；"),
    )
    return case


@transaction.atomic
def case_withdraw(*, actor, pk, seen_version=None, reason: str) -> Case:
    """已撤回: the applicant or plaintiff withdrew (the case is kept) [13]."""
    case = _begin(pk, seen_version, actor)
    if not (reason or "").strip():
        raise ValidationError("请写明撤回情况（如撤回申请书、准予撤诉裁定）[13]。")
    CASE_FLOW.check(case.withdraw, actor, f"该案件{case.get_state_display()}，不能撤回。")
    from_state = case.state
    case.withdraw()
    case.withdrawn_reason = reason.strip()
    case.closed_on = today()
    CASE_FLOW.save(case)
    CASE_FLOW.log(case, actor, "withdraw", "撤回", from_state, comment=case.withdrawn_reason)
    return case


@transaction.atomic
def case_attach(*, actor, pk, seen_version=None, kind: str, uploads: Iterable) -> Case:
    """Add case papers (checked by ``core.uploads``) [13]."""
    case = _begin(pk, seen_version, actor)
    if kind not in CaseAttachment.Kind.values:
        raise ValidationError("请选择材料类别。")
    checked = _check_uploads(uploads)
    if not checked:
        raise ValidationError("请选择要上传的文件。")
    names = _store(case, checked, kind, actor)
    CASE_FLOW.save(case, bump=False)
    CASE_FLOW.log(case, actor, "attach", "上传材料", case.state, comment="、".join(names))
    return case


# --- licensing items [13] ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemData:
    name: str
    legal_basis: str
    unit: object  # org.Unit
    code: str = ""
    note: str = ""


TRANSITIONS = {
    LicensingStatus.KEPT: "keep",
    LicensingStatus.CANCELLED: "cancel",
    LicensingStatus.DELEGATED: "delegate",
    LicensingStatus.ADJUSTED: "adjust",
}


def _decision_problems(document_number: str, decided_on, basis: str) -> list[str]:
    problems = []
    if not (document_number or "").strip():
        problems.append("请填写决定文号 [13]。")
    if decided_on is None:
        problems.append("请填写决定日期 [13]。")
    elif decided_on > today():
        problems.append("决定日期不能晚于今天。")
    if not (basis or "").strip():
        problems.append("请写明决定的依据或理由 [13]。")
    return problems


@transaction.atomic
def item_add(*, actor, data: ItemData, document_number: str, decided_on: date, basis: str) -> LicensingItem:
    """Put an item on the list (保留), with the decision that set it [13]."""
    _refuse_unless(rules.can_keep_items(actor), "只有法制科人员可以维护行政许可事项 [13]。")
    problems = []
    if not data.name.strip():
        problems.append("请填写事项名称。")
    if not data.legal_basis.strip():
        problems.append("请填写设定依据 [13]。")
    if data.unit is None:
        problems.append("请选择实施部门。")
    problems += _decision_problems(document_number, decided_on, basis)
    if problems:
        raise ValidationError(problems)
    item = LicensingItem.objects.create(
        code=data.code.strip(),
        name=data.name.strip(),
        legal_basis=data.legal_basis.strip(),
        unit=data.unit,
        note=data.note.strip(),
        document_number=document_number.strip(),
        decided_on=decided_on,
    )
    LicensingDecision.objects.create(
        item=item,
        from_status="",
        to_status=LicensingStatus.KEPT,
        document_number=document_number.strip(),
        decided_on=decided_on,
        basis=basis.strip(),
        recorded_by=actor,
    )
    ITEM_FLOW.log(item, actor, "add", "列入目录", "", comment=f"{document_number.strip()}；{basis.strip()[:200]}")
    return item


def _apply_decision(item, actor, status, document_number, decided_on, basis, cleanup=None) -> LicensingDecision:
    if status not in TRANSITIONS:
        raise ValidationError("请选择决定：保留、取消、下放或调整 [13]。")
    transition = getattr(item, TRANSITIONS[status])
    ITEM_FLOW.check(
        transition, actor, f"“{item.name}”已{item.get_state_display()}，不能再作决定（已取消的事项不能恢复）[13]。"
    )
    from_state = item.state
    transition()
    item.document_number = document_number.strip()
    item.decided_on = decided_on
    ITEM_FLOW.save(item)
    decision = LicensingDecision.objects.create(
        item=item,
        cleanup=cleanup,
        from_status=from_state,
        to_status=status,
        document_number=document_number.strip(),
        decided_on=decided_on,
        basis=basis.strip(),
        recorded_by=actor,
    )
    ITEM_FLOW.log(
        item, actor, TRANSITIONS[status], LicensingStatus(status).label, from_state,
        comment=f"{document_number.strip()}（{decided_on:%Y-%m-%d}）；{basis.strip()[:200]}",
    )  # fmt: skip
    return decision


@transaction.atomic
def item_decide(
    *, actor, pk, seen_version=None, status: str, document_number: str, decided_on: date, basis: str
) -> LicensingItem:
    """Record a decision on one item; its status follows the decision, never the other way round [13]."""
    item = ITEM_FLOW.begin(pk, seen_version)
    _refuse_unless(rules.can_keep_items(actor), "只有法制科人员可以登记行政许可事项的决定 [13]。")
    problems = _decision_problems(document_number, decided_on, basis)
    if problems:
        raise ValidationError(problems)
    _apply_decision(item, actor, status, document_number, decided_on, basis)
    return item


@transaction.atomic
def cleanup_start(*, actor, year: int, title: str, note: str = "") -> LicensingCleanup:
    """开展行政许可项目清理 [13]."""
    _refuse_unless(rules.can_keep_items(actor), "只有法制科人员可以开展行政许可项目清理 [13]。")
    if not title.strip():
        raise ValidationError("请填写清理名称。")
    if not 2000 <= int(year) <= today().year + 1:
        raise ValidationError("年度不正确。")
    return LicensingCleanup.objects.create(year=year, title=title.strip(), note=note.strip(), started_by=actor)


@transaction.atomic
def cleanup_decide(
    *,
    actor,
    pk,
    seen_version=None,
    document_number: str,
    decided_on: date,
    decisions: Mapping[int, tuple[str, str]],
) -> LicensingCleanup:
    """The clean-up's decision: one recorded decision per item listed, all under its document; then done [13]."""
    _refuse_unless(rules.can_keep_items(actor), "只有法制科人员可以登记清理决定 [13]。")
    try:
        cleanup = LicensingCleanup.objects.select_for_update().get(pk=pk)
    except (LicensingCleanup.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该清理不存在。") from None
    try:
        check_fresh(
            cleanup, seen_version, describe=lambda: "该清理已被他人办理，您的操作没有执行。请刷新页面后再办理。"
        )
    except StaleAction as stale:
        stale.item = f"legal.licensingcleanup:{cleanup.pk}"
        raise
    if cleanup.closed_at is not None:
        raise ActionRefused("该清理已完成，不能再登记决定。")
    problems = _decision_problems(document_number, decided_on, "清理决定")
    if not decisions:
        problems.append("请至少对一个事项作出决定 [13]。")
    for _status, basis in decisions.values():
        if not (basis or "").strip():
            problems.append("每个事项的决定都要写明依据或理由 [13]。")
            break
    if problems:
        raise ValidationError(problems)
    items = {i.pk: i for i in LicensingItem.objects.select_for_update().filter(pk__in=list(decisions))}
    if len(items) != len(decisions):
        raise ValidationError("所选事项有的不存在，请刷新页面。")
    for item_pk, (status, basis) in sorted(decisions.items()):
        _apply_decision(items[item_pk], actor, status, document_number, decided_on, basis, cleanup=cleanup)
    cleanup.document_number = document_number.strip()
    cleanup.decided_on = decided_on
    cleanup.closed_at = timezone.now()
    cleanup.version += 1
    cleanup.save()
    return cleanup

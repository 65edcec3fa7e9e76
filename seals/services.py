"""What people do with 印信 (第七条 [7]): one function per step.

Every step is atomic: it locks its row (``FLOW.begin``, refusing a page loaded before someone else acted:
``StaleAction``, 409), checks the permission (``rules`` / the transition's ``permission=``; ``ActionRefused``,
403), changes state through django-fsm, writes the log and notifies people once the transaction commits. Bad
input is a ``ValidationError`` (400) with a Chinese message citing the article. Arguments are keyword-only.
Nothing is deleted: a seal is surrendered (缴销), a request withdrawn, a use voided (作废).

印章 [7]
- ``seal_register(*, actor, data: SealData) -> Seal`` — the clerk registers an own seal already in use.
- ``seal_suspend / seal_resume / seal_surrender(*, actor, pk, seen_version=None, reason: str, on=None) -> Seal``.

用印申请 [7]
- ``request_submit(*, actor, data: RequestData) -> SealRequest`` — any office staff member; leaders are told.
- ``request_approve / request_return(*, actor, pk, seen_version=None, comment="") -> SealRequest`` — the office
  director or a deputy director (not for their own request).
- ``request_withdraw(*, actor, pk, seen_version=None) -> SealRequest`` — the applicant, until stamped.

用印登记 [7], [30(5)]
- ``use_record(*, actor, data: UseData) -> SealUse`` — the clerk; refused for a seal not in use, and without an
  approved, unused, unlapsed request or an outgoing document at its 用印 step.
- ``use_void(*, actor, pk, reason: str) -> SealUse`` — 作废, the row stays; its request is stampable again.
- ``record_outgoing_use(doc, actor) -> SealUse | None`` — called by ``signals`` when an outgoing document is
  sealed [30(5)].

刻制印章 [7]
- ``application_submit(*, actor, data: ApplicationData) -> SealApplication`` — the unit's 联络员 or the clerk.
- ``application_approve / application_reject(*, actor, pk, seen_version=None, comment="")`` — the director.
- ``application_return(*, actor, pk, seen_version=None, comment: str)`` — 退回补正 by the director (CHANGES).
- ``application_resubmit(*, actor, pk, seen_version=None, data: ApplicationData)`` — 补正后重新提交.
- ``application_withdraw(*, actor, pk, seen_version=None)`` — until decided (待审批 or 退回补正).
- ``application_made(*, actor, pk, seen_version=None, made_on: date, maker: str)`` — the clerk.
- ``application_hand_over(*, actor, pk, seen_version=None, data: HandoverData)`` — the clerk; registers the Seal.

Helpers: ``today()``, ``expires_on(request)``, ``is_lapsed(request, on=None)``, ``REQUEST_EXPIRES_DAYS``,
``FLOWS``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core import logs
from core.serials import next_serial
from core.uploads import check_upload
from core.workflow import ActionRefused, Flow
from org.models import Unit, UnitKind
from org.roles import OFFICE_LEADERS, Role
from org.selectors import display_name

from . import rules
from .models import (
    ApplicationReason,
    Purpose,
    RequestState,
    Seal,
    SealApplication,
    SealApplicationLog,
    SealKind,
    SealLog,
    SealRequest,
    SealRequestLog,
    SealState,
    SealUse,
    Serves,
    UsePurpose,
)

logger = logging.getLogger("zaduo.seals")

# An approved request not stamped within this many days lapses: it can no longer be stamped [7].
REQUEST_EXPIRES_DAYS = 30


def expires_days() -> int:
    """SEALS_REQUEST_EXPIRES_DAYS (30 by default), read when asked so a setting in a test or a deploy counts."""
    return max(1, int(getattr(settings, "SEALS_REQUEST_EXPIRES_DAYS", REQUEST_EXPIRES_DAYS)))


FILE_TYPES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".wps", ".ofd"})
# Units whose seals the county government office has made: its departments and the townships [7].
APPLYING_KINDS = frozenset({UnitKind.TOWNSHIP, UnitKind.DEPARTMENT, UnitKind.COUNTY_UNIT})


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the pages may not be wired (yet): a notification without a link
        return ""


class SealFlow(Flow):
    def name(self, obj) -> str:
        return f"印章：{obj.name}（{obj.number}）"


class RequestFlow(Flow):
    def name(self, obj) -> str:
        return f"用印申请{obj.number}：{obj.subject}"


class ApplicationFlow(Flow):
    def name(self, obj) -> str:
        return f"刻制印章申请{obj.number}：{obj.seal_name}"


SEAL_FLOW = SealFlow(model=Seal, log_model=SealLog, noun="印章", url=lambda o: _url("seals:seal", o.pk), kind="seals")
REQUEST_FLOW = RequestFlow(
    model=SealRequest,
    log_model=SealRequestLog,
    noun="用印申请",
    url=lambda o: _url("seals:request", o.pk),
    select_related=("seal", "applicant"),
    kind="seals",
)
APPLICATION_FLOW = ApplicationFlow(
    model=SealApplication,
    log_model=SealApplicationLog,
    noun="刻制印章申请",
    url=lambda o: _url("seals:application", o.pk),
    select_related=("unit",),
    kind="seals",
)
FLOWS = {"seal": SEAL_FLOW, "request": REQUEST_FLOW, "application": APPLICATION_FLOW}


# --- the forms' data -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SealData:
    name: str
    kind: str = SealKind.OFFICIAL
    serves: str = Serves.NONE
    keeper_id: int | None = None
    made_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class RequestData:
    seal_id: int | None
    subject: str
    purpose: str = Purpose.MATERIAL
    copies: int = 1
    reason: str = ""
    file: object = None


@dataclass(frozen=True)
class UseData:
    seal_id: int | None
    subject: str = ""
    purpose: str = ""
    copies: int = 1
    request_id: int | None = None
    outgoing_id: int | None = None
    used_at: object = None
    note: str = ""


@dataclass(frozen=True)
class ApplicationData:
    unit_id: int | None
    seal_name: str
    kind: str = SealKind.OFFICIAL
    reason: str = ApplicationReason.NEW
    explanation: str = ""
    basis_file: object = None


@dataclass(frozen=True)
class HandoverData:
    handed_on: date | None
    received_by_name: str
    received_by_phone: str = ""
    note: str = ""


# --- helpers -------------------------------------------------------------------------------------------------


def today() -> date:
    return timezone.localdate()


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise ActionRefused(message)


def expires_on(request: SealRequest) -> date | None:
    """The last day an approved request may be stamped [7] (SEALS_REQUEST_EXPIRES_DAYS after approval)."""
    if request.decided_at is None:
        return None
    return timezone.localdate(request.decided_at) + timedelta(days=expires_days())


def is_lapsed(request: SealRequest, on: date | None = None) -> bool:
    """Approved, not stamped, and past its last day: it can no longer be stamped; apply again [7]."""
    last = expires_on(request)
    return request.state == RequestState.APPROVED and last is not None and (on or today()) > last


def _people(*roles) -> list:
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=sorted(r.value for r in roles))
        .distinct()
        .order_by("id")
    )


def clerks() -> list:
    return _people(Role.REGISTRY_CLERK)


def _contacts_of(unit_id: int) -> list:
    return list(
        get_user_model().objects.filter(is_active=True, profile__unit_id=unit_id, groups__name=Role.UNIT_CONTACT.value)
    )


def _number(prefix: str, scope: str, year: int) -> tuple[str, int]:
    serial = next_serial(scope, year)
    return f"{prefix}〔{year}〕{serial}号", serial


def _text(value, limit: int) -> str:
    return (value or "").strip()[:limit]


def _positive(value, label: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise ValidationError(f"{label}至少为1。")
    return number


def _check_file(upload) -> None:
    if upload:
        check_upload(upload, allowed=FILE_TYPES)


def _seal_or_error(seal_id) -> Seal:
    try:
        return Seal.objects.get(pk=seal_id)
    except (Seal.DoesNotExist, ValueError, TypeError):
        raise ValidationError("请选择印章。") from None


# --- 印章 [7] ------------------------------------------------------------------------------------------------


@transaction.atomic
def seal_register(*, actor, data: SealData) -> Seal:
    """登记在用印章: the clerk enters one of the county government's or the office's own seals [7]."""
    _refuse_unless(rules.can_register_seal(actor), "只有收发秘书可以登记印章 [7]。")
    name = _text(data.name, 100)
    problems = []
    if not name:
        problems.append("请填写印文。")
    if data.kind not in SealKind.values:
        problems.append("请选择印章类别。")
    if data.serves not in Serves.values:
        problems.append("请选择印章用于哪个机关。")
    keeper = actor
    if data.keeper_id:
        keeper = get_user_model().objects.filter(pk=data.keeper_id, is_active=True).first()
        if keeper is None or not rules.can_keep_seals(keeper):
            problems.append("保管人须为收发秘书 [7]。")
    if data.serves and Seal.objects.filter(serves=data.serves, state=SealState.IN_USE).exists():
        problems.append(f"已有在用的{Serves(data.serves).label}印章；请先停用或缴销原印章 [7]。")
    if problems:
        raise ValidationError(problems)
    year = today().year
    number, serial = _number("印", "seals.seal", year)
    seal = Seal.objects.create(
        number=number,
        year=year,
        serial=serial,
        name=name,
        kind=data.kind,
        serves=data.serves,
        keeper=keeper,
        made_on=data.made_on,
        note=(data.note or "").strip(),
        registered_by=actor,
        state_on=today(),
    )
    SEAL_FLOW.log(seal, actor, "register", "登记", "", comment=f"保管人：{display_name(keeper) if keeper else ''}")
    return seal


def _seal_step(*, actor, pk, seen_version, transition: str, label: str, reason: str, on, need_reason: bool) -> Seal:
    seal = SEAL_FLOW.begin(pk, seen_version)
    SEAL_FLOW.check(
        getattr(seal, transition),
        actor,
        f"该印章现为{seal.get_state_display()}，不能{label}；只有收发秘书可以办理 [7]。",
    )
    reason = (reason or "").strip()
    if need_reason and not reason:
        raise ValidationError(f"请写明{label}原因 [7]。")
    others_in_use = Seal.objects.filter(serves=seal.serves, state=SealState.IN_USE).exclude(pk=seal.pk)
    if transition == "resume" and seal.serves and others_in_use.exists():
        raise ValidationError(f"已有在用的{seal.get_serves_display()}印章，不能同时恢复两枚 [7]。")
    from_state = seal.state
    getattr(seal, transition)()
    seal.state_on = on or today()
    seal.state_reason = reason[:300]
    SEAL_FLOW.save(seal)
    SEAL_FLOW.log(seal, actor, transition, label, from_state, comment=reason)
    return seal


@transaction.atomic
def seal_suspend(*, actor, pk, seen_version=None, reason: str = "", on: date | None = None) -> Seal:
    """停用: a seal not in use stamps nothing until resumed [7]."""
    return _seal_step(
        actor=actor,
        pk=pk,
        seen_version=seen_version,
        transition="suspend",
        label="停用",
        reason=reason,
        on=on,
        need_reason=True,
    )


@transaction.atomic
def seal_resume(*, actor, pk, seen_version=None, reason: str = "", on: date | None = None) -> Seal:
    """恢复使用 [7]."""
    return _seal_step(
        actor=actor,
        pk=pk,
        seen_version=seen_version,
        transition="resume",
        label="恢复使用",
        reason=reason,
        on=on,
        need_reason=False,
    )


@transaction.atomic
def seal_surrender(*, actor, pk, seen_version=None, reason: str = "", on: date | None = None) -> Seal:
    """缴销: the end; the row and its uses stay [7]."""
    return _seal_step(
        actor=actor,
        pk=pk,
        seen_version=seen_version,
        transition="surrender",
        label="缴销",
        reason=reason,
        on=on,
        need_reason=True,
    )


# --- 用印申请 [7] --------------------------------------------------------------------------------------------


@transaction.atomic
def request_submit(*, actor, data: RequestData) -> SealRequest:
    """提交用印申请: any office staff member; the office's leaders are told [7]."""
    _refuse_unless(rules.can_request_use(actor), "只有县政府办公室工作人员可以申请用印 [7]。")
    problems = []
    seal = Seal.objects.filter(pk=data.seal_id).first() if str(data.seal_id or "").isdigit() else None
    if seal is None:
        problems.append("请选择印章。")
    elif not seal.is_own:
        problems.append("单位印章由单位自行保管，不在办公室用印 [7]。")
    elif seal.state != SealState.IN_USE:
        problems.append(f"{seal.name}现为{seal.get_state_display()}，不能申请用印 [7]。")
    subject = _text(data.subject, 200)
    if not subject:
        problems.append("请填写用印事由（文件名称）。")
    if data.purpose not in Purpose.values:
        problems.append("请选择用途。")
    try:
        copies = _positive(data.copies, "份数")
    except ValidationError as error:
        problems.extend(error.messages)
        copies = 1
    if problems:
        raise ValidationError(problems)
    _check_file(data.file)
    year = today().year
    number, serial = _number("用印", "seals.request", year)
    request = SealRequest(
        number=number,
        year=year,
        serial=serial,
        seal=seal,
        applicant=actor,
        subject=subject,
        purpose=data.purpose,
        copies=copies,
        reason=(data.reason or "").strip(),
        submitted_at=timezone.now(),
    )
    if data.file:
        request.file = data.file
    request.save()
    REQUEST_FLOW.log(request, actor, "submit", "提交申请", "")
    leaders = [u for u in _people(*OFFICE_LEADERS) if u.pk != actor.pk]
    REQUEST_FLOW.notify(leaders, title="有用印申请待审批", obj=request)
    return request


def _decide_request(*, actor, pk, seen_version, transition: str, label: str, comment: str) -> SealRequest:
    request = REQUEST_FLOW.begin(pk, seen_version)
    if request.applicant_id == actor.pk and rules.can_decide_request(actor):
        raise ActionRefused("不能审批本人提交的用印申请，请由其他办公室领导审批 [7]。")
    REQUEST_FLOW.check(getattr(request, transition), actor, "只有办公室主任或副主任可以审批待审批的用印申请 [7]。")
    comment = (comment or "").strip()
    if transition == "return_" and not comment:
        raise ValidationError("请写明退回理由 [7]。")
    from_state = request.state
    getattr(request, transition)()
    request.decided_by, request.decided_at, request.decision_comment = actor, timezone.now(), comment
    REQUEST_FLOW.save(request)
    REQUEST_FLOW.log(request, actor, transition.rstrip("_"), label, from_state, comment=comment)
    return request


@transaction.atomic
def request_approve(*, actor, pk, seen_version=None, comment: str = "") -> SealRequest:
    """批准用印: the applicant and the clerk are told [7]."""
    request = _decide_request(
        actor=actor, pk=pk, seen_version=seen_version, transition="approve", label="批准用印", comment=comment
    )
    REQUEST_FLOW.notify([request.applicant], title="用印申请已批准", obj=request)
    REQUEST_FLOW.notify(clerks(), title="有已批准的用印申请待用印", obj=request)
    return request


@transaction.atomic
def request_return(*, actor, pk, seen_version=None, comment: str = "") -> SealRequest:
    """退回 with the reason; the applicant is told [7]."""
    request = _decide_request(
        actor=actor, pk=pk, seen_version=seen_version, transition="return_", label="退回", comment=comment
    )
    REQUEST_FLOW.notify([request.applicant], title="用印申请被退回", obj=request)
    return request


@transaction.atomic
def request_withdraw(*, actor, pk, seen_version=None) -> SealRequest:
    """撤回: the applicant, until it is stamped [7]."""
    request = REQUEST_FLOW.begin(pk, seen_version)
    REQUEST_FLOW.check(request.withdraw, actor, "只有申请人可以撤回尚未用印的申请 [7]。")
    from_state = request.state
    request.withdraw()
    REQUEST_FLOW.save(request)
    REQUEST_FLOW.log(request, actor, "withdraw", "撤回", from_state)
    return request


# --- 用印登记 [7], [30(5)] -----------------------------------------------------------------------------------


def _lock_seal(seal_id) -> Seal:
    try:
        return Seal.objects.select_for_update().get(pk=seal_id)
    except (Seal.DoesNotExist, ValueError, TypeError):
        raise ValidationError("请选择印章。") from None


def _seal_usable(seal: Seal) -> None:
    if not seal.is_own:
        raise ValidationError("单位印章由单位自行保管，不在办公室用印登记 [7]。")
    if seal.state != SealState.IN_USE:
        raise ActionRefused(f"{seal.name}现为{seal.get_state_display()}，不能用印 [7]。")


def _outgoing_subject(doc) -> str:
    """An outgoing document as the register names it: never a classified title [32]."""
    number = doc.doc_number or f"发文{doc.pk}"
    if getattr(doc, "secret_level", 0):
        return f"{number}（{doc.get_secret_level_display()}件）"
    return f"{number} {doc.title}"[:200]


@transaction.atomic
def use_record(*, actor, data: UseData) -> SealUse:
    """用印登记: the clerk stamps an approved, unused request of the same seal, or an outgoing document at its
    用印 step; a seal not in use stamps nothing [7][30(5)]."""
    _refuse_unless(rules.can_record_use(actor), "只有收发秘书可以用印 [7]。")
    if bool(data.request_id) == bool(data.outgoing_id):
        raise ActionRefused("用印须依据已批准的用印申请或处于用印环节的发文，二者选其一 [7][30(5)]。")
    used_at = data.used_at or timezone.now()
    if used_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError("用印时间不能晚于现在。")
    copies = _positive(data.copies, "份数")
    if data.request_id:
        request = REQUEST_FLOW.begin(data.request_id, None)
        seal = _lock_seal(data.seal_id or request.seal_id)
        if seal.pk != request.seal_id:
            raise ValidationError(f"该申请批准使用的是{request.seal.name}，不是{seal.name} [7]。")
        _seal_usable(seal)
        if request.state == RequestState.USED:
            raise ActionRefused(f"用印申请{request.number}已用印，一次申请只能用印一次 [7]。")
        if request.state != RequestState.APPROVED:
            raise ActionRefused(f"用印申请{request.number}现为{request.get_state_display()}，未经批准不能用印 [7]。")
        if is_lapsed(request):
            raise ActionRefused(f"用印申请{request.number}批准已超过{expires_days()}天未用印，已失效；请重新申请 [7]。")
        if copies > request.copies:
            raise ValidationError(f"用印份数（{copies}）超过批准的份数（{request.copies}）[7]。")
        REQUEST_FLOW.check(request.use, actor, "只有收发秘书可以用印 [7]。")
        from_state = request.state
        request.use()
        REQUEST_FLOW.save(request)
        REQUEST_FLOW.log(request, actor, "use", "用印", from_state, comment=f"{seal.name} {copies}份")
        use = SealUse.objects.create(
            seal=seal,
            used_at=used_at,
            request=request,
            subject=_text(data.subject, 200) or request.subject,
            purpose=request.purpose,
            copies=copies,
            approved_by=request.decided_by,
            stamped_by=actor,
            note=_text(data.note, 300),
        )
        REQUEST_FLOW.notify([request.applicant], title="用印申请已用印", obj=request)
    else:
        from documents.outgoing.models import OutgoingDocument, State

        try:
            doc = OutgoingDocument.objects.select_for_update().get(pk=data.outgoing_id)
        except (OutgoingDocument.DoesNotExist, ValueError, TypeError):
            raise ValidationError("请选择发文。") from None
        seal = _lock_seal(data.seal_id)
        _seal_usable(seal)
        if doc.state != State.SEALING:
            raise ActionRefused("该发文不在用印环节，不能登记用印 [30(5)]。")
        if SealUse.objects.filter(outgoing=doc, voided_at__isnull=True).exists():
            raise ActionRefused("该发文已登记用印 [30(5)]。")
        use = SealUse.objects.create(
            seal=seal,
            used_at=used_at,
            outgoing=doc,
            subject=_outgoing_subject(doc),
            purpose=UsePurpose.OUTGOING,
            copies=copies,
            stamped_by=actor,
            note=_text(data.note, 300),
        )
    SEAL_FLOW.log(seal, actor, "use", "用印", seal.state, comment=f"{use.subject[:60]} {copies}份")
    return use


@transaction.atomic
def use_void(*, actor, pk, reason: str) -> SealUse:
    """作废 a wrong entry: it stays in the register, marked; its request may be stamped again [7]."""
    _refuse_unless(rules.can_record_use(actor), "只有收发秘书可以作废用印登记 [7]。")
    try:
        use = SealUse.objects.select_for_update().get(pk=pk)
    except (SealUse.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该用印登记不存在。") from None
    if use.voided_at is not None:
        raise ActionRefused("该用印登记已作废。")
    reason = _text(reason, 300)
    if not reason:
        raise ValidationError("请写明作废原因 [7]。")
    use.voided_at, use.voided_by, use.void_reason = timezone.now(), actor, reason
    use.save(update_fields=["voided_at", "voided_by", "void_reason"])
    if use.request_id:
        request = REQUEST_FLOW.begin(use.request_id, None)
        if request.state == RequestState.USED:
            from_state = request.state
            request.reopen()
            REQUEST_FLOW.save(request)
            REQUEST_FLOW.log(request, actor, "reopen", "用印登记作废，恢复待用印", from_state, comment=reason)
    seal = Seal.objects.get(pk=use.seal_id)
    SEAL_FLOW.log(seal, actor, "void_use", "用印登记作废", seal.state, comment=reason)
    return use


def record_outgoing_use(doc, actor) -> SealUse | None:
    """The outgoing document ``doc`` was sealed [30(5)]: register the stamping with the in-use own seal of its
    organ (县政府 / 县政府办公室). No such seal, or already registered: no row, a warning in the log — the
    outgoing chapter is never blocked by this app."""
    from documents.outgoing.models import Authority

    serves = {Authority.GOVERNMENT: Serves.COUNTY, Authority.OFFICE: Serves.OFFICE}.get(doc.authority)
    actor = actor or doc.sealed_by
    seal = Seal.objects.filter(serves=serves, state=SealState.IN_USE).first() if serves else None
    if seal is None or actor is None:
        logs.event(logger, "outgoing_seal_unrecorded", user=actor, item=doc, level=logging.WARNING)
        return None
    if SealUse.objects.filter(outgoing=doc, voided_at__isnull=True).exists():
        return None
    try:
        with transaction.atomic():
            use = SealUse.objects.create(
                seal=seal,
                used_at=doc.sealed_at or timezone.now(),
                outgoing=doc,
                subject=_outgoing_subject(doc),
                purpose=UsePurpose.OUTGOING,
                copies=doc.copies or 1,
                stamped_by=actor,
            )
            SEAL_FLOW.log(seal, actor, "use", "用印", seal.state, comment=f"{use.subject[:60]} {use.copies}份")
    except IntegrityError:
        logs.event(logger, "outgoing_seal_unrecorded", user=actor, item=doc, level=logging.WARNING)
        return None
    return use


# --- 刻制印章 [7] --------------------------------------------------------------------------------------------


def _application_problems(data: ApplicationData, *, unit, same_unit: bool = False) -> list[str]:
    problems = []
    if unit is None or not unit.is_active:
        problems.append("请选择申请单位。")
    elif unit.kind not in APPLYING_KINDS:
        problems.append("只有县政府部门、乡（镇）和县直单位的印章由县政府办公室制发 [7]。")
    if same_unit and data.unit_id and unit is not None and str(data.unit_id) != str(unit.pk):
        problems.append("补正时不能更换申请单位；请撤回后重新申请 [7]。")
    if not _text(data.seal_name, 100):
        problems.append("请填写印文。")
    if data.kind not in SealKind.values:
        problems.append("请选择印章类别。")
    if data.reason not in ApplicationReason.values:
        problems.append("请选择刻制原因。")
    elif data.reason != ApplicationReason.NEW and not (data.explanation or "").strip():
        problems.append("更名、损坏、遗失或其他原因重新刻制，请写明情况说明 [7]。")
    return problems


@transaction.atomic
def application_submit(*, actor, data: ApplicationData) -> SealApplication:
    """刻制印章申请: a unit's 联络员 for their own unit, or the clerk from a paper application; the office
    director is told [7]."""
    _refuse_unless(rules.can_apply_for_unit(actor), "只有单位联络员（本单位）或收发秘书可以申请刻制印章 [7]。")
    unit = Unit.objects.filter(pk=data.unit_id).first() if str(data.unit_id or "").isdigit() else None
    if unit is not None and not rules.can_apply_for_unit(actor, unit.pk):
        raise ActionRefused("单位联络员只能为本单位申请刻制印章 [7]。")
    problems = _application_problems(data, unit=unit)
    seal_name = _text(data.seal_name, 100)
    if problems:
        raise ValidationError(problems)
    _check_file(data.basis_file)
    year = today().year
    number, serial = _number("刻章", "seals.application", year)
    application = SealApplication(
        number=number,
        year=year,
        serial=serial,
        unit=unit,
        seal_name=seal_name,
        kind=data.kind,
        reason=data.reason,
        explanation=(data.explanation or "").strip(),
        applicant=actor,
        submitted_at=timezone.now(),
    )
    if data.basis_file:
        application.basis_file = data.basis_file
    application.save()
    APPLICATION_FLOW.log(application, actor, "submit", "提交申请", "")
    APPLICATION_FLOW.notify(_people(Role.OFFICE_DIRECTOR), title="有刻制印章申请待审批", obj=application)
    return application


def _decide_application(*, actor, pk, seen_version, transition, label, comment) -> SealApplication:
    application = APPLICATION_FLOW.begin(pk, seen_version)
    APPLICATION_FLOW.check(getattr(application, transition), actor, "只有办公室主任可以审批待审批的刻制印章申请 [7]。")
    comment = (comment or "").strip()
    if transition == "reject" and not comment:
        raise ValidationError("请写明不予批准的理由 [7]。")
    from_state = application.state
    getattr(application, transition)()
    application.decided_by, application.decided_at, application.decision_comment = actor, timezone.now(), comment
    APPLICATION_FLOW.save(application)
    APPLICATION_FLOW.log(application, actor, transition.rstrip("_"), label, from_state, comment=comment)
    return application


def _tell_unit(application, title: str) -> None:
    people = {u.pk: u for u in [application.applicant, *_contacts_of(application.unit_id)] if u.is_active}
    APPLICATION_FLOW.notify(people.values(), title=title, obj=application)


@transaction.atomic
def application_approve(*, actor, pk, seen_version=None, comment: str = "") -> SealApplication:
    """批准刻制: the clerk has it made; the unit is told [7]."""
    application = _decide_application(
        actor=actor, pk=pk, seen_version=seen_version, transition="approve", label="批准刻制", comment=comment
    )
    _tell_unit(application, "刻制印章申请已批准")
    APPLICATION_FLOW.notify(clerks(), title="有已批准的刻制印章申请待刻制", obj=application)
    return application


@transaction.atomic
def application_reject(*, actor, pk, seen_version=None, comment: str = "") -> SealApplication:
    """不予批准, with the reason [7]."""
    application = _decide_application(
        actor=actor, pk=pk, seen_version=seen_version, transition="reject", label="不予批准", comment=comment
    )
    _tell_unit(application, "刻制印章申请不予批准")
    return application


@transaction.atomic
def application_return(*, actor, pk, seen_version=None, comment: str = "") -> SealApplication:
    """退回补正: the director sends it back to the unit with what is missing; the unit corrects and resubmits [7]."""
    if not (comment or "").strip():
        raise ValidationError("请写明退回补正的意见 [7]。")
    application = _decide_application(
        actor=actor, pk=pk, seen_version=seen_version, transition="return_", label="退回补正", comment=comment
    )
    _tell_unit(application, "刻制印章申请被退回补正")
    return application


@transaction.atomic
def application_resubmit(*, actor, pk, seen_version=None, data: ApplicationData) -> SealApplication:
    """补正后重新提交: the applicant, the unit's contact or the clerk corrects it; the director decides again [7]."""
    application = APPLICATION_FLOW.begin(pk, seen_version)
    APPLICATION_FLOW.check(application.resubmit, actor, "只有申请人、本单位联络员或收发秘书可以补正退回的申请 [7]。")
    problems = _application_problems(data, unit=application.unit, same_unit=True)
    if problems:
        raise ValidationError(problems)
    _check_file(data.basis_file)
    application.seal_name = _text(data.seal_name, 100)
    application.kind, application.reason = data.kind, data.reason
    application.explanation = (data.explanation or "").strip()
    if data.basis_file:
        application.basis_file = data.basis_file
    from_state = application.state
    application.resubmit()
    application.decided_by = application.decided_at = None
    application.submitted_at = timezone.now()
    APPLICATION_FLOW.save(application)
    APPLICATION_FLOW.log(application, actor, "resubmit", "补正后重新提交", from_state)
    APPLICATION_FLOW.notify(_people(Role.OFFICE_DIRECTOR), title="有补正后的刻制印章申请待审批", obj=application)
    return application


@transaction.atomic
def application_withdraw(*, actor, pk, seen_version=None) -> SealApplication:
    """撤回, until decided [7]."""
    application = APPLICATION_FLOW.begin(pk, seen_version)
    APPLICATION_FLOW.check(application.withdraw, actor, "只有申请人、本单位联络员或收发秘书可以撤回待审批的申请 [7]。")
    from_state = application.state
    application.withdraw()
    APPLICATION_FLOW.save(application)
    APPLICATION_FLOW.log(application, actor, "withdraw", "撤回", from_state)
    return application


@transaction.atomic
def application_made(*, actor, pk, seen_version=None, made_on: date | None = None, maker: str = "") -> SealApplication:
    """刻制完成: the clerk records when and by whom it was made [7]."""
    application = APPLICATION_FLOW.begin(pk, seen_version)
    APPLICATION_FLOW.check(application.make, actor, "只有收发秘书可以登记已批准申请的刻制情况 [7]。")
    problems = []
    if made_on is None:
        problems.append("请填写刻制日期。")
    elif made_on > today():
        problems.append("刻制日期不能晚于今天。")
    elif application.decided_at and made_on < timezone.localdate(application.decided_at):
        problems.append("刻制日期不能早于批准日期 [7]。")
    maker = _text(maker, 100)
    if not maker:
        problems.append("请填写刻制单位。")
    if problems:
        raise ValidationError(problems)
    from_state = application.state
    application.make()
    application.made_on, application.maker = made_on, maker
    APPLICATION_FLOW.save(application)
    APPLICATION_FLOW.log(application, actor, "make", "刻制完成", from_state, comment=f"{maker} {made_on:%Y-%m-%d}")
    _tell_unit(application, "印章已刻制，请到县政府办公室领取")
    return application


@transaction.atomic
def application_hand_over(*, actor, pk, seen_version=None, data: HandoverData) -> SealApplication:
    """交接: the unit's person receives the seal; it is registered in use with them as its keeper [7]."""
    application = APPLICATION_FLOW.begin(pk, seen_version)
    APPLICATION_FLOW.check(application.hand_over, actor, "只有收发秘书可以移交已刻制的印章 [7]。")
    problems = []
    if data.handed_on is None:
        problems.append("请填写交接日期。")
    elif data.handed_on > today():
        problems.append("交接日期不能晚于今天。")
    elif application.made_on and data.handed_on < application.made_on:
        problems.append("交接日期不能早于刻制日期。")
    name = _text(data.received_by_name, 50)
    if not name:
        problems.append("请填写领取人姓名。")
    if problems:
        raise ValidationError(problems)
    year = today().year
    number, serial = _number("印", "seals.seal", year)
    seal = Seal.objects.create(
        number=number,
        year=year,
        serial=serial,
        name=application.seal_name,
        kind=application.kind,
        unit=application.unit,
        keeper_name=name,
        made_on=application.made_on,
        approval=application,
        registered_by=actor,
        state_on=data.handed_on,
        note=(data.note or "").strip(),
    )
    SEAL_FLOW.log(seal, actor, "hand_over", "刻制交接", "", comment=f"{application.number}；领取人：{name}")
    from_state = application.state
    application.hand_over()
    application.handed_on = data.handed_on
    application.received_by_name = name
    application.received_by_phone = _text(data.received_by_phone, 30)
    application.handed_by = actor
    application.seal = seal
    APPLICATION_FLOW.save(application)
    APPLICATION_FLOW.log(application, actor, "hand_over", "交接", from_state, comment=f"领取人：{name}")
    return application

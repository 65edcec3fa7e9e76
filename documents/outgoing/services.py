"""What people do with outgoing documents: one function per step of 第三十条.

Every step locks the document, checks that nobody acted since the person loaded the page, checks the
transition's permission, changes state through django-fsm, writes the log entry, grants the people now on
the document, and notifies the next people once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from core.serials import next_serial
from core.workflow import ActionRefused, DocumentFlow
from documents.text import funding_summary
from documents.types import SecretLevel, secret_covers
from meetings.kinds import COUNTY_KINDS
from meetings.models import DecisionState
from meetings.selectors import decisions_visible_to
from org.models import BusinessLine, Unit, UnitKind
from org.roles import Role
from org.selectors import clearance_of, display_name, users_with_role

from . import rules, uploads
from .choices import (
    OUTGOING_TYPE_CHOICES,
    SIGNING_FLAGS,
    AttachmentKind,
    Authority,
    DistributionMode,
    Gate,
    Importance,
    Origin,
    Phase,
    RecheckItem,
    State,
    StepKind,
    StepStatus,
    Urgency,
)
from .models import (
    Attachment,
    GateCheck,
    OutgoingDocument,
    Recipient,
    Revision,
    RouteStep,
    Series,
    StandingRecipient,
    TransitionLog,
)
from .routing import Plan, review_chain
from .selectors import VISIBILITY
from .signing import signing_plan

User = get_user_model()

KIND = "documents.outgoing"


# --- helpers ----------------------------------------------------------------------------------------------------


def _url(doc: OutgoingDocument) -> str:
    return reverse("outgoing:detail", args=[doc.pk])


# Lock, stale-page check, log, grants and notifications for every step below [32](九): a classified
# document is named by its number and level only in anything others read.
FLOW = DocumentFlow(
    model=OutgoingDocument,
    log_model=TransitionLog,
    visibility=VISIBILITY,
    noun="发文",
    number=lambda doc: doc.doc_number or f"稿{doc.pk}",
    url=_url,
    select_related=("series", "line"),
    kind=KIND,
)


def _next_revision(doc: OutgoingDocument, actor, note: str) -> Revision:
    """Keep this version of the words, with who made it [30(2)], [30(5)]."""
    last = doc.revisions.aggregate(last=Max("number"))["last"] or 0
    return Revision.objects.create(
        document=doc,
        number=last + 1,
        title=doc.title,
        body=doc.body_text,
        author=actor,
        created_at=timezone.now(),
        state=doc.state,
        note=note[:300],
    )


def _pool(doc: OutgoingDocument, roles: Iterable[Role], what: str) -> list:
    """Everyone who takes a pool step [30(5)]; for a classified document only those cleared for it."""
    people = {u.pk: u for role in roles for u in users_with_role(role)}.values()
    cleared = [u for u in people if secret_covers(clearance_of(u), doc.secret_level)]
    if not cleared:
        raise ValidationError(
            f"{what}中没有涉密等级达到{doc.get_secret_level_display()}的人员，无法交其办理 [31][32]。"
        )
    return cleared


TYPING_ROOM = (Role.TYPIST, Role.REGISTRY_CLERK)
REGISTRY = (Role.REGISTRY_CLERK,)


# --- 拟稿 [30(1)] ------------------------------------------------------------------------------------------------


def basis_decisions_for(actor):
    """The county government's meetings' decisions (议定事项) this person may see and cite as the basis of
    "经县人民政府研究" [30(3)2], [6]: not voided, from the last three years, newest first."""
    since = timezone.now() - timedelta(days=3 * 366)
    return (
        decisions_visible_to(actor)
        .filter(meeting__kind__in=COUNTY_KINDS, meeting__starts_at__gte=since)
        .exclude(state=DecisionState.VOIDED)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "position")
    )


def decision_label(decision) -> str:
    """2026年第3次县政府常务会议议定事项第2项：……"""
    return f"{decision.meeting.number_label}议定事项第{decision.position}项：{decision.text}"


@dataclass(frozen=True)
class DraftData:
    """Everything the drafter fills in [30(1)]; subject flags by field name (``choices.SIGNING_FLAGS``)."""

    authority: str
    series: Series
    doc_type: str
    title: str
    line: BusinessLine
    main_recipients: str = ""
    copy_to: str = ""
    body: str = ""
    annotation: str = ""  # 附注 (GB/T 9704-2012 7.3.7)
    secret_level: int = SecretLevel.NONE
    secrecy_period: str = ""
    urgency: str = Urgency.NORMAL
    other_lines: tuple = ()
    importance: str = Importance.ORDINARY
    origin: str = Origin.LINE_STAFF
    drafting_unit: Unit | None = None
    unit_drafter: str = ""
    flags: frozenset[str] = field(default_factory=frozenset)
    decided_matter: str = ""
    basis_decision: object | None = None  # a county meeting's 议定事项 [30(3)2], [6]
    not_funds_reason: str = ""  # why a text naming 资金、经费 … is not a funding matter [30(3)1]


def _validate(actor, data: DraftData) -> None:
    problems = []
    if not data.title.strip():
        problems.append("请填写标题。")
    if data.authority not in Authority.values:
        problems.append("请选择发文机关。")
    if data.series is None or not data.series.is_active:
        problems.append("请选择在用的发文字号系列。")
    elif data.series.authority != data.authority:
        problems.append(f"发文字号系列“{data.series.prefix}”不属于{Authority(data.authority).label}。")
    if data.doc_type not in {value for value, _ in OUTGOING_TYPE_CHOICES}:
        problems.append("请选择文种。")
    if data.importance not in Importance.values or data.origin not in Origin.values:
        problems.append("公文类别或拟稿方式无效。")
    if data.urgency not in Urgency.values:
        problems.append("紧急程度无效。")
    if data.secret_level not in SecretLevel.values:
        problems.append("密级无效。")
    elif not secret_covers(clearance_of(actor), data.secret_level):
        problems.append("您的涉密等级不足以拟制该密级的文稿 [31][32]。")
    if data.origin == Origin.DEPARTMENT:
        if data.drafting_unit is None:
            problems.append("部门代拟稿须选择代拟稿单位 [30(1)]。")
        elif data.drafting_unit.kind not in (UnitKind.DEPARTMENT, UnitKind.COUNTY_UNIT, UnitKind.TOWNSHIP):
            problems.append("代拟稿单位应为县政府部门、县直单位或乡镇 [30(1)]。")
    unknown = set(data.flags) - set(SIGNING_FLAGS)
    if unknown:
        problems.append("事项标记无效。")
    if data.line is not None and not data.line.staff.filter(pk=actor.pk).exists():
        problems.append(f"您不是“{data.line.name}”归口的归口人员，不能为该归口拟稿 [30(1)]。")
    if data.basis_decision is not None and not basis_decisions_for(actor).filter(pk=data.basis_decision.pk).exists():
        problems.append("所选会议议定事项不是县政府会议的决定，或您无权查看 [30(3)2]。")
    if problems:
        raise ValidationError(problems)


def _apply(doc: OutgoingDocument, data: DraftData) -> None:
    doc.authority = data.authority
    doc.series = data.series
    doc.doc_type = data.doc_type
    doc.title = data.title.strip()
    doc.main_recipients = data.main_recipients.strip()
    doc.copy_to = data.copy_to.strip()
    doc.annotation = data.annotation.strip().removeprefix("（").removesuffix("）").strip()  # the brackets are printed
    doc.body = data.body.replace("\r\n", "\n").strip("\n")
    doc.secret_level = data.secret_level
    doc.secrecy_period = data.secrecy_period.strip() if data.secret_level else ""
    doc.urgency = data.urgency
    doc.line = data.line
    doc.importance = data.importance
    doc.origin = data.origin
    doc.drafting_unit = data.drafting_unit if data.origin == Origin.DEPARTMENT else None
    doc.unit_drafter = data.unit_drafter.strip() if data.origin == Origin.DEPARTMENT else ""
    for name in SIGNING_FLAGS:
        setattr(doc, name, name in data.flags)
    doc.decided_matter = data.decided_matter.strip()
    doc.basis_decision = data.basis_decision
    if data.basis_decision is not None and not doc.decided_matter:
        doc.decided_matter = decision_label(data.basis_decision)[:300]
    doc.not_funds_reason = "" if doc.touches_funds else data.not_funds_reason.strip()[:300]


def _log_funds_answer(doc: OutgoingDocument, actor, before: tuple[bool, str]) -> None:
    """The drafter's answer to “涉及资金吗？” is kept in the history when it changes [30(3)1]."""
    if (doc.touches_funds, doc.not_funds_reason) == before or not (doc.funding_words or before[1]):
        return
    if doc.touches_funds:
        FLOW.log(doc, actor, "funds_answer", "确认涉及资金", doc.state, comment=_funding_seen(doc))
    elif doc.not_funds_reason:
        FLOW.log(doc, actor, "funds_answer", "说明不涉及资金", doc.state, comment=doc.not_funds_reason)


def _funding_seen(doc: OutgoingDocument) -> str:
    found = doc.funding_words
    return f"文中提到{funding_summary(found)}" if found else ""


@transaction.atomic
def outgoing_create_draft(*, actor, data: DraftData) -> OutgoingDocument:
    """拟稿: line staff draft in the government's or the office's name, or take in a department's
    代拟稿 [30(1)]. The first version of the text is kept."""
    if not rules.can_draft(actor):
        raise ActionRefused("只有归口人员可以拟稿 [30(1)]。")
    _validate(actor, data)
    doc = OutgoingDocument(drafter=actor, holder=actor, series=data.series, line=data.line)
    _apply(doc, data)
    doc.full_clean(exclude=["state"])  # protected: only transitions set it
    doc.save()
    doc.other_lines.set([line for line in data.other_lines if line.pk != data.line.pk])
    FLOW.grant(doc, [actor])
    _next_revision(doc, actor, "初稿")
    FLOW.log(doc, actor, "create", "拟稿", "", comment=doc.title)
    _log_funds_answer(doc, actor, (False, ""))
    return doc


def _refuse_unless_drafting_drafter(doc: OutgoingDocument, actor) -> None:
    if doc.state != State.DRAFTING:
        raise ActionRefused(f"该文稿当前为“{doc.get_state_display()}”，不能再修改稿面信息。")
    if not rules.is_drafter(doc, actor):
        raise ActionRefused("只有拟稿人可以修改拟稿信息 [30(1)]。")


@transaction.atomic
def outgoing_update_draft(*, actor, pk, seen_version=None, data: DraftData, note: str = "") -> OutgoingDocument:
    """The drafter changes the draft before it is sent (or after it came back) [30(1)], [30(2)].
    A changed title or body is kept as a new version."""
    doc = FLOW.begin(pk, seen_version)
    _refuse_unless_drafting_drafter(doc, actor)
    _validate(actor, data)
    before = (doc.title, doc.body_text)
    funds_before = (doc.touches_funds, doc.not_funds_reason)
    _apply(doc, data)
    doc.full_clean(exclude=["state"])  # protected: only transitions set it
    FLOW.save(doc)
    doc.other_lines.set([line for line in data.other_lines if line.pk != data.line.pk])
    if (doc.title, doc.body_text) != before:
        _next_revision(doc, actor, note or "修改文稿")
    FLOW.log(doc, actor, "update", "修改拟稿", doc.state, comment=note)
    _log_funds_answer(doc, actor, funds_before)
    return doc


@transaction.atomic
def outgoing_edit_text(*, actor, pk, seen_version=None, title: str, body: str, note: str = "") -> OutgoingDocument:
    """Correct the words: the drafter while drafting, the reviewer at their step (核稿) [30(2)], the line
    staff at 复核 (将审核意见修改进去) [30(4)]. Every change is a new version with its author."""
    doc = FLOW.begin(pk, seen_version)
    if not rules.can_edit_text(doc, actor):
        raise ActionRefused("现在不是您修改该文稿的环节；签发人如需修改，请退回修改 [30(2)]。")
    title = title.strip()
    if not title:
        raise ValidationError("请填写标题。")
    body = body.replace("\r\n", "\n").strip("\n")
    if (title, body) == (doc.title, doc.body):
        return doc
    doc.title = title
    doc.body = body
    doc.full_clean(exclude=["state"])  # protected: only transitions set it
    FLOW.save(doc)
    revision = _next_revision(doc, actor, note or "核改文字")
    FLOW.log(doc, actor, "edit_text", "核改文字", doc.state, comment=f"第{revision.number}稿 {note}".strip())
    return doc


@transaction.atomic
def outgoing_add_file(*, actor, pk, upload, kind: str, title: str = "") -> Attachment:
    """Attach a file: the body as Word/PDF instead of text written here, an attachment (印在附件说明中),
    or the department head's signed draft. Size and type are checked; the file is stored outside the
    static root and served only through a permission-checked view."""
    doc = FLOW.lock(pk)
    if kind not in AttachmentKind.values:
        raise ValidationError("附件类型无效。")
    if not rules.can_handle_files(doc, actor):
        raise ActionRefused("只有拟稿人（拟稿时）或复核的归口人员可以上传文件。")
    allowed = uploads.BODY_EXTENSIONS if kind == AttachmentKind.BODY else uploads.ATTACHMENT_EXTENSIONS
    checked = uploads.check_upload(upload, allowed=allowed)
    stem = checked.name.rsplit(".", 1)[0]
    title = (title or stem).strip()[:200]
    existing = doc.attachments.filter(kind=kind, removed_at__isnull=True)
    if kind != AttachmentKind.ATTACHMENT:
        # One body file and one signed draft at a time: a new one replaces (and keeps) the old.
        existing.update(removed_at=timezone.now(), removed_by=actor)
    seq = (doc.attachments.filter(kind=kind).aggregate(m=Max("seq"))["m"] or 0) + 1
    attachment = Attachment(
        document=doc,
        kind=kind,
        title=title,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        seq=seq,
        uploaded_by=actor,
    )
    attachment.file.save(checked.name, upload, save=False)
    attachment.save()
    if kind == AttachmentKind.BODY:
        doc.body_file_text = uploads.text_of_upload(attachment.file.open("rb"), checked.extension)
        attachment.file.close()
        FLOW.save(doc)
        _next_revision(doc, actor, f"上传正文文件 {checked.name}")
    else:
        FLOW.save(doc, bump=False)
    FLOW.log(doc, actor, "add_file", f"上传{attachment.get_kind_display()}", doc.state, comment=checked.name)
    return attachment


@transaction.atomic
def outgoing_remove_file(*, actor, pk, attachment_id) -> Attachment:
    """Take a file off the draft. It is marked removed and kept: nothing is ever hard-deleted [30(5)]."""
    doc = FLOW.lock(pk)
    if not rules.can_handle_files(doc, actor):
        raise ActionRefused("只有拟稿人（拟稿时）或复核的归口人员可以移除文件。")
    try:
        attachment = doc.attachments.select_for_update().get(pk=attachment_id, removed_at__isnull=True)
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise ValidationError("该文件不存在或已移除。") from None
    attachment.removed_at = timezone.now()
    attachment.removed_by = actor
    attachment.save(update_fields=["removed_at", "removed_by"])
    if attachment.kind == AttachmentKind.BODY:
        doc.body_file_text = ""
        FLOW.save(doc)
        _next_revision(doc, actor, f"移除正文文件 {attachment.name}")
    else:
        FLOW.save(doc, bump=False)
    FLOW.log(doc, actor, "remove_file", f"移除{attachment.get_kind_display()}", doc.state, comment=attachment.name)
    return attachment


@transaction.atomic
def outgoing_record_unit_signature(
    *, actor, pk, seen_version=None, head_name: str, signed_on: date, upload=None
) -> OutgoingDocument:
    """部门代拟的公文，由拟文单位领导人签批 [30(2)1]: the line staff records who signed the department's draft
    and when (with a scan of the signed page, if there is one) before the first check."""
    doc = FLOW.begin(pk, seen_version)
    _refuse_unless_drafting_drafter(doc, actor)
    if doc.origin != Origin.DEPARTMENT:
        raise ValidationError("只有部门代拟稿需要登记拟文单位领导签批。")
    if not head_name.strip():
        raise ValidationError("请填写签批的拟文单位领导姓名 [30(2)1]。")
    if signed_on is None or signed_on > timezone.localdate():
        raise ValidationError("请填写签批日期（不能晚于今天）。")
    doc.unit_head_name = head_name.strip()[:50]
    doc.unit_head_signed_on = signed_on
    doc.unit_signature_recorded_by = actor
    FLOW.save(doc)
    if upload is not None:
        outgoing_add_file(actor=actor, pk=doc.pk, upload=upload, kind=AttachmentKind.UNIT_SIGNATURE)
    FLOW.log(
        doc,
        actor,
        "unit_signature",
        "登记代拟稿签批",
        doc.state,
        comment=f"{doc.drafting_unit}{doc.unit_head_name}于{signed_on:%Y年%-m月%-d日}签批",
    )
    return doc


# --- the route: 审核 [30(2)] and 签发 [30(3)] --------------------------------------------------------------------


def plans_for(doc: OutgoingDocument) -> tuple[Plan, Plan]:
    """The review chain [30(2)] and the signing route [30(3)] the rules want for ``doc`` as it stands."""
    return review_chain(doc), signing_plan(doc)


def _start_phase(doc: OutgoingDocument, plan: Plan, now) -> list[RouteStep]:
    """Write the plan's steps for the current round and open the first group."""
    steps = RouteStep.objects.bulk_create(
        [
            RouteStep(
                document=doc,
                round=doc.round,
                phase=planned.phase,
                seq=planned.seq,
                kind=planned.kind,
                assignee=planned.assignee,
                reason=planned.reason[:300],
                article=planned.article[:60],
                requires_gates=planned.requires_gates,
                status=StepStatus.CURRENT if planned.seq == 1 else StepStatus.WAITING,
                reached_at=now if planned.seq == 1 else None,
            )
            for planned in plan.steps
        ]
    )
    return [step for step in steps if step.status == StepStatus.CURRENT]


def _advance(doc: OutgoingDocument, phase: str, now) -> list[RouteStep] | None:
    """After a step is done: the same group still open → []; the next group opened → its steps; nothing
    left in the phase → None."""
    open_steps = list(
        doc.steps.select_for_update()
        .filter(round=doc.round, phase=phase, status__in=[StepStatus.WAITING, StepStatus.CURRENT])
        .select_related("assignee")
        .order_by("seq", "id")
    )
    if not open_steps:
        return None
    if any(step.status == StepStatus.CURRENT for step in open_steps):
        return []
    seq = open_steps[0].seq
    opened = [step for step in open_steps if step.seq == seq]
    for step in opened:
        step.status = StepStatus.CURRENT
        step.reached_at = now
    RouteStep.objects.bulk_update(opened, ["status", "reached_at"])
    return opened


def _my_step(doc: OutgoingDocument, actor, phase: str) -> RouteStep:
    step = (
        doc.steps.select_for_update()
        .filter(round=doc.round, phase=phase, status=StepStatus.CURRENT, assignee=actor)
        .first()
    )
    if step is None:
        raise ActionRefused("现在不是您办理该文稿的环节。")
    return step


def _sign_gates(step: RouteStep, actor, gates: Iterable[str], now) -> list[str]:
    """审核六关 [30(2)]: a step that must check them cannot be passed with one unticked."""
    ticked = [gate for gate in Gate.values if gate in set(gates)]
    if not step.requires_gates:
        return []
    missing = [Gate(gate).label for gate in Gate.values if gate not in ticked]
    if missing:
        raise ValidationError(f"请逐项把关：{'、'.join(missing)}尚未勾选，不能通过审核 [30(2)]。")
    GateCheck.objects.bulk_create(
        [GateCheck(step=step, gate=gate, checked_by=actor, checked_at=now) for gate in ticked]
    )
    return [Gate(gate).label for gate in ticked]


def _step_done(step: RouteStep, opinion: str, now) -> None:
    step.status = StepStatus.DONE
    step.acted_at = now
    step.opinion = opinion.strip()
    step.save(update_fields=["status", "acted_at", "opinion"])


def _hold(doc: OutgoingDocument, opened: list[RouteStep]) -> None:
    doc.holder = opened[0].assignee if opened else None


def _check_plan(doc: OutgoingDocument, plan: Plan, what: str) -> None:
    if not plan.ok:
        raise ValidationError([*plan.problems, f"{what}请退回修改后重新送审。"] if what else list(plan.problems))
    FLOW.require_clearance(doc, [s.assignee for s in plan.steps], "审签人员")


@transaction.atomic
def outgoing_submit(*, actor, pk, seen_version=None) -> OutgoingDocument:
    """送审: the drafter signs the processing sheet and the draft goes to the first reviewer [30(1)]. The
    chain comes from the business line [30(2)]; a department's draft needs its head's signature first
    [30(2)1]. Sent back earlier, it walks the whole chain again from the start."""
    doc = FLOW.begin(pk, seen_version)
    if not rules.unit_signature_present(doc) and rules.is_drafter(doc, actor):
        raise ValidationError("部门代拟稿须先由拟文单位领导人签批，请先登记签批情况 [30(2)1]。")
    FLOW.check(doc.submit, actor, "只有拟稿人可以送审拟稿中的文稿 [30(1)]。")
    if not doc.body_text.strip():
        raise ValidationError("正文为空：请在此填写正文，或上传 Word/PDF 文稿 [30(1)]。")
    if doc.funds_question_open:
        raise ValidationError(
            f"{_funding_seen(doc)}，看似涉及资金，但未勾选“涉及资金”：请勾选（将由县长签发），"
            "或写明不涉及资金的原因，再送审 [30(3)1]。"
        )
    review, signing = plans_for(doc)
    _check_plan(doc, review, "")
    _check_plan(doc, signing, "")
    now = timezone.now()
    from_state = doc.state
    doc.submit()
    doc.submitted_at = now
    opened = _start_phase(doc, review, now)
    _hold(doc, opened)
    FLOW.save(doc)
    # Everyone the route names is on the document from now: they see it coming [32].
    FLOW.grant(doc, [s.assignee for s in review.steps] + [s.assignee for s in signing.steps])
    round_note = f"（第{doc.round}轮）" if doc.round > 1 else ""
    FLOW.log(doc, actor, "submit", "送审", from_state, comment=f"拟稿人签字送审{round_note}")
    FLOW.notify([s.assignee for s in opened], title=f"请审核文稿：{FLOW.name(doc)}", obj=doc)
    return doc


@transaction.atomic
def outgoing_review(*, actor, pk, seen_version=None, gates: Iterable[str] = (), opinion: str = "") -> OutgoingDocument:
    """审核: the reviewer whose step it is ticks and signs the six gates (行文关、法规政策关、内容关、文字关、
    格式关、定密关) and passes it on [30(2)]. After the last reviewer the signing route starts [30(3)]."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.finish_review, actor, "现在不是您审核该文稿的环节 [30(2)]。")
    now = timezone.now()
    step = _my_step(doc, actor, Phase.REVIEW)
    ticked = _sign_gates(step, actor, gates, now)
    _step_done(step, opinion, now)
    comment = "；".join(filter(None, [f"把关：{'、'.join(ticked)}" if ticked else "", opinion.strip()]))
    FLOW.log(doc, actor, "review", step.get_kind_display(), doc.state, comment=comment)
    opened = _advance(doc, Phase.REVIEW, now)
    if opened is not None:
        _hold(doc, opened)
        FLOW.save(doc)
        FLOW.notify([s.assignee for s in opened], title=f"请审核文稿：{FLOW.name(doc)}", obj=doc)
        return doc
    # 审核完毕: the signing route as the rules want it now (a reviewer may have changed the words) [30(3)].
    plan = signing_plan(doc)
    _check_plan(doc, plan, "审核中文稿已改动，")
    from_state = doc.state
    doc.finish_review()
    opened = _start_phase(doc, plan, now)
    _hold(doc, opened)
    FLOW.save(doc)
    FLOW.grant(doc, [s.assignee for s in plan.steps])
    FLOW.log(doc, actor, "finish_review", "审核完毕送签", from_state, comment="；".join(plan.rules))
    FLOW.notify([s.assignee for s in opened], title=f"请审签文稿：{FLOW.name(doc)}", obj=doc)
    return doc


@transaction.atomic
def outgoing_sign(*, actor, pk, seen_version=None, opinion: str = "", gates: Iterable[str] = ()) -> OutgoingDocument:
    """签发 [30(3)]: the leader whose step it is approves (审批), co-signs (会签, any order, all required),
    agrees (审定同意), checks overall (统筹把关, with the six gates [30(2)2]) or signs. When the last signer
    has signed, the date of signing is the document's date and it goes back for 复核 [30(4)]."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.finish_signing, actor, "现在不是您审签该文稿的环节 [30(3)]。")
    now = timezone.now()
    step = _my_step(doc, actor, Phase.SIGN)
    ticked = _sign_gates(step, actor, gates, now)
    _step_done(step, opinion, now)
    comment = "；".join(filter(None, [f"把关：{'、'.join(ticked)}" if ticked else "", opinion.strip()]))
    FLOW.log(doc, actor, "sign", step.get_kind_display(), doc.state, comment=comment)
    opened = _advance(doc, Phase.SIGN, now)
    if opened is not None:
        if opened:
            _hold(doc, opened)
            FLOW.notify([s.assignee for s in opened], title=f"请审签文稿：{FLOW.name(doc)}", obj=doc)
        FLOW.save(doc)
        return doc
    from_state = doc.state
    doc.finish_signing()
    doc.issue_date = timezone.localdate(now)  # 成文日期: the day the last leader signed
    doc.holder = doc.drafter
    FLOW.save(doc)
    FLOW.log(doc, actor, "signed", "签发完毕", from_state)
    FLOW.notify([doc.drafter], title=f"已签发，请复核：{FLOW.name(doc)}", obj=doc)
    return doc


@transaction.atomic
def outgoing_send_back(*, actor, pk, seen_version=None, comment: str) -> OutgoingDocument:
    """退回修改: any reviewer or signer (or the line staff at 复核) sends it back with comments [30(2)].
    It returns to the drafter; the round's open steps are void and the next submission walks the chain
    again from the start. Every version of the text stays."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.send_back, actor, "现在不是您办理该文稿的环节，不能退回 [30(2)]。")
    if not comment.strip():
        raise ValidationError("请写明退回修改的意见 [30(2)]。")
    now = timezone.now()
    from_state = doc.state
    mine = doc.steps.filter(round=doc.round, status=StepStatus.CURRENT, assignee=actor)
    mine.update(status=StepStatus.RETURNED, acted_at=now, opinion=comment.strip())
    doc.steps.filter(round=doc.round, status__in=[StepStatus.WAITING, StepStatus.CURRENT]).update(
        status=StepStatus.SUPERSEDED
    )
    doc.send_back()
    doc.round += 1
    doc.issue_date = None
    doc.holder = doc.drafter
    FLOW.save(doc)
    FLOW.log(doc, actor, "send_back", "退回修改", from_state, comment=comment.strip())
    FLOW.notify([doc.drafter], title=f"文稿被退回修改：{FLOW.name(doc)}", obj=doc, body=comment.strip())
    return doc


@transaction.atomic
def outgoing_answer_funds(*, actor, pk, seen_version=None, touches: bool, reason: str = "") -> OutgoingDocument:
    """涉及资金吗？[30(3)1] The drafter, asked because the text names 资金、经费、补助 …, ticks it or says why it
    is not a funding matter; a reviewer or signer at their step may tick it later. Either way the answer is in
    the history, and the signing route is planned again from the flag: while under review the route is
    planned when review ends; once signing has begun, the signers still to come are replaced by the rules'
    (those who already signed are not asked again)."""
    doc = FLOW.begin(pk, seen_version)
    reason = reason.strip()[:300]
    drafting = doc.state == State.DRAFTING and rules.is_drafter(doc, actor)
    at_my_step = (
        doc.state in (State.REVIEWING, State.SIGNING)
        and doc.steps.filter(round=doc.round, status=StepStatus.CURRENT, assignee=actor).exists()
    )
    if not (drafting or at_my_step):
        raise ActionRefused("只有拟稿人（拟稿时）或正在审核、审签的人可以确认是否涉及资金 [30(3)1]。")
    if not touches and not drafting:
        raise ActionRefused("审核、审签时只能改为“涉及资金”；如认为不涉及，请退回拟稿人说明 [30(3)1]。")
    if not touches and not reason:
        raise ValidationError("请写明不涉及资金的原因，如：文中“资金”指已下达的资金，本文只部署检查 [30(3)1]。")
    if touches and doc.touches_funds:
        return doc
    from_state = doc.state
    doc.touches_funds = touches
    doc.not_funds_reason = "" if touches else reason
    FLOW.save(doc)
    if drafting:
        label = "确认涉及资金" if touches else "说明不涉及资金"
        FLOW.log(doc, actor, "funds_answer", label, from_state, comment=reason or _funding_seen(doc))
        return doc
    FLOW.log(doc, actor, "funds_set", "改为涉及资金，重新确定签发路径", from_state, comment=reason)
    if doc.state == State.SIGNING:
        _replan_signing(doc, timezone.now())
    return doc


def _replan_signing(doc: OutgoingDocument, now) -> None:
    """The signing route of this round, planned again [30(3)]: those who signed stay signed; the open and
    waiting steps are replaced by what the rules now want of the people who have not signed yet."""
    plan = signing_plan(doc)
    _check_plan(doc, plan, "")
    existing = list(doc.steps.select_for_update().filter(round=doc.round, phase=Phase.SIGN).select_related("assignee"))
    signed = {s.assignee_id for s in existing if s.status == StepStatus.DONE}
    remaining = [p for p in plan.steps if p.assignee.pk not in signed]
    if not remaining:
        return
    was_current = {s.assignee_id for s in existing if s.status == StepStatus.CURRENT}
    open_steps = {(s.assignee_id, s.kind): s for s in existing if s.is_open}
    base = max((s.seq for s in existing if s.status == StepStatus.DONE), default=0)
    first = remaining[0].seq
    kept, made = [], []
    for planned in remaining:
        current = planned.seq == first
        values = {
            "seq": base + planned.seq,
            "reason": planned.reason[:300],
            "article": planned.article[:60],
            "requires_gates": planned.requires_gates,
            "status": StepStatus.CURRENT if current else StepStatus.WAITING,
        }
        step = open_steps.pop((planned.assignee.pk, planned.kind), None)
        if step is None:
            step = RouteStep(
                document=doc, round=doc.round, phase=Phase.SIGN, kind=planned.kind, assignee=planned.assignee
            )
            made.append(step)
        else:
            kept.append(step)
        for name, value in values.items():
            setattr(step, name, value)
        step.reached_at = (step.reached_at or now) if current else None
    RouteStep.objects.filter(pk__in=[s.pk for s in open_steps.values()]).update(status=StepStatus.SUPERSEDED)
    RouteStep.objects.bulk_update(kept, ["seq", "reason", "article", "requires_gates", "status", "reached_at"])
    RouteStep.objects.bulk_create(made)
    opened = [s for s in kept + made if s.status == StepStatus.CURRENT]
    _hold(doc, opened)
    FLOW.save(doc, bump=False)
    FLOW.grant(doc, [p.assignee for p in plan.steps])
    newly = [s.assignee for s in opened if s.assignee_id not in was_current]
    FLOW.notify(newly, title=f"请审签文稿：{FLOW.name(doc)}", obj=doc)


def missing_signatures(doc: OutgoingDocument) -> list[str]:
    """Who the rules want as signers now but has not signed in this round — [30(4)] 审批、签发手续是否完备."""
    plan = signing_plan(doc)
    done = set(
        doc.steps.filter(round=doc.round, phase=Phase.SIGN, status=StepStatus.DONE).values_list("assignee_id", "kind")
    )
    missing = [
        f"{display_name(s.assignee)}（{StepKind(s.kind).label}：{s.reason}）"
        for s in plan.steps
        if (s.assignee.pk, s.kind) not in done
    ]
    return list(plan.problems) + missing


@transaction.atomic
def outgoing_recheck(*, actor, pk, seen_version=None, confirmed: Iterable[str] = ()) -> OutgoingDocument:
    """复核 by the line staff [30(4)]: opinions worked in, approvals and signatures complete, attachments
    present, format right, issuing reasonable. The system checks the signatures against the rules as the
    text now stands; then the 打字室 may number it [30(5)]."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.recheck, actor, "只有拟稿人或该归口的归口人员可以复核 [30(4)]。")
    missing = [RecheckItem(item).label for item in RecheckItem.values if item not in set(confirmed)]
    if missing:
        raise ValidationError(f"请逐项复核并确认：{'、'.join(missing)} [30(4)]。")
    if not doc.body_text.strip():
        raise ValidationError("正文为空，不能复核 [30(4)]。")
    unsigned = missing_signatures(doc)
    if unsigned:
        raise ValidationError(
            ["审批、签发手续不完备，须退回修改后重新送审签 [30(4)]：", *unsigned],
        )
    from_state = doc.state
    doc.recheck()
    doc.rechecked_at = timezone.now()
    doc.rechecked_by = actor
    doc.holder = None
    pool = _pool(doc, TYPING_ROOM, "打字室（收发）")
    FLOW.save(doc)
    FLOW.grant(doc, pool)
    FLOW.log(doc, actor, "recheck", "复核", from_state)
    FLOW.notify(pool, title=f"请编号登记：{FLOW.name(doc)}", obj=doc)
    return doc


# --- 编号、登记、校对、缮印、用印、分发 [30(5)] ------------------------------------------------------------------


@transaction.atomic
def outgoing_number(*, actor, pk, seen_version=None) -> OutgoingDocument:
    """编号、登记: the 发文字号 is given only now, after 复核 — series, year in 〔〕, number, 号 — gapless and
    unique per series and year [30(5)]. The numbered document is the 发文登记簿's next row."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.number, actor, "只有打字室（或收发秘书）可以为已复核的公文编号 [30(5)]。")
    now = timezone.now()
    year = timezone.localtime(now).year
    from_state = doc.state
    doc.number()
    doc.year = year
    doc.serial = next_serial(doc.series.serial_scope, year)
    doc.doc_number = doc.series.number_label(year, doc.serial)
    doc.numbered_at = now
    doc.numbered_by = actor
    doc.holder = doc.drafter
    FLOW.save(doc)
    FLOW.log(doc, actor, "number", "编号登记", from_state, comment=f"发文字号 {doc.doc_number}")
    FLOW.notify([doc.drafter], title=f"请校对清样：{FLOW.name(doc)}", obj=doc)
    return doc


@transaction.atomic
def outgoing_sign_proof(*, actor, pk, seen_version=None, note: str = "") -> OutgoingDocument:
    """校对: 打印的公文由拟稿人负责校对，并在正式开印前的清样上签字 [30(5)]."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.sign_proof, actor, "清样由拟稿人校对签字 [30(5)]。")
    from_state = doc.state
    doc.sign_proof()
    doc.proof_signed_at = timezone.now()
    doc.proof_signed_by = actor
    doc.holder = None
    pool = _pool(doc, TYPING_ROOM, "打字室（收发）")
    FLOW.save(doc)
    FLOW.grant(doc, pool)
    FLOW.log(doc, actor, "sign_proof", "校对签字", from_state, comment=note.strip())
    FLOW.notify(pool, title=f"清样已校对，请缮印：{doc.doc_number}", obj=doc)
    return doc


@transaction.atomic
def outgoing_print(*, actor, pk, seen_version=None, copies: int) -> OutgoingDocument:
    """缮印 by the 打字室, recording how many copies [30(5)]."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.print_copies, actor, "只有打字室（或收发秘书）可以缮印 [30(5)]。")
    try:
        copies = int(copies)
    except (TypeError, ValueError):
        copies = 0
    if not 1 <= copies <= 10000:
        raise ValidationError("请填写印数（1 至 10000 份）。")
    from_state = doc.state
    doc.print_copies()
    doc.copies = copies
    doc.printed_at = timezone.now()
    doc.printed_by = actor
    pool = _pool(doc, REGISTRY, "收发秘书")
    FLOW.save(doc)
    FLOW.grant(doc, pool)
    FLOW.log(doc, actor, "print", "缮印", from_state, comment=f"印数 {copies} 份")
    FLOW.notify(pool, title=f"已印制，请用印：{doc.doc_number}", obj=doc)
    return doc


@transaction.atomic
def outgoing_seal(*, actor, pk, seen_version=None) -> OutgoingDocument:
    """用印: 印刷后再由收发用印 [30(5)]."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.seal, actor, "只有收发秘书可以用印 [30(5)]。")
    from_state = doc.state
    doc.seal()
    doc.sealed_at = timezone.now()
    doc.sealed_by = actor
    FLOW.save(doc)
    FLOW.log(doc, actor, "seal", "用印", from_state)
    return doc


def general_distribution_people() -> list:
    """普发: 县长、副县长、主任、副主任 [30(5)] (the executive deputy head is a deputy head)."""
    people = {}
    for role in (
        Role.COUNTY_HEAD,
        Role.EXECUTIVE_DEPUTY_HEAD,
        Role.DEPUTY_HEAD,
        Role.OFFICE_DIRECTOR,
        Role.DEPUTY_DIRECTOR,
    ):
        for user in users_with_role(role):
            people.setdefault(user.pk, user)
    return list(people.values())


@transaction.atomic
def outgoing_distribute(
    *, actor, pk, seen_version=None, mode: str, users: Iterable = (), units: Iterable = ()
) -> OutgoingDocument:
    """分发 [30(5)]: 普发 to the county head, deputy heads, director, deputy directors and the standing
    distribution list (文件分发立户范围), plus anyone chosen; otherwise to the leaders, departments and
    townships chosen by line and content. Every recipient gets a record; people in the office are asked to
    read it (我的待办)."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.distribute, actor, "只有收发秘书可以分发已用印的公文 [30(5)]。")
    if mode not in DistributionMode.values:
        raise ValidationError("请选择分发方式：普发或按归口分发 [30(5)]。")
    people: dict[int, tuple] = {}  # user id → (user, copies, via)
    places: dict[int, tuple] = {}  # unit id → (unit, copies, via)
    if mode == DistributionMode.GENERAL:
        for user in general_distribution_people():
            people[user.pk] = (user, 1, DistributionMode.GENERAL)
        standing = StandingRecipient.objects.filter(is_active=True).select_related("unit", "user__profile")
        for entry in standing:
            if entry.user_id and entry.user.is_active:
                people.setdefault(entry.user_id, (entry.user, entry.copies, DistributionMode.GENERAL))
            elif entry.unit_id and entry.unit.is_active:
                places.setdefault(entry.unit_id, (entry.unit, entry.copies, DistributionMode.GENERAL))
    for user in users:
        people.setdefault(user.pk, (user, 1, DistributionMode.TARGETED))
    for unit in units:
        places.setdefault(unit.pk, (unit, 1, DistributionMode.TARGETED))
    if not people and not places:
        raise ValidationError("请选择分发对象 [30(5)]。")
    FLOW.require_clearance(doc, [user for user, _, _ in people.values()], "分发对象")
    now = timezone.now()
    Recipient.objects.bulk_create(
        [
            Recipient(document=doc, user=user, name=display_name(user), copies=copies, via=via, delivered_at=now)
            for user, copies, via in people.values()
        ]
        + [
            Recipient(document=doc, unit=unit, name=unit.name, copies=copies, via=via, delivered_at=now)
            for unit, copies, via in places.values()
        ]
    )
    from_state = doc.state
    doc.distribute()
    doc.distribution_mode = mode
    doc.distributed_at = now
    doc.distributed_by = actor
    doc.holder = None
    FLOW.save(doc)
    readers = [user for user, _, _ in people.values()]
    FLOW.grant(doc, readers)
    FLOW.log(
        doc,
        actor,
        "distribute",
        "分发",
        from_state,
        comment=f"{DistributionMode(mode).label}：本办 {len(people)} 人，单位 {len(places)} 个",
    )
    FLOW.notify(readers, title=f"请阅文：{FLOW.name(doc)}", obj=doc)
    return doc


@transaction.atomic
def outgoing_mark_read(*, actor, pk) -> Recipient:
    """A person the document was distributed to has read it; it leaves their work queue."""
    try:
        recipient = Recipient.objects.select_for_update().get(document_id=pk, user=actor)
    except (Recipient.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该公文没有分发给您。") from None
    if recipient.read_at is None:
        recipient.read_at = timezone.now()
        recipient.save(update_fields=["read_at"])
    return recipient


@transaction.atomic
def outgoing_abandon(*, actor, pk, seen_version=None, reason: str) -> OutgoingDocument:
    """撤稿: the drafter gives up a draft that is not under review. It is kept with its history."""
    doc = FLOW.begin(pk, seen_version)
    FLOW.check(doc.abandon, actor, "只有拟稿人可以撤回拟稿中的文稿。")
    if not reason.strip():
        raise ValidationError("请写明撤稿原因。")
    from_state = doc.state
    doc.abandon()
    doc.holder = None
    FLOW.save(doc)
    FLOW.log(doc, actor, "abandon", "撤稿", from_state, comment=reason.strip())
    return doc


# --- the admin's transition buttons go through the same steps ---------------------------------------------------

ADMIN_STEPS = {
    "number": outgoing_number,
    "sign_proof": outgoing_sign_proof,
    "seal": outgoing_seal,
}

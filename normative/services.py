"""What people do with 规范性文件 (第十三条 [13]): one function per step.

Every step is atomic: it locks its row (``FLOW.begin``; a page loaded before someone else acted is refused:
``StaleAction``, 409), checks the permission (``rules``; ``ActionRefused``, 403), changes state through
django-fsm, writes the log and notifies people once the transaction commits. Bad input is a ``ValidationError``
(400) with a Chinese message citing the article. All arguments are keyword-only. Nothing is deleted: a document
ends repealed (已废止) or superseded (已修改), with the date and the reason.

The forms' data
- ``DocumentData(title, doc_number="", authority="government", drafting_unit="", effective_on, valid_until=None,
  filed_with=DEFAULT_FILED_WITH, signed_on=None, legal_opinion="", legal_reviewed_by=None,
  legal_reviewed_on=None)`` — ``valid_until`` defaults to ``effective_on`` + 5 years.
- ``InterpretationData(asked_by, asked_on, question)``.

规范性文件 [13] (``seen_version`` is the document's ``version``)
- ``register_from_outgoing(*, actor, outgoing_pk) -> NormativeDocument`` — an issued (已分发/已归档)
  normative outgoing document; its 法制科 review is the route's LEGAL step [30(2)3]; a classified one is refused;
  registered once (a second call returns the same entry).
- ``register_manual(*, actor, data: DocumentData) -> NormativeDocument`` — an old paper document, its review
  typed in.
- ``update_details(*, actor, pk, seen_version, data: DocumentData) -> NormativeDocument`` — while not repealed or
  superseded; the review of a document registered from an outgoing document stays the route's.
- ``publish(*, actor, pk, seen_version=None, published_on, published_in) -> NormativeDocument`` — refused
  without a 法制科 review on record [13][30(2)3]; sets the filing deadline (``NORMATIVE_FILING_DAYS``).
- ``record_filing(*, actor, pk, seen_version=None, filed_on, filed_with="") -> NormativeDocument`` — 报送备案.
- ``accept_filing(*, actor, pk, seen_version=None, accepted_on, result) -> NormativeDocument`` — 备案审查意见.
- ``supersede(*, actor, pk, seen_version=None, replaced_by_pk, on=None, reason="") -> NormativeDocument``.

解释 [13]
- ``interpretation_ask(*, actor, document_pk, data: InterpretationData) -> Interpretation`` — 法制科 records a
  request; the answer is due ``NORMATIVE_INTERPRETATION_DAYS`` (20) working days after it was asked.
- ``interpretation_answer(*, actor, pk, seen_version=None, answer) -> Interpretation``.

清理 [13]
- ``cleanup_start(*, actor, title) -> Cleanup``;
  ``cleanup_add(*, actor, cleanup_pk, document_pk, proposal, reason) -> CleanupItem`` (again: the proposal is
  changed); ``cleanup_submit(*, actor, pk, seen_version=None) -> Cleanup``;
  ``cleanup_decide(*, actor, pk, seen_version=None, comment="") -> Cleanup`` — the county head or the executive
  deputy head; every item applies at once (repeal → 已废止 "经清理废止"; amend → ``needs_amendment``).

废止建议 [13]
- ``repeal_propose(*, actor, document_pk, reason) -> RepealProposal`` — 法制科;
  ``repeal_decide(*, actor, pk, seen_version=None, accept: bool, comment="") -> RepealProposal`` — the county
  head or the executive deputy head; accepting repeals the document.

Helpers: ``today()``, ``add_years()``, ``FLOWS``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.serials import next_serial
from core.workflow import ActionRefused, Flow
from documents.outgoing.choices import Authority, Importance, StepKind, StepStatus
from documents.outgoing.choices import State as OutgoingState

from . import rules
from .models import (
    DEFAULT_FILED_WITH,
    Cleanup,
    CleanupItem,
    CleanupLog,
    CleanupState,
    Decision,
    Interpretation,
    InterpretationLog,
    InterpretationState,
    NormativeDocument,
    NormativeLog,
    ProposalState,
    PublishedIn,
    RepealProposal,
    RepealProposalLog,
    State,
)

logger = logging.getLogger("zaduo.normative")

SERIAL_SCOPE = "normative.register"
ISSUED_STATES = (OutgoingState.DISTRIBUTED, OutgoingState.FILED)


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the pages may not be wired (yet): a notification without a link
        return ""


class DocumentFlowN(Flow):
    def name(self, obj) -> str:
        return f"规范性文件：{obj.register_number} {obj.title}"


class InterpretationFlow(Flow):
    def name(self, obj) -> str:
        return f"规范性文件解释申请：{obj.asked_by} {obj.question[:30]}"


class CleanupFlow(Flow):
    def name(self, obj) -> str:
        return f"规范性文件清理：{obj.title}"


class ProposalFlow(Flow):
    def name(self, obj) -> str:
        return f"废止建议：{obj.document.register_number} {obj.document.title}"


FLOW = DocumentFlowN(
    model=NormativeDocument,
    log_model=NormativeLog,
    noun="规范性文件",
    url=lambda obj: _url("normative:document", obj.pk),
    kind="normative",
)
INTERPRETATION_FLOW = InterpretationFlow(
    model=Interpretation,
    log_model=InterpretationLog,
    noun="解释申请",
    url=lambda obj: _url("normative:document", obj.document_id),
    select_related=("document",),
    kind="normative",
)
CLEANUP_FLOW = CleanupFlow(
    model=Cleanup,
    log_model=CleanupLog,
    noun="清理",
    url=lambda obj: _url("normative:cleanup", obj.pk),
    kind="normative",
)
PROPOSAL_FLOW = ProposalFlow(
    model=RepealProposal,
    log_model=RepealProposalLog,
    noun="废止建议",
    url=lambda obj: _url("normative:proposals"),
    select_related=("document",),
    kind="normative",
)
FLOWS = {"document": FLOW, "interpretation": INTERPRETATION_FLOW, "cleanup": CLEANUP_FLOW, "proposal": PROPOSAL_FLOW}


# --- the forms' data -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentData:
    title: str
    effective_on: date | None
    doc_number: str = ""
    authority: str = Authority.GOVERNMENT
    drafting_unit: str = ""
    valid_until: date | None = None
    filed_with: str = DEFAULT_FILED_WITH
    signed_on: date | None = None
    legal_opinion: str = ""
    legal_reviewed_by: object | None = None
    legal_reviewed_on: date | None = None


@dataclass(frozen=True)
class InterpretationData:
    asked_by: str
    asked_on: date | None
    question: str


def today() -> date:
    return timezone.localdate()


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def filing_days() -> int:
    """报送备案: within 30 days of publication (法规规章备案条例 第三条 style) [13]."""
    return max(1, int(getattr(settings, "NORMATIVE_FILING_DAYS", 30)))


def interpretation_days() -> int:
    """An interpretation request is answered within 20 working days [13] (decisions-norm1)."""
    return max(1, int(getattr(settings, "NORMATIVE_INTERPRETATION_DAYS", 20)))


def expiry_warn_days() -> int:
    """A document whose validity ends within 90 days is reminded: 评估 whether to renew it [13]."""
    return max(1, int(getattr(settings, "NORMATIVE_EXPIRY_WARN_DAYS", 90)))


def working_days_after(day: date, days: int) -> date:
    from deadlines.calendar import WorkCalendar

    calendar = WorkCalendar.load()
    for _ in range(days):
        day = calendar.next_working_day(day)
    return day


def _refuse_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise ActionRefused(message)


def _legal_section_people() -> list:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_active=True, profile__section__code=rules.LEGAL_SECTION)
        .order_by("profile__sort_order", "id")
    )


def _deciders() -> list:
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=sorted(r.value for r in rules.DECIDING_ROLES))
        .distinct()
        .order_by("id")
    )


# --- 登记 [13] ------------------------------------------------------------------------------------------------


def _take_number(year: int) -> tuple[int, str]:
    serial = next_serial(SERIAL_SCOPE, year)
    return serial, f"规〔{year}〕{serial}号"


def _problems(data: DocumentData, *, manual: bool) -> list[str]:
    problems = []
    if not data.title.strip():
        problems.append("请填写标题。")
    if data.authority not in Authority.values:
        problems.append("请选择制定机关。")
    if data.effective_on is None:
        problems.append("请填写施行日期 [13]。")
    elif data.valid_until is not None and data.valid_until < data.effective_on:
        problems.append("有效期至不能早于施行日期 [13]。")
    if manual and data.legal_opinion.strip() and data.legal_reviewed_on is None:
        problems.append("请填写法制科审核日期 [13][30(2)3]。")
    if manual and data.legal_reviewed_on is not None and not data.legal_opinion.strip():
        problems.append("请填写法制科审核意见 [13][30(2)3]。")
    return problems


def _log_register(document, actor, label: str, comment: str = "") -> None:
    FLOW.log(document, actor, "register", label, "", comment=comment)


def _legal_review_of(outgoing):
    """The 法制科 review of an outgoing document: its last LEGAL route step done [30(2)3]."""
    from documents.outgoing.models import RouteStep

    return (
        RouteStep.objects.filter(document=outgoing, kind=StepKind.LEGAL, status=StepStatus.DONE)
        .select_related("assignee")
        .order_by("-round", "-acted_at", "-id")
        .first()
    )


def _refusal_for_outgoing(outgoing) -> str:
    """Why an outgoing document cannot be registered, or "" [13]."""
    if outgoing.importance != Importance.NORMATIVE:
        return "该发文不是规范性文件（公文类别不是“规范性文件”），不能登记 [13]。"
    if outgoing.secret_level > 0:
        return "涉密公文不是规范性文件：规范性文件须向社会公布，涉密公文不予登记 [13]。"
    if outgoing.state not in ISSUED_STATES:
        return "该发文尚未分发，不能登记为规范性文件 [13][30(5)]。"
    return ""


def _register_outgoing(outgoing, *, actor, how: str) -> NormativeDocument:
    review = _legal_review_of(outgoing)
    issue_date = outgoing.issue_date or today()
    # Decision (decisions-norm1): a normative document takes effect 30 days after it is signed unless 法制科
    # records another date before publishing; valid five years.
    effective_on = issue_date + timedelta(days=30)
    year = today().year
    serial, number = _take_number(year)
    drafting_unit = ""
    if outgoing.drafting_unit_id:
        drafting_unit = outgoing.drafting_unit.name
    document = NormativeDocument.objects.create(
        register_year=year,
        register_serial=serial,
        register_number=number,
        title=outgoing.title[:300],
        doc_number=outgoing.doc_number,
        authority=outgoing.authority,
        outgoing=outgoing,
        drafting_unit=drafting_unit[:100],
        legal_opinion=(review.opinion.strip() or "同意") if review else "",
        legal_reviewed_by=review.assignee if review else None,
        legal_reviewed_on=timezone.localtime(review.acted_at).date() if review and review.acted_at else None,
        signed_on=outgoing.issue_date,
        effective_on=effective_on,
        valid_until=add_years(effective_on, 5),
        registered_by=actor,
    )
    _log_register(document, actor, how, comment=f"{outgoing.doc_number} {outgoing.title}"[:2000])
    FLOW.notify(
        [u for u in _legal_section_people() if u.pk != actor.pk],
        title=f"规范性文件已登记，待公布：{FLOW.name(document)}",
        obj=document,
    )
    return document


@transaction.atomic
def register_from_outgoing(*, actor, outgoing_pk) -> NormativeDocument:
    """登记 an issued normative outgoing document by hand (one issued before this register existed) [13]."""
    from documents.outgoing.models import OutgoingDocument

    _refuse_unless(rules.can_register(actor), "只有法制科可以登记规范性文件 [13]。")
    try:
        outgoing = OutgoingDocument.objects.select_for_update().get(pk=outgoing_pk)
    except (OutgoingDocument.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该发文不存在。") from None
    existing = NormativeDocument.objects.filter(outgoing=outgoing).first()
    if existing is not None:
        return existing
    refusal = _refusal_for_outgoing(outgoing)
    if refusal:
        raise ValidationError(refusal)
    return _register_outgoing(outgoing, actor=actor, how="由发文登记")


def register_on_distribution(outgoing) -> NormativeDocument | None:
    """Called by the ``post_transition`` receiver when a normative outgoing document is distributed [13]: the
    register takes it over, once. A classified one is never registered (logged, not raised: the distribution
    itself goes on). The entry is recorded as made by the 法制科 reviewer (or the drafter)."""
    if NormativeDocument.objects.filter(outgoing_id=outgoing.pk).exists():
        return None
    refusal = _refusal_for_outgoing(outgoing)
    if refusal:
        logger.warning("normative: outgoing %s not registered: %s", outgoing.pk, refusal)
        return None
    review = _legal_review_of(outgoing)
    actor = review.assignee if review else outgoing.drafter
    with transaction.atomic():
        return _register_outgoing(outgoing, actor=actor, how="发文分发后自动登记")


@transaction.atomic
def register_manual(*, actor, data: DocumentData) -> NormativeDocument:
    """登记 an old paper document with its 法制科 review typed in (or none yet: then it cannot be published
    until the review is recorded) [13]."""
    _refuse_unless(rules.can_register(actor), "只有法制科可以登记规范性文件 [13]。")
    problems = _problems(data, manual=True)
    if problems:
        raise ValidationError(problems)
    year = today().year
    serial, number = _take_number(year)
    document = NormativeDocument(
        register_year=year, register_serial=serial, register_number=number, registered_by=actor
    )
    _fill(document, data, manual=True)
    document.save()
    _log_register(document, actor, "手工登记", comment=document.title)
    return document


def _fill(document: NormativeDocument, data: DocumentData, *, manual: bool) -> None:
    document.title = data.title.strip()[:300]
    document.doc_number = data.doc_number.strip()[:40]
    document.authority = data.authority
    document.drafting_unit = data.drafting_unit.strip()[:100]
    document.effective_on = data.effective_on
    document.valid_until = data.valid_until or add_years(data.effective_on, 5)
    document.filed_with = (data.filed_with or "").strip()[:200] or DEFAULT_FILED_WITH
    document.signed_on = data.signed_on
    if manual:
        document.legal_opinion = data.legal_opinion.strip()
        document.legal_reviewed_by = data.legal_reviewed_by
        document.legal_reviewed_on = data.legal_reviewed_on


@transaction.atomic
def update_details(*, actor, pk, seen_version, data: DocumentData) -> NormativeDocument:
    """Correct the register's details (dates, number, filing body…); a repealed or superseded document is closed.
    The review of a document registered from an outgoing document stays the route's [13][30(2)3]."""
    document = FLOW.begin(pk, seen_version)
    _refuse_unless(rules.can_keep_register(document, actor), "只有法制科可以修改规范性文件登记信息 [13]。")
    if document.state in (State.REPEALED, State.SUPERSEDED):
        raise ActionRefused(f"该规范性文件{document.get_state_display()}，不能再修改 [13]。")
    manual = document.outgoing_id is None
    problems = _problems(data, manual=manual)
    if document.state == State.PUBLISHED and manual and not data.legal_opinion.strip():
        problems.append("已公布的规范性文件不能删去法制科审核意见 [13][30(2)3]。")
    if document.published_on and data.effective_on and data.effective_on < document.published_on:
        problems.append("施行日期不能早于公布日期：规范性文件未经公布不得施行 [13]。")
    if problems:
        raise ValidationError(problems)
    _fill(document, data, manual=manual)
    FLOW.save(document)
    FLOW.log(document, actor, "update", "修改登记信息", document.state)
    return document


@transaction.atomic
def publish(*, actor, pk, seen_version=None, published_on, published_in) -> NormativeDocument:
    """公布: only with the 法制科 review on record [13][30(2)3]; the filing is then due within
    ``NORMATIVE_FILING_DAYS`` days."""
    document = FLOW.begin(pk, seen_version)
    _refuse_unless(rules.can_keep_register(document, actor), "只有法制科可以公布规范性文件 [13]。")
    if document.state != State.REGISTERED:
        raise ActionRefused(f"该规范性文件{document.get_state_display()}，不能再公布 [13]。")
    if not document.has_legal_review:
        raise ActionRefused("该规范性文件没有法制科审核意见，不能公布：规范性文件须经法制科审核 [13][30(2)3]。")
    problems = []
    if published_on is None:
        problems.append("请填写公布日期。")
    elif published_on > today():
        problems.append("公布日期不能晚于今天。")
    elif document.effective_on < published_on:
        problems.append(
            f"施行日期（{document.effective_on:%Y年%m月%d日}）早于公布日期：规范性文件未经公布不得施行，"
            "请先修改施行日期 [13]。"
        )
    if published_in not in PublishedIn.values:
        problems.append("请选择公布载体 [13]。")
    if problems:
        raise ValidationError(problems)
    FLOW.check(document.publish, actor, "该规范性文件现在不能公布 [13]。")
    document.publish()
    document.published_on = published_on
    document.published_in = published_in
    document.filing_due = published_on + timedelta(days=filing_days())
    document.state_on = published_on
    FLOW.save(document)
    FLOW.log(document, actor, "publish", "公布", State.REGISTERED, comment=f"{document.get_published_in_display()}")
    return document


@transaction.atomic
def record_filing(*, actor, pk, seen_version=None, filed_on, filed_with: str = "") -> NormativeDocument:
    """报送备案 to the higher government and the county people's congress standing committee [13]."""
    document = FLOW.begin(pk, seen_version)
    _refuse_unless(rules.can_keep_register(document, actor), "只有法制科可以报送备案 [13]。")
    if document.state != State.PUBLISHED:
        raise ActionRefused("只有已公布的规范性文件才报送备案 [13]。")
    if document.filed_on is not None:
        raise ActionRefused("该规范性文件已经报送备案。")
    if filed_on is None:
        raise ValidationError("请填写报送备案日期 [13]。")
    if filed_on > today() or (document.published_on and filed_on < document.published_on):
        raise ValidationError("报送备案日期应在公布日期之后、今天之前 [13]。")
    FLOW.check(document.record_filing, actor, "该规范性文件现在不能报送备案 [13]。")
    document.record_filing()
    document.filed_on = filed_on
    if filed_with.strip():
        document.filed_with = filed_with.strip()[:200]
    FLOW.save(document)
    late = document.filing_due and filed_on > document.filing_due
    FLOW.log(
        document,
        actor,
        "file",
        "报送备案",
        State.PUBLISHED,
        comment=f"报{document.filed_with}{'（逾期报送）' if late else ''}",
    )
    return document


@transaction.atomic
def accept_filing(*, actor, pk, seen_version=None, accepted_on, result: str) -> NormativeDocument:
    """备案审查完成: the body's opinion recorded [13]."""
    document = FLOW.begin(pk, seen_version)
    _refuse_unless(rules.can_keep_register(document, actor), "只有法制科可以登记备案审查意见 [13]。")
    if document.filed_on is None:
        raise ActionRefused("该规范性文件尚未报送备案 [13]。")
    if document.filing_accepted_on is not None:
        raise ActionRefused("该规范性文件的备案审查意见已经登记。")
    if accepted_on is None or not (result or "").strip():
        raise ValidationError("请填写备案审查完成日期和审查意见 [13]。")
    if accepted_on < document.filed_on or accepted_on > today():
        raise ValidationError("备案审查完成日期应在报送日期之后、今天之前 [13]。")
    FLOW.check(document.accept_filing, actor, "该规范性文件现在不能登记备案审查意见 [13]。")
    document.accept_filing()
    document.filing_accepted_on = accepted_on
    document.filing_result = result.strip()
    FLOW.save(document)
    FLOW.log(document, actor, "accept_filing", "备案审查完成", State.PUBLISHED, comment=document.filing_result[:2000])
    return document


@transaction.atomic
def supersede(*, actor, pk, seen_version=None, replaced_by_pk, on: date | None = None, reason: str = ""):
    """已修改（被新文件替代）: a newer registered document replaces this one [13]."""
    document = FLOW.begin(pk, seen_version)
    _refuse_unless(rules.can_keep_register(document, actor), "只有法制科可以登记文件替代 [13]。")
    try:
        newer = NormativeDocument.objects.get(pk=replaced_by_pk)
    except (NormativeDocument.DoesNotExist, ValueError, TypeError):
        raise ValidationError("请选择替代本文件的新规范性文件。") from None
    if newer.pk == document.pk:
        raise ValidationError("不能由文件自身替代。")
    FLOW.check(document.supersede, actor, f"该规范性文件{document.get_state_display()}，不能登记为被替代 [13]。")
    document.supersede()
    document.replaced_by = newer
    document.state_on = on or today()
    document.state_reason = (reason.strip() or f"被{newer.register_number}替代")[:300]
    FLOW.save(document)
    FLOW.log(document, actor, "supersede", "被新文件替代", State.PUBLISHED, comment=document.state_reason)
    return document


def _repeal(document: NormativeDocument, actor, *, on: date, reason: str) -> None:
    """The document's repeal, inside a decision's transaction (the document's row locked) [13]."""
    document = FLOW.begin(document.pk)
    FLOW.check(document.repeal, actor, f"该规范性文件{document.get_state_display()}，不能废止 [13]。")
    document.repeal()
    document.state_on = on
    document.state_reason = reason[:300]
    FLOW.save(document)
    FLOW.log(document, actor, "repeal", "废止", State.PUBLISHED, comment=reason)


# --- 解释 [13] ------------------------------------------------------------------------------------------------


@transaction.atomic
def interpretation_ask(*, actor, document_pk, data: InterpretationData) -> Interpretation:
    """登记解释申请: 法制科 records who asked what [13]."""
    _refuse_unless(rules.is_legal_section(actor), "只有法制科可以登记规范性文件解释申请 [13]。")
    try:
        document = NormativeDocument.objects.get(pk=document_pk)
    except (NormativeDocument.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该规范性文件不存在。") from None
    problems = []
    if document.state == State.REGISTERED:
        problems.append("尚未公布的规范性文件不受理解释申请 [13]。")
    if not data.asked_by.strip():
        problems.append("请填写申请单位或个人。")
    if not data.question.strip():
        problems.append("请填写申请解释的问题。")
    if data.asked_on is None or data.asked_on > today():
        problems.append("请填写申请日期（不晚于今天）。")
    if problems:
        raise ValidationError(problems)
    item = Interpretation.objects.create(
        document=document,
        asked_by=data.asked_by.strip()[:100],
        asked_on=data.asked_on,
        question=data.question.strip(),
        answer_due=working_days_after(data.asked_on, interpretation_days()),
        recorded_by=actor,
    )
    INTERPRETATION_FLOW.log(item, actor, "ask", "登记解释申请", "", comment=item.asked_by)
    return item


@transaction.atomic
def interpretation_answer(*, actor, pk, seen_version=None, answer: str) -> Interpretation:
    """答复解释申请 [13]."""
    item = INTERPRETATION_FLOW.begin(pk, seen_version)
    _refuse_unless(rules.can_answer_interpretation(item, actor), "只有法制科可以答复解释申请 [13]。")
    if item.state != InterpretationState.OPEN:
        raise ActionRefused("该解释申请已经答复。")
    if not (answer or "").strip():
        raise ValidationError("请填写解释答复。")
    INTERPRETATION_FLOW.check(item.answer_it, actor, "该解释申请现在不能答复 [13]。")
    item.answer_it()
    item.answer = answer.strip()
    item.answered_on = today()
    item.answered_by = actor
    INTERPRETATION_FLOW.save(item)
    INTERPRETATION_FLOW.log(item, actor, "answer", "答复解释申请", InterpretationState.OPEN)
    return item


# --- 清理 [13] ------------------------------------------------------------------------------------------------


@transaction.atomic
def cleanup_start(*, actor, title: str) -> Cleanup:
    """开展规范性文件清理 [13]."""
    _refuse_unless(rules.can_start_cleanup(actor), "只有法制科可以开展规范性文件清理 [13]。")
    if not (title or "").strip():
        raise ValidationError("请填写清理名称，如：2026年度规范性文件清理。")
    cleanup = Cleanup.objects.create(title=title.strip()[:200], started_on=today(), started_by=actor)
    CLEANUP_FLOW.log(cleanup, actor, "start", "开展清理", "")
    return cleanup


@transaction.atomic
def cleanup_add(*, actor, cleanup_pk, document_pk, proposal: str, reason: str) -> CleanupItem:
    """Put a published document in a clean-up with a proposal (继续有效 / 修改 / 废止) and the reason; a second
    call for the same document changes the proposal [13]."""
    cleanup = CLEANUP_FLOW.begin(cleanup_pk)
    _refuse_unless(rules.can_keep_register(cleanup, actor), "只有法制科可以填写清理意见 [13]。")
    if cleanup.state != CleanupState.DRAFTING:
        raise ActionRefused("该清理已报请决定，不能再修改 [13]。")
    try:
        document = NormativeDocument.objects.get(pk=document_pk)
    except (NormativeDocument.DoesNotExist, ValueError, TypeError):
        raise ValidationError("请选择规范性文件。") from None
    problems = []
    if document.state != State.PUBLISHED:
        problems.append(f"该规范性文件{document.get_state_display()}，不在清理范围内 [13]。")
    if proposal not in Decision.values:
        problems.append("请选择清理意见：继续有效、修改或废止 [13]。")
    elif proposal != Decision.KEEP and not (reason or "").strip():
        problems.append("建议修改或废止的，请写明理由 [13]。")
    if problems:
        raise ValidationError(problems)
    item, created = CleanupItem.objects.update_or_create(
        cleanup=cleanup,
        document=document,
        defaults={"proposal": proposal, "reason": (reason or "").strip(), "added_by": actor},
    )
    CLEANUP_FLOW.save(cleanup)
    CLEANUP_FLOW.log(
        cleanup,
        actor,
        "add" if created else "change",
        "填写清理意见" if created else "修改清理意见",
        cleanup.state,
        comment=f"{document.register_number}：{item.get_proposal_display()}",
    )
    return item


@transaction.atomic
def cleanup_submit(*, actor, pk, seen_version=None) -> Cleanup:
    """报请决定: the county head and the executive deputy head are told [13]."""
    cleanup = CLEANUP_FLOW.begin(pk, seen_version)
    _refuse_unless(rules.can_keep_register(cleanup, actor), "只有法制科可以报请决定清理结果 [13]。")
    if cleanup.state != CleanupState.DRAFTING:
        raise ActionRefused(f"该清理{cleanup.get_state_display()}，不能再报请决定 [13]。")
    if not cleanup.items.exists():
        raise ValidationError("清理中还没有文件，请先填写清理意见 [13]。")
    CLEANUP_FLOW.check(cleanup.submit, actor, "该清理现在不能报请决定 [13]。")
    cleanup.submit()
    cleanup.submitted_on = today()
    CLEANUP_FLOW.save(cleanup)
    CLEANUP_FLOW.log(cleanup, actor, "submit", "报请决定", CleanupState.DRAFTING)
    CLEANUP_FLOW.notify(_deciders(), title=f"待决定：{CLEANUP_FLOW.name(cleanup)}", obj=cleanup)
    return cleanup


@transaction.atomic
def cleanup_decide(*, actor, pk, seen_version=None, comment: str = "") -> Cleanup:
    """决定清理结果 — the county head or the executive deputy head; every item applies at once: 废止 repeals the
    document ("经清理废止"), 修改 flags it for amendment, 继续有效 leaves it [13]."""
    cleanup = CLEANUP_FLOW.begin(pk, seen_version)
    CLEANUP_FLOW.check(cleanup.decide, actor, "清理结果由县长或常务副县长决定 [13]。")
    on = today()
    items = list(cleanup.items.select_related("document").order_by("id"))
    for item in items:
        document = item.document
        if item.proposal == Decision.REPEAL and document.state == State.PUBLISHED:
            reason = f"经清理废止（{cleanup.title}）" + (f"：{item.reason}" if item.reason else "")
            _repeal(document, actor, on=on, reason=reason)
        elif item.proposal == Decision.AMEND and document.state == State.PUBLISHED:
            locked = FLOW.begin(document.pk)
            locked.needs_amendment = True
            FLOW.save(locked)
            FLOW.log(locked, actor, "amend", "经清理需修改", locked.state, comment=cleanup.title)
    cleanup.decide()
    cleanup.decided_by = actor
    cleanup.decided_on = on
    cleanup.comment = (comment or "").strip()
    CLEANUP_FLOW.save(cleanup)
    counts = {d: sum(1 for i in items if i.proposal == d) for d in Decision.values}
    summary = "，".join(f"{Decision(d).label}{n}件" for d, n in counts.items() if n)
    CLEANUP_FLOW.log(cleanup, actor, "decide", "决定清理结果", CleanupState.SUBMITTED, comment=summary)
    CLEANUP_FLOW.notify(_legal_section_people(), title=f"清理结果已决定：{CLEANUP_FLOW.name(cleanup)}", obj=cleanup)
    return cleanup


# --- 废止建议 [13] --------------------------------------------------------------------------------------------


@transaction.atomic
def repeal_propose(*, actor, document_pk, reason: str) -> RepealProposal:
    """提出废止规范性文件的建议: 法制科 [13]."""
    _refuse_unless(rules.can_propose_repeal(actor), "只有法制科可以提出废止规范性文件的建议 [13]。")
    try:
        document = NormativeDocument.objects.select_for_update().get(pk=document_pk)
    except (NormativeDocument.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该规范性文件不存在。") from None
    problems = []
    if document.state != State.PUBLISHED:
        problems.append(f"该规范性文件{document.get_state_display()}，不能提出废止建议 [13]。")
    if not (reason or "").strip():
        problems.append("请写明废止理由 [13]。")
    if document.repeal_proposals.filter(state=ProposalState.PROPOSED).exists():
        problems.append("该规范性文件已有待决定的废止建议。")
    if problems:
        raise ValidationError(problems)
    proposal = RepealProposal.objects.create(
        document=document, proposed_by=actor, proposed_on=today(), reason=reason.strip()
    )
    PROPOSAL_FLOW.log(proposal, actor, "propose", "提出废止建议", "")
    PROPOSAL_FLOW.notify(_deciders(), title=f"待决定：{PROPOSAL_FLOW.name(proposal)}", obj=proposal)
    return proposal


@transaction.atomic
def repeal_decide(*, actor, pk, seen_version=None, accept: bool, comment: str = "") -> RepealProposal:
    """采纳 (the document is repealed) or 不予采纳 a repeal proposal — the county head or the executive deputy
    head [13]."""
    proposal = PROPOSAL_FLOW.begin(pk, seen_version)
    transition = proposal.accept if accept else proposal.reject
    PROPOSAL_FLOW.check(transition, actor, "废止建议由县长或常务副县长决定 [13]。")
    if not accept and not (comment or "").strip():
        raise ValidationError("不予采纳的，请写明意见。")
    on = today()
    if accept:
        if proposal.document.state != State.PUBLISHED:
            raise ActionRefused(f"该规范性文件{proposal.document.get_state_display()}，无须再废止 [13]。")
        _repeal(proposal.document, actor, on=on, reason=f"采纳废止建议：{proposal.reason}")
    transition()
    proposal.decided_by = actor
    proposal.decided_on = on
    proposal.comment = (comment or "").strip()
    PROPOSAL_FLOW.save(proposal)
    PROPOSAL_FLOW.log(
        proposal,
        actor,
        "accept" if accept else "reject",
        "采纳废止建议" if accept else "不予采纳",
        ProposalState.PROPOSED,
        comment=proposal.comment,
    )
    PROPOSAL_FLOW.notify([proposal.proposed_by], title=f"废止建议已决定：{PROPOSAL_FLOW.name(proposal)}", obj=proposal)
    return proposal

"""What people do with government information (政务信息): one function per step of 第八章 [44]–[46].

Every step is atomic: it locks the item (``FLOW.begin``, refusing a page loaded before someone else acted:
``StaleAction``, 409), checks the transition's permission (``rules``; ``ActionRefused``, 403), changes state
through django-fsm, writes the log and notifies people once the transaction commits. Bad input is a
``ValidationError`` (400) with a Chinese message citing the article. All arguments are keyword-only.

The form's data
- ``ItemData(title, body, kind=Kind.DYNAMIC, unit=None, author="")`` — ``unit`` None: the office's own.
- ``SendingData(target, sent_on, channel=Channel.NETWORK, note="")``.
- ``AdoptionData(level, adopted_on, publication="", instruction="", instructed_by="")``.

The lifecycle [46]
- ``submit_item(*, actor, data, uploads=()) -> InformationItem`` — 来稿: a unit contact for their unit, the
  information staff for any unit or the office. An 紧急信息 goes straight to 待审核 and its reviewing leader is
  told at once (急事急报).
- ``withdraw_item(*, actor, pk, seen_version=None, reason="")`` — 撤回, while waiting to be screened.
- ``screen_item(*, actor, pk, seen_version=None, keep: bool, reason="")`` — 筛选: kept → 编辑中, or 不采用 with
  the reason.
- ``edit_item(*, actor, pk, seen_version=None, title, body, note="") -> Revision`` — 编辑: a new revision.
- ``submit_for_review(*, actor, pk, seen_version=None, comment="")`` — 送审 to an office leader.
- ``review_item(*, actor, pk, seen_version=None, approve: bool, comment="")`` — 审核: 待报送, or back to 编辑中
  with the comment (required).
- ``send_item(*, actor, pk, seen_version=None, sendings: Iterable[SendingData])`` — 报送 to one or several
  targets (a sent item may later be sent to a target it was not sent to yet) [44].
- ``record_adoption(*, actor, pk, seen_version=None, data: AdoptionData) -> Adoption`` — 采用, only at a level
  it was sent to; a leader's 批示 optional [46].
- ``archive_item(*, actor, pk, seen_version=None, comment="")`` — 归档 (adopted, or sent and not adopted).
- ``add_attachments(*, actor, pk, uploads) -> list[Attachment]``.

Scoring [46]
- ``set_scoring_rule(*, actor, key, points, effective_from, note="") -> ScoringRule`` — a new row from a date;
  past rows are never changed. ``scoring_rule_problems(*, key, points, effective_from) -> list[str]``.

The office's 《政务信息》 [44]
- ``create_publication(*, actor, item_ids, title="", editor="", year=None) -> Publication`` — a draft with the
  chosen items in that order.
- ``set_publication_items(*, actor, pk, item_ids) -> Publication`` — a draft's items, in order.
- ``issue_publication(*, actor, pk, issued_on=None) -> Publication`` — 印发: takes 第N期, gapless per year.

People
- ``information_staff()``, ``reviewing_leaders()``; ``FLOW`` (``FLOW.url(item)``, ``FLOW.name(item)``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.serials import next_serial
from core.uploads import check_upload
from core.workflow import ActionRefused, Flow
from org.roles import Role
from org.selectors import display_name, leader_in_charge_of, users_with_role

from . import rules
from .models import (
    LEVEL_FOR_TARGET,
    TARGET_FOR_LEVEL,
    Adoption,
    Attachment,
    Channel,
    InformationItem,
    InformationLog,
    Kind,
    Level,
    Publication,
    PublicationEntry,
    PublicationState,
    Revision,
    ScoringKey,
    ScoringRule,
    Sending,
    State,
    Target,
)

ATTACHMENT_TYPES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".ofd"})
PUBLICATION_SCOPE = "information.publication"
COUNTY_LEADER_ROLES = (Role.COUNTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD, Role.DEPUTY_HEAD)
# Items that may go into the office's 《政务信息》: reviewed by an office leader [46].
PUBLISHABLE_STATES = (State.APPROVED, State.SENT, State.ADOPTED, State.ARCHIVED)


def _item_url(item) -> str:
    try:
        return reverse("information:detail", args=[item.pk])
    except NoReverseMatch:  # the pages arrive with PAGES; until then notifications carry no link
        return ""


class ItemFlow(Flow):
    def name(self, obj) -> str:
        prefix = "【紧急】" if obj.kind == Kind.URGENT else ""
        return f"{prefix}{obj.title}"


FLOW = ItemFlow(
    model=InformationItem,
    log_model=InformationLog,
    noun="信息",
    url=_item_url,
    select_related=("submitted_by",),  # non-null only: FOR UPDATE refuses an outer join
    kind="information",
)


def today() -> date:
    return timezone.localdate()


# --- the form's data ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemData:
    title: str
    body: str
    kind: str = Kind.DYNAMIC
    unit: object | None = None  # org.Unit; None: the office's own
    author: str = ""


@dataclass(frozen=True)
class SendingData:
    target: str
    sent_on: date
    channel: str = Channel.NETWORK
    note: str = ""


@dataclass(frozen=True)
class AdoptionData:
    level: str
    adopted_on: date
    publication: str = ""
    instruction: str = ""
    instructed_by: str = ""


# --- people ------------------------------------------------------------------------------------------------------


def information_staff() -> list:
    """The active 政务信息员 [44], [46]."""
    return list(users_with_role(Role.INFORMATION_OFFICER))


def reviewing_leaders(staff: Sequence | None = None) -> list:
    """The office leaders an item goes to for review: the 分管 leader of the information staff (their section's
    分管办公室领导), the office director when there is none [46], [15(2)]. One per distinct leader."""
    leaders: dict[int, object] = {}
    for person in information_staff() if staff is None else staff:
        leader = leader_in_charge_of(person)
        if leader is not None and rules.is_office_leader(leader):
            leaders.setdefault(leader.pk, leader)
    if not leaders:
        for director in users_with_role(Role.OFFICE_DIRECTOR):
            leaders.setdefault(director.pk, director)
    return list(leaders.values())


def _staff_and_submitter(item) -> list:
    return [*information_staff(), item.submitted_by]


# --- checks ------------------------------------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return (text or "").strip()


def _item_problems(data: ItemData) -> list[str]:
    problems = []
    if not _clean(data.title):
        problems.append("请填写信息标题。")
    elif len(_clean(data.title)) > 200:
        problems.append("信息标题不能超过200字。")
    if not _clean(data.body):
        problems.append("请填写信息正文。")
    if data.kind not in Kind.values:
        problems.append("信息类别不正确。")
    return problems


def _check_uploads(uploads) -> list:
    return [(upload, check_upload(upload, allowed=ATTACHMENT_TYPES)) for upload in uploads or ()]


def _store_uploads(item: InformationItem, actor, checked) -> list[Attachment]:
    return [Attachment.store(upload, info, by=actor, item=item) for upload, info in checked]


def _moved(item: InformationItem) -> None:
    """The item now waits in a new state: its reminders count from now [46]."""
    item.waiting_since = timezone.now()


# --- 来稿 ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def submit_item(*, actor, data: ItemData, uploads=()) -> InformationItem:
    """来稿 [45], [46]: a unit contact submits for their own unit; the information staff record an item a unit
    sent (by paper, phone, fax) or write one for the office (``unit`` None). An 紧急信息 skips screening: it is
    submitted straight into 待审核 and the reviewing leader is told at once (急事急报) [46]."""
    if not rules.can_submit(actor):
        raise ActionRefused("只有政务信息员或单位联络员可以报送信息 [45][46]。")
    if not rules.can_submit_for(actor, data.unit):
        raise ActionRefused("单位联络员只能报送本单位的信息 [45]。")
    problems = _item_problems(data)
    if problems:
        raise ValidationError(problems)
    checked = _check_uploads(uploads)
    now = timezone.now()
    urgent = data.kind == Kind.URGENT
    title, body = _clean(data.title), data.body.strip()
    item = InformationItem(
        title=title,
        body=body,
        kind=data.kind,
        unit=data.unit,
        author=_clean(data.author) or display_name(actor),
        submitted_by=actor,
        submitted_at=now,
        waiting_since=now,
        revision_count=1,
        state=State.REVIEWING if urgent else State.SUBMITTED,
    )
    item.save()
    Revision.objects.create(item=item, number=1, title=title, body=body, edited_by=actor, edited_at=now, note="来稿")
    _store_uploads(item, actor, checked)
    FLOW.log(item, actor, "submit", "紧急报送" if urgent else "来稿", "")
    if urgent:
        # 急事急报 [46]: to the reviewing leader at once, the information staff alongside.
        FLOW.notify(reviewing_leaders(), title=f"紧急信息待您审核：{item.title}", obj=item)
        FLOW.notify(information_staff(), title=f"收到紧急信息：{item.title}", obj=item)
    else:
        FLOW.notify([u for u in information_staff() if u.pk != actor.pk], title=f"收到来稿：{item.title}", obj=item)
    return item


@transaction.atomic
def withdraw_item(*, actor, pk, seen_version=None, reason: str = "") -> InformationItem:
    """撤回: the submitter or their unit's contact, while the item waits to be screened [46]."""
    item = FLOW.begin(pk, seen_version)
    FLOW.check(item.withdraw, actor, "只有报送人或本单位联络员可以撤回尚未筛选的信息 [46]。")
    from_state = item.state
    item.withdraw()
    item.withdrawn_at = timezone.now()
    FLOW.save(item)
    FLOW.log(item, actor, "withdraw", "撤回", from_state, comment=_clean(reason))
    return item


@transaction.atomic
def add_attachments(*, actor, pk, uploads) -> list[Attachment]:
    """附件 added to an item by whoever may still change it [46]."""
    item = FLOW.begin(pk)
    if not rules.can_attach(item, actor):
        raise ActionRefused("该信息现在不能添加附件 [46]。")
    attachments = _store_uploads(item, actor, _check_uploads(uploads))
    if attachments:
        FLOW.log(item, actor, "attach", "添加附件", item.state, comment=f"{len(attachments)}个文件")
    return attachments


# --- 筛选、编辑、审核 ----------------------------------------------------------------------------------------------


@transaction.atomic
def screen_item(*, actor, pk, seen_version=None, keep: bool, reason: str = "") -> InformationItem:
    """筛选 [46]: kept (→ 编辑中) or not used (不采用) with the reason, which the submitter is told."""
    item = FLOW.begin(pk, seen_version)
    from_state = item.state
    if keep:
        FLOW.check(item.keep, actor, "只有政务信息员可以筛选来稿 [46]。")
        item.keep()
        item.screen_reason = ""
    else:
        FLOW.check(item.set_aside, actor, "只有政务信息员可以筛选来稿 [46]。")
        reason = _clean(reason)
        if not reason:
            raise ValidationError("不采用的信息须写明理由 [46]。")
        item.set_aside()
        item.screen_reason = reason[:300]
    item.screened_by = actor
    item.screened_at = timezone.now()
    _moved(item)
    FLOW.save(item)
    if keep:
        FLOW.log(item, actor, "keep", "筛选选用", from_state)
    else:
        FLOW.log(item, actor, "not_used", "不采用", from_state, comment=item.screen_reason)
        FLOW.notify([item.submitted_by], title=f"来稿未采用：{item.title}", obj=item, body=item.screen_reason)
    return item


@transaction.atomic
def edit_item(*, actor, pk, seen_version=None, title: str, body: str, note: str = "") -> Revision:
    """编辑 [46]: the text changes through a new revision; the earlier ones are kept (side by side)."""
    item = FLOW.begin(pk, seen_version)
    if not rules.can_edit(item, actor):
        raise ActionRefused("只有政务信息员可以编辑信息 [46]。")
    if item.state != State.EDITING:
        raise ActionRefused(f"该信息{item.get_state_display()}，不能编辑（审核退回后方可修改）[46]。")
    title, body = _clean(title), (body or "").strip()
    problems = _item_problems(ItemData(title=title, body=body, kind=item.kind))
    if problems:
        raise ValidationError(problems)
    if title == item.title and body == item.body:
        raise ValidationError("标题和正文都没有改动。")
    item.revision_count += 1
    revision = Revision.objects.create(
        item=item,
        number=item.revision_count,
        title=title,
        body=body,
        edited_by=actor,
        edited_at=timezone.now(),
        note=_clean(note)[:300],
    )
    item.title, item.body = title, body
    FLOW.save(item)
    comment = f"第{revision.number}稿" + (f"：{revision.note}" if revision.note else "")
    FLOW.log(item, actor, "edit", "编辑", item.state, comment=comment)
    return revision


@transaction.atomic
def submit_for_review(*, actor, pk, seen_version=None, comment: str = "") -> InformationItem:
    """送审: to the reviewing office leader [46]."""
    item = FLOW.begin(pk, seen_version)
    FLOW.check(item.to_review, actor, "只有政务信息员可以送审 [46]。")
    from_state = item.state
    item.to_review()
    _moved(item)
    FLOW.save(item)
    FLOW.log(item, actor, "submit_for_review", "送审", from_state, comment=_clean(comment))
    FLOW.notify(reviewing_leaders(), title=f"信息待您审核：{FLOW.name(item)}", obj=item)
    return item


@transaction.atomic
def review_item(*, actor, pk, seen_version=None, approve: bool, comment: str = "") -> InformationItem:
    """审核 by an office leader [46]: approved (→ 待报送) or returned to 编辑中 with the comment."""
    item = FLOW.begin(pk, seen_version)
    from_state = item.state
    comment = _clean(comment)
    if approve:
        FLOW.check(item.approve, actor, "只有办公室领导可以审核信息 [46]。")
        item.approve()
    else:
        FLOW.check(item.send_back, actor, "只有办公室领导可以审核信息 [46]。")
        if not comment:
            raise ValidationError("退回修改须写明意见 [46]。")
        item.send_back()
    item.reviewed_by = actor
    item.reviewed_at = timezone.now()
    item.review_comment = comment[:500]
    _moved(item)
    FLOW.save(item)
    if approve:
        FLOW.log(item, actor, "approve", "审核通过", from_state, comment=comment)
        FLOW.notify(information_staff(), title=f"信息已审核，待报送：{FLOW.name(item)}", obj=item)
    else:
        FLOW.log(item, actor, "return", "退回修改", from_state, comment=comment)
        FLOW.notify(information_staff(), title=f"信息退回修改：{FLOW.name(item)}", obj=item, body=comment)
    return item


# --- 报送、采用、归档 ----------------------------------------------------------------------------------------------


def _sending_problems(item, sendings: list[SendingData]) -> list[str]:
    problems = []
    if not sendings:
        problems.append("请至少选择一个报送对象 [44][46]。")
    already = set(item.sendings.values_list("target", flat=True))
    seen = set()
    for sending in sendings:
        label = Target(sending.target).label if sending.target in Target.values else sending.target
        if sending.target not in Target.values:
            problems.append("报送对象不正确。")
        elif sending.target in already or sending.target in seen:
            problems.append(f"该信息已报送{label}，不能重复报送。")
        seen.add(sending.target)
        if sending.channel not in Channel.values:
            problems.append("报送渠道不正确。")
        if not isinstance(sending.sent_on, date):
            problems.append(f"请填写报送{label}的日期。")
        else:
            if sending.sent_on > today():
                problems.append(f"报送{label}的日期不能晚于今天。")
            if item.reviewed_at and sending.sent_on < timezone.localtime(item.reviewed_at).date():
                problems.append(f"报送{label}的日期不能早于审核通过的日期。")
    return problems


@transaction.atomic
def send_item(*, actor, pk, seen_version=None, sendings: Iterable[SendingData]) -> InformationItem:
    """报送 [44], [46]: to one or several targets (省 / 州 / 县领导), each recorded with its date and channel; the
    item is then 已报送. A sent item may later be sent to a target it was not sent to yet (no state change)."""
    item = FLOW.begin(pk, seen_version)
    sendings = list(sendings)
    if item.state not in (State.APPROVED, State.SENT, State.ADOPTED):
        raise ActionRefused(f"该信息{item.get_state_display()}，经办公室领导审核通过后方可报送 [46]。")
    if not rules.can_send(item, actor):
        raise ActionRefused("只有政务信息员可以报送信息 [44][46]。")
    problems = _sending_problems(item, sendings)
    if problems:
        raise ValidationError(problems)
    rows = Sending.objects.bulk_create(
        [
            Sending(
                item=item,
                target=s.target,
                sent_on=s.sent_on,
                channel=s.channel,
                sent_by=actor,
                note=_clean(s.note)[:300],
            )
            for s in sendings
        ]
    )
    from_state = item.state
    if item.state == State.APPROVED:
        FLOW.check(item.mark_sent, actor, "只有政务信息员可以报送信息 [44][46]。")
        item.mark_sent()
        _moved(item)
    earliest = min(s.sent_on for s in rows)
    if item.first_sent_on is None or earliest < item.first_sent_on:
        item.first_sent_on = earliest
    FLOW.save(item)
    comment = "；".join(f"{Target(s.target).label} {s.sent_on:%Y-%m-%d}（{Channel(s.channel).label}）" for s in rows)
    FLOW.log(item, actor, "send", "报送", from_state, comment=comment)
    FLOW.notify([item.submitted_by], title=f"信息已报送：{item.title}", obj=item, body=comment)
    if any(s.target == Target.COUNTY for s in rows):
        # 报送县领导: the county's leaders read it in the system [44].
        county = [u for role in COUNTY_LEADER_ROLES for u in users_with_role(role)]
        FLOW.notify(county, title=f"政务信息呈阅：{FLOW.name(item)}", obj=item)
    return item


@transaction.atomic
def record_adoption(*, actor, pk, seen_version=None, data: AdoptionData) -> Adoption:
    """采用 [46]: only at a level the item was sent to (报送省 → 省级采用 …) — an item not sent cannot be marked
    adopted. A leader's 批示 on it is optional (and scores on its own). The submitter is told."""
    item = FLOW.begin(pk, seen_version)
    if not rules.can_adopt(item, actor):
        raise ActionRefused("只有政务信息员可以登记信息采用情况 [46]。")
    if item.state not in (State.SENT, State.ADOPTED):
        raise ActionRefused(f"该信息{item.get_state_display()}，尚未报送，不能登记采用 [46]。")
    if data.level not in Level.values:
        raise ValidationError("采用级别不正确。")
    level = Level(data.level)
    target = TARGET_FOR_LEVEL[level]
    sending = item.sendings.filter(target=target).first()
    if sending is None:
        raise ValidationError(f"该信息没有报送{target.label}，不能登记为{level.label} [46]。")
    problems = []
    if not isinstance(data.adopted_on, date):
        problems.append("请填写采用日期。")
    else:
        if data.adopted_on > today():
            problems.append("采用日期不能晚于今天。")
        if data.adopted_on < sending.sent_on:
            problems.append(f"采用日期不能早于报送{target.label}的日期（{sending.sent_on:%Y-%m-%d}）。")
    if item.adoptions.filter(level=level).exists():
        problems.append(f"该信息已登记{level.label}。")
    instruction = (data.instruction or "").strip()
    instructed_by = _clean(data.instructed_by)
    if instruction and not instructed_by:
        problems.append("登记领导批示须写明批示领导 [46]。")
    if problems:
        raise ValidationError(problems)
    adoption = Adoption.objects.create(
        item=item,
        level=level,
        publication=_clean(data.publication)[:200],
        adopted_on=data.adopted_on,
        instruction=instruction,
        instructed_by=instructed_by[:100],
        recorded_by=actor,
    )
    from_state = item.state
    if item.state == State.SENT:
        FLOW.check(item.mark_adopted, actor, "只有政务信息员可以登记信息采用情况 [46]。")
        item.mark_adopted()
        _moved(item)
    if item.adopted_on is None or adoption.adopted_on < item.adopted_on:
        item.adopted_on = adoption.adopted_on
    FLOW.save(item)
    comment = level.label + (f"：{adoption.publication}" if adoption.publication else "")
    if instruction:
        comment += f"；{instructed_by}批示"
    FLOW.log(item, actor, "adopt", "采用", from_state, comment=comment)
    FLOW.notify([item.submitted_by], title=f"信息被采用（{level.label}）：{item.title}", obj=item)
    return adoption


@transaction.atomic
def archive_item(*, actor, pk, seen_version=None, comment: str = "") -> InformationItem:
    """归档 [46]: an adopted item, or a sent one that was not adopted."""
    item = FLOW.begin(pk, seen_version)
    FLOW.check(item.archive, actor, "只有政务信息员可以将已报送的信息归档 [46]。")
    from_state = item.state
    item.archive()
    item.archived_at = timezone.now()
    FLOW.save(item)
    FLOW.log(item, actor, "archive", "归档", from_state, comment=_clean(comment))
    return item


# --- 计分标准 [46] -------------------------------------------------------------------------------------------------


def scoring_rule_problems(*, key: str, points, effective_from) -> list[str]:
    """What is wrong with a new scoring rule (empty: nothing) [46]: a new rule starts after the key's latest
    one, so the rows of earlier dates — and the rankings computed with them — never change. A first rule of a
    key may start on any date."""
    problems = []
    if key not in ScoringKey.values:
        problems.append("计分项目不正确。")
    try:
        value = Decimal(str(points))
        if not value.is_finite() or abs(value) >= Decimal("10000"):
            problems.append("分值须为数字，且小于10000。")
    except (InvalidOperation, ValueError):
        problems.append("分值须为数字。")
    if not isinstance(effective_from, date):
        problems.append("请填写起用日期。")
    elif key in ScoringKey.values:
        latest = (
            ScoringRule.objects.filter(key=key)
            .order_by("-effective_from")
            .values_list("effective_from", flat=True)
            .first()
        )
        if latest is not None and effective_from <= latest:
            problems.append(
                f"{ScoringKey(key).label}已有{latest:%Y年%m月%d日}起用的计分标准；新的标准须晚于该日期起用，"
                "已有的标准不能修改 [46]。"
            )
    return problems


@transaction.atomic
def set_scoring_rule(*, actor, key: str, points, effective_from: date, note: str = "") -> ScoringRule:
    """A new scoring rule from a date [46]. Rows are never edited: the rule of an earlier date stays as it was,
    so a past year's ranking is recomputed exactly (``scoring_rule_problems``)."""
    if not rules.can_manage_scoring(actor):
        raise ActionRefused("只有办公室领导可以设定信息计分标准 [46]。")
    # One rule change at a time per key: the check below and the insert see the same table.
    list(ScoringRule.objects.select_for_update().filter(key=key).values_list("pk", flat=True))
    problems = scoring_rule_problems(key=key, points=points, effective_from=effective_from)
    if problems:
        raise ValidationError(problems)
    return ScoringRule.objects.create(
        key=key,
        points=Decimal(str(points)).quantize(Decimal("0.01")),
        effective_from=effective_from,
        changed_by=actor,
        note=_clean(note)[:300],
    )


# --- 《政务信息》 ---------------------------------------------------------------------------------------------------


def _publication_items(item_ids) -> list[InformationItem]:
    ids = []
    for raw in item_ids or ():
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            raise ValidationError("所选信息不正确。") from None
        if pk not in ids:
            ids.append(pk)
    if not ids:
        raise ValidationError("请至少选择一条信息编入本期。")
    found = {item.pk: item for item in InformationItem.objects.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError("所选信息不存在。")
    unreviewed = [found[pk].title for pk in ids if found[pk].state not in PUBLISHABLE_STATES]
    if unreviewed:
        raise ValidationError(f"以下信息尚未经办公室领导审核，不能编入《政务信息》[46]：{'、'.join(unreviewed)}")
    return [found[pk] for pk in ids]


def _lock_publication(pk) -> Publication:
    try:
        return Publication.objects.select_for_update().get(pk=pk)
    except (Publication.DoesNotExist, ValueError, TypeError):
        raise ActionRefused("该期《政务信息》不存在。") from None


@transaction.atomic
def create_publication(*, actor, item_ids, title: str = "", editor: str = "", year: int | None = None) -> Publication:
    """A draft 《政务信息》 with the chosen items in that order [44]. Its number (第N期) is taken when issued."""
    if not rules.can_manage_publications(actor):
        raise ActionRefused("只有政务信息员可以编辑《政务信息》[44]。")
    items = _publication_items(item_ids)
    publication = Publication.objects.create(
        year=year or today().year,
        title=_clean(title)[:200],
        editor=_clean(editor)[:60] or display_name(actor),
        created_by=actor,
    )
    PublicationEntry.objects.bulk_create(
        [PublicationEntry(publication=publication, item=item, order=n) for n, item in enumerate(items, start=1)]
    )
    return publication


@transaction.atomic
def set_publication_items(*, actor, pk, item_ids) -> Publication:
    """A draft's items, in the given order."""
    if not rules.can_manage_publications(actor):
        raise ActionRefused("只有政务信息员可以编辑《政务信息》[44]。")
    publication = _lock_publication(pk)
    if publication.state != PublicationState.DRAFT:
        raise ActionRefused("已印发的《政务信息》不能再修改。")
    items = _publication_items(item_ids)
    publication.entries.all().delete()
    PublicationEntry.objects.bulk_create(
        [PublicationEntry(publication=publication, item=item, order=n) for n, item in enumerate(items, start=1)]
    )
    return publication


@transaction.atomic
def issue_publication(*, actor, pk, issued_on: date | None = None) -> Publication:
    """印发: the draft takes the next 第N期 of its year (gapless, ``core.serials``) [44]."""
    if not rules.can_manage_publications(actor):
        raise ActionRefused("只有政务信息员可以印发《政务信息》[44]。")
    publication = _lock_publication(pk)
    if publication.state != PublicationState.DRAFT:
        raise ActionRefused(f"{publication}已印发。")
    if not publication.entries.exists():
        raise ValidationError("本期没有信息，不能印发。")
    issued_on = issued_on or today()
    if issued_on > today():
        raise ValidationError("印发日期不能晚于今天。")
    publication.number = next_serial(PUBLICATION_SCOPE, publication.year)
    publication.issued_on = issued_on
    publication.issued_by = actor
    publication.state = PublicationState.ISSUED
    publication.save()
    return publication


__all__ = [
    "FLOW",
    "LEVEL_FOR_TARGET",
    "AdoptionData",
    "ItemData",
    "SendingData",
    "add_attachments",
    "archive_item",
    "create_publication",
    "edit_item",
    "information_staff",
    "issue_publication",
    "record_adoption",
    "review_item",
    "reviewing_leaders",
    "scoring_rule_problems",
    "screen_item",
    "send_item",
    "set_publication_items",
    "set_scoring_rule",
    "submit_for_review",
    "submit_item",
    "withdraw_item",
]

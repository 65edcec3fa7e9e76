"""What people do with research tasks and drafts: one function per step of 第四条 [4] and 第五条 [5].

Every step is atomic: it locks the task (``FLOW.begin``; a page loaded before someone else acted is a
``StaleAction``, 409), checks the permission (``rules``; ``ActionRefused``, 403), changes state through
django-fsm, writes the log and notifies people once the transaction commits. Bad input is a ``ValidationError``
(400) with a Chinese message. All arguments are keyword-only.

- ``create_task(*, actor, kind, title, leader, lead, due_on, aim="", genre="", members=(), units=(),
  reviewers=()) -> Task`` — 立项 (research) / 交办 (drafting).
- ``start_task(*, actor, pk, seen_version=None)`` — 开始调研 / 开始起草.
- ``add_fieldwork(*, actor, pk, on, place, findings) -> Fieldwork`` — 调研记录 [4].
- ``add_version(*, actor, pk, seen_version=None, body="", upload=None, note="") -> Version`` — a new version,
  never overwriting one [4], [5]; a task not started yet is started by it.
- ``send_report(*, actor, pk, seen_version=None, comment="")`` — 报送调研报告 to the asking leader [4].
- ``instruct(*, actor, pk, seen_version=None, text)`` — the asking leader's 批示 [4].
- ``close_task(*, actor, pk, seen_version=None, adoption="", note="")`` — 结题 with 采纳 [4].
- ``submit_draft(*, actor, pk, seen_version=None, comment="")`` — 送审核 (to the first reviewer) or, with no
  reviewers, 送审定 [5].
- ``review_draft(*, actor, pk, seen_version=None, passed: bool, opinion="")`` — the reviewer whose turn it is:
  passed → the next reviewer or 待审定; returned → 起草中 with the opinion (required) [5].
- ``decide_draft(*, actor, pk, seen_version=None, approved: bool, opinion="")`` — the commissioning leader:
  审定 → 已定稿, or back to 起草中 with the opinion [5].
- ``cancel_task(*, actor, pk, seen_version=None, reason)`` — 撤销, kept with who and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.uploads import check_upload
from core.workflow import ActionRefused, Flow
from org.roles import COUNTY_LEADERS, OUTSIDE_ROLES, roles_of
from org.selectors import display_name

from . import rules
from .models import (
    Adoption,
    Fieldwork,
    Genre,
    Kind,
    Member,
    Opinion,
    Reviewer,
    State,
    Task,
    TaskLog,
    Verdict,
    Version,
)

UPLOAD_TYPES = frozenset({".pdf", ".doc", ".docx", ".wps", ".ofd", ".txt", ".xls", ".xlsx", ".jpg", ".jpeg", ".png"})


def _url(task) -> str:
    try:
        return reverse("research:detail", args=[task.pk])
    except NoReverseMatch:
        return ""


FLOW = Flow(model=Task, log_model=TaskLog, noun="任务", url=_url, kind="research")


def today() -> date:
    return timezone.localdate()


def _refuse(message: str, task=None):
    refusal = ActionRefused(message)
    if task is not None:
        refusal.item = f"research.task:{task.pk}"
    return refusal


def _is_office_person(user) -> bool:
    roles = roles_of(user)
    return bool(roles) and not (roles & (COUNTY_LEADERS | OUTSIDE_ROLES))


def _transition(task, actor, method_name: str, refusal: str, comment: str = "", *, bump: bool = True):
    method = getattr(task, method_name)
    FLOW.check(method, actor, refusal)
    before = task.state
    label = _label(method_name)
    method()
    task.waiting_since = timezone.now()
    FLOW.save(task, bump=bump)
    FLOW.log(task, actor, method_name, label, before, comment)


def _label(method_name: str) -> str:
    for t in Task._meta.get_field("state").get_all_transitions(Task):
        if t.name == method_name:
            return t.custom.get("label", method_name)
    return method_name


# --- 立项 / 交办 -----------------------------------------------------------------------------------------------


@transaction.atomic
def create_task(
    *,
    actor,
    kind: str,
    title: str,
    leader,
    lead,
    due_on: date,
    aim: str = "",
    genre: str = "",
    members: Iterable = (),
    units: Iterable = (),
    reviewers: Sequence = (),
) -> Task:
    """立项 a research task [4] or 交办 a draft [5]."""
    if not rules.can_create(actor):
        raise _refuse("调研课题和文稿任务由办公室领导或县领导立项、交办 [4][5]。")
    if kind not in Kind.values:
        raise ValidationError("请选择任务类别。")
    problems = []
    title = (title or "").strip()
    if not title:
        problems.append("请填写题目。")
    if leader is None or not rules.may_ask(leader):
        problems.append("交办领导应为县领导或办公室主任 [4][5]。")
    county_only = rules.is_county_leader(actor) and not rules.is_office_leader(actor)
    if county_only and leader is not None and leader.pk != actor.pk:
        problems.append("县领导只能以本人名义提出调研课题或交办文稿。")
    members = [m for m in members if m is not None]
    reviewers = [r for r in reviewers if r is not None]
    if lead is None or not _is_office_person(lead):
        problems.append("负责人（组长或主笔）应为办公室工作人员 [4][5]。")
    strangers = sorted({display_name(m) for m in members if not _is_office_person(m)})
    if strangers:
        problems.append(f"成员应为办公室工作人员：{'、'.join(strangers)}不是。")
    if kind == Kind.DRAFTING:
        if genre not in Genre.values:
            problems.append("请选择文稿类型（政府工作报告、领导讲话、汇报材料、其他）[5]。")
        if len({r.pk for r in reviewers}) != len(reviewers):
            problems.append("同一审核人不能列两次 [5]。")
        if leader is not None and any(r.pk == leader.pk for r in reviewers):
            problems.append("交办领导负责审定，不必再列为审核人 [5]。")
        outside = sorted({display_name(r) for r in reviewers if not _is_office_person(r)})
        if outside:
            problems.append(f"审核人应为办公室人员：{'、'.join(outside)}不是 [5]。")
    else:
        genre = ""
        reviewers = []
    if due_on is None:
        problems.append("请填写完成期限。")
    elif due_on < today():
        problems.append("完成期限不能早于今天。")
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    task = Task(
        kind=kind,
        genre=genre,
        title=title,
        aim=(aim or "").strip(),
        leader=leader,
        lead=lead,
        due_on=due_on,
        year=today().year,
        created_by=actor,
        reviewer_count=len(reviewers),
        waiting_since=now,
        state=State.ASSIGNED if kind == Kind.RESEARCH else State.COMMISSIONED,
    )
    task.save()
    Member.objects.bulk_create(
        [Member(task=task, user=m) for m in dict.fromkeys(members) if m.pk != lead.pk], ignore_conflicts=True
    )
    task.units.set(list(units))
    Reviewer.objects.bulk_create([Reviewer(task=task, user=r, order=i) for i, r in enumerate(reviewers, start=1)])
    label = "立项" if kind == Kind.RESEARCH else "交办"
    FLOW.log(task, actor, "create", label, "", "")
    noun = "调研课题" if kind == Kind.RESEARCH else "文稿任务"
    FLOW.notify([lead, *members], title=f"{noun}已{label}", obj=task)
    if leader.pk != actor.pk:  # the asking leader hears that the office took it on
        FLOW.notify([leader], title=f"您交办的{noun}已{label}", obj=task)
    return task


# --- the work ----------------------------------------------------------------------------------------------------


@transaction.atomic
def start_task(*, actor, pk, seen_version=None) -> Task:
    task = FLOW.begin(pk, seen_version)
    method = "start_research" if task.kind == Kind.RESEARCH else "start_drafting"
    _transition(task, actor, method, "只有本任务的组长、主笔或成员可以开始工作 [4][5]。")
    return task


@transaction.atomic
def add_fieldwork(*, actor, pk, on: date, place: str, findings: str) -> Fieldwork:
    """调研记录: a date, a place, what was learned [4]."""
    task = FLOW.begin(pk)
    if task.kind != Kind.RESEARCH:
        raise ValidationError("调研记录只属于调研课题 [4]。")
    if not rules.can_work_on(task, actor):
        raise _refuse("只有调研组成员可以记录调研情况 [4]。", task)
    if task.state not in (State.ASSIGNED, State.RESEARCHING):
        raise _refuse(f"课题{task.get_state_display()}，不能再添加调研记录。", task)
    problems = []
    if on is None:
        problems.append("请填写调研日期。")
    elif on > today():
        problems.append("调研日期不能晚于今天。")
    if not (place or "").strip():
        problems.append("请填写调研地点。")
    if not (findings or "").strip():
        problems.append("请填写了解到的情况。")
    if problems:
        raise ValidationError(problems)
    if task.state == State.ASSIGNED:
        _transition(task, actor, "start_research", "只有调研组成员可以开始调研 [4]。")
    record = Fieldwork.objects.create(
        task=task,
        on=on,
        place=place.strip()[:200],
        findings=findings.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    FLOW.log(task, actor, "fieldwork", "调研记录", task.state, f"{on:%Y-%m-%d} {place.strip()[:60]}")
    return record


@transaction.atomic
def add_version(*, actor, pk, seen_version=None, body: str = "", upload=None, note: str = "") -> Version:
    """A new version, numbered after the last; the earlier ones stay as they were [4], [5]."""
    task = FLOW.begin(pk, seen_version)
    if not rules.can_work_on(task, actor):
        raise _refuse("只有本任务的组长、主笔或成员可以提交稿本 [4][5]。", task)
    writable = (
        (State.ASSIGNED, State.RESEARCHING) if task.kind == Kind.RESEARCH else (State.COMMISSIONED, State.DRAFTING)
    )
    if task.state not in writable:
        raise _refuse(f"任务{task.get_state_display()}，不能提交新稿；退回修改后才能再提交 [4][5]。", task)
    body = (body or "").strip()
    if not body and upload is None:
        raise ValidationError("请填写正文或上传文件。")
    checked = check_upload(upload, allowed=UPLOAD_TYPES) if upload is not None else None
    if task.state in (State.ASSIGNED, State.COMMISSIONED):
        method = "start_research" if task.kind == Kind.RESEARCH else "start_drafting"
        _transition(task, actor, method, "只有本任务的组长、主笔或成员可以开始工作 [4][5]。")
    number = task.version_count + 1
    version = Version(
        task=task,
        number=number,
        body=body,
        note=(note or "").strip()[:500],
        made_by=actor,
        made_at=timezone.now(),
    )
    if checked is not None:
        version.file_name = checked.name
        version.content_type = checked.content_type
        version.size = checked.size
        version.file.save(checked.name, upload, save=False)
    version.save()
    task.version_count = number
    FLOW.save(task)
    FLOW.log(task, actor, "version", f"提交第{number}稿", task.state, version.note)
    return version


@transaction.atomic
def send_report(*, actor, pk, seen_version=None, comment: str = "") -> Task:
    """报送调研报告 to the asking leader [4]."""
    task = FLOW.begin(pk, seen_version)
    if task.kind == Kind.RESEARCH and task.state == State.RESEARCHING and task.version_count == 0:
        raise ValidationError("请先上传调研报告，再报送 [4]。")
    _transition(task, actor, "report", "调研报告由调研组组长在调研中报送 [4]。", comment)
    FLOW.notify([task.leader], title="调研报告待批示", obj=task)
    return task


@transaction.atomic
def instruct(*, actor, pk, seen_version=None, text: str) -> Task:
    """The asking leader's 批示 on the report [4]."""
    task = FLOW.begin(pk, seen_version)
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写批示内容 [4]。")
    _transition(task, actor, "instruct", "只有提出课题的领导可以对报告作出批示 [4]。", text)
    task.instruction = text
    task.instructed_at = timezone.now()
    FLOW.save(task, bump=False)
    FLOW.notify([task.lead], title="调研报告已批示", obj=task)
    return task


@transaction.atomic
def close_task(*, actor, pk, seen_version=None, adoption: str = "", note: str = "") -> Task:
    """结题 with whether the report was adopted (采纳: into a decision, a document, an information item) [4]."""
    task = FLOW.begin(pk, seen_version)
    if adoption not in Adoption.values:
        raise ValidationError("请选择采纳情况。")
    note = (note or "").strip()
    if adoption and not note:
        raise ValidationError("已采纳的，请写明采纳为哪项决策、文件或信息 [4]。")
    _transition(task, actor, "close", "课题由调研组组长或办公室领导在领导批示后结题 [4]。", note)
    task.adoption = adoption
    task.adoption_note = note
    task.ended_at = timezone.now()
    FLOW.save(task, bump=False)
    return task


@transaction.atomic
def submit_draft(*, actor, pk, seen_version=None, comment: str = "") -> Task:
    """送审核 (the first reviewer in order), or 送审定 when there are no reviewers [5]."""
    task = FLOW.begin(pk, seen_version)
    if task.kind == Kind.DRAFTING and task.state == State.DRAFTING and task.version_count == 0:
        raise ValidationError("请先提交稿本，再送审 [5]。")
    refusal = "文稿由主笔或起草人在起草中送审 [5]。"
    if task.reviewer_count:
        first = task.reviewers.select_related("user").get(order=1)
        _transition(task, actor, "to_review", refusal, comment)
        task.review_turn = 1
        task.reviewer_now = first.user
        FLOW.save(task, bump=False)
        FLOW.notify([first.user], title="文稿待审核", obj=task)
    else:
        _transition(task, actor, "to_approval", refusal, comment)
        FLOW.notify([task.leader], title="文稿待审定", obj=task)
    return task


def _opinion(task, actor, verdict: str, text: str) -> Opinion:
    latest = task.versions.order_by("-number").first()
    return Opinion.objects.create(task=task, version=latest, by=actor, at=timezone.now(), verdict=verdict, text=text)


@transaction.atomic
def review_draft(*, actor, pk, seen_version=None, passed: bool, opinion: str = "") -> Task:
    """The reviewer whose turn it is: pass it on (next reviewer, or 待审定 after the last) or return it to the
    drafters with the opinion [5]."""
    task = FLOW.begin(pk, seen_version)
    opinion = (opinion or "").strip()
    refusal = "审核人依次审核，现在不是您审核 [5]。"
    if not passed:
        if not opinion:
            raise ValidationError("退回修改请写明审核意见 [5]。")
        _transition(task, actor, "review_return", refusal, opinion)
        _opinion(task, actor, Verdict.RETURNED, opinion)
        task.reviewer_now = None
        task.review_turn = 0
        FLOW.save(task, bump=False)
        FLOW.notify([task.lead], title="文稿被退回修改", obj=task, body=f"{task.title}：{opinion[:80]}")
        return task
    following = task.reviewers.select_related("user").filter(order__gt=task.review_turn).order_by("order").first()
    if following is not None:
        _transition(task, actor, "pass_on", refusal, opinion)
        task.review_turn = following.order
        task.reviewer_now = following.user
        FLOW.notify([following.user], title="文稿待审核", obj=task)
    else:
        _transition(task, actor, "reviewed", refusal, opinion)
        task.review_turn = 0
        task.reviewer_now = None
        FLOW.notify([task.leader], title="文稿待审定", obj=task)
    FLOW.save(task, bump=False)
    _opinion(task, actor, Verdict.PASSED, opinion)
    return task


@transaction.atomic
def decide_draft(*, actor, pk, seen_version=None, approved: bool, opinion: str = "") -> Task:
    """审定 by the commissioning leader only: final, or back to the drafters with the opinion [5]."""
    task = FLOW.begin(pk, seen_version)
    opinion = (opinion or "").strip()
    refusal = "只有交办文稿的领导可以审定 [5]。"
    if approved:
        _transition(task, actor, "approve", refusal, opinion)
        task.approved_at = task.ended_at = timezone.now()
        FLOW.save(task, bump=False)
        _opinion(task, actor, Verdict.APPROVED, opinion)
        FLOW.notify([task.lead], title="文稿已定稿", obj=task)
    else:
        if not opinion:
            raise ValidationError("退回修改请写明意见 [5]。")
        _transition(task, actor, "approval_return", refusal, opinion)
        _opinion(task, actor, Verdict.RETURNED, opinion)
        FLOW.notify([task.lead], title="文稿被退回修改", obj=task, body=f"{task.title}：{opinion[:80]}")
    return task


@transaction.atomic
def cancel_task(*, actor, pk, seen_version=None, reason: str) -> Task:
    """撤销, kept with who and why [4], [5]."""
    task = FLOW.begin(pk, seen_version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请写明撤销理由。")
    method = "cancel_research" if task.kind == Kind.RESEARCH else "cancel_drafting"
    task.cancel_reason = reason[:300]  # the row's check: a cancelled task has its reason
    _transition(task, actor, method, "任务由办公室领导或交办领导撤销；已结束的任务不能撤销。", reason)
    task.ended_at = timezone.now()
    task.reviewer_now = None
    FLOW.save(task, bump=False)
    return task

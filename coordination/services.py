"""What the office does with a 协调事项: one function per step of 第九条 [9] with [15(1)], [15(2)].

Every step is atomic: it locks the matter (``FLOW.begin``, refusing a page loaded before someone else acted:
``StaleAction``, 409), checks the transition's permission (``rules``; ``ActionRefused``, 403), changes state
through django-fsm, writes the log and notifies people once the transaction commits. Bad input is a
``ValidationError`` (400) with a Chinese message citing the article. All arguments are keyword-only.

- ``MatterData(title, matter, origin, parties, lead, handler, instructed_by=None, instruction="", incoming=None,
  requested_by=None, line=None, due_on=None)``.
- ``matter_register(*, actor, data) -> Matter`` — 登记: two parties at least [9].
- ``matter_start(*, actor, pk, seen_version=None)`` — 开始协调.
- ``talk_record(*, actor, pk, held_on, kind, attendees, content) -> Talk`` — 协调记录 (starts coordination).
- ``matter_propose(*, actor, pk, seen_version=None, proposal, leader=None)`` — 提出处理意见报领导: to the
  分管副县长 of the matter's line, or the 县长 (``default_leader``) [9].
- ``matter_send_back(*, actor, pk, seen_version=None, comment)`` — 退回再协调, by that leader or the 县长.
- ``matter_decide(*, actor, pk, seen_version=None, decision)`` — 批示, by that leader or the 县长 [9].
- ``matter_to_supervision(*, actor, pk, seen_version=None, deadline, handler=None)`` — a decided matter becomes a
  supervision item through ``supervision.services.item_create`` (source 县领导批示), linked back [9], [37].
- ``matter_close(*, actor, pk, seen_version=None, result)`` — 办结, with the result.
- ``matter_withdraw(*, actor, pk, seen_version=None, reason)`` — 撤销, kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.serials import next_serial
from core.workflow import ActionRefused, Flow
from org.models import UnitKind
from org.roles import Role, has_role
from org.selectors import display_name, pickable_people, users_with_role

from . import rules
from .models import FollowUp, Matter, MatterLog, Origin, Party, State, Talk, TalkKind

SERIAL_SCOPE = "coordination.matter"
# Units a matter is between: the county's departments and units, and the townships [9].
PARTY_KINDS = (UnitKind.DEPARTMENT, UnitKind.COUNTY_UNIT, UnitKind.TOWNSHIP)


def _url(matter) -> str:
    try:
        return reverse("coordination:detail", args=[matter.pk])
    except NoReverseMatch:
        return ""


class MatterFlow(Flow):
    def name(self, obj) -> str:
        return f"协调事项：{obj.title}"


FLOW = MatterFlow(
    model=Matter,
    log_model=MatterLog,
    noun="协调事项",
    url=_url,
    select_related=("lead", "handler"),  # non-null only: FOR UPDATE refuses an outer join
    kind="coordination",
)


def today() -> date:
    return timezone.localdate()


def _clean(text: str | None) -> str:
    return (text or "").strip()


@dataclass(frozen=True)
class MatterData:
    title: str
    matter: str
    origin: str
    parties: tuple
    lead: object | None
    handler: object | None
    instructed_by: object | None = None
    instruction: str = ""
    incoming: object | None = None
    requested_by: object | None = None
    line: object | None = None
    due_on: date | None = None


# --- people ----------------------------------------------------------------------------------------------------


def lead_choices():
    """牵头领导: the director or a deputy director [15(1)], [15(2)]."""
    return pickable_people(Role.OFFICE_DIRECTOR, Role.DEPUTY_DIRECTOR)


def handler_choices():
    return pickable_people(*sorted(rules.OFFICE_HANDLER_ROLES))


def leader_choices():
    """The county leaders a proposal may be put before [9]."""
    return pickable_people(Role.COUNTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD, Role.DEPUTY_HEAD)


def county_head():
    return users_with_role(Role.COUNTY_HEAD).first()


def default_leader(matter):
    """The 分管副县长 of the matter's line (``org`` keeps who is in charge of each line), else the 县长 [9]."""
    line = matter.line
    if line is not None and line.deputy_head_id and line.deputy_head.is_active:
        return line.deputy_head
    return county_head()


# --- checks ----------------------------------------------------------------------------------------------------


def _problems(data: MatterData) -> list[str]:
    problems = []
    if not _clean(data.title):
        problems.append("请填写事项名称。")
    elif len(_clean(data.title)) > 200:
        problems.append("事项名称不能超过200字。")
    if not _clean(data.matter):
        problems.append("请写明需要协调的问题。")
    if data.origin not in Origin.values:
        problems.append("请选择事项来由：县政府领导指示、办理文件需要或单位提请 [9]。")
    parties = {u.pk: u for u in data.parties or ()}
    if len(parties) < 2:
        problems.append("协调事项须涉及两个以上单位（县政府部门之间，或部门与乡镇之间）[9]。")
    elif any(u.kind not in PARTY_KINDS for u in parties.values()):
        problems.append("涉及单位须为县政府部门、县直单位或乡（镇）[9]。")
    if data.lead is None or not has_role(data.lead, Role.OFFICE_DIRECTOR, Role.DEPUTY_DIRECTOR):
        problems.append("牵头协调的须为办公室主任或副主任 [15]。")
    if data.handler is None or not rules.is_office_handler(data.handler) or rules.is_county_leader(data.handler):
        problems.append("请选择办公室的经办人 [9]。")
    if data.origin == Origin.INSTRUCTION and (
        data.instructed_by is None or not rules.is_county_leader(data.instructed_by)
    ):
        problems.append("领导指示的事项，请选择作出指示的县政府领导 [9]。")
    if data.origin == Origin.DOCUMENT and data.incoming is None:
        problems.append("办理文件需要协调的，请选择所办来文 [9]。")
    if data.origin == Origin.REQUEST and data.requested_by is None:
        problems.append("单位提请协调的，请选择提请单位 [9]。")
    if data.due_on is not None and data.due_on < today():
        problems.append("协调时限不能早于今天。")
    return problems


# --- registering -----------------------------------------------------------------------------------------------


@transaction.atomic
def matter_register(*, actor, data: MatterData) -> Matter:
    """登记协调事项 [9]."""
    if not rules.can_register(actor):
        raise ActionRefused("只有办公室工作人员可以登记协调事项 [9]。")
    problems = _problems(data)
    if data.incoming is not None:
        from documents.incoming.selectors import incoming_visible_to

        # Only a document the registrar may read is cited; the pages name it by its number only [9], [32].
        if not incoming_visible_to(actor).filter(pk=data.incoming.pk).exists():
            problems.append("没有找到这份来文，或您无权查阅。")
    if problems:
        raise ValidationError(problems)
    year = today().year
    matter = Matter.objects.create(
        year=year,
        serial=next_serial(SERIAL_SCOPE, year),
        title=_clean(data.title),
        matter=_clean(data.matter),
        origin=data.origin,
        instructed_by=data.instructed_by if data.origin == Origin.INSTRUCTION else None,
        instruction=_clean(data.instruction) if data.origin == Origin.INSTRUCTION else "",
        incoming=data.incoming,
        requested_by=data.requested_by,
        line=data.line,
        lead=data.lead,
        handler=data.handler,
        registered_by=actor,
        due_on=data.due_on,
    )
    seen = set()
    rows = []
    for unit in data.parties:
        if unit.pk not in seen:
            seen.add(unit.pk)
            rows.append(Party(matter=matter, unit=unit))
    Party.objects.bulk_create(rows)
    FLOW.log(matter, actor, "register", "登记", "", comment=f"{matter.number_label}，{matter.get_origin_display()}")
    FLOW.notify([matter.handler, matter.lead], title=f"新登记协调事项：{matter.title}", obj=matter)
    return matter


def _start(matter, actor) -> None:
    from_state = matter.state
    matter.start()
    FLOW.save(matter)
    FLOW.log(matter, actor, "start", "开始协调", from_state)


@transaction.atomic
def matter_start(*, actor, pk, seen_version=None) -> Matter:
    """开始协调 [9]."""
    matter = FLOW.begin(pk, seen_version)
    FLOW.check(matter.start, actor, "只有牵头领导、经办人或办公室领导可以开始协调 [9][15]。")
    _start(matter, actor)
    return matter


@transaction.atomic
def talk_record(*, actor, pk, held_on: date | None, kind: str, attendees: str, content: str) -> Talk:
    """协调记录: a meeting or talk held, who attended, what was said; a registered matter starts coordinating [9]."""
    matter = FLOW.begin(pk)
    if matter.state not in (State.REGISTERED, State.COORDINATING) or not rules.can_handle(matter, actor):
        raise ActionRefused("只有牵头领导、经办人或办公室领导可以在协调阶段记录协调情况 [9]。")
    problems = []
    if held_on is None:
        problems.append("请填写协调日期。")
    elif held_on > today():
        problems.append("协调日期不能晚于今天。")
    if kind not in TalkKind.values:
        problems.append("请选择协调方式。")
    if not _clean(attendees):
        problems.append("请填写参加人员。")
    if not _clean(content):
        problems.append("请填写协调情况。")
    if problems:
        raise ValidationError(problems)
    if matter.state == State.REGISTERED:
        _start(matter, actor)
    talk = Talk.objects.create(
        matter=matter,
        held_on=held_on,
        kind=kind,
        attendees=_clean(attendees),
        content=_clean(content),
        recorded_by=actor,
    )
    FLOW.save(matter)
    FLOW.log(
        matter, actor, "talk", "记录协调情况", matter.state, comment=f"{held_on:%Y-%m-%d} {talk.get_kind_display()}"
    )
    return talk


# --- 提出处理意见，报县政府领导决策 [9] --------------------------------------------------------------------------


@transaction.atomic
def matter_propose(*, actor, pk, seen_version=None, proposal: str, leader=None) -> Matter:
    """提出处理意见报领导: the office's proposal goes to the 分管副县长 (of the matter's line) or the 县长 [9]."""
    matter = FLOW.begin(pk, seen_version)
    FLOW.check(matter.propose, actor, "只有牵头领导、经办人或办公室领导可以提出处理意见报领导 [9]。")
    if not _clean(proposal):
        raise ValidationError("请填写办公室的处理意见 [9]。")
    leader = leader or default_leader(matter)
    if leader is None or not rules.is_county_leader(leader):
        raise ValidationError("处理意见须报县政府领导（分管副县长或县长）决策 [9]。")
    from_state = matter.state
    matter.propose()
    matter.proposal = _clean(proposal)
    matter.leader = leader
    matter.proposed_at = timezone.now()
    matter.proposed_by = actor
    FLOW.save(matter)
    FLOW.log(matter, actor, "propose", "提出处理意见报领导", from_state, comment=f"呈{display_name(leader)}")
    FLOW.notify([leader], title=f"请批示协调事项：{matter.title}", obj=matter)
    return matter


@transaction.atomic
def matter_send_back(*, actor, pk, seen_version=None, comment: str) -> Matter:
    """退回再协调: the leader asked (or the 县长) sends it back with what to coordinate further [9]."""
    matter = FLOW.begin(pk, seen_version)
    FLOW.check(matter.send_back, actor, "只有所呈报的县政府领导或县长可以退回再协调 [9]。")
    if not _clean(comment):
        raise ValidationError("退回再协调须写明意见 [9]。")
    from_state = matter.state
    matter.send_back()
    matter.times_sent_back += 1
    FLOW.save(matter)
    FLOW.log(matter, actor, "send_back", "退回再协调", from_state, comment=_clean(comment))
    FLOW.notify([matter.handler, matter.lead], title=f"协调事项退回再协调：{matter.title}", obj=matter)
    return matter


@transaction.atomic
def matter_decide(*, actor, pk, seen_version=None, decision: str) -> Matter:
    """领导批示: the leader asked, or the 县长, decides [9]."""
    matter = FLOW.begin(pk, seen_version)
    FLOW.check(matter.decide, actor, "只有所呈报的县政府领导或县长可以批示 [9]。")
    if not _clean(decision):
        raise ValidationError("请填写批示意见 [9]。")
    from_state = matter.state
    matter.decide()
    matter.decision = _clean(decision)
    matter.decided_at = timezone.now()
    matter.decided_by = actor
    FLOW.save(matter)
    FLOW.log(matter, actor, "decide", "领导批示", from_state, comment=matter.decision)
    FLOW.notify([matter.handler, matter.lead], title=f"协调事项领导已批示：{matter.title}", obj=matter)
    return matter


# --- the follow-up ---------------------------------------------------------------------------------------------


@transaction.atomic
def matter_to_supervision(*, actor, pk, seen_version=None, deadline: date | None, handler=None):
    """A decided matter becomes a supervision item (来源：县领导批示) — by the supervision chapter's own service,
    which checks its own rules (the office's supervisors register items [37]) — and the item is linked back [9]."""
    from supervision import services as supervision
    from supervision.models import Source

    matter = FLOW.begin(pk, seen_version)
    if matter.state != State.DECIDED or not rules.can_handle(matter, actor):
        raise ActionRefused("只有领导已批示、尚未办结的协调事项，由牵头领导或经办人转督查落实 [9][37]。")
    if matter.supervision_item_id is not None:
        raise ValidationError(f"该协调事项已转督查（{matter.supervision_item.number_label}）[37]。")
    if deadline is None:
        raise ValidationError("请写明督查办结时限 [40]。")
    parties = [row.unit for row in matter.party_rows.select_related("unit").order_by("id")]
    leader = matter.decided_by
    deputy = leader if leader is not None and has_role(leader, Role.DEPUTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD) else None
    text = f"{matter.matter}\n\n县政府领导批示（{display_name(leader)}）：{matter.decision}"
    item = supervision.item_create(
        actor=actor,
        data=supervision.ItemData(
            source=Source.COUNTY_LEADER,
            title=f"协调事项落实：{matter.title}"[:200],
            text=text,
            first_responsible=matter.lead,
            handler=handler or matter.handler,
            lead_unit=parties[0] if parties else None,
            assisting_units=tuple(parties[1:]),
            deadline=deadline,
            deputy_head=deputy,
        ),
    )
    matter.supervision_item = item
    FLOW.save(matter)
    FLOW.log(matter, actor, "supervise", "转督查落实", matter.state, comment=item.number_label)
    return item


@transaction.atomic
def matter_close(*, actor, pk, seen_version=None, result: str) -> Matter:
    """办结: the decision carried out (or handed to supervision), with the result [9], [15]."""
    matter = FLOW.begin(pk, seen_version)
    FLOW.check(matter.close, actor, "只有牵头领导、经办人或办公室领导可以办结 [9]。")
    if not _clean(result):
        raise ValidationError("请填写办理结果 [9]。")
    from_state = matter.state
    matter.close()
    matter.result = _clean(result)
    matter.follow_up = FollowUp.SUPERVISION if matter.supervision_item_id else FollowUp.DONE
    matter.closed_at = timezone.now()
    matter.closed_by = actor
    FLOW.save(matter)
    FLOW.log(matter, actor, "close", "办结", from_state, comment=matter.result)
    return matter


@transaction.atomic
def matter_withdraw(*, actor, pk, seen_version=None, reason: str) -> Matter:
    """撤销 (kept, with who and why): the matter's 牵头领导 or an office leader [15]."""
    matter = FLOW.begin(pk, seen_version)
    FLOW.check(matter.withdraw, actor, "只有牵头领导或办公室领导可以撤销协调事项 [15]。")
    if not _clean(reason):
        raise ValidationError("请填写撤销原因。")
    from_state = matter.state
    matter.withdraw()
    matter.withdrawn_at = timezone.now()
    matter.withdraw_reason = _clean(reason)[:300]
    FLOW.save(matter)
    FLOW.log(matter, actor, "withdraw", "撤销", from_state, comment=matter.withdraw_reason)
    return matter

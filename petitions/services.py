"""What people do with petitions (信访件): one function per step of 第九章 [47]–[50] and the 《信访工作条例》.

Every step is atomic: it locks the case (``FLOW.begin``, refusing a page loaded before someone else acted:
``StaleAction``, 409), checks the transition's permission (``rules``; ``ActionRefused``, 403), changes state
through django-fsm, writes the log and notifies people once the transaction commits. Bad input is a
``ValidationError`` (400) with a Chinese message citing the article. All arguments are keyword-only.
Notifications and log comments never carry an ID or phone number; names of petitioners only masked.

The form's data
- ``PetitionerData(name, id_number="", phone="", address="", township=None, is_representative=False)``.
- ``CaseData(channel, received_at, category, title, request, petitioners, content="", township=None,
  place="", is_group=False, head_count=1, is_skip_level=False, earlier_ids=())`` — ``earlier_ids``: cases the
  staff linked by hand at the desk, on top of those found automatically.
- ``IncidentData(occurred_at, place, people_count, what_happened, measures, called="", case_id=None,
  petitioner_ids=())``.

Registering [48]
- ``register_case(*, actor, data: CaseData, uploads=()) -> Case`` — 登记; repeats linked and marked.
- ``find_repeats(*, id_number="", phone="", title="", township=None, exclude_pk=None, limit=20) -> Repeats`` —
  earlier cases of the same person (ID number or phone, through the blind index) or the same matter (same
  township, similar title). A read for the desk; the caller checks ``rules.can_register``.
- ``lookup_petitioner(*, actor, kind, value, reason) -> list[Case]`` — petition staff only, with a reason;
  written to ``LookupLog`` (the keyed hash, never the value) [48].
- ``add_attachments(*, actor, pk, uploads) -> list[CaseAttachment]``.

The lifecycle [47]–[50]
- ``accept_case(*, actor, pk, seen_version=None, handler=None, opinion="") -> Case`` — 受理 (本机关办理).
- ``refuse_case(*, actor, pk, seen_version=None, reason: str) -> Case`` — 不予受理, with the reason.
- ``refer_case(*, actor, pk, seen_version=None, unit, kind="transfer", opinion: str, handler=None) -> Case``
  — 转送 / 交办 to a unit (from 已登记, or re-routed while 办理中).
- ``record_unit_answer(*, actor, pk, seen_version=None, answer: str) -> Referral`` — the unit's answer.
- ``answer_case(*, actor, pk, seen_version=None, answer: str) -> Case`` — 答复 (处理意见书).
- ``request_extension(*, actor, pk, reason: str, days: int) -> Extension`` — 延期申请 (≤ 30 days in all).
- ``decide_extension(*, actor, extension_id, approve: bool, comment="") -> Extension`` — the 办公室主任.
- ``close_case(*, actor, pk, seen_version=None, satisfaction: str) -> Case`` — 办结.
- ``request_review(*, actor, pk, seen_version=None, kind: str, requested_on: date, request: str) -> Review``
  — 复查 / 复核 asked within 30 days.
- ``decide_review(*, actor, pk, seen_version=None, opinion: str, upheld: bool) -> Review``.
- ``record_settlement(*, actor, pk, seen_version=None, settled_on: date, note="") -> Case`` — 息诉罢访 [50].
- ``record_incident(*, actor, data: IncidentData) -> Incident`` — [49].

Time limits (calendar days; the last day moved off weekends and holidays)
- ``limit_after(start: date, days: int, calendar=None) -> date``; ``accept_due_for(received: date)``,
  ``handle_due_for(since: date, extended_days=0)``, ``review_due_for(requested_on: date, kind)``,
  ``review_request_limit(case, kind) -> date | None``.
- ``FLOW`` (``FLOW.url(case)``, ``FLOW.name(case)``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.serials import next_serial
from core.uploads import check_upload
from core.workflow import ActionRefused, Flow
from deadlines.calendar import WorkCalendar
from org.models import Unit
from org.roles import Role
from org.selectors import users_with_role

from . import rules
from .crypto import blind_index
from .identity import id_number_problem, normalise_id_number, normalise_phone, phone_problem
from .models import (
    GROUP_MIN_PEOPLE,
    Case,
    CaseAttachment,
    CaseLog,
    Category,
    Channel,
    Extension,
    Handling,
    Incident,
    LookupKind,
    LookupLog,
    Petitioner,
    Referral,
    Review,
    ReviewKind,
    Satisfaction,
    State,
    unit_answer_if_referred,
)

ATTACHMENT_TYPES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".wps", ".ofd"})
SERIAL_SCOPE = "petitions.case"
# 《信访工作条例》第十八条: 多人走访的推选代表，代表人数不超过5人.
MAX_REPRESENTATIVES = 5


def _case_url(case) -> str:
    try:
        return reverse("petitions:detail", args=[case.pk])
    except NoReverseMatch:  # the pages arrive with the desk (pdesk); until then notifications carry no link
        return ""


class CaseFlow(Flow):
    def name(self, obj) -> str:
        """Number and matter only — never a petitioner's name or number."""
        return f"信访件{obj.number}：{obj.title}"


FLOW = CaseFlow(
    model=Case,
    log_model=CaseLog,
    noun="信访件",
    url=_case_url,
    select_related=("received_by",),  # non-null only: FOR UPDATE refuses an outer join
    kind="petitions",
)


# --- the form's data ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PetitionerData:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    township: Unit | None = None
    is_representative: bool = False


@dataclass(frozen=True)
class CaseData:
    channel: str
    received_at: datetime | None
    category: str
    title: str
    request: str
    petitioners: tuple[PetitionerData, ...] = ()
    content: str = ""
    township: Unit | None = None
    place: str = ""
    is_group: bool = False
    head_count: int = 1
    is_skip_level: bool = False
    earlier_ids: tuple[int, ...] = ()
    # Matches the desk's staff dismissed on the confirmation step: a shared family phone, a different matter with
    # a similar title [48]. A match by ID number is the same person and is linked whatever the desk says.
    dismissed_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class IncidentData:
    occurred_at: datetime | None
    place: str
    people_count: int
    what_happened: str
    measures: str
    called: str = ""
    case_id: int | None = None
    petitioner_ids: tuple[int, ...] = ()


@dataclass
class Repeats:
    """Earlier cases found for a registration: by the same person, and by the same matter [48]."""

    by_id: list[Case] = field(default_factory=list)
    by_phone: list[Case] = field(default_factory=list)
    by_matter: list[Case] = field(default_factory=list)

    @property
    def all(self) -> list[Case]:
        seen: dict[int, Case] = {}
        for case in (*self.by_id, *self.by_phone, *self.by_matter):
            seen.setdefault(case.pk, case)
        return sorted(seen.values(), key=lambda c: (c.received_at, c.pk), reverse=True)

    def __bool__(self) -> bool:
        return bool(self.by_id or self.by_phone or self.by_matter)


# --- time limits ----------------------------------------------------------------------------------------------


def today() -> date:
    return timezone.localdate()


def limit_after(start: date, days: int, calendar: WorkCalendar | None = None) -> date:
    """The last day of a limit of ``days`` calendar days from ``start``: the start day is not counted
    (民法典 第二百零一条), and a last day on a weekend or a statutory holiday moves to the next working day
    (民法典 第二百零三条). The 条例 counts in 日, so calendar days (decision, issue 19)."""
    calendar = calendar or WorkCalendar.load()
    return calendar.first_working_day_from(start + timedelta(days=int(days)))


def accept_due_for(received: date, calendar: WorkCalendar | None = None) -> date:
    """受理告知: 15 days from receipt (《信访工作条例》第三十一条)."""
    return limit_after(received, settings.PETITIONS_ACCEPT_DAYS, calendar)


def handle_due_for(since: date, extended_days: int = 0, calendar: WorkCalendar | None = None) -> date:
    """办结: 60 days from acceptance, plus an approved extension (《信访工作条例》第三十五条)."""
    return limit_after(since, settings.PETITIONS_HANDLE_DAYS + int(extended_days), calendar)


def review_due_for(requested_on: date, kind: str, calendar: WorkCalendar | None = None) -> date:
    """复查 / 复核 opinion: 30 days from the request (《信访工作条例》第三十五条、第三十六条)."""
    days = (
        settings.PETITIONS_REVIEW_DECIDE_DAYS if kind == ReviewKind.REVIEW else settings.PETITIONS_REREVIEW_DECIDE_DAYS
    )
    return limit_after(requested_on, days, calendar)


def review_request_limit(case: Case, kind: str, calendar: WorkCalendar | None = None) -> date | None:
    """The last day to ask for a 复查 (30 days from the answer) or a 复核 (30 days from the review's opinion)."""
    if kind == ReviewKind.REVIEW:
        if case.answered_at is None:
            return None
        return limit_after(timezone.localdate(case.answered_at), settings.PETITIONS_REVIEW_REQUEST_DAYS, calendar)
    review = case.reviews.filter(kind=ReviewKind.REVIEW, decided_at__isnull=False).first()
    if review is None:
        return None
    return limit_after(timezone.localdate(review.decided_at), settings.PETITIONS_REREVIEW_REQUEST_DAYS, calendar)


# --- helpers ------------------------------------------------------------------------------------------------------


def _unit_contacts(unit_id: int | None) -> list:
    if unit_id is None:
        return []
    return list(users_with_role(Role.UNIT_CONTACT).filter(profile__unit_id=unit_id))


def _organ_heads() -> list:
    return list(users_with_role(Role.OFFICE_DIRECTOR))


def _check_uploads(uploads) -> list:
    return [(upload, check_upload(upload, allowed=ATTACHMENT_TYPES)) for upload in uploads or ()]


def _store_uploads(case: Case, actor, checked) -> list[CaseAttachment]:
    return [CaseAttachment.store(upload, info, by=actor, case=case) for upload, info in checked]


def _petitioner_problems(people: tuple[PetitionerData, ...], *, is_group: bool) -> list[str]:
    problems = []
    if not people:
        problems.append("请至少登记一名信访人（匿名来信可填写“匿名”）[48]。")
    for n, person in enumerate(people, start=1):
        who = f"第{n}名信访人"
        if not person.name.strip():
            problems.append(f"{who}：请填写姓名。")
        id_number = normalise_id_number(person.id_number)
        if id_number and (problem := id_number_problem(id_number)):
            problems.append(f"{who}：{problem}")
        phone = normalise_phone(person.phone)
        if phone and (problem := phone_problem(phone)):
            problems.append(f"{who}：{problem}")
    if is_group and sum(1 for p in people if p.is_representative) > MAX_REPRESENTATIVES:
        problems.append(f"集体访推选的代表不超过{MAX_REPRESENTATIVES}人（《信访工作条例》第十八条）[49]。")
    return problems


def _case_problems(data: CaseData) -> list[str]:
    problems = []
    if data.channel not in Channel.values:
        problems.append("请选择信访形式（来信、来访、来电、网上信访、领导交办）[48]。")
    if data.category not in Category.values:
        problems.append("请选择信访事项分类。")
    if not data.title.strip():
        problems.append("请填写信访事由 [48]。")
    if not data.request.strip():
        problems.append("请填写信访诉求 [48]。")
    if data.received_at is None:
        problems.append("请填写收到时间 [48]。")
    elif data.received_at > timezone.now() + timedelta(minutes=5):
        problems.append("收到时间不能晚于现在。")
    elif data.received_at < timezone.now() - timedelta(days=366):
        problems.append("收到时间不正确（一年以前）。")
    try:
        head_count = int(data.head_count)
    except (TypeError, ValueError):
        head_count = 0
    if head_count < 1 or head_count > 100000:
        problems.append("请填写来访人数。")
    if data.is_group and head_count < GROUP_MIN_PEOPLE:
        problems.append(f"集体访是{GROUP_MIN_PEOPLE}人以上同一事项的来访，请核对人数 [49]。")
    if not data.is_group and head_count >= GROUP_MIN_PEOPLE and data.channel == Channel.VISIT:
        problems.append(f"{GROUP_MIN_PEOPLE}人以上来访请按集体访登记 [49]。")
    problems += _petitioner_problems(tuple(data.petitioners), is_group=data.is_group)
    return problems


# --- repeats [48] ------------------------------------------------------------------------------------------------


def _cases_of_index(field_name: str, index: str, exclude_pk, limit: int) -> list[Case]:
    if not index:
        return []
    case_ids = Petitioner.objects.filter(**{field_name: index}).values("case_id")
    qs = Case.objects.filter(pk__in=case_ids).select_related("township", "unit")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.order_by("-received_at", "-id")[:limit])


def _cases_of_matter(title: str, township, exclude_pk, limit: int) -> list[Case]:
    title = (title or "").strip()
    if not title or township is None:
        return []
    from django.db import connection

    township_id = getattr(township, "pk", township)
    qs = Case.objects.filter(township_id=township_id).select_related("township", "unit")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity
        from django.db.models.functions import Upper

        threshold = float(settings.PETITIONS_REPEAT_TITLE_SIMILARITY)
        qs = (
            # pg_trgm's % operator on UPPER(title): what the GIN index petitions_title_trgm serves.
            qs.extra(where=['UPPER("petitions_case"."title") %% %s'], params=[title.upper()])
            .annotate(similarity=TrigramSimilarity(Upper("title"), title.upper()))
            .filter(similarity__gte=threshold)
            .order_by("-similarity", "-received_at", "-id")
        )
        return list(qs[:limit])
    # Elsewhere (SQLite in tests): the same title, or one inside the other.
    return list(qs.filter(Q(title__iexact=title) | Q(title__icontains=title)).order_by("-received_at", "-id")[:limit])


def find_repeats(*, id_number="", phone="", title="", township=None, exclude_pk=None, limit=20) -> Repeats:
    """Earlier cases of the same person (ID number or phone, exact, through the blind index) or the same matter
    (same township, similar title) [48]. Several people (a group visit): call once per person and merge."""
    return Repeats(
        by_id=_cases_of_index("id_index", blind_index("id", normalise_id_number(id_number)), exclude_pk, limit),
        by_phone=_cases_of_index("phone_index", blind_index("phone", normalise_phone(phone)), exclude_pk, limit),
        by_matter=_cases_of_matter(title, township, exclude_pk, limit),
    )


# --- registering [48] -------------------------------------------------------------------------------------------


@transaction.atomic
def register_case(*, actor, data: CaseData, uploads=()) -> Case:
    """登记: every letter and visit is registered, and registration is where every case starts [48]; the same
    person's or the same matter's earlier cases are linked and the case marked 重复信访; 越级 is marked from the
    desk's answer. Its limit to decide and tell the petitioner (15 days) starts here."""
    if not rules.can_register(actor):
        raise ActionRefused("只有信访接待人员可以登记信访件 [48]。")
    problems = _case_problems(data)
    if problems:
        raise ValidationError(problems)
    checked = _check_uploads(uploads)
    received = timezone.localtime(data.received_at)
    year = received.year
    serial = next_serial(SERIAL_SCOPE, year)
    case = Case(
        year=year,
        serial=serial,
        number=f"杂信〔{year}〕{serial}号",
        channel=data.channel,
        received_at=data.received_at,
        received_by=actor,
        category=data.category,
        township=data.township,
        place=data.place.strip()[:200],
        title=data.title.strip()[:200],
        request=data.request.strip(),
        content=data.content.strip(),
        is_group=bool(data.is_group),
        head_count=int(data.head_count),
        is_skip_level=bool(data.is_skip_level),
        accept_due=accept_due_for(received.date()),
    )
    case.full_clean(exclude=["serial", "state", "number", "earlier"])
    case.save()
    people = []
    for position, person in enumerate(data.petitioners, start=1):
        people.append(
            Petitioner.objects.create(
                case=case,
                position=position,
                name=person.name.strip()[:50],
                id_number=person.id_number,
                phone=person.phone,
                address=person.address.strip(),
                township=person.township,
                is_representative=bool(person.is_representative) or (not data.is_group and position == 1),
            )
        )
    earlier: dict[int, Case] = {}
    dismissed = set(data.dismissed_ids)
    for person in people:
        earlier.update({c.pk: c for c in _cases_of_index("id_index", person.id_index, case.pk, 50)})
        by_phone = _cases_of_index("phone_index", person.phone_index, case.pk, 50)
        earlier.update({c.pk: c for c in by_phone if c.pk not in dismissed})
    matter = _cases_of_matter(case.title, case.township_id, case.pk, 20)
    earlier.update({c.pk: c for c in matter if c.pk not in dismissed})
    if data.earlier_ids:
        earlier.update({c.pk: c for c in Case.objects.filter(pk__in=list(data.earlier_ids)).exclude(pk=case.pk)})
    if earlier:
        case.earlier.add(*earlier.values())
        case.is_repeat = True
        case.save(update_fields=["is_repeat", "updated_at"])
    _store_uploads(case, actor, checked)
    comment = f"{case.number}，{case.get_channel_display()}"
    if case.is_group:
        comment += f"，集体访{case.head_count}人"
    if case.is_repeat:
        numbers = "、".join(c.number for c in sorted(earlier.values(), key=lambda c: c.pk)[:5])
        comment += f"；重复信访，关联此前{len(earlier)}件（{numbers}）"
    if case.is_skip_level:
        comment += "；越级信访"
    FLOW.log(case, actor, "register", "登记", "", comment=comment)
    if case.is_group:
        # A group visit is reported to the office's head at once: preventing disruption starts here [49].
        FLOW.notify(_organ_heads(), title=f"集体访登记（{case.head_count}人）：{FLOW.name(case)}", obj=case)
    return case


@transaction.atomic
def add_attachments(*, actor, pk, uploads) -> list[CaseAttachment]:
    """信访材料 added to a case (the letter's scan, photos) by whoever handles it."""
    case = FLOW.begin(pk)
    if not rules.can_handle(case, actor):
        raise ActionRefused("只有信访接待人员或承办人可以添加信访材料 [48]。")
    attachments = _store_uploads(case, actor, _check_uploads(uploads))
    if attachments:
        FLOW.log(case, actor, "attach", "添加材料", case.state, comment=f"{len(attachments)}个文件")
    return attachments


@transaction.atomic
def lookup_petitioner(*, actor, kind: str, value: str, reason: str) -> list[Case]:
    """Find a person's cases by ID number or phone (exact, through the blind index) — petition staff only,
    with a reason; the look-up itself is logged (who, when, why, the keyed hash, how many) [48]."""
    if not rules.can_lookup(actor):
        raise ActionRefused("只有信访接待人员可以按身份证号码或电话查询信访人 [48]。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请写明查询事由：每次查询信访人都要登记 [48]。")
    if kind == LookupKind.ID_NUMBER:
        normalised = normalise_id_number(value)
        problem = id_number_problem(normalised) if normalised else "请填写身份证号码。"
        field_name = "id_index"
    elif kind == LookupKind.PHONE:
        normalised = normalise_phone(value)
        problem = phone_problem(normalised) if normalised else "请填写电话号码。"
        field_name = "phone_index"
    else:
        raise ValidationError("查询方式不正确。")
    if problem:
        raise ValidationError(problem)
    index = blind_index(kind, normalised)
    cases = _cases_of_index(field_name, index, None, 200)
    LookupLog.objects.create(
        user=actor, at=timezone.now(), reason=reason[:200], kind=kind, searched_index=index, result_count=len(cases)
    )
    return cases


# --- the lifecycle [47]–[50] ------------------------------------------------------------------------------------


def _decide(case: Case) -> None:
    now = timezone.now()
    case.decided_at = now
    case.decided_on_time = timezone.localdate(now) <= case.accept_due


def _start_handling(case: Case, calendar: WorkCalendar | None = None) -> None:
    if case.handling_since is None:
        case.handling_since = today()
    case.handle_due = handle_due_for(case.handling_since, case.extended_days, calendar)


@transaction.atomic
def accept_case(*, actor, pk, seen_version=None, handler=None, opinion: str = "") -> Case:
    """受理: the office handles it itself (本机关办理); the petitioner is told within 15 days of receipt
    (受理告知书) and the 60-day limit starts [47], [48]."""
    case = FLOW.begin(pk, seen_version)
    FLOW.check(case.accept, actor, "只有信访接待人员可以决定受理 [48]。")
    handler = handler or actor
    if not rules.can_be_handler(handler):
        raise ValidationError("承办人须为县政府办公室的工作人员 [48]。")
    from_state = case.state
    case.accept()
    case.decided_by = actor
    _decide(case)
    case.handling = Handling.OWN
    case.handler = handler
    _start_handling(case)
    FLOW.save(case)
    FLOW.log(case, actor, "accept", "受理", from_state, comment=opinion.strip())
    if handler.pk != actor.pk:
        FLOW.notify([handler], title=f"请办理信访件：{FLOW.name(case)}", obj=case)
    return case


@transaction.atomic
def refuse_case(*, actor, pk, seen_version=None, reason: str) -> Case:
    """不予受理, with the reason, told to the petitioner in writing (不予受理告知书) within 15 days [47]."""
    case = FLOW.begin(pk, seen_version)
    FLOW.check(case.refuse, actor, "只有信访接待人员可以决定不予受理 [47]。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("不予受理须写明理由，并书面告知信访人 [47]。")
    from_state = case.state
    case.refuse()
    case.decided_by = actor
    _decide(case)
    case.refusal_reason = reason
    FLOW.save(case)
    FLOW.log(case, actor, "refuse", "不予受理", from_state, comment=reason)
    return case


@transaction.atomic
def refer_case(
    *, actor, pk, seen_version=None, unit, kind: str = Handling.TRANSFER, opinion: str, handler=None
) -> Case:
    """转送 / 交办 to the responsible department or township with the staff's opinion (分流) [47]. From
    已登记 it is the decision on the case (told within 15 days); while 办理中 it re-routes: the earlier referral
    is superseded, the handling limit keeps running."""
    case = FLOW.begin(pk, seen_version)
    FLOW.check(case.refer, actor, "只有信访接待人员可以转送、交办信访件 [47]。")
    problems = []
    if unit is None or not isinstance(unit, Unit):
        problems.append("请选择承办单位 [47]。")
    elif not unit.is_active:
        problems.append("所选单位已停用。")
    if kind not in (Handling.TRANSFER, Handling.ASSIGN):
        problems.append("请选择转送或交办 [47]。")
    if not (opinion or "").strip():
        problems.append("请填写拟办意见 [47]。")
    handler = handler or case.handler or actor
    if not rules.can_be_handler(handler):
        problems.append("跟踪督办的承办人须为县政府办公室的工作人员。")
    if problems:
        raise ValidationError(problems)
    if case.state == State.HANDLING and case.unit_id == unit.pk:
        raise ValidationError("该信访件已转交该单位办理。")
    from_state = case.state
    now = timezone.now()
    Referral.objects.filter(case=case, superseded_at__isnull=True).update(superseded_at=now)
    case.refer()
    if from_state == State.REGISTERED:
        case.decided_by = actor
        _decide(case)
    case.handling = kind
    case.unit = unit
    case.handler = handler
    _start_handling(case)
    FLOW.save(case)
    Referral.objects.create(
        case=case,
        unit=unit,
        kind=kind,
        opinion=opinion.strip(),
        routed_at=now,
        routed_by=actor,
        due=case.handle_due,
    )
    label = "转送" if kind == Handling.TRANSFER else "交办"
    FLOW.log(case, actor, "refer", label, from_state, comment=f"{label}{unit.name}：{opinion.strip()}")
    FLOW.notify(
        [*_unit_contacts(unit.pk), handler if handler.pk != actor.pk else None],
        title=f"{label}信访件，请于{case.handle_due:%Y年%m月%d日}前办理回复：{FLOW.name(case)}",
        obj=case,
    )
    return case


@transaction.atomic
def record_unit_answer(*, actor, pk, seen_version=None, answer: str) -> Referral:
    """The unit's answer to a referral, recorded by the office or by the unit's contact [47]."""
    case = FLOW.begin(pk, seen_version)
    if not rules.can_record_unit_answer(case, actor):
        raise ActionRefused("只有信访接待人员、承办人或承办单位的联络员可以登记办理结果 [47]。")
    referral = Referral.objects.filter(case=case, superseded_at__isnull=True).order_by("-routed_at", "-id").first()
    if case.state != State.HANDLING or referral is None:
        raise ActionRefused(f"该信访件{case.get_state_display()}，没有等待单位回复的转送交办 [47]。")
    if not (answer or "").strip():
        raise ValidationError("请填写单位的办理结果 [47]。")
    referral.answer = answer.strip()
    referral.answered_at = timezone.now()
    referral.answered_by = actor
    referral.save(update_fields=["answer", "answered_at", "answered_by"])
    FLOW.save(case)
    FLOW.log(case, actor, "unit_answer", "单位回复", case.state, comment=f"{referral.unit.name}回复办理结果")
    if case.handler_id and case.handler_id != actor.pk:
        FLOW.notify([case.handler], title=f"承办单位已回复，请答复信访人：{FLOW.name(case)}", obj=case)
    return referral


@transaction.atomic
def answer_case(*, actor, pk, seen_version=None, answer: str) -> Case:
    """答复: the handling opinion (处理意见书) given to the petitioner within the limit [48], [50]; a referred
    case once its unit has answered."""
    case = FLOW.begin(pk, seen_version)
    if case.state == State.HANDLING and rules.can_handle(case, actor) and not unit_answer_if_referred(case):
        raise ActionRefused("承办单位尚未回复办理结果，请先登记单位的回复，再答复信访人 [47]。")
    FLOW.check(case.give_answer, actor, "只有信访接待人员或承办人可以答复信访人 [48]。")
    if not (answer or "").strip():
        raise ValidationError("请填写处理意见 [48]。")
    from_state = case.state
    case.give_answer()
    now = timezone.now()
    case.answer = answer.strip()
    case.answered_at = now
    case.answered_by = actor
    case.answered_on_time = case.handle_due is None or timezone.localdate(now) <= case.handle_due
    FLOW.save(case)
    FLOW.log(case, actor, "answer", "答复", from_state)
    return case


@transaction.atomic
def request_extension(*, actor, pk, reason: str, days: int) -> Extension:
    """延期申请: a complex case may take longer, at most 30 days in all, with the organ's head's approval and
    the reason told to the petitioner (《信访工作条例》第三十五条)."""
    case = FLOW.begin(pk)
    if not rules.can_request_extension(case, actor):
        raise ActionRefused("只有信访接待人员、承办人或承办单位的联络员可以申请延期。")
    if case.state != State.HANDLING:
        raise ActionRefused(f"该信访件{case.get_state_display()}，不能申请延期。")
    limit = int(settings.PETITIONS_MAX_EXTENSION_DAYS)
    problems = []
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if days < 1:
        problems.append("请填写延期天数。")
    elif case.extended_days + days > limit:
        left = limit - case.extended_days
        problems.append(
            f"延长办理期限不得超过{limit}日（《信访工作条例》第三十五条）"
            + (f"：该件已延期{case.extended_days}日，最多还能延期{left}日。" if case.extended_days else "。")
        )
    if not (reason or "").strip():
        problems.append("请写明延期理由：理由须告知信访人（《信访工作条例》第三十五条）。")
    if Extension.objects.filter(case=case, approved__isnull=True).exists():
        problems.append("该信访件已有一份延期申请等待审批。")
    if problems:
        raise ValidationError(problems)
    extension = Extension.objects.create(
        case=case,
        reason=reason.strip(),
        days=days,
        old_due=case.handle_due,
        new_due=handle_due_for(case.handling_since or today(), case.extended_days + days),
        requested_by=actor,
        requested_at=timezone.now(),
    )
    FLOW.log(case, actor, "extension_request", "申请延期", case.state, comment=f"申请延期{days}日：{reason.strip()}")
    FLOW.notify(_organ_heads(), title=f"信访件延期申请待审批（{days}日）：{FLOW.name(case)}", obj=case)
    return extension


@transaction.atomic
def decide_extension(*, actor, extension_id, approve: bool, comment: str = "") -> Extension:
    """The organ's head (办公室主任) approves or refuses; approval moves the handling limit (and the unit's)
    (《信访工作条例》第三十五条)."""
    extension = Extension.objects.filter(pk=extension_id).only("id", "case_id").first()
    if extension is None:
        raise ActionRefused("该延期申请不存在。")
    case = FLOW.begin(extension.case_id)
    extension = Extension.objects.select_for_update().get(pk=extension_id)
    if not rules.can_decide_extension(case, actor):
        raise ActionRefused("延期须经本机关负责人（办公室主任）批准（《信访工作条例》第三十五条）。")
    if extension.approved is not None:
        raise ActionRefused("该延期申请已经审批。")
    if approve and case.state != State.HANDLING:
        raise ActionRefused(f"该信访件{case.get_state_display()}，无需延期。")
    if approve and case.extended_days + extension.days > int(settings.PETITIONS_MAX_EXTENSION_DAYS):
        raise ValidationError("延长办理期限累计不得超过30日（《信访工作条例》第三十五条）。")
    extension.approved = bool(approve)
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.comment = (comment or "").strip()[:300]
    if approve:
        case.extended_days += extension.days
        _start_handling(case)
        extension.new_due = case.handle_due
        Referral.objects.filter(case=case, superseded_at__isnull=True).update(due=case.handle_due)
    extension.save()
    FLOW.save(case)
    verdict = f"同意延期{extension.days}日，延至{case.handle_due:%Y年%m月%d日}" if approve else "不同意延期"
    FLOW.log(case, actor, "extension_decide", "延期审批", case.state, comment=f"{verdict}。{extension.comment}".strip())
    FLOW.notify([extension.requested_by, case.handler], title=f"延期申请：{verdict}：{FLOW.name(case)}", obj=case)
    return extension


@transaction.atomic
def close_case(*, actor, pk, seen_version=None, satisfaction: str) -> Case:
    """办结, with the petitioner's satisfaction with the answer [50]."""
    case = FLOW.begin(pk, seen_version)
    FLOW.check(case.close, actor, "只有信访接待人员或承办人可以办结 [50]。")
    if satisfaction not in Satisfaction.values:
        raise ValidationError("请选择信访人对处理意见的评价。")
    from_state = case.state
    case.close()
    case.satisfaction = satisfaction
    case.closed_at = timezone.now()
    case.closed_by = actor
    FLOW.save(case)
    FLOW.log(case, actor, "close", "办结", from_state, comment=f"信访人评价：{case.get_satisfaction_display()}")
    return case


@transaction.atomic
def request_review(*, actor, pk, seen_version=None, kind: str, requested_on: date, request: str) -> Review:
    """复查 (within 30 days of the answer) or 复核 (within 30 days of the review's opinion), decided within 30
    days (《信访工作条例》第三十五条、第三十六条) [50]."""
    case = FLOW.begin(pk, seen_version)
    if kind not in ReviewKind.values:
        raise ValidationError("请选择复查或复核。")
    transition = case.start_review if kind == ReviewKind.REVIEW else case.start_rereview
    label = ReviewKind(kind).label
    FLOW.check(transition, actor, f"该信访件现在不能登记{label}申请（{label}须在答复后提出，复核须先经复查）[50]。")
    problems = []
    if requested_on is None or requested_on > today():
        problems.append("请填写申请日期（不晚于今天）。")
    else:
        last_day = review_request_limit(case, kind)
        if last_day is not None and requested_on > last_day:
            problems.append(
                f"{label}申请须自收到书面答复之日起30日内提出，本件期限至{last_day:%Y年%m月%d日}（《信访工作条例》"
                f"第{'三十五' if kind == ReviewKind.REVIEW else '三十六'}条）。"
            )
    if not (request or "").strip():
        problems.append(f"请填写{label}申请理由。")
    if problems:
        raise ValidationError(problems)
    from_state = case.state
    transition()
    review = Review.objects.create(
        case=case,
        kind=kind,
        requested_on=requested_on,
        request=request.strip(),
        due=review_due_for(requested_on, kind),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    FLOW.save(case)
    FLOW.log(case, actor, kind, f"申请{label}", from_state, comment=f"{label}期限至{review.due:%Y年%m月%d日}")
    return review


@transaction.atomic
def decide_review(*, actor, pk, seen_version=None, opinion: str, upheld: bool) -> Review:
    """The review's (re-review's) opinion: the case is answered again [50]."""
    case = FLOW.begin(pk, seen_version)
    FLOW.check(case.decide_review, actor, "只有信访接待人员可以登记复查（复核）意见 [50]。")
    if not (opinion or "").strip():
        raise ValidationError("请填写复查（复核）意见。")
    kind = ReviewKind.REVIEW if case.state == State.REVIEWING else ReviewKind.REREVIEW
    review = Review.objects.select_for_update().get(case=case, kind=kind)
    from_state = case.state
    case.decide_review()
    review.opinion = opinion.strip()
    review.upheld = bool(upheld)
    review.decided_at = timezone.now()
    review.decided_by = actor
    review.save()
    FLOW.save(case)
    FLOW.log(
        case,
        actor,
        f"{kind}_decide",
        f"{review.get_kind_display()}意见",
        from_state,
        comment="维持原处理意见" if upheld else "变更原处理意见",
    )
    return review


@transaction.atomic
def record_settlement(*, actor, pk, seen_version=None, settled_on: date, note: str = "") -> Case:
    """息诉罢访: the petitioner accepts the outcome and stops petitioning — recorded on a closed case [50]."""
    case = FLOW.begin(pk, seen_version)
    if not rules.can_handle(case, actor):
        raise ActionRefused("只有信访接待人员或承办人可以登记息诉罢访 [50]。")
    if case.state != State.CLOSED:
        raise ActionRefused("息诉罢访登记在已办结的信访件上 [50]。")
    if settled_on is None or settled_on > today():
        raise ValidationError("请填写息诉罢访日期（不晚于今天）。")
    if case.closed_at and settled_on < timezone.localdate(case.closed_at) - timedelta(days=366):
        raise ValidationError("息诉罢访日期不正确。")
    case.outcome_settled = True
    case.settled_on = settled_on
    case.settled_note = (note or "").strip()
    FLOW.save(case)
    FLOW.log(case, actor, "settle", "息诉罢访", case.state, comment=case.settled_note[:200])
    return case


@transaction.atomic
def record_incident(*, actor, data: IncidentData) -> Incident:
    """A disruption — blocking or storming leaders' offices or vehicles, disturbing the organ's work — recorded
    with what was done, linked to the case and the people; the office's head is told [49]."""
    if not rules.can_record_incident(actor):
        raise ActionRefused("只有信访接待人员、办公室领导或值班人员可以登记信访突发事件 [49]。")
    problems = []
    if data.occurred_at is None or data.occurred_at > timezone.now() + timedelta(minutes=5):
        problems.append("请填写发生时间（不晚于现在）[49]。")
    if not data.place.strip():
        problems.append("请填写地点 [49]。")
    try:
        people = int(data.people_count)
    except (TypeError, ValueError):
        people = 0
    if people < 1 or people > 100000:
        problems.append("请填写人数 [49]。")
    if not data.what_happened.strip():
        problems.append("请填写事件经过 [49]。")
    if not data.measures.strip():
        problems.append("请填写处置措施 [49]。")
    case = None
    if data.case_id is not None:
        case = Case.objects.filter(pk=data.case_id).first()
        if case is None:
            problems.append("所关联的信访件不存在。")
    petitioners = list(Petitioner.objects.filter(pk__in=list(data.petitioner_ids)))
    if case is not None and any(p.case_id != case.pk for p in petitioners):
        problems.append("所选信访人不属于该信访件。")
    if problems:
        raise ValidationError(problems)
    if case is not None:
        case = FLOW.begin(case.pk)
    incident = Incident.objects.create(
        occurred_at=data.occurred_at,
        place=data.place.strip()[:200],
        people_count=people,
        what_happened=data.what_happened.strip(),
        called=data.called.strip()[:300],
        measures=data.measures.strip(),
        case=case,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    if petitioners:
        incident.petitioners.add(*petitioners)
    if case is not None:
        FLOW.log(case, actor, "incident", "登记突发事件", case.state, comment=f"{incident.place}，{people}人")
    from core import notifications

    notifications.notify(
        _organ_heads(),
        title=f"信访突发事件：{timezone.localtime(incident.occurred_at):%m月%d日%H:%M} {incident.place}，{people}人",
        body=f"处置措施：{incident.measures[:100]}",
        url=_case_url(case) if case is not None else "",
        kind="petitions",
    )
    return incident


def link_earlier(*, actor, pk, earlier_ids: Iterable[int]) -> Case:
    """Link more earlier cases by hand (the desk found them in the history) and mark the case a repeat [48]."""
    with transaction.atomic():
        case = FLOW.begin(pk)
        if not rules.can_register(actor):
            raise ActionRefused("只有信访接待人员可以关联重复信访 [48]。")
        earlier = list(Case.objects.filter(pk__in=list(earlier_ids)).exclude(pk=case.pk))
        if not earlier:
            raise ValidationError("没有找到要关联的信访件。")
        case.earlier.add(*earlier)
        case.is_repeat = True
        FLOW.save(case, bump=False)
        FLOW.log(case, actor, "link", "关联重复信访", case.state, comment="、".join(c.number for c in earlier[:10]))
        return case

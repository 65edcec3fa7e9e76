"""Meetings (会议), 第三章 and 第六条: the meeting, its agenda topics, attendance, materials, minutes, decisions.

A meeting is prepared (筹备), announced (已通知), held (召开中), closed (已结束) and its minutes issued
(纪要已签发) — or cancelled (已取消) with a reason. Topics (议题) are proposed, accepted onto an agenda, deferred
or turned down; the minutes (纪要) are drafted by the office and approved by the chair before they are issued;
each decision (议定事项) names who does what by when and is tracked until it is done [15], [37].

Every state field is protected: only the transitions below change it, and only ``services`` call them.
Nothing is deleted: a meeting is cancelled, a topic withdrawn or turned down, a material withdrawn.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from guardian.models import UserObjectPermissionBase

from core.models import TransitionLogBase, WorkflowModel, state_field, step
from org.models import SecretLevel, Section, Unit

from . import rules
from .kinds import Kind, spec_of


class Room(models.Model):
    """会议室: a small table kept in the admin; a room booked twice at once is shown as a conflict."""

    name = models.CharField("名称", max_length=50, unique=True)
    location = models.CharField("位置", max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField("容纳人数", default=0)
    is_active = models.BooleanField("在用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "会议室"
        verbose_name_plural = "会议室"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


# --- the meeting ------------------------------------------------------------------------------------------------


class State(models.TextChoices):
    PLANNING = "planning", "筹备"
    NOTIFIED = "notified", "已通知"
    IN_PROGRESS = "in_progress", "召开中"
    ENDED = "ended", "已结束"
    MINUTES_ISSUED = "minutes_issued", "纪要已签发"
    CANCELLED = "cancelled", "已取消"


# Still ahead: may be rescheduled, cancelled, have its agenda and attendees changed.
UPCOMING_STATES = (State.PLANNING, State.NOTIFIED)
# Held or being held: counted in statistics and on calendars with the cancelled left out.
HELD_STATES = (State.IN_PROGRESS, State.ENDED, State.MINUTES_ISSUED)
# Take up the room and the people's time: everything but a cancelled meeting.
BOOKED_STATES = (*UPCOMING_STATES, *HELD_STATES)


class Meeting(WorkflowModel):
    kind = models.CharField("会议类型", max_length=20, choices=Kind.choices)
    title = models.CharField("会议名称", max_length=200)
    # Year and number within the year and kind: 2026年第3次常务会议.
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("届次", null=True, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="主持人"
    )
    # 受主任委托的副主任 [18], [24], [25]; 受县长委托 for county meetings [6]: who entrusted, and how.
    entrusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="委托人",
    )
    entrustment = models.CharField("委托情况", max_length=200, blank=True)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings", verbose_name="会议室"
    )
    place = models.CharField("地点", max_length=100, blank=True, help_text="不在会议室召开时填写")
    to_bring = models.CharField("参会须知", max_length=300, blank=True, help_text="如：请携带有关材料，提前10分钟到场")
    secret_level = models.PositiveSmallIntegerField("密级", choices=SecretLevel.choices, default=SecretLevel.NONE)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="承办人"
    )
    # From an incoming 会议通知 (a meeting the county's leaders are called to).
    from_incoming = models.ForeignKey(
        "incoming.IncomingDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="来文会议通知",
    )
    notified_at = models.DateTimeField("通知时间", null=True, blank=True)
    opened_at = models.DateTimeField("开会时间", null=True, blank=True)
    closed_at = models.DateTimeField("散会时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=300, blank=True)
    reschedules = models.PositiveSmallIntegerField("改期次数", default=0)

    state = state_field(State.choices, State.PLANNING)

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.UniqueConstraint(fields=["kind", "year", "serial"], name="meeting_serial_unique"),
        ]
        indexes = [
            # The office calendar (week, month) and the list: meetings by start.
            models.Index(fields=["starts_at", "id"], name="meeting_starts"),
            # A room booked twice (the conflict check reads the few meetings of one room around one time).
            models.Index(fields=["room", "starts_at"], name="meeting_room_starts"),
            models.Index(fields=["kind", "-starts_at"], name="meeting_kind_starts"),
            # The organisers' 待办: held meetings whose minutes are not yet issued.
            models.Index(fields=["closed_at", "id"], condition=Q(state="ended"), name="meeting_ended"),
        ]
        permissions = [
            ("view_all_meeting", "可查看全部会议"),
            ("organise_meeting", "可筹备会议"),
            ("export_meeting", "可导出会议统计"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def spec(self):
        return spec_of(self.kind)

    @property
    def kind_article(self) -> str:
        return self.spec.article

    @property
    def number_label(self) -> str:
        """2026年第3次县政府常务会议 — what the minutes and an outgoing document's basis call it."""
        if self.serial:
            return f"{self.year}年第{self.serial}次{self.get_kind_display()}"
        return f"{self.get_kind_display()}（{self.starts_at:%Y-%m-%d}）"

    @property
    def where(self) -> str:
        if self.room_id:
            return self.room.name + (f"（{self.room.location}）" if self.room.location else "")
        return self.place

    @property
    def is_upcoming(self) -> bool:
        return self.state in UPCOMING_STATES

    # --- transitions ------------------------------------------------------------------------------------------
    @step(
        state,
        State.PLANNING,
        State.NOTIFIED,
        permission=rules.can_organise_meeting,
        label="发出会议通知",
        article="[6][17]",
    )
    def send_notice(self) -> None:
        pass

    @step(state, State.NOTIFIED, State.IN_PROGRESS, permission=rules.can_run_meeting, label="开会", article="[17]")
    def open(self) -> None:
        pass

    @step(state, State.IN_PROGRESS, State.ENDED, permission=rules.can_run_meeting, label="散会", article="[17]")
    def close(self) -> None:
        pass

    @step(
        state,
        State.ENDED,
        State.MINUTES_ISSUED,
        permission=rules.can_organise_meeting,
        label="纪要签发",
        article="[17][6]",
    )
    def mark_minutes_issued(self) -> None:
        """Taken by ``minutes_issue`` only, after the chair approved the minutes."""

    @step(
        state,
        [State.PLANNING, State.NOTIFIED],
        State.CANCELLED,
        permission=rules.can_organise_meeting,
        label="取消会议",
        article="[17]",
        admin=True,
    )
    def cancel(self) -> None:
        pass


class MeetingUserObjectPermission(UserObjectPermissionBase):
    """Who is *on* a meeting (attendees, chair, organiser): the only way to see a classified one [31], [32]."""

    content_object = models.ForeignKey(Meeting, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "会议对象权限"
        verbose_name_plural = "会议对象权限"


class TransitionLog(TransitionLogBase):
    document = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "会议办理记录"
        verbose_name_plural = "会议办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="meeting_log_document")]


# --- attendance -------------------------------------------------------------------------------------------------


class Attendee(models.Model):
    """One person (or an invited unit) on a meeting, and whether they came [18], [24], [25], [6]."""

    class Part(models.TextChoices):
        MEMBER = "member", "出席"
        OBSERVER = "observer", "列席"
        RECORDER = "recorder", "记录"

    class Status(models.TextChoices):
        EXPECTED = "expected", "应到"
        PRESENT = "present", "已签到"
        LEAVE = "leave", "请假"
        ABSENT = "absent", "缺席"
        SUBSTITUTED = "substituted", "代会"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendees", verbose_name="会议")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_seats",
        verbose_name="参会人",
    )
    # 列席单位 of a county meeting: the unit, and the name of whoever it sends (written at sign-in).
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="列席单位"
    )
    representative = models.CharField("参会人员", max_length=50, blank=True)
    part = models.CharField("身份", max_length=10, choices=Part.choices, default=Part.MEMBER)
    status = models.CharField("出席情况", max_length=12, choices=Status.choices, default=Status.EXPECTED)
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="代会人",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    signed_at = models.DateTimeField("签到时间", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    # Copies of the meeting's time, kept in step by the services: a person's meetings and the "in another
    # meeting at the same time" check read one index of this table, never a join to the meetings.
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    active = models.BooleanField("有效", default=True, help_text="会议取消或人员被移出名单后为否（记录保留）")
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "参会人员"
        verbose_name_plural = "参会人员"
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(unit__isnull=False), name="attendee_person_or_unit"
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=Q(person__isnull=False), name="attendee_person_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "unit"], condition=Q(unit__isnull=False), name="attendee_unit_once"
            ),
        ]
        indexes = [
            # 我的会议 and the person's week; the clash check (person, time window).
            models.Index(fields=["person", "starts_at"], condition=Q(active=True), name="attendee_person_time"),
            models.Index(fields=["meeting", "sort_order", "id"], name="attendee_meeting"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from org.selectors import display_name

        if self.person_id:
            return display_name(self.person)
        return self.unit.name + (f"（{self.representative}）" if self.representative else "")


# --- agenda topics ------------------------------------------------------------------------------------------------


class TopicState(models.TextChoices):
    PROPOSED = "proposed", "待审定"
    ACCEPTED = "accepted", "已列入议程"
    DEFERRED = "deferred", "暂缓上会"
    DECLINED = "declined", "不予上会"
    DISCUSSED = "discussed", "已研究"
    WITHDRAWN = "withdrawn", "已撤回"


class Topic(WorkflowModel):
    """议题: proposed for a kind of meeting with its category from the article's list [18], [24], [25], [6]."""

    kind = models.CharField("会议类型", max_length=20, choices=Kind.choices)
    category = models.CharField("议题类别", max_length=10)
    title = models.CharField("议题", max_length=200)
    description = models.TextField("内容和需研究的问题", blank=True)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提出人"
    )
    # 列席单位: the units to attend for this topic.
    units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name="列席单位")
    # A 请示 that needs a decision, kept linked [26], [28].
    from_incoming = models.ForeignKey(
        "incoming.IncomingDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="来文",
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="topics", verbose_name="会议"
    )
    position = models.PositiveSmallIntegerField("议程顺序", default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审定人",
    )
    decided_at = models.DateTimeField("审定时间", null=True, blank=True)
    reason = models.CharField("暂缓或不予上会的理由", max_length=300, blank=True)

    state = state_field(TopicState.choices, TopicState.PROPOSED)

    class Meta:
        verbose_name = "议题"
        verbose_name_plural = "议题"
        ordering = ["meeting_id", "position", "id"]
        indexes = [
            models.Index(fields=["kind", "state", "-created_at"], name="topic_kind_state"),
            models.Index(fields=["proposer", "-created_at"], name="topic_proposer"),
            models.Index(fields=["meeting", "position"], name="topic_meeting"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def category_label(self) -> str:
        return spec_of(self.kind).category_label(self.category)

    @step(
        state,
        [TopicState.PROPOSED, TopicState.DEFERRED],
        TopicState.ACCEPTED,
        permission=rules.can_decide_topic,
        label="列入议程",
        article="[18][24][25][6]",
    )
    def accept(self) -> None:
        pass

    @step(
        state,
        [TopicState.PROPOSED, TopicState.ACCEPTED],
        TopicState.DEFERRED,
        permission=rules.can_decide_topic,
        label="暂缓上会",
        article="[18][24][25][6]",
    )
    def defer(self) -> None:
        pass

    @step(
        state,
        [TopicState.PROPOSED, TopicState.DEFERRED],
        TopicState.DECLINED,
        permission=rules.can_decide_topic,
        label="不予上会",
        article="[18][24][25][6]",
    )
    def decline(self) -> None:
        pass

    @step(
        state, TopicState.ACCEPTED, TopicState.DISCUSSED, permission=rules.can_run_topic, label="已研究", article="[17]"
    )
    def mark_discussed(self) -> None:
        """Taken when the meeting closes (``meeting_close``)."""

    @step(
        state,
        [TopicState.PROPOSED, TopicState.DEFERRED],
        TopicState.WITHDRAWN,
        permission=rules.can_withdraw_topic,
        label="撤回",
        article="[17]",
    )
    def withdraw(self) -> None:
        pass

    @step(
        state,
        TopicState.ACCEPTED,
        TopicState.PROPOSED,
        permission=rules.can_run_topic,
        label="退回待审定",
        article="[17]",
    )
    def release(self) -> None:
        """The meeting it was on is cancelled: the topic waits for another [17]."""


class TopicLog(TransitionLogBase):
    document = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "议题办理记录"
        verbose_name_plural = "议题办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="topic_log_document")]


# --- materials ----------------------------------------------------------------------------------------------------


class Material(models.Model):
    """会议材料: a file on the meeting (or one of its topics). A classified material is opened only by people on
    the meeting whose clearance covers its level and who pledged this year [31], [32]."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="materials", verbose_name="会议")
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="materials", verbose_name="议题"
    )
    title = models.CharField("材料名称", max_length=200)
    file = models.FileField("文件", upload_to="meetings/%Y/%m/")
    file_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型", max_length=60)
    secret_level = models.PositiveSmallIntegerField("密级", choices=SecretLevel.choices, default=SecretLevel.NONE)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    withdrawn_at = models.DateTimeField("撤下时间", null=True, blank=True)

    class Meta:
        verbose_name = "会议材料"
        verbose_name_plural = "会议材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


# --- minutes --------------------------------------------------------------------------------------------------------


class MinutesState(models.TextChoices):
    DRAFTING = "drafting", "起草中"
    PENDING = "pending", "待主持人审定"
    APPROVED = "approved", "主持人已审定"
    ISSUED = "issued", "已印发"


class Minutes(WorkflowModel):
    """纪要: drafted by the office, revised, approved by the chair, then issued [17], [6]."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes", verbose_name="会议")
    body = models.TextField("纪要正文", blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="起草人"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审定人",
    )
    approved_at = models.DateTimeField("审定时间", null=True, blank=True)
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    # Numbered in the kind's own series per year: 常务会议纪要〔2026〕3号.
    serial = models.PositiveIntegerField("纪要编号", null=True, blank=True)

    state = state_field(MinutesState.choices, MinutesState.DRAFTING)

    class Meta:
        verbose_name = "会议纪要"
        verbose_name_plural = "会议纪要"
        indexes = [
            # 我的待办 and its badge: minutes waiting for a chair (a handful among every meeting's minutes).
            models.Index(fields=["meeting"], condition=Q(state="pending"), name="minutes_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting.number_label}纪要"

    @property
    def number_label(self) -> str:
        if not self.serial:
            return ""
        return f"{self.meeting.spec.minutes_title}〔{self.meeting.year}〕{self.serial}号"

    @step(
        state,
        MinutesState.DRAFTING,
        MinutesState.PENDING,
        permission=rules.can_draft_minutes,
        label="送主持人审定",
        article="[17]",
    )
    def submit(self) -> None:
        pass

    @step(
        state,
        MinutesState.PENDING,
        MinutesState.DRAFTING,
        permission=rules.can_approve_minutes,
        label="退回修改",
        article="[17]",
    )
    def send_back(self) -> None:
        pass

    @step(
        state,
        MinutesState.PENDING,
        MinutesState.APPROVED,
        permission=rules.can_approve_minutes,
        label="审定",
        article="[17]",
    )
    def approve(self) -> None:
        pass

    @step(
        state,
        MinutesState.APPROVED,
        MinutesState.ISSUED,
        permission=rules.can_issue_minutes,
        label="印发",
        article="[17][6]",
    )
    def issue(self) -> None:
        pass


class MinutesLog(TransitionLogBase):
    document = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "纪要办理记录"
        verbose_name_plural = "纪要办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="minutes_log_document")]


# --- decisions --------------------------------------------------------------------------------------------------


class DecisionState(models.TextChoices):
    OPEN = "open", "待落实"
    TRACKED = "tracked", "督办中"
    DONE = "done", "已办结"
    VOIDED = "voided", "已撤销"


class Decision(WorkflowModel):
    """议定事项: what the meeting decided, who is responsible, by when [15], [37]. One action makes it a tracked
    item with reminders of its own (督办); the supervision chapter takes these over when it arrives."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name="会议")
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions", verbose_name="议题"
    )
    position = models.PositiveSmallIntegerField("序号", default=0)
    text = models.TextField("议定事项")
    units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name="责任单位")
    sections = models.ManyToManyField(Section, blank=True, related_name="+", verbose_name="责任科室")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="责任领导"
    )
    due_date = models.DateField("办结时限")
    tracked_at = models.DateTimeField("立项督办时间", null=True, blank=True)
    tracked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="立项人",
    )
    done_at = models.DateTimeField("办结时间", null=True, blank=True)
    result = models.TextField("落实情况", blank=True)
    void_reason = models.CharField("撤销原因", max_length=300, blank=True)

    state = state_field(DecisionState.choices, DecisionState.OPEN)

    class Meta:
        verbose_name = "议定事项"
        verbose_name_plural = "议定事项"
        ordering = ["meeting_id", "position", "id"]
        indexes = [
            # The decision list and the reminder: open and tracked decisions by deadline.
            models.Index(
                fields=["due_date", "id"], condition=Q(state__in=["open", "tracked"]), name="decision_open_due"
            ),
            models.Index(fields=["leader", "due_date"], name="decision_leader_due"),
            # 我的待办 and its badge on every page: a leader's open decisions (a few among thousands of theirs).
            models.Index(
                fields=["leader", "due_date"],
                condition=Q(state__in=["open", "tracked"]),
                name="decision_leader_open",
            ),
            # The decision list with every state: by deadline, newest first.
            models.Index(fields=["due_date", "id"], name="decision_due"),
            models.Index(fields=["meeting", "position"], name="decision_meeting"),
            models.Index(fields=["-created_at", "-id"], name="decision_recent"),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def on_time(self) -> bool | None:
        if self.state != DecisionState.DONE or self.done_at is None:
            return None
        from django.utils import timezone

        return timezone.localdate(self.done_at) <= self.due_date

    @step(
        state,
        DecisionState.OPEN,
        DecisionState.TRACKED,
        permission=rules.can_track_decision,
        label="立项督办",
        article="[37][15]",
    )
    def track(self) -> None:
        pass

    @step(
        state,
        [DecisionState.OPEN, DecisionState.TRACKED],
        DecisionState.DONE,
        permission=rules.can_track_decision,
        label="办结",
        article="[37][40]",
    )
    def finish(self) -> None:
        pass

    @step(
        state,
        [DecisionState.OPEN, DecisionState.TRACKED],
        DecisionState.VOIDED,
        permission=rules.can_track_decision,
        label="撤销",
        article="[17]",
    )
    def void(self) -> None:
        pass


class DecisionLog(TransitionLogBase):
    document = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "议定事项办理记录"
        verbose_name_plural = "议定事项办理记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="decision_log_document")]


# --- the calendar feed ----------------------------------------------------------------------------------------------


class CalendarFeed(models.Model):
    """A person's calendar subscription (ICS) of their meetings. The address carries an HMAC of the person and
    this salt (``meetings.feeds``); 重置 draws a new salt, so every earlier address stops working."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetings_feed", verbose_name="人员"
    )
    salt = models.CharField("密钥盐", max_length=64)
    reset_at = models.DateTimeField("重置时间", auto_now_add=True)

    class Meta:
        verbose_name = "会议日历订阅"
        verbose_name_plural = "会议日历订阅"

    def __str__(self) -> str:
        return f"会议日历订阅 {self.person_id}"

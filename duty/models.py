"""Duty (值班), 第七章 [41], [42], [43] with [8]: the out-of-hours roster, holiday leaders, handovers, the duty log,
emergency reports.

- ``ShiftKind`` (班次): the periods outside working hours, kept in the admin with their times.
- ``Roster`` (值班表): a month or a holiday period, made by an office leader, draft → published [42]. Its
  ``Shift`` rows name the person on duty and, on statutory holiday days, the two 带班 leaders [41].
- ``Swap`` (换班): asked by one, accepted by the other, approved by the roster's office leader [42].
- ``Handover`` (交接班): the outgoing person writes the open matters, the incoming one confirms [41], [42].
- ``LogEntry`` (值班日志): calls and events during a shift (time, from whom, what, what was done).
- ``EmergencyReport`` (突发事件报告) [43], [8]: what came in, the leaders told, their instructions, follow-ups
  (首报/续报/终报), the agreements of a county-government leader and an office leader, the report to the
  州政府值班室.

Every state field is protected: only the transitions below change it, and only ``services`` call them.
Nothing is deleted: a roster is cancelled, a swap withdrawn or refused, a report closed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import TransitionLogBase, WorkflowModel, state_field, step
from org.models import Unit

from . import rules

User = settings.AUTH_USER_MODEL


class DayType(models.TextChoices):
    """What a day is for the duty room, from the office's working calendar (``duty.calendar``)."""

    WORKDAY = "workday", "工作日"  # 调休上班 weekends included
    WEEKEND = "weekend", "休息日"
    HOLIDAY = "holiday", "法定节假日"


class ShiftKind(models.Model):
    """班次: a period outside working hours on a kind of day, with its times (kept in the admin) [41].

    A shift that ends at or before it starts runs over midnight (17:30 → 次日 08:30)."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=30)
    day_type = models.CharField("适用日期", max_length=10, choices=DayType.choices)
    starts = models.TimeField("开始时间")
    ends = models.TimeField("结束时间", help_text="早于或等于开始时间的，为次日结束")
    people = models.PositiveSmallIntegerField("值班人数", default=1)
    is_active = models.BooleanField("在用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "值班班次"
        verbose_name_plural = "值班班次"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def overnight(self) -> bool:
        return self.ends <= self.starts

    @property
    def hours_label(self) -> str:
        return f"{self.starts:%H:%M}—{'次日' if self.overnight else ''}{self.ends:%H:%M}"


# --- the roster ---------------------------------------------------------------------------------------------------


class RosterState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    CANCELLED = "cancelled", "已作废"


class Roster(WorkflowModel):
    """值班表: a month's, or a holiday period's (春节, 国庆 …), made by an office leader [42]."""

    class Period(models.TextChoices):
        MONTH = "month", "月度值班表"
        HOLIDAY = "holiday", "节假日值班表"

    title = models.CharField("名称", max_length=100)
    period = models.CharField("类别", max_length=10, choices=Period.choices, default=Period.MONTH)
    starts_on = models.DateField("起始日期")
    ends_on = models.DateField("截止日期")
    made_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="编排人")
    note = models.CharField("说明", max_length=300, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="发布人"
    )
    cancelled_at = models.DateTimeField("作废时间", null=True, blank=True)
    cancel_reason = models.CharField("作废原因", max_length=300, blank=True)

    state = state_field(RosterState.choices, RosterState.DRAFT)

    class Meta:
        verbose_name = "值班表"
        verbose_name_plural = "值班表"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="duty_roster_ends_after")
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="duty_roster_dates")]
        permissions = [("manage_roster", "可编排值班表")]

    def __str__(self) -> str:
        return self.title

    @step(
        state, RosterState.DRAFT, RosterState.PUBLISHED, permission=rules.can_edit_roster, label="发布", article="[42]"
    )
    def publish(self) -> None:
        """Taken by ``roster_publish`` only, after the holiday leaders were checked [41]."""

    @step(
        state,
        [RosterState.DRAFT, RosterState.PUBLISHED],
        RosterState.CANCELLED,
        permission=rules.can_edit_roster,
        label="作废",
        article="[42]",
        admin=True,
    )
    def cancel(self) -> None:
        pass


class RosterLog(TransitionLogBase):
    """The roster's history: generation, every hand edit and swap (with both names), publication [42]."""

    document = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "值班表记录"
        verbose_name_plural = "值班表记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="duty_roster_log_document")]


class Shift(models.Model):
    """One shift of a roster: when, who is on duty and, on a statutory holiday day, the two 带班 leaders [41].

    The times are copied from the ``ShiftKind`` when the roster is made, so changing a kind in the admin
    changes the rosters made afterwards only. ``person`` empty means nobody is on post yet."""

    roster = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="shifts", verbose_name="值班表")
    kind = models.ForeignKey(ShiftKind, on_delete=models.PROTECT, related_name="+", verbose_name="班次")
    day = models.DateField("日期")
    day_type = models.CharField("日期类别", max_length=10, choices=DayType.choices)
    holiday_name = models.CharField("节日", max_length=20, blank=True)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    person = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="duty_shifts", verbose_name="值班人员"
    )
    # 带班领导 on statutory holidays [41]: one county-government leader and one office leader.
    county_leader = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="带班县政府领导"
    )
    office_leader = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="带班办公室领导"
    )
    seat = models.PositiveSmallIntegerField("岗位序号", default=1)
    # Kept in step by the services: a shift of a cancelled roster is no one's duty.
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "值班安排"
        verbose_name_plural = "值班安排"
        ordering = ["starts_at", "seat", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="duty_shift_ends_after"),
            models.UniqueConstraint(fields=["roster", "kind", "day", "seat"], name="duty_shift_once"),
        ]
        indexes = [
            # Today's duty page, the lapse check: the active shifts around a moment.
            models.Index(fields=["starts_at", "id"], condition=Q(active=True), name="duty_shift_starts"),
            # A person's duties (rest check, fair rotation, my duty, ICS).
            models.Index(fields=["person", "starts_at"], condition=Q(active=True), name="duty_shift_person"),
            models.Index(fields=["roster", "starts_at"], name="duty_shift_roster"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.kind.name}"

    @property
    def is_statutory_holiday(self) -> bool:
        return self.day_type == DayType.HOLIDAY

    @property
    def needs_leaders(self) -> bool:
        """A statutory holiday's shift lacking a county-government leader or an office leader as 带班 [41]."""
        return self.is_statutory_holiday and not (self.county_leader_id and self.office_leader_id)


# --- swaps ----------------------------------------------------------------------------------------------------------


class SwapState(models.TextChoices):
    REQUESTED = "requested", "待对方同意"
    ACCEPTED = "accepted", "待领导批准"
    APPROVED = "approved", "已批准"
    DECLINED = "declined", "对方不同意"
    REFUSED = "refused", "领导未批准"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_SWAP_STATES = (SwapState.REQUESTED, SwapState.ACCEPTED)


class Swap(WorkflowModel):
    """换班: the person on ``shift`` asks ``other_person`` to take it (and, when ``other_shift`` is given, takes
    theirs in exchange); the other accepts; the office leader who made the roster approves [42]."""

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="swaps", verbose_name="原班次")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="申请人")
    other_person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="替班人")
    other_shift = models.ForeignKey(
        Shift,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="对调班次",
        help_text="对调时填写：申请人接替对方的这一班",
    )
    reason = models.CharField("换班理由", max_length=300)
    answered_at = models.DateTimeField("对方答复时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审批人"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.CharField("意见", max_length=300, blank=True)

    state = state_field(SwapState.choices, SwapState.REQUESTED)

    class Meta:
        verbose_name = "换班申请"
        verbose_name_plural = "换班申请"
        ordering = ["-created_at", "-id"]
        indexes = [
            # 我的待办: swaps waiting for the other person, and for the approver.
            models.Index(fields=["other_person", "id"], condition=Q(state="requested"), name="duty_swap_to_answer"),
            models.Index(fields=["shift", "id"], condition=Q(state="accepted"), name="duty_swap_to_approve"),
        ]

    def __str__(self) -> str:
        return f"换班：{self.shift}"

    @step(
        state,
        SwapState.REQUESTED,
        SwapState.ACCEPTED,
        permission=rules.can_answer_swap,
        label="同意换班",
        article="[42]",
    )
    def accept(self) -> None:
        pass

    @step(
        state, SwapState.REQUESTED, SwapState.DECLINED, permission=rules.can_answer_swap, label="不同意", article="[42]"
    )
    def decline(self) -> None:
        pass

    @step(
        state, SwapState.ACCEPTED, SwapState.APPROVED, permission=rules.can_approve_swap, label="批准", article="[42]"
    )
    def approve(self) -> None:
        pass

    @step(
        state, SwapState.ACCEPTED, SwapState.REFUSED, permission=rules.can_approve_swap, label="不批准", article="[42]"
    )
    def refuse(self) -> None:
        pass

    @step(
        state,
        [SwapState.REQUESTED, SwapState.ACCEPTED],
        SwapState.WITHDRAWN,
        permission=rules.can_request_swap,
        label="撤回",
        article="[42]",
    )
    def withdraw(self) -> None:
        pass


class SwapLog(TransitionLogBase):
    document = models.ForeignKey(Swap, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "换班记录"
        verbose_name_plural = "换班记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="duty_swap_log_document")]


# --- handover -------------------------------------------------------------------------------------------------------


class HandoverState(models.TextChoices):
    WRITTEN = "written", "待接班确认"
    CONFIRMED = "confirmed", "已接班"


class Handover(WorkflowModel):
    """交接班: the outgoing person writes what is still open; the incoming person confirms; both timed [41]."""

    shift = models.OneToOneField(Shift, on_delete=models.PROTECT, related_name="handover", verbose_name="交班班次")
    next_shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="接班班次"
    )
    outgoing_person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="交班人")
    incoming_person = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="接班人"
    )
    open_matters = models.TextField("交接事项", blank=True, help_text="未办结的事项、需接班人跟进的情况")
    written_at = models.DateTimeField("交班时间")
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="确认人"
    )
    confirmed_at = models.DateTimeField("接班时间", null=True, blank=True)
    confirm_note = models.CharField("接班说明", max_length=300, blank=True)

    state = state_field(HandoverState.choices, HandoverState.WRITTEN)

    class Meta:
        verbose_name = "交接班"
        verbose_name_plural = "交接班"
        ordering = ["-written_at", "-id"]
        indexes = [
            models.Index(
                fields=["incoming_person", "id"], condition=Q(state="written"), name="duty_handover_to_confirm"
            ),
        ]

    def __str__(self) -> str:
        return f"交接班：{self.shift}"

    @step(
        state,
        HandoverState.WRITTEN,
        HandoverState.CONFIRMED,
        permission=rules.can_confirm_handover,
        label="确认接班",
        article="[41]",
    )
    def confirm(self) -> None:
        pass


class HandoverLog(TransitionLogBase):
    document = models.ForeignKey(Handover, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "交接班记录"
        verbose_name_plural = "交接班记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="duty_handover_log_document")]


# --- the duty log ---------------------------------------------------------------------------------------------------


class LogEntry(models.Model):
    """值班日志: one call or event during a shift — time, from whom, what, what was done [41]. Append-only; a
    correction is a new entry that names the one it corrects."""

    at = models.DateTimeField("时间", default=timezone.now)
    shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, null=True, blank=True, related_name="entries", verbose_name="班次"
    )
    caller = models.CharField("来电（来人）单位及姓名", max_length=100)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    content = models.TextField("内容")
    action_taken = models.TextField("处理情况", blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="记录人")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name="更正的记录"
    )
    report = models.ForeignKey(
        "EmergencyReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="转为突发事件报告",
    )

    class Meta:
        verbose_name = "值班日志"
        verbose_name_plural = "值班日志"
        ordering = ["-at", "-id"]
        indexes = [
            # The log, newest first, keyset-paged (1,000,000 entries in the benchmark).
            models.Index(fields=["-at", "-id"], name="duty_log_recent"),
            models.Index(fields=["shift", "at"], name="duty_log_shift"),
        ]
        # The search is a pg_trgm index on UPPER(caller || content || action_taken) (migration 0002).

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%m-%d %H:%M} {self.caller}"


# --- emergency reports ----------------------------------------------------------------------------------------------


class ReportState(models.TextChoices):
    RECEIVED = "received", "已报领导"
    AGREED = "agreed", "领导同意上报"
    SENT = "sent", "已报州政府值班室"
    CLOSED = "closed", "已终报"


class EmergencyReport(WorkflowModel):
    """突发事件、重要紧急情况报告 [43], [8]. Recorded by the person on duty, the county-government and office
    leaders are told at once; their instructions and agreements are recorded, each with who and when; the
    report to the 州政府值班室 goes only after a county-government leader and an office leader both agree."""

    class Level(models.TextChoices):
        GENERAL = "4", "一般（Ⅳ级）"
        LARGER = "3", "较大（Ⅲ级）"
        MAJOR = "2", "重大（Ⅱ级）"
        SEVERE = "1", "特别重大（Ⅰ级）"
        UNKNOWN = "0", "待核定"

    class Category(models.TextChoices):
        NATURAL = "natural", "自然灾害"
        ACCIDENT = "accident", "事故灾难"
        HEALTH = "health", "公共卫生事件"
        SOCIAL = "social", "社会安全事件"
        OTHER = "other", "其他重要紧急情况"

    title = models.CharField("事件名称", max_length=200)
    category = models.CharField("事件类别", max_length=10, choices=Category.choices, default=Category.OTHER)
    level = models.CharField("事件等级", max_length=2, choices=Level.choices, default=Level.UNKNOWN)
    received_at = models.DateTimeField("接报时间")
    occurred_at = models.DateTimeField("发生时间", null=True, blank=True)
    place = models.CharField("发生地点", max_length=200)
    description = models.TextField("基本情况")
    casualties = models.CharField("人员伤亡", max_length=300, blank=True)
    source = models.CharField("报告单位（人）", max_length=200)
    source_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="报告单位"
    )
    source_phone = models.CharField("报告人电话", max_length=40, blank=True)
    shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, null=True, blank=True, related_name="reports", verbose_name="接报班次"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="接报人")
    # The report to the prefecture government's duty room (报州政府值班室) and its 值班信息专报 number.
    year = models.PositiveSmallIntegerField("年度")
    special_serial = models.PositiveIntegerField("专报期数", null=True, blank=True)
    prefecture_sent_at = models.DateTimeField("报州时间", null=True, blank=True)
    prefecture_sent_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="报州经办人"
    )
    prefecture_method = models.CharField("报送方式", max_length=30, blank=True)
    prefecture_receiver = models.CharField("州值班室接收人", max_length=50, blank=True)
    closed_at = models.DateTimeField("终报时间", null=True, blank=True)

    state = state_field(ReportState.choices, ReportState.RECEIVED)

    class Meta:
        verbose_name = "突发事件报告"
        verbose_name_plural = "突发事件报告"
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "special_serial"], condition=Q(special_serial__isnull=False), name="duty_special_serial"
            )
        ]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="duty_report_recent"),
            # 我的待办: reports still waiting for the leaders' agreement.
            models.Index(fields=["received_at"], condition=Q(state="received"), name="duty_report_waiting"),
            models.Index(fields=["category", "received_at"], name="duty_report_category"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def special_label(self) -> str:
        return f"值班信息专报〔{self.year}〕第{self.special_serial}期" if self.special_serial else ""

    @step(
        state,
        ReportState.RECEIVED,
        ReportState.AGREED,
        permission=rules.can_handle_report,
        label="领导同意上报",
        article="[43][8]",
    )
    def mark_agreed(self) -> None:
        """Taken by ``report_agree`` only, once a county-government leader and an office leader agreed."""

    @step(
        state,
        ReportState.AGREED,
        ReportState.SENT,
        permission=rules.can_handle_report,
        label="报州政府值班室",
        article="[43][8]",
    )
    def send(self) -> None:
        """Taken by ``report_send_to_prefecture`` only, which checks both agreements again."""

    @step(
        state,
        [ReportState.RECEIVED, ReportState.AGREED, ReportState.SENT],
        ReportState.CLOSED,
        permission=rules.can_close_report,
        label="终报",
        article="[43]",
    )
    def close(self) -> None:
        """Taken by ``report_follow_up`` with a 终报."""


class EmergencyLog(TransitionLogBase):
    document = models.ForeignKey(EmergencyReport, on_delete=models.PROTECT, related_name="log")

    class Meta(TransitionLogBase.Meta):
        verbose_name = "突发事件报告记录"
        verbose_name_plural = "突发事件报告记录"
        indexes = [models.Index(fields=["document", "at", "id"], name="duty_report_log_document")]


class FollowUp(models.Model):
    """首报、续报、终报: the report's timeline [43]."""

    class Stage(models.TextChoices):
        FIRST = "first", "首报"
        FURTHER = "further", "续报"
        FINAL = "final", "终报"

    report = models.ForeignKey(
        EmergencyReport, on_delete=models.PROTECT, related_name="follow_ups", verbose_name="报告"
    )
    stage = models.CharField("类别", max_length=10, choices=Stage.choices)
    at = models.DateTimeField("时间", default=timezone.now)
    content = models.TextField("内容")
    casualties = models.CharField("人员伤亡", max_length=300, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="记录人")

    class Meta:
        verbose_name = "续报"
        verbose_name_plural = "续报"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["report", "at", "id"], name="duty_followup_report")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.report}"


class LeaderNotice(models.Model):
    """A leader told of a report (在应用内、邮件), and when they acknowledged it on the page [43]."""

    report = models.ForeignKey(EmergencyReport, on_delete=models.PROTECT, related_name="notices", verbose_name="报告")
    leader = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="领导")
    level = models.CharField("层级", max_length=10, choices=list(rules.LEVEL_LABELS.items()))
    on_duty = models.BooleanField("带班领导", default=False)
    told_at = models.DateTimeField("报告时间")
    acknowledged_at = models.DateTimeField("已阅时间", null=True, blank=True)

    class Meta:
        verbose_name = "领导知悉"
        verbose_name_plural = "领导知悉"
        ordering = ["-on_duty", "told_at", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "leader"], name="duty_notice_once")]

    def __str__(self) -> str:
        return f"{self.report} → {self.leader}"


class Instruction(models.Model):
    """领导批示: a leader's instruction on a report, written by the leader or recorded on their word [43]."""

    report = models.ForeignKey(
        EmergencyReport, on_delete=models.PROTECT, related_name="instructions", verbose_name="报告"
    )
    leader = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="批示领导")
    at = models.DateTimeField("批示时间", default=timezone.now)
    text = models.TextField("批示内容")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="记录人")

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.leader}：{self.text[:20]}"


class Agreement(models.Model):
    """A leader's agreement to report to the 州政府值班室, with who and when and at which level [43], [8]. The
    level is the leader's when they agreed (县政府领导 or 办公室领导); two of one level do not make both."""

    report = models.ForeignKey(
        EmergencyReport, on_delete=models.PROTECT, related_name="agreements", verbose_name="报告"
    )
    leader = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="同意领导")
    level = models.CharField("层级", max_length=10, choices=list(rules.LEVEL_LABELS.items()))
    at = models.DateTimeField("同意时间", default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="记录人")
    note = models.CharField("意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "同意上报"
        verbose_name_plural = "同意上报"
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "leader"], name="duty_agreement_once")]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.leader}同意上报"


class CalendarFeed(models.Model):
    """A person's calendar subscription (ICS) of their duty shifts. The address carries an HMAC of the person and
    this salt (``duty.feeds``); 重置 draws a new salt, so every earlier address stops working."""

    person = models.OneToOneField(User, on_delete=models.CASCADE, related_name="duty_feed", verbose_name="人员")
    salt = models.CharField("密钥盐", max_length=64)
    reset_at = models.DateTimeField("重置时间", default=timezone.now)

    class Meta:
        verbose_name = "值班日历订阅"
        verbose_name_plural = "值班日历订阅"

    def __str__(self) -> str:
        return f"值班日历订阅 {self.person_id}"

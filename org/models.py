"""The organisation: units the office deals with, its own sections, people, business lines, absences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class SecretLevel(models.IntegerChoices):
    """密级. Also a person's clearance: a clearance covers every level up to its own [31], [32]."""

    NONE = 0, "非密"
    SECRET = 1, "秘密"
    CONFIDENTIAL = 2, "机密"
    TOP_SECRET = 3, "绝密"


class UnitKind(models.TextChoices):
    """Routing of incoming documents depends on the kind of the sending unit [26]–[28]."""

    SUPERIOR = (
        "superior",
        "上级机关",
    )  # 中共中央、国务院、省委、省政府、州委、州政府及其办公厅(室)、上级部门 [26]
    COUNTY_ORGAN = "county_organ", "县委、县人大、县政协"  # handled like superior documents [27]
    PEER = "peer", "不相隶属的同级机关"  # [27]
    TOWNSHIP = "township", "乡(镇)人民政府"  # [28]
    DEPARTMENT = "department", "县政府部门"  # [28]
    COUNTY_UNIT = "county_unit", "县直及驻县单位"  # [28]; the text's 驻泸水单位 read as 驻县单位


# Kinds whose documents follow the superior-document route of 第二十六条 (第二十七条 extends it).
SUPERIOR_ROUTE_KINDS = frozenset({UnitKind.SUPERIOR, UnitKind.COUNTY_ORGAN, UnitKind.PEER})


class Unit(models.Model):
    name = models.CharField("单位名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("单位类别", max_length=20, choices=UnitKind.choices, db_index=True)
    is_active = models.BooleanField("在用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["kind", "sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def follows_superior_route(self) -> bool:
        """True for 上级来文 [26] and those handled like them [27]; False for 下级来文 [28]."""
        return self.kind in SUPERIOR_ROUTE_KINDS


def office_leader_choices() -> Q:
    """Who may be a section's 分管办公室领导: an active office director or deputy director [15(2)]."""
    from .roles import OFFICE_LEADERS  # roles imports these models

    return Q(is_active=True, groups__name__in=sorted(OFFICE_LEADERS))


class Section(models.Model):
    """The office's own sections (科室)."""

    class Code(models.TextChoices):
        GENERAL = "general", "综合科"
        CONFIDENTIAL = "confidential", "机要科"
        LEGAL = "legal", "法制科"  # reviews normative documents [30(2)3]
        TYPING = "typing", "打字室"  # numbers and prints outgoing documents [30(5)]
        SUPERVISION = "supervision", "督查室"
        PETITIONS = "petitions", "信访室"
        LEADERSHIP = "leadership", "县政府领导"
        OFFICE_LEADERSHIP = "office_leadership", "办公室领导"

    code = models.CharField("代码", max_length=30, choices=Code.choices, unique=True)
    name = models.CharField("名称", max_length=50)
    # 分管办公室领导: the director or deputy director in charge of this section [15(2)]. Its staff report
    # to them before leave or a trip [54]; ``org.selectors.leader_in_charge_of`` reads it.
    leader_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sections_in_charge",
        limit_choices_to=office_leader_choices,
        verbose_name="分管办公室领导",
        help_text="分管本科室的办公室主任或副主任；本科室人员请假、出差先向其报告[54]。未填写时由办公室主任负责。",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "科室"
        verbose_name_plural = "科室"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Rank(models.IntegerChoices):
    """职级, used to warn when a document names people below 副科级 [30(6)1]."""

    STAFF = 10, "科员及以下"
    DEPUTY_SECTION = 20, "副科级"
    SECTION = 30, "正科级"
    DEPUTY_COUNTY = 40, "副县级"
    COUNTY = 50, "正县级"


class Position(models.Model):
    name = models.CharField("职务", max_length=50, unique=True)
    rank = models.PositiveSmallIntegerField("职级", choices=Rank.choices, default=Rank.STAFF)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "职务"
        verbose_name_plural = "职务"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """What the office knows of a person beyond their sign-in account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="profile", verbose_name="账号"
    )
    full_name = models.CharField("姓名", max_length=50)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="members", verbose_name="科室"
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, null=True, blank=True, related_name="holders", verbose_name="职务"
    )
    phone = models.CharField("电话", max_length=30, blank=True)
    # 单位联络员 only: the department or township the person reports for (supervision [40], petitions [48],
    # information [46]); they see that unit's items and nothing else of the system.
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name="所在单位（联络员）",
        help_text="仅单位联络员填写：只能查看和报送本单位的事项。",
    )
    clearance = models.PositiveSmallIntegerField(
        "涉密等级",
        choices=SecretLevel.choices,
        default=SecretLevel.NONE,
        help_text="可阅办的最高密级 [31][32]",
    )
    # 分管文秘的办公室副主任: gives 拟办/传阅 opinions on incoming documents [26(1)], [26(2)], [28(1)].
    is_secretarial_deputy = models.BooleanField("分管文秘", default=False)
    sort_order = models.PositiveIntegerField("排序", default=0, help_text="名单、传阅顺序中的默认位置")
    # 参加工作时间: years of service set the paid annual leave (年休假: 5/10/15 days) the leave chapter counts.
    work_started_on = models.DateField(
        "参加工作时间",
        null=True,
        blank=True,
        help_text="用于按工龄核定带薪年休假天数（满1年5天、满10年10天、满20年15天）。",
    )
    # Set on accounts the office import creates with a one-time password; ``org.middleware`` keeps the person on
    # the change-password page until they have chosen their own, which clears it (org.views.PasswordChangeView).
    must_change_password = models.BooleanField(
        "首次登录须修改密码",
        default=False,
        help_text="勾选后，本人登录后须先修改密码才能使用系统；修改后自动取消。",
    )

    class Meta:
        verbose_name = "人员档案"
        verbose_name_plural = "人员档案"
        ordering = ["sort_order", "full_name"]
        constraints = [
            # Only one deputy director at a time holds the secretarial portfolio.
            models.UniqueConstraint(
                fields=["is_secretarial_deputy"],
                condition=Q(is_secretarial_deputy=True),
                name="org_profile_one_secretarial_deputy",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class BusinessLine(models.Model):
    """归口: a subject area and who is in charge of it. Routing asks ``org.selectors.line_in_charge``."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("归口名称", max_length=50, unique=True)
    description = models.CharField("说明", max_length=200, blank=True)
    deputy_head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="lines_as_deputy_head",
        verbose_name="分管副县长",
        null=True,
        blank=True,
    )
    deputy_director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="lines_as_deputy_director",
        verbose_name="分管副主任",
        null=True,
        blank=True,
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="lines_as_staff", verbose_name="归口人员", blank=True
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "业务归口"
        verbose_name_plural = "业务归口"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Absence(models.Model):
    """外出: someone away from … to …. The leave app writes these; circulation passes over the absent [26(6)3]."""

    class Reason(models.TextChoices):
        LEAVE = "leave", "请(休)假"
        TRIP = "trip", "出差"
        TRAINING = "training", "学习(培训)"
        OTHER = "other", "其他"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="absences", verbose_name="人员"
    )
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    reason = models.CharField("事由", max_length=20, choices=Reason.choices, default=Reason.TRIP)
    note = models.CharField("备注", max_length=200, blank=True)
    source = models.CharField("来源", max_length=30, default="manual", editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "外出记录"
        verbose_name_plural = "外出记录"
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["person", "ends_at", "starts_at"], name="org_absence_person_window"),
            # Who is away on a day, for everyone (the 在岗/外出 board): absences ending after it began.
            models.Index(fields=["ends_at", "starts_at"], name="org_absence_window"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="org_absence_ends_after")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_reason_display()}"


class ConfidentialityPledge(models.Model):
    """A person has read the ten rules of 第三十二条 and pledged to keep them, for one calendar year.

    Until they have, this year, they cannot open classified documents [32].
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="confidentiality_pledges", verbose_name="人员"
    )
    year = models.PositiveSmallIntegerField("年度")
    acknowledged_at = models.DateTimeField("确认时间", auto_now_add=True)

    class Meta:
        verbose_name = "保密守则确认"
        verbose_name_plural = "保密守则确认"
        ordering = ["-year", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "year"], name="org_pledge_once_a_year")]

    def __str__(self) -> str:
        return f"{self.user} {self.year}"


class CodeGrantedPermission(models.Model):
    """A permission that the code's role table (``org.roles.ROLE_PERMISSIONS``) put into a role group.

    ``manage.py sync_roles`` keeps this record so that it can tell its own grants from an administrator's:
    it restores every permission the code lists, removes only those it granted once and the code no longer
    lists, and never touches the others (第十五条: the roles are the office's; the administrator may add).
    """

    group = models.ForeignKey(
        "auth.Group", on_delete=models.CASCADE, related_name="code_granted_permissions", verbose_name="角色组"
    )
    permission = models.ForeignKey("auth.Permission", on_delete=models.CASCADE, related_name="+", verbose_name="权限")
    granted_at = models.DateTimeField("首次授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "代码授予的角色权限"
        verbose_name_plural = "代码授予的角色权限"
        constraints = [models.UniqueConstraint(fields=["group", "permission"], name="org_code_grant_once_per_group")]

    def __str__(self) -> str:
        return f"{self.group} · {self.permission}"

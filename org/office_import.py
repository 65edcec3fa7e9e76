"""Setting up the office from its workbook, and changing it later (``manage.py import_office``, the admin).

Every row of every sheet is checked first — against the workbook itself and against what the database
already holds — and nothing is written unless every row is right: a problem names its sheet, row and column
in Chinese. Rows are matched by natural key (用户名, 科室代码, 职务名称, 归口代码, 单位名称): what exists is
brought to what the row says, what does not is created, and nothing is ever deleted; a person or a unit the
workbook leaves out is reported and left alone (停用 = 是 deactivates). Roles are the org.roles groups (their
permissions stay as ``sync_roles`` sets them); a group that is not a role is never touched. A new row's place
in its sheet gives its sort order; an existing row keeps its own (the admin changes it), so that re-importing
an unchanged office reports every row unchanged.

A new account gets a one-time password, returned once in the report and stored nowhere else, and the profile
flag ``must_change_password``: the person chooses their own at first sign-in (org.middleware).
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.contrib.auth.models import Group
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, validate_slug
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import office_workbook as wb
from .models import BusinessLine, Position, Profile, Rank, SecretLevel, Section, Unit, UnitKind
from .office_workbook import WorkbookError, read_workbook
from .roles import OFFICE_LEADERS, Role, sync_role_groups

__all__ = ["IMPORT_PERMISSIONS", "ImportReport", "WorkbookError", "office_import"]

logger = logging.getLogger(__name__)
User = get_user_model()

# Who may import: whoever may create and change every kind of row the workbook writes (superusers may).
IMPORT_PERMISSIONS = (
    "auth.add_user",
    "auth.change_user",
    "org.add_profile",
    "org.change_profile",
    "org.add_section",
    "org.change_section",
    "org.add_position",
    "org.change_position",
    "org.add_businessline",
    "org.change_businessline",
    "org.add_unit",
    "org.change_unit",
)

DEPUTY_HEADS = frozenset({Role.DEPUTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD})  # who may be a line's 分管副县长
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I to misread
# A one-time password is 12 random characters (~69 bits): stretching adds nothing against guessing it, while
# Django's full PBKDF2 count (over half a second a hash here) would hold an import of 100 newcomers past the
# request timeout. Django re-hashes it at full strength at the first sign-in (the hasher's must_update).
INITIAL_PASSWORD_ITERATIONS = 20_000


class Action(StrEnum):
    CREATE = "新建"
    UPDATE = "更新"
    UNCHANGED = "不变"


@dataclass(frozen=True)
class Problem:
    """One reason the workbook is refused: where (sheet, Excel row, column) and what, in Chinese."""

    sheet: str
    row: int | None
    column: str
    letter: str
    message: str

    @property
    def place(self) -> str:
        where = self.sheet
        if self.row:
            where += f" 第{self.row}行"
        if self.letter:
            where += f" {self.letter}列（{self.column}）"
        elif self.column and self.row != 1:
            where += f"（{self.column}）"
        return where

    def __str__(self) -> str:
        return f"{self.place}：{self.message}" if self.place else self.message


@dataclass
class Change:
    """What importing one row does (or would do)."""

    sheet: str
    row: int
    label: str
    action: Action
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class InitialPassword:
    username: str
    full_name: str
    password: str


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    not_in_sheet: list[str] = field(default_factory=list)  # active accounts the 人员 sheet leaves out
    initial_passwords: list[InitialPassword] = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> bool:
        return any(change.action != Action.UNCHANGED for change in self.changes)

    def by_sheet(self) -> list[dict]:
        """Per data sheet: counts of each action and the rows, for the admin page."""
        out = []
        for sheet in wb.DATA_SHEETS:
            rows = [change for change in self.changes if change.sheet == sheet]
            out.append(
                {
                    "sheet": sheet,
                    "created": [c for c in rows if c.action == Action.CREATE],
                    "updated": [c for c in rows if c.action == Action.UPDATE],
                    "unchanged": [c for c in rows if c.action == Action.UNCHANGED],
                }
            )
        return out

    def headline(self) -> str:
        if self.problems:
            return f"发现 {len(self.problems)} 处错误，整个文件未导入，数据库没有任何改动。请改正后重新导入。"
        if self.applied:
            return "已导入。" if self.changed else "已核对：表中内容与系统一致，无需改动。"
        if self.dry_run:
            return "检查通过（试运行，未写入）。" if self.changed else "检查通过：表中内容与系统一致，无需改动。"
        return "检查通过。"

    def lines(self) -> list[str]:
        """The report as plain text (the management command prints it)."""
        out = [self.headline()]
        if self.problems:
            out.append("错误：")
            out += [f"  {problem}" for problem in self.problems]
            return out
        for entry in self.by_sheet():
            out.append(
                f"{entry['sheet']}：新建 {len(entry['created'])}，更新 {len(entry['updated'])}，"
                f"不变 {len(entry['unchanged'])}"
            )
            for change in entry["created"] + entry["updated"]:
                details = f" — {'；'.join(change.details)}" if change.details else ""
                out.append(f"  第{change.row}行 {change.label}：{change.action}{details}")
            if entry["unchanged"]:
                out.append(f"  不变：第{'、'.join(str(change.row) for change in entry['unchanged'])}行")
        if self.not_in_sheet:
            out.append(f"“人员”表中没有、仍在用的账号（未作改动）：{'、'.join(self.not_in_sheet)}")
        out += [f"提醒：{warning}" for warning in self.warnings]
        if self.initial_passwords:
            out.append("新账号的初始密码（只显示这一次；本人首次登录须修改）：")
            out += [f"  {p.username}\t{p.full_name}\t{p.password}" for p in self.initial_passwords]
        return out


def initial_password() -> str:
    """A one-time password someone can read off a page and type: 12 characters in three groups."""
    chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


def set_initial_password(user, password: str) -> None:
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        user.password = hasher.encode(password, hasher.salt(), iterations=INITIAL_PASSWORD_ITERATIONS)
    else:
        user.set_password(password)


def office_import(*, data: bytes, actor=None, dry_run: bool = False) -> ImportReport:
    """Check the workbook ``data`` and, when every row is right and not ``dry_run``, apply it — all or nothing.

    ``actor`` is the administrator importing from the admin (checked against ``IMPORT_PERMISSIONS``); the
    management command passes none (whoever runs it is on the server). Raises ``WorkbookError`` for a file
    that is no readable workbook; every problem inside one is in the report.
    """
    if actor is not None and not actor.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied("您没有导入组织机构的权限（需可新增和修改账号、人员档案、科室、职务、业务归口、单位）。")
    read = read_workbook(data)
    if read.problems:
        problems = [Problem(p.sheet, p.row, p.column, p.letter, p.message) for p in read.problems]
        return ImportReport(problems=problems, dry_run=dry_run)
    with transaction.atomic():
        importer = _Importer(read.rows)
        report = importer.check()
        report.dry_run = dry_run
        if report.problems or dry_run:
            return report
        if not report.changed:
            report.applied = True
            return report
        try:
            with transaction.atomic():
                importer.apply()
        except _Refused as refused:
            report.problems.append(refused.problem)
            return report
        except IntegrityError:
            logger.exception("office import refused by the database")
            report.problems.append(
                Problem(
                    "",
                    None,
                    "",
                    "",
                    "数据库拒绝保存（可能有人同时修改了组织机构，或两个名称互换）。请重新检查后再导入。",
                )
            )
            return report
        report.applied = True
        report.initial_passwords = importer.passwords
    logger.info(
        "office imported by %s: %s",
        getattr(actor, "username", "manage.py"),
        "; ".join(f"{e['sheet']} +{len(e['created'])} ~{len(e['updated'])}" for e in report.by_sheet()),
    )
    return report


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


# --- what each row asks for ---------------------------------------------------------------------------------


@dataclass
class _PositionRow:
    row: wb.SheetRow
    name: str
    rank: int
    order: int


@dataclass
class _SectionRow:
    row: wb.SheetRow
    code: str
    name: str
    leader: str  # username or ""
    order: int


@dataclass
class _UnitRow:
    row: wb.SheetRow
    name: str
    short_name: str
    kind: str
    active: bool
    order: int


@dataclass
class _PersonRow:
    row: wb.SheetRow
    username: str
    full_name: str
    section: str | None  # code
    position: str | None  # name
    roles: frozenset[Role]
    clearance: int
    secretarial: bool
    email: str
    phone: str
    active: bool
    order: int
    work_started_on: date | None = None
    has_work_started_on: bool = False  # the column is in the workbook (older templates lack it: keep the value)


@dataclass
class _LineRow:
    row: wb.SheetRow
    code: str
    name: str
    deputy_head: str
    deputy_director: str
    staff: list[str]
    description: str
    order: int


@dataclass(frozen=True)
class _Person:
    """Someone a row may name, as they will be after the import."""

    username: str
    full_name: str
    roles: frozenset[Role]
    active: bool

    def __str__(self) -> str:
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username


def _names(roles) -> str:
    return "、".join(role.value for role in Role if role in roles) or "（无）"


def _yes(flag: bool) -> str:
    return wb.YES if flag else wb.NO


class _Importer:
    """One import: reads the database once, checks every row, plans the changes, then applies them."""

    def __init__(self, rows: dict[str, list[wb.SheetRow]]):
        self.rows = rows
        self.problems: list[Problem] = []
        self.passwords: list[InitialPassword] = []
        self.db_users = {user.get_username(): user for user in User.objects.prefetch_related("groups")}
        self.db_profiles = {
            profile.user_id: profile for profile in Profile.objects.select_related("section", "position")
        }
        self.db_sections = {section.code: section for section in Section.objects.select_related("leader_in_charge")}
        self.db_positions = {position.name: position for position in Position.objects.all()}
        self.db_lines = {
            line.code: line
            for line in BusinessLine.objects.select_related("deputy_head", "deputy_director").prefetch_related("staff")
        }
        self.db_units = {unit.name: unit for unit in Unit.objects.all()}

    # --- problems -----------------------------------------------------------------------------------------

    def problem(self, row: wb.SheetRow, key: str | None, message: str) -> None:
        if key is None:
            self.problems.append(Problem(row.sheet, row.number, "", "", message))
            return
        header = next(column.header for column in wb.COLUMNS[row.sheet] if column.key == key)
        self.problems.append(Problem(row.sheet, row.number, header, row.letters[key], message))

    def required(self, row: wb.SheetRow) -> bool:
        """Every required cell is filled; says which are not."""
        ok = True
        for column in wb.COLUMNS[row.sheet]:
            if column.required and not row[column.key]:
                self.problem(row, column.key, "必填，不能为空。")
                ok = False
        return ok

    def text(self, row: wb.SheetRow, key: str, limit: int) -> str:
        value = row[key]
        if len(value) > limit:
            self.problem(row, key, f"超过 {limit} 个字（现有 {len(value)} 个）。")
        return value

    def flag(self, row: wb.SheetRow, key: str) -> bool:
        value = row[key]
        if value in ("", wb.NO):
            return False
        if value == wb.YES:
            return True
        self.problem(row, key, f"“{value}”应填“是”或“否”（或留空）。")
        return False

    def choice(self, row: wb.SheetRow, key: str, choices, what: str):
        """The value of a TextChoices/IntegerChoices from its Chinese label (or its code)."""
        value = row[key]
        for code, label in choices:
            if value in (str(label), str(code)):
                return code
        allowed = "、".join(str(label) for _, label in choices)
        self.problem(row, key, f"{what}“{value}”不在可选范围内；可填：{allowed}。")
        return None

    def unique(self, seen: dict, value: str, row: wb.SheetRow, key: str, what: str) -> None:
        folded = value.casefold()
        if folded in seen:
            self.problem(row, key, f"{what}“{value}”与第{seen[folded]}行重复。")
        else:
            seen[folded] = row.number

    # --- reading each sheet ---------------------------------------------------------------------------------

    def read_positions(self) -> list[_PositionRow]:
        out, seen = [], {}
        for order, row in enumerate(self.rows[wb.POSITIONS]):
            if not self.required(row):
                continue
            name = self.text(row, "name", 50)
            self.unique(seen, name, row, "name", "职务名称")
            rank = self.choice(row, "rank", Rank.choices, "职级")
            if rank is not None:
                out.append(_PositionRow(row, name, rank, order))
        return out

    def read_sections(self) -> list[_SectionRow]:
        out, seen_codes, seen_names = [], {}, {}
        labels = {str(label): code for code, label in Section.Code.choices}
        for order, row in enumerate(self.rows[wb.SECTIONS]):
            if not self.required(row):
                continue
            code = labels.get(row["code"], row["code"])
            if code not in Section.Code.values:
                allowed = "、".join(f"{c}（{label}）" for c, label in Section.Code.choices)
                self.problem(row, "code", f"未知科室代码“{row['code']}”；可填：{allowed}。")
                continue
            self.unique(seen_codes, code, row, "code", "科室代码")
            name = self.text(row, "name", 50)
            self.unique(seen_names, name, row, "name", "科室名称")
            out.append(_SectionRow(row, code, name, row["leader"], order))
        return out

    def read_units(self) -> list[_UnitRow]:
        out, seen = [], {}
        for order, row in enumerate(self.rows[wb.UNITS]):
            if not self.required(row):
                continue
            name = self.text(row, "name", 100)
            self.unique(seen, name, row, "name", "单位名称")
            short_name = self.text(row, "short_name", 30)
            kind = self.choice(row, "kind", UnitKind.choices, "单位类别")
            active = not self.flag(row, "inactive")
            if kind is not None:
                out.append(_UnitRow(row, name, short_name, kind, active, order))
        return out

    def read_people(self, sections: list[_SectionRow], positions: list[_PositionRow]) -> list[_PersonRow]:
        # A person's 科室 is a section of the 科室 sheet (by name or code), or one the system has already.
        section_of = {}
        for section in self.db_sections.values():
            section_of.setdefault(section.name, section.code)
            section_of[section.code] = section.code
        for section in sections:
            section_of[section.name] = section.code
            section_of[section.code] = section.code
        position_names = {position.name for position in positions} | set(self.db_positions)
        role_names = {role.value: role for role in Role}
        db_folded = {username.casefold(): username for username in self.db_users}
        out, seen = [], {}
        username_validator = UnicodeUsernameValidator()
        email_validator = EmailValidator()
        for order, row in enumerate(self.rows[wb.PEOPLE]):
            if not self.required(row):
                continue
            username = self.text(row, "username", 150)
            try:
                username_validator(username)
            except ValidationError:
                self.problem(row, "username", f"用户名“{username}”只能由字母、数字和 @ . + - _ 组成，不能有空格。")
            self.unique(seen, username, row, "username", "用户名")
            existing = db_folded.get(username.casefold())
            if existing and existing != username:
                self.problem(row, "username", f"系统中已有账号“{existing}”，与“{username}”只差大小写；请照原样填写。")
            full_name = self.text(row, "full_name", 50)
            section = None
            if row["section"]:
                section = section_of.get(row["section"])
                if section is None:
                    self.problem(row, "section", f"未知科室“{row['section']}”：请先在“科室”表中列出。")
            position = row["position"] or None
            if position and position not in position_names:
                self.problem(row, "position", f"未知职务“{position}”：请先在“职务”表中列出。")
            roles = set()
            for name in wb.split_list(row["roles"]):
                if name in role_names:
                    roles.add(role_names[name])
                else:
                    self.problem(row, "roles", f"未知角色“{name}”；可填：{'、'.join(role_names)}。")
            clearance = SecretLevel.NONE
            if row["clearance"]:
                level = self.choice(row, "clearance", SecretLevel.choices, "涉密等级")
                clearance = SecretLevel.NONE if level is None else level
            email = self.text(row, "email", 254)
            if email:
                try:
                    email_validator(email)
                except ValidationError:
                    self.problem(row, "email", f"电子邮箱“{email}”格式不对。")
            out.append(
                _PersonRow(
                    row=row,
                    username=username,
                    full_name=full_name,
                    section=section,
                    position=position,
                    roles=frozenset(roles),
                    clearance=int(clearance),
                    secretarial=self.flag(row, "secretarial"),
                    email=email,
                    phone=self.text(row, "phone", 30),
                    active=not self.flag(row, "inactive"),
                    order=order,
                    work_started_on=self.work_start(row),
                    has_work_started_on="work_started_on" in row.values,
                )
            )
        return out

    def work_start(self, row: wb.SheetRow) -> date | None:
        """参加工作时间 [54]: 2008-07-01, 2008/7/1, 2008.7, 2008年7月 …; a month alone means its first day."""
        text = row["work_started_on"]
        if not text:
            return None
        match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(?:(\d{1,2})\s*日?)?)?", text)
        try:
            started = date(int(match[1]), int(match[2]), int(match[3] or 1)) if match else None
        except ValueError:
            started = None
        if started is None:
            self.problem(row, "work_started_on", f"参加工作时间“{text}”无法识别，请填写如 2008-07-01 或 2008-07。")
        elif not date(1950, 1, 1) <= started <= timezone.localdate():
            self.problem(row, "work_started_on", f"参加工作时间“{text}”不在合理范围内（1950年至今天）。")
            started = None
        return started

    def read_lines(self) -> list[_LineRow]:
        out, seen_codes, seen_names = [], {}, {}
        for order, row in enumerate(self.rows[wb.LINES]):
            if not self.required(row):
                continue
            code = self.text(row, "code", 40)
            try:
                validate_slug(code)
            except ValidationError:
                self.problem(row, "code", f"归口代码“{code}”只能由英文字母、数字、“-”和“_”组成。")
            self.unique(seen_codes, code, row, "code", "归口代码")
            name = self.text(row, "name", 50)
            self.unique(seen_names, name, row, "name", "归口名称")
            out.append(
                _LineRow(
                    row=row,
                    code=code,
                    name=name,
                    deputy_head=row["deputy_head"],
                    deputy_director=row["deputy_director"],
                    staff=list(dict.fromkeys(wb.split_list(row["staff"]))),
                    description=self.text(row, "description", 200),
                    order=order,
                )
            )
        return out

    # --- checks across sheets -------------------------------------------------------------------------------

    def db_roles(self, user) -> frozenset[Role]:
        names = {group.name for group in user.groups.all()}
        return frozenset(role for role in Role if role.value in names)

    def people_after(self, people: list[_PersonRow]) -> dict[str, _Person]:
        """Everyone as they will be once the import is applied: the sheet's rows over the database's accounts."""
        after = {}
        for username, user in self.db_users.items():
            profile = self.db_profiles.get(user.pk)
            after[username] = _Person(
                username, profile.full_name if profile else "", self.db_roles(user), user.is_active
            )
        for person in people:
            after[person.username] = _Person(person.username, person.full_name, person.roles, person.active)
        return after

    def named(self, row, key, username, everyone, *, roles, what, needs) -> _Person | None:
        """The person a cell names, who must exist, be active and hold one of ``roles``."""
        person = everyone.get(username)
        if person is None:
            self.problem(row, key, f"找不到用户名“{username}”：既不在“人员”表中，也不是系统中已有的账号。")
            return None
        if not person.active:
            self.problem(row, key, f"{person}已停用，不能担任{what}。")
            return None
        if not person.roles & roles:
            self.problem(row, key, f"{what}“{person}”{needs}：其角色为{_names(person.roles)}。")
            return None
        return person

    def check_secretarial(self, people: list[_PersonRow]) -> None:
        first = None
        for person in people:
            if not person.secretarial:
                continue
            if first is not None:
                self.problem(
                    person.row,
                    "secretarial",
                    f"分管文秘的办公室副主任只能有一人 [26(1)]："
                    f"第{first.row.number}行的{first.full_name}（{first.username}）已标为分管文秘。",
                )
                continue
            first = person
            if Role.DEPUTY_DIRECTOR not in person.roles:
                self.problem(
                    person.row,
                    "secretarial",
                    f"标为分管文秘的应是办公室副主任 [15(2)][26(1)]，"
                    f"而{person.full_name}（{person.username}）的角色为{_names(person.roles)}。",
                )
            if not person.active:
                self.problem(person.row, "secretarial", "已停用的人不能标为分管文秘 [26(1)]。")

    def check(self) -> ImportReport:
        positions = self.read_positions()
        sections = self.read_sections()
        units = self.read_units()
        people = self.read_people(sections, positions)
        lines = self.read_lines()
        self.check_secretarial(people)
        everyone = self.people_after(people)
        for section in sections:
            if section.leader:
                self.named(
                    section.row,
                    "leader",
                    section.leader,
                    everyone,
                    roles=OFFICE_LEADERS,
                    what="分管办公室领导",
                    needs="不是办公室主任或副主任 [15(2)]",
                )
        line_codes = {line.code for line in lines}
        db_line_named = {db.name: db for db in self.db_lines.values()}
        for line in lines:
            holder = db_line_named.get(line.name)
            if holder is not None and holder.code != line.code and holder.code not in line_codes:
                self.problem(line.row, "name", f"归口名称“{line.name}”已被系统中代码为“{holder.code}”的归口使用。")
            if line.deputy_head:
                self.named(
                    line.row,
                    "deputy_head",
                    line.deputy_head,
                    everyone,
                    roles=DEPUTY_HEADS,
                    what="分管副县长",
                    needs="不是副县长或常务副县长",
                )
            if line.deputy_director:
                self.named(
                    line.row,
                    "deputy_director",
                    line.deputy_director,
                    everyone,
                    roles={Role.DEPUTY_DIRECTOR},
                    what="分管副主任",
                    needs="不是办公室副主任 [15(2)]",
                )
            for username in line.staff:
                self.named(
                    line.row,
                    "staff",
                    username,
                    everyone,
                    roles={Role.LINE_STAFF},
                    what="归口人员",
                    needs="没有“归口人员”角色",
                )
        self.plan = (positions, sections, units, people, lines)
        report = ImportReport(problems=self.problems)
        if self.problems:
            return report
        report.changes = (
            [self.diff_position(p) for p in positions]
            + [self.diff_section(s, everyone) for s in sections]
            + [self.diff_unit(u) for u in units]
            + [self.diff_person(p) for p in people]
            + [self.diff_line(line, everyone) for line in lines]
        )
        report.changes.sort(key=lambda c: (wb.DATA_SHEETS.index(c.sheet), c.row))
        self.actions = {(change.sheet, change.row): change.action for change in report.changes}
        listed = {person.username for person in people}
        report.not_in_sheet = [
            str(everyone[username])
            for username, user in sorted(self.db_users.items())
            if user.is_active and username not in listed
        ]
        report.warnings = self.warnings(everyone, people, sections, lines)
        return report

    def warnings(self, everyone, people, sections, lines) -> list[str]:
        """What the office will lack — allowed (an office is set up in steps), but worth saying."""
        active = [person for person in everyone.values() if person.active]
        out = []
        if not any(Role.OFFICE_DIRECTOR in person.roles for person in active):
            out.append("没有在用的“办公室主任”：办公室全面工作与请假审批无人负责 [15(1)][54]。")
        holder = self.secretarial_holder()
        flagged = next((p for p in people if p.secretarial), None)
        if flagged is not None and holder is not None and holder.username != flagged.username:
            if holder.username not in {p.username for p in people}:
                out.append(
                    f"{everyone[holder.username]}不在表中，将不再分管文秘，"
                    f"改由{everyone[flagged.username]}分管 [26(1)]。"
                )
        elif flagged is None and (
            holder is None or holder.username in {p.username for p in people} or not everyone[holder.username].active
        ):
            out.append("没有标为分管文秘的办公室副主任：收文拟办意见无人提出 [26(1)][26(2)]。")
        if not any(Role.REGISTRY_CLERK in person.roles for person in active):
            out.append("没有在用的“收发秘书”：来文无人签收登记 [26]。")
        listed_sections = {section.code for section in sections}
        for section in self.db_sections.values():
            leader = section.leader_in_charge
            if section.code in listed_sections or leader is None:
                continue
            person = everyone[leader.get_username()]
            if not person.active or not person.roles & OFFICE_LEADERS:
                out.append(f"科室“{section.name}”不在表中，其分管办公室领导{person}将不再是在用的办公室领导 [15(2)]。")
        listed_lines = {line.code for line in lines}
        for line in self.db_lines.values():
            if line.code in listed_lines:
                continue
            for user, roles, what in (
                (line.deputy_head, DEPUTY_HEADS, "分管副县长"),
                (line.deputy_director, {Role.DEPUTY_DIRECTOR}, "分管副主任"),
            ):
                if user is None:
                    continue
                person = everyone[user.get_username()]
                if not person.active or not person.roles & roles:
                    out.append(f"业务归口“{line.name}”不在表中，其{what}{person}将不再符合条件。")
        return out

    def secretarial_holder(self):
        """The account flagged 分管文秘 in the database now, if any."""
        return next(
            (
                user
                for user in self.db_users.values()
                if (profile := self.db_profiles.get(user.pk)) and profile.is_secretarial_deputy
            ),
            None,
        )

    def changes(self, row: wb.SheetRow) -> bool:
        return self.actions[(row.sheet, row.number)] != Action.UNCHANGED

    # --- what changes ---------------------------------------------------------------------------------------

    @staticmethod
    def _change(row: wb.SheetRow, label: str, existing, details: list[str]) -> Change:
        if existing is None:
            return Change(row.sheet, row.number, label, Action.CREATE, details)
        return Change(row.sheet, row.number, label, Action.UPDATE if details else Action.UNCHANGED, details)

    @staticmethod
    def _was(what: str, old, new) -> list[str]:
        return [] if old == new else [f"{what}：{old or '（空）'} → {new or '（空）'}"]

    def diff_position(self, p: _PositionRow) -> Change:
        old = self.db_positions.get(p.name)
        details = []
        if old is not None:
            details += self._was("职级", Rank(old.rank).label, Rank(p.rank).label)
        return self._change(p.row, p.name, old, details)

    def diff_section(self, s: _SectionRow, everyone) -> Change:
        old = self.db_sections.get(s.code)
        new_leader = str(everyone[s.leader]) if s.leader else ""
        details = []
        if old is not None:
            old_leader = str(everyone[old.leader_in_charge.get_username()]) if old.leader_in_charge else ""
            details += self._was("名称", old.name, s.name)
            details += self._was("分管办公室领导", old_leader, new_leader)
        elif new_leader:
            details.append(f"分管办公室领导：{new_leader}")
        return self._change(s.row, f"{s.name}（{s.code}）", old, details)

    def diff_unit(self, u: _UnitRow) -> Change:
        old = self.db_units.get(u.name)
        details = []
        if old is not None:
            details += self._was("简称", old.short_name, u.short_name)
            details += self._was("单位类别", UnitKind(old.kind).label, UnitKind(u.kind).label)
            if old.is_active != u.active:
                details.append("停用" if not u.active else "重新启用")
        else:
            details.append(UnitKind(u.kind).label + ("（停用）" if not u.active else ""))
        return self._change(u.row, u.name, old, details)

    def section_name(self, code: str | None) -> str:
        if code is None:
            return ""
        for section in self.plan[1]:
            if section.code == code:
                return section.name
        return self.db_sections[code].name

    def diff_person(self, p: _PersonRow) -> Change:
        user = self.db_users.get(p.username)
        label = f"{p.full_name}（{p.username}）"
        if user is None:
            details = [f"角色：{_names(p.roles)}", f"涉密等级：{SecretLevel(p.clearance).label}", "生成初始密码"]
            if p.secretarial:
                details.append("分管文秘")
            if p.work_started_on:
                details.append(f"参加工作时间：{p.work_started_on}")
            if not p.active:
                details.append("停用")
            return self._change(p.row, label, None, details)
        profile = self.db_profiles.get(user.pk)
        details = []
        if profile is None:
            details.append("建立人员档案")
        else:
            details += self._was("姓名", profile.full_name, p.full_name)
            details += self._was("科室", profile.section.name if profile.section else "", self.section_name(p.section))
            details += self._was("职务", profile.position.name if profile.position else "", p.position or "")
            details += self._was("涉密等级", SecretLevel(profile.clearance).label, SecretLevel(p.clearance).label)
            details += self._was("分管文秘", _yes(profile.is_secretarial_deputy), _yes(p.secretarial))
            details += self._was("电话", profile.phone, p.phone)
            if p.has_work_started_on:
                details += self._was("参加工作时间", profile.work_started_on or "", p.work_started_on or "")
        details += self._was("角色", _names(self.db_roles(user)), _names(p.roles))
        details += self._was("电子邮箱", user.email, p.email)
        if user.is_active != p.active:
            details.append("停用" if not p.active else "重新启用")
        return self._change(p.row, label, user, details)

    def diff_line(self, line: _LineRow, everyone) -> Change:
        old = self.db_lines.get(line.code)

        def who(username):
            return str(everyone[username]) if username else ""

        details = []
        if old is None:
            if line.deputy_head:
                details.append(f"分管副县长：{who(line.deputy_head)}")
            if line.deputy_director:
                details.append(f"分管副主任：{who(line.deputy_director)}")
            if line.staff:
                details.append(f"归口人员：{'、'.join(who(u) for u in line.staff)}")
            return self._change(line.row, f"{line.name}（{line.code}）", None, details)
        details += self._was("归口名称", old.name, line.name)
        details += self._was(
            "分管副县长", who(old.deputy_head and old.deputy_head.get_username()), who(line.deputy_head)
        )
        details += self._was(
            "分管副主任", who(old.deputy_director and old.deputy_director.get_username()), who(line.deputy_director)
        )
        had = {user.get_username() for user in old.staff.all()}
        added = [who(u) for u in line.staff if u not in had]
        removed = [who(u) for u in sorted(had - set(line.staff))]
        if added:
            details.append(f"归口人员增加：{'、'.join(added)}")
        if removed:
            details.append(f"归口人员减少：{'、'.join(removed)}")
        details += self._was("说明", old.description, line.description)
        return self._change(line.row, f"{line.name}（{line.code}）", old, details)

    # --- applying -------------------------------------------------------------------------------------------

    def save(self, obj, row: wb.SheetRow, **clean) -> None:
        """full_clean, then save; the model's own rules are the last word, refused as a problem of that row."""
        try:
            obj.full_clean(**clean)
        except ValidationError as exc:
            messages = "；".join(message for messages in exc.message_dict.values() for message in messages)
            raise _Refused(Problem(row.sheet, row.number, "", "", f"未能保存：{messages}")) from exc
        obj.save()

    def role_groups(self) -> dict[Role, Group]:
        groups = {Role(group.name): group for group in Group.objects.filter(name__in=[role.value for role in Role])}
        if len(groups) < len(Role):
            groups = sync_role_groups()  # a database migrated before a role existed
        return groups

    def apply(self) -> None:
        positions, sections, units, people, lines = self.plan
        position_of = dict(self.db_positions)
        for p in positions:
            if not self.changes(p.row):
                continue
            obj = position_of.get(p.name) or Position(name=p.name, sort_order=p.order)
            obj.rank = p.rank
            self.save(obj, p.row)
            position_of[p.name] = obj
        section_of = dict(self.db_sections)
        for s in sections:
            if not self.changes(s.row):
                continue
            obj = section_of.get(s.code) or Section(code=s.code, sort_order=s.order)
            obj.name = s.name
            self.save(obj, s.row, exclude=["leader_in_charge"])  # leaders may not have their roles yet
            section_of[s.code] = obj
        for u in units:
            if not self.changes(u.row):
                continue
            obj = self.db_units.get(u.name) or Unit(name=u.name, sort_order=u.order)
            obj.short_name, obj.kind, obj.is_active = u.short_name, u.kind, u.active
            self.save(obj, u.row)

        # One secretarial deputy at a time (a database constraint): take the flag off first, then put it on.
        # When the sheet names one, whoever holds it now gives it up, listed or not; when it names none, only
        # the people it lists lose it (a holder it leaves out keeps it, as everything it leaves out is kept).
        keep = [p.username for p in people if p.secretarial]
        losing = Profile.objects.filter(is_secretarial_deputy=True).exclude(user__username__in=keep)
        if not keep:
            losing = losing.filter(user__username__in=[p.username for p in people])
        losing.update(is_secretarial_deputy=False)

        groups = self.role_groups()
        role_group_ids = {group.pk for group in groups.values()}
        user_of = {}
        for p in people:
            if not self.changes(p.row):
                continue
            user = self.db_users.get(p.username)
            new = user is None
            if new:
                user = User(username=p.username)
                password = initial_password()
                set_initial_password(user, password)
                self.passwords.append(InitialPassword(p.username, p.full_name, password))
            user.email, user.is_active = p.email, p.active
            self.save(user, p.row)
            profile = self.db_profiles.get(user.pk) or Profile(user=user, must_change_password=new, sort_order=p.order)
            profile.full_name = p.full_name
            profile.section = section_of[p.section] if p.section else None
            profile.position = position_of[p.position] if p.position else None
            profile.clearance, profile.is_secretarial_deputy = p.clearance, p.secretarial
            profile.phone = p.phone
            if p.has_work_started_on:
                profile.work_started_on = p.work_started_on
            self.save(profile, p.row)
            # Only role groups are the sheet's; any other group an administrator gave stays.
            held = set() if new else {group.pk for group in user.groups.all()} & role_group_ids
            wanted = {groups[role].pk for role in p.roles}
            if wanted - held:
                user.groups.add(*(wanted - held))
            if held - wanted:
                user.groups.remove(*(held - wanted))
            user_of[p.username] = user

        def person(username):
            if not username:
                return None
            return user_of.get(username) or self.db_users[username]

        for s in sections:
            if not self.changes(s.row):
                continue
            obj = section_of[s.code]
            obj.leader_in_charge = person(s.leader)
            self.save(obj, s.row)
        for line in lines:
            if not self.changes(line.row):
                continue
            obj = self.db_lines.get(line.code) or BusinessLine(code=line.code, sort_order=line.order)
            obj.name, obj.description = line.name, line.description
            obj.deputy_head, obj.deputy_director = person(line.deputy_head), person(line.deputy_director)
            self.save(obj, line.row)
            obj.staff.set([person(username) for username in line.staff])

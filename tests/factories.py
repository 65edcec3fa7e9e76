"""Builders for the organisation in tests — people, units, sections, positions, business lines — and the test
office that every test gets as the ``office`` fixture (tests/conftest.py).

The test office has the shape the regulation gives an office (one person per role of 第十五条, the lines with
their 分管 leaders, the sections with theirs) but none of the demo office's names: usernames, full names,
unit and line names and line codes are its own. A test therefore passes because of the rules, never because
of what org/demo.py happens to call someone. Tests name people by their place in the office —
``office["shoufa"]`` is the test office's registry clerk — and names through ``display_name(office["shoufa"])``;
units and lines likewise: ``office.units["township"]``, ``office.lines["agriculture"]``.

Each builder makes one row through the ORM with keyword-only options and sensible defaults, so a test that
needs one more person says only what matters to it::

    clerk = person(Role.REGISTRY_CLERK, section=section(Section.Code.CONFIDENTIAL), clearance=SecretLevel.SECRET)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from org.models import BusinessLine, Position, Profile, Rank, SecretLevel, Section, Unit, UnitKind
from org.roles import Role, sync_role_groups

User = get_user_model()

PASSWORD = "ceshi-Mima-2026"  # every test person's; the demo's password signs no one in here
USERNAME_PREFIX = "t-"  # test office usernames are the office key with this prefix: "t-shoufa"
LINE_CODE_PREFIX = "t-"
EMAIL_DOMAIN = "office.test"

_serial = itertools.count(1)


def _next() -> int:
    return next(_serial)


# --- single rows ------------------------------------------------------------------------------------------------


def section(code: str = Section.Code.GENERAL, *, name: str = "", leader_in_charge=None) -> Section:
    """The office's section with this code (there is one per code), created if missing."""
    obj, _ = Section.objects.get_or_create(code=code, defaults={"name": name or Section.Code(code).label})
    if leader_in_charge is not None:
        obj.leader_in_charge = leader_in_charge
        obj.save(update_fields=["leader_in_charge"])
    return obj


def position(name: str = "科员", *, rank: int = Rank.STAFF) -> Position:
    obj, _ = Position.objects.get_or_create(name=name, defaults={"rank": rank})
    return obj


def unit(kind: str = UnitKind.SUPERIOR, *, name: str = "", short_name: str = "", sort_order: int = 0) -> Unit:
    n = _next()
    return Unit.objects.create(
        name=name or f"测试单位{n}",
        short_name=short_name or f"测单{n}",
        kind=kind,
        sort_order=sort_order,
    )


def _groups(roles) -> list[Group]:
    names = [role.value for role in roles]
    groups = list(Group.objects.filter(name__in=names))
    if len(groups) < len(set(names)):  # a transactional test's flush took them: make them again
        by_role = sync_role_groups()
        groups = [by_role[role] for role in roles]
    return groups


def person(
    *roles: Role,
    username: str = "",
    full_name: str = "",
    section: Section | None = None,
    position: Position | None = None,
    clearance: int = SecretLevel.NONE,
    secretarial: bool = False,
    staff: bool = False,
    email: str | None = None,
    password: str = PASSWORD,
    sort_order: int = 0,
):
    """A person holding ``roles``, with a profile. ``staff`` makes an administrator (staff and superuser)."""
    n = _next()
    username = username or f"person-{n}"
    user = User.objects.create_user(
        username,
        email=f"{username}@{EMAIL_DOMAIN}" if email is None else email,
        password=password,
        is_staff=staff,
        is_superuser=staff,
    )
    if roles:
        user.groups.set(_groups(roles))
    Profile.objects.create(
        user=user,
        full_name=full_name or f"测试人员{n}",
        section=section,
        position=position,
        clearance=clearance,
        is_secretarial_deputy=secretarial,
        phone=f"0000-{n:06d}",
        sort_order=sort_order,
    )
    return User.objects.get(pk=user.pk)  # fresh: no role or profile cached from the building


def business_line(
    *,
    code: str = "",
    name: str = "",
    deputy_head=None,
    deputy_director=None,
    staff=(),
    sort_order: int = 0,
) -> BusinessLine:
    """归口: a subject area, its 分管副县长, 分管副主任 and 归口人员."""
    n = _next()
    line = BusinessLine.objects.create(
        code=code or f"line-{n}",
        name=name or f"测试归口{n}",
        deputy_head=deputy_head,
        deputy_director=deputy_director,
        sort_order=sort_order,
    )
    line.staff.set(staff)
    return line


# --- the test office ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seat:
    """One person of the test office: the key tests use, and what the regulation needs of them."""

    key: str
    full_name: str
    roles: tuple[Role, ...]
    section: str
    position: str
    clearance: int = SecretLevel.NONE
    secretarial: bool = False
    staff: bool = False


POSITIONS = [
    ("县长", Rank.COUNTY),
    ("常务副县长", Rank.DEPUTY_COUNTY),
    ("副县长", Rank.DEPUTY_COUNTY),
    ("办公室主任", Rank.SECTION),
    ("办公室副主任", Rank.DEPUTY_SECTION),
    ("科长", Rank.DEPUTY_SECTION),
    ("科员", Rank.STAFF),
]

# The keys are the demo's usernames, so a test reads the same against either office; nothing else is shared.
SEATS = [
    Seat("xianzhang", "格桑旺堆", (Role.COUNTY_HEAD,), "leadership", "县长", SecretLevel.TOP_SECRET),
    Seat("changwu", "黄振华", (Role.EXECUTIVE_DEPUTY_HEAD,), "leadership", "常务副县长", SecretLevel.TOP_SECRET),
    Seat("fuxianzhang1", "次仁顿珠", (Role.DEPUTY_HEAD,), "leadership", "副县长", SecretLevel.CONFIDENTIAL),
    Seat("fuxianzhang2", "杨丽萍", (Role.DEPUTY_HEAD,), "leadership", "副县长", SecretLevel.CONFIDENTIAL),
    Seat("zhuren", "高建军", (Role.OFFICE_DIRECTOR,), "office_leadership", "办公室主任", SecretLevel.TOP_SECRET),
    Seat(
        "fuzhuren_wenmi",
        "央宗",
        (Role.DEPUTY_DIRECTOR,),
        "office_leadership",
        "办公室副主任",
        SecretLevel.CONFIDENTIAL,
        secretarial=True,
    ),
    Seat("fuzhuren", "罗永刚", (Role.DEPUTY_DIRECTOR,), "office_leadership", "办公室副主任", SecretLevel.CONFIDENTIAL),
    Seat("kezhang", "何晓梅", (Role.SECTION_CHIEF,), "general", "科长", SecretLevel.SECRET),
    Seat("jiyao", "旦增尼玛", (Role.SECTION_CHIEF,), "confidential", "科长", SecretLevel.CONFIDENTIAL),
    Seat("fazhi", "田雨欣", (Role.SECTION_CHIEF, Role.LINE_STAFF), "legal", "科长", SecretLevel.SECRET),
    Seat("shoufa", "卓玛吉", (Role.REGISTRY_CLERK,), "confidential", "科员", SecretLevel.CONFIDENTIAL),
    Seat("guikou1", "郭宏伟", (Role.LINE_STAFF,), "general", "科员", SecretLevel.SECRET),
    Seat("guikou2", "德吉措姆", (Role.LINE_STAFF,), "general", "科员", SecretLevel.SECRET),
    Seat("guikou3", "沈一帆", (Role.LINE_STAFF,), "general", "科员"),
    Seat("dazi", "普布卓嘎", (Role.TYPIST,), "typing", "科员"),
    Seat("zhiban", "索朗平措", (Role.DUTY_OFFICER,), "general", "科员"),
    Seat("xinfang", "韩冬梅", (Role.PETITION_RECEPTIONIST,), "petitions", "科员"),
    Seat("xinxi", "陈嘉怡", (Role.INFORMATION_OFFICER,), "general", "科员"),
    Seat("gongkai", "洛桑丹增", (Role.DISCLOSURE_OFFICER,), "general", "科员"),
    Seat("dangan", "边巴次仁", (Role.ARCHIVIST,), "confidential", "科员", SecretLevel.CONFIDENTIAL),
    Seat("admin", "系统维护员", (), "general", "科员", staff=True),
    # A township's 联络员: outside the office, sees only the township's items (supervision [40], petitions [48]).
    Seat("lianluo", "扎西多杰", (Role.UNIT_CONTACT,), "", "科员"),
]

# The unit each 联络员 seat reports for (a key of UNITS).
CONTACT_UNITS = {"lianluo": "township"}

# 分管办公室领导 of each section [15(2)], [54]; the two leadership "sections" have none.
SECTION_LEADERS = {
    Section.Code.GENERAL: "fuzhuren_wenmi",
    Section.Code.CONFIDENTIAL: "fuzhuren_wenmi",
    Section.Code.TYPING: "fuzhuren_wenmi",
    Section.Code.LEGAL: "fuzhuren",
    Section.Code.SUPERVISION: "fuzhuren",
    Section.Code.PETITIONS: "fuzhuren",
}

# One unit of every kind [26]–[28], by key: (name, short name, kind).
UNITS = {
    "superior": ("测试地区行政公署办公室", "测试行署办", UnitKind.SUPERIOR),
    "county_organ": ("测试县纪律检查委员会", "测试县纪委", UnitKind.COUNTY_ORGAN),
    "peer": ("测试县人民法院", "测试法院", UnitKind.PEER),
    "township": ("测试乡人民政府", "测试乡", UnitKind.TOWNSHIP),
    "department": ("测试县农牧局", "测试农牧局", UnitKind.DEPARTMENT),
    "county_unit": ("测试县气象站", "测试气象站", UnitKind.COUNTY_UNIT),
}

# key (the demo's code, for readable tests): name, 分管副县长, 分管副主任, 归口人员 — the demo's shape of 分管.
LINES = {
    "general-affairs": ("综合事务", "changwu", "fuzhuren_wenmi", ["guikou1"]),
    "finance": ("财税金融", "changwu", "fuzhuren_wenmi", ["guikou1"]),
    "agriculture": ("农牧草原", "fuxianzhang1", "fuzhuren", ["guikou2"]),
    "ecology": ("生态保护", "fuxianzhang1", "fuzhuren", ["guikou2"]),
    "education-health": ("文教卫健", "fuxianzhang2", "fuzhuren", ["guikou3"]),
    "construction": ("城建交通", "fuxianzhang2", "fuzhuren_wenmi", ["guikou3"]),
    "legal-affairs": ("法治政府", "changwu", "fuzhuren_wenmi", ["fazhi"]),
}


class TestOffice(dict):
    """The test office's people by key (a dict, as tests have always used it), with its units, lines and
    sections by key beside them."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, people, *, units, lines, sections):
        super().__init__(people)
        self.units: dict[str, Unit] = units
        self.lines: dict[str, BusinessLine] = lines
        self.sections: dict[str, Section] = sections

    def key_of(self, user) -> str:
        return key_of(user)


def key_of(user_or_username) -> str:
    """The office key of a test office person (``"shoufa"`` for ``t-shoufa``); other usernames unchanged."""
    username = getattr(user_or_username, "username", user_or_username)
    return username.removeprefix(USERNAME_PREFIX)


@transaction.atomic
def build_test_office() -> TestOffice:
    """The test office: every role of 第十五条 held, every unit kind, the lines and their 分管 leaders."""
    sections = {code.value: section(code, name=code.label) for code in Section.Code}
    positions = {name: position(name, rank=rank) for name, rank in POSITIONS}
    people = {}
    for order, seat in enumerate(SEATS):
        people[seat.key] = person(
            *seat.roles,
            username=USERNAME_PREFIX + seat.key,
            full_name=seat.full_name,
            section=sections[seat.section] if seat.section else None,
            position=positions[seat.position],
            clearance=seat.clearance,
            secretarial=seat.secretarial,
            staff=seat.staff,
            sort_order=order,
        )
    for code, leader in SECTION_LEADERS.items():
        sections[code.value] = section(code, leader_in_charge=people[leader])
    units = {
        key: unit(kind, name=name, short_name=short, sort_order=order)
        for order, (key, (name, short, kind)) in enumerate(UNITS.items())
    }
    for key, unit_key in CONTACT_UNITS.items():
        Profile.objects.filter(user=people[key]).update(unit=units[unit_key])
        people[key] = User.objects.get(pk=people[key].pk)
    lines = {
        key: business_line(
            code=LINE_CODE_PREFIX + key,
            name=name,
            deputy_head=people[head],
            deputy_director=people[director],
            staff=[people[s] for s in staff],
            sort_order=order,
        )
        for order, (key, (name, head, director, staff)) in enumerate(LINES.items())
    }
    return TestOffice(people, units=units, lines=lines, sections=sections)

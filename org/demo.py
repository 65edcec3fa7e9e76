"""The demo office: a believable 杂多县政府办公室 for trying the system and for tests.

``build_demo_office()`` is idempotent: every row is found by its natural key and brought to the state
below, so running it twice gives the same office.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import BusinessLine, Position, Profile, Rank, SecretLevel, Section, Unit, UnitKind
from .roles import Role, sync_role_groups

User = get_user_model()

DEMO_PASSWORD = "zaduo-demo-2026"

SECTIONS = [
    (Section.Code.LEADERSHIP, "县政府领导"),
    (Section.Code.OFFICE_LEADERSHIP, "办公室领导"),
    (Section.Code.GENERAL, "综合科"),
    (Section.Code.CONFIDENTIAL, "机要科"),
    (Section.Code.LEGAL, "法制科"),
    (Section.Code.TYPING, "打字室"),
    (Section.Code.SUPERVISION, "督查室"),
    (Section.Code.PETITIONS, "信访室"),
]

# 分管办公室领导 of each section [15(2)], [54]: the secretarial deputy looks after the document sections, the
# other deputy after legal affairs, supervision and petitions; the two leadership "sections" have none (their
# members are leaders, answered by role in ``org.selectors.leader_in_charge_of``).
SECTION_LEADERS = {
    Section.Code.GENERAL: "fuzhuren_wenmi",
    Section.Code.CONFIDENTIAL: "fuzhuren_wenmi",
    Section.Code.TYPING: "fuzhuren_wenmi",
    Section.Code.LEGAL: "fuzhuren",
    Section.Code.SUPERVISION: "fuzhuren",
    Section.Code.PETITIONS: "fuzhuren",
}

POSITIONS = [
    ("县长", Rank.COUNTY),
    ("常务副县长", Rank.DEPUTY_COUNTY),
    ("副县长", Rank.DEPUTY_COUNTY),
    ("办公室主任", Rank.SECTION),
    ("办公室副主任", Rank.DEPUTY_SECTION),
    ("科长", Rank.DEPUTY_SECTION),
    ("科员", Rank.STAFF),
]


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    roles: tuple[Role, ...]
    section: str
    position: str
    clearance: int = SecretLevel.NONE
    secretarial: bool = False
    staff: bool = False  # may use the admin
    phone: str = ""
    unit: str = ""  # 单位联络员: the unit's name (UNITS)


PEOPLE = [
    DemoPerson("xianzhang", "才仁多杰", (Role.COUNTY_HEAD,), "leadership", "县长", SecretLevel.TOP_SECRET),
    DemoPerson("changwu", "王建国", (Role.EXECUTIVE_DEPUTY_HEAD,), "leadership", "常务副县长", SecretLevel.TOP_SECRET),
    DemoPerson("fuxianzhang1", "尼玛扎西", (Role.DEPUTY_HEAD,), "leadership", "副县长", SecretLevel.CONFIDENTIAL),
    DemoPerson("fuxianzhang2", "李明华", (Role.DEPUTY_HEAD,), "leadership", "副县长", SecretLevel.CONFIDENTIAL),
    DemoPerson("zhuren", "张伟", (Role.OFFICE_DIRECTOR,), "office_leadership", "办公室主任", SecretLevel.TOP_SECRET),
    DemoPerson(
        "fuzhuren_wenmi",
        "扎西拉姆",
        (Role.DEPUTY_DIRECTOR,),
        "office_leadership",
        "办公室副主任",
        SecretLevel.CONFIDENTIAL,
        secretarial=True,
    ),
    DemoPerson(
        "fuzhuren",
        "陈志强",
        (Role.DEPUTY_DIRECTOR,),
        "office_leadership",
        "办公室副主任",
        SecretLevel.CONFIDENTIAL,
    ),
    DemoPerson("kezhang", "刘芳", (Role.SECTION_CHIEF,), "general", "科长", SecretLevel.SECRET),
    DemoPerson("jiyao", "多杰才让", (Role.SECTION_CHIEF,), "confidential", "科长", SecretLevel.CONFIDENTIAL),
    DemoPerson("fazhi", "马晓燕", (Role.SECTION_CHIEF, Role.LINE_STAFF), "legal", "科长", SecretLevel.SECRET),
    DemoPerson("shoufa", "索南卓玛", (Role.REGISTRY_CLERK,), "confidential", "科员", SecretLevel.CONFIDENTIAL),
    DemoPerson("guikou1", "赵磊", (Role.LINE_STAFF,), "general", "科员", SecretLevel.SECRET),
    DemoPerson("guikou2", "拉毛措", (Role.LINE_STAFF,), "general", "科员", SecretLevel.SECRET),
    DemoPerson("guikou3", "周文斌", (Role.LINE_STAFF,), "general", "科员"),
    DemoPerson("dazi", "白玛央金", (Role.TYPIST,), "typing", "科员"),
    DemoPerson("zhiban", "更尕", (Role.DUTY_OFFICER,), "general", "科员"),
    DemoPerson("xinfang", "孙丽", (Role.PETITION_RECEPTIONIST,), "petitions", "科员"),
    DemoPerson("xinxi", "杨晓琳", (Role.INFORMATION_OFFICER,), "general", "科员"),
    DemoPerson("gongkai", "尕玛江才", (Role.DISCLOSURE_OFFICER,), "general", "科员"),
    DemoPerson("dangan", "吴桂兰", (Role.ARCHIVIST,), "confidential", "科员", SecretLevel.CONFIDENTIAL),
    DemoPerson("admin", "系统管理员", (), "general", "科员", staff=True),
    # 萨呼腾镇's 联络员: reports on the town's own items only (supervision [40], petitions [48]).
    DemoPerson("lianluo", "才让卓玛", (Role.UNIT_CONTACT,), "", "科员", unit="萨呼腾镇人民政府"),
]

# 杂多县 has one town and seven townships; all eight send documents [28].
UNITS = [
    ("青海省人民政府", "省政府", UnitKind.SUPERIOR),
    ("青海省人民政府办公厅", "省政府办公厅", UnitKind.SUPERIOR),
    ("青海省财政厅", "省财政厅", UnitKind.SUPERIOR),
    ("玉树藏族自治州人民政府", "州政府", UnitKind.SUPERIOR),
    ("玉树藏族自治州人民政府办公室", "州政府办", UnitKind.SUPERIOR),
    ("中共杂多县委员会", "县委", UnitKind.COUNTY_ORGAN),
    ("杂多县人大常委会", "县人大", UnitKind.COUNTY_ORGAN),
    ("政协杂多县委员会", "县政协", UnitKind.COUNTY_ORGAN),
    ("杂多县人民法院", "县法院", UnitKind.PEER),
    ("杂多县人民检察院", "县检察院", UnitKind.PEER),
    ("萨呼腾镇人民政府", "萨呼腾镇", UnitKind.TOWNSHIP),
    ("昂赛乡人民政府", "昂赛乡", UnitKind.TOWNSHIP),
    ("结多乡人民政府", "结多乡", UnitKind.TOWNSHIP),
    ("阿多乡人民政府", "阿多乡", UnitKind.TOWNSHIP),
    ("查旦乡人民政府", "查旦乡", UnitKind.TOWNSHIP),
    ("莫云乡人民政府", "莫云乡", UnitKind.TOWNSHIP),
    ("苏鲁乡人民政府", "苏鲁乡", UnitKind.TOWNSHIP),
    ("扎青乡人民政府", "扎青乡", UnitKind.TOWNSHIP),
    ("杂多县财政局", "财政局", UnitKind.DEPARTMENT),
    ("杂多县教育局", "教育局", UnitKind.DEPARTMENT),
    ("杂多县农牧水利和科技局", "农牧水利科技局", UnitKind.DEPARTMENT),
    ("杂多县卫生健康局", "卫健局", UnitKind.DEPARTMENT),
    ("杂多县住房和城乡建设局", "住建局", UnitKind.DEPARTMENT),
    ("三江源国家公园澜沧江源园区管委会", "澜沧江源园区管委会", UnitKind.COUNTY_UNIT),
    ("杂多县气象局", "气象局", UnitKind.COUNTY_UNIT),
    ("国网杂多县供电公司", "供电公司", UnitKind.COUNTY_UNIT),
]

# code, name, 分管副县长, 分管副主任, 归口人员
LINES = [
    ("general-affairs", "综合政务", "changwu", "fuzhuren_wenmi", ["guikou1"]),
    ("finance", "财政金融", "changwu", "fuzhuren_wenmi", ["guikou1"]),
    ("agriculture", "农牧水利", "fuxianzhang1", "fuzhuren", ["guikou2"]),
    ("ecology", "生态环保", "fuxianzhang1", "fuzhuren", ["guikou2"]),
    ("education-health", "教育卫生", "fuxianzhang2", "fuzhuren", ["guikou3"]),
    ("construction", "城乡建设", "fuxianzhang2", "fuzhuren_wenmi", ["guikou3"]),
    ("legal-affairs", "政府法制", "changwu", "fuzhuren_wenmi", ["fazhi"]),
]


@transaction.atomic
def build_demo_office(password: str = DEMO_PASSWORD) -> dict[str, User]:
    groups = sync_role_groups()
    sections = {}
    for order, (code, name) in enumerate(SECTIONS):
        sections[code.value], _ = Section.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    positions = {}
    for order, (name, rank) in enumerate(POSITIONS):
        positions[name], _ = Position.objects.update_or_create(name=name, defaults={"rank": rank, "sort_order": order})
    for order, (name, short, kind) in enumerate(UNITS):
        Unit.objects.update_or_create(name=name, defaults={"short_name": short, "kind": kind, "sort_order": order})

    # Free the secretarial flag first so the one-secretarial-deputy constraint holds while we update.
    Profile.objects.filter(is_secretarial_deputy=True).exclude(user__username="fuzhuren_wenmi").update(
        is_secretarial_deputy=False
    )
    users: dict[str, User] = {}
    for order, person in enumerate(PEOPLE):
        user, created = User.objects.get_or_create(username=person.username)
        if created:
            # A password someone has since changed is left alone; the printed one holds for new accounts.
            user.set_password(password)
        user.email = f"{person.username}@zaduo.local"
        user.is_active = True
        user.is_staff = person.staff
        user.is_superuser = person.staff
        user.save()
        user.groups.set([groups[role] for role in person.roles])
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "full_name": person.full_name,
                "section": sections[person.section] if person.section else None,
                "unit": Unit.objects.get(name=person.unit) if person.unit else None,
                "position": positions[person.position],
                "clearance": person.clearance,
                "is_secretarial_deputy": person.secretarial,
                "phone": person.phone or f"0976-88{order:05d}",
                "sort_order": order,
            },
        )
        users[person.username] = user

    for section in sections.values():
        leader = SECTION_LEADERS.get(section.code)
        section.leader_in_charge = users[leader] if leader else None
        section.save(update_fields=["leader_in_charge"])

    for order, (code, name, head, director, staff) in enumerate(LINES):
        line, _ = BusinessLine.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "deputy_head": users[head],
                "deputy_director": users[director],
                "sort_order": order,
            },
        )
        line.staff.set([users[u] for u in staff])
    return users

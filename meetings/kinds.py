"""The seven meetings of 第三章 and 第六条: who chairs each, who attends by default, what may be put on it.

The office's own three [17]: 主任办公会议 [18], 室务会议 [24], 全体会议 [25] — each chaired by the director, or
by a deputy director *the director entrusts* (委托, recorded on the meeting). The county government's four,
which the office prepares and serves [6]: 全体会议, 常务会议, 县长办公会议, 专题会议. The regulation names no
chair for these; the rule below follows the usual work rules of a county government (docs/decisions.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from org.roles import Role


class Kind(models.TextChoices):
    DIRECTOR_OFFICE = "director_office", "主任办公会议"
    OFFICE_AFFAIRS = "office_affairs", "室务会议"
    OFFICE_PLENARY = "office_plenary", "办公室全体会议"
    COUNTY_PLENARY = "county_plenary", "县政府全体会议"
    COUNTY_EXECUTIVE = "county_executive", "县政府常务会议"
    COUNTY_HEAD = "county_head", "县长办公会议"
    COUNTY_TOPIC = "county_topic", "专题会议"
    EXTERNAL = "external", "上级及外单位会议"
    JOINT = "joint", "联席会议"


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    article: str
    office: bool  # the office's own meeting [17] (True) or a county-government meeting it serves [6] (False)
    # The roles whose holders may chair it without an entrustment, and those who may with one.
    chairs: frozenset
    entrusted_chairs: frozenset
    chair_rule: str  # in the regulation's words, shown on the form (for 上级会议: who leads the county's party)
    # The roles whose active holders are invited by default (editable on the meeting).
    attendee_roles: frozenset
    attendee_rule: str
    # 议题 categories: the article's own list (code, label).
    categories: tuple[tuple[str, str], ...]
    # The roles that may propose a topic for it.
    proposers: frozenset
    minutes_title: str  # 纪要's title; for county meetings also the numbering series' name [30(5)]

    @property
    def label(self) -> str:
        return self.kind.label

    def category_label(self, code: str) -> str:
        return dict(self.categories).get(code, "")


OFFICE_LEADER_ROLES = frozenset({Role.OFFICE_DIRECTOR, Role.DEPUTY_DIRECTOR})
COUNTY_LEADER_ROLES = frozenset({Role.COUNTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD, Role.DEPUTY_HEAD})
OFFICE_STAFF_ROLES = frozenset(set(Role) - COUNTY_LEADER_ROLES - {Role.UNIT_CONTACT})

_OFFICE_CHAIR = "由办公室主任或受主任委托的副主任主持"

SPECS: dict[str, KindSpec] = {
    spec.kind.value: spec
    for spec in (
        KindSpec(
            Kind.DIRECTOR_OFFICE,
            "[18]",
            True,
            frozenset({Role.OFFICE_DIRECTOR}),
            frozenset({Role.DEPUTY_DIRECTOR}),
            _OFFICE_CHAIR + "，根据需要不定期召开",
            OFFICE_LEADER_ROLES,
            "办公室主任、副主任",
            (
                ("18-1", "（一）讨论向县政府请示的重要事项"),
                ("18-2", "（二）讨论提出贯彻县政府全会、常务会、县长办公会精神和决定的具体意见"),
                ("18-3", "（三）讨论落实县长、副县长部署的有关工作"),
                ("18-4", "（四）研究需要统筹协调的有关事项"),
                ("18-5", "（五）研究决定办公室人事调配、财务收支等重大事项"),
                ("18-6", "（六）研究其它有关工作"),
            ),
            frozenset({*OFFICE_LEADER_ROLES, Role.SECTION_CHIEF}),
            "主任办公会议纪要",
        ),
        KindSpec(
            Kind.OFFICE_AFFAIRS,
            "[24]",
            True,
            frozenset({Role.OFFICE_DIRECTOR}),
            frozenset({Role.DEPUTY_DIRECTOR}),
            _OFFICE_CHAIR + "，各科(室)科长(主任)参加",
            frozenset({*OFFICE_LEADER_ROLES, Role.SECTION_CHIEF}),
            "办公室主任、副主任和各科(室)科长(主任)",
            (
                ("24-1", "（一）传达学习和贯彻上级党委、政府的重要工作部署"),
                ("24-2", "（二）通报近期县政府工作，研究、讨论、安排布置办公室工作"),
                ("24-3", "（三）讨论通过主任办公会决定的办公室工作中的重大事项"),
                ("24-4", "（四）讨论通过其它有关工作"),
            ),
            frozenset({*OFFICE_LEADER_ROLES, Role.SECTION_CHIEF}),
            "室务会议纪要",
        ),
        KindSpec(
            Kind.OFFICE_PLENARY,
            "[25]",
            True,
            frozenset({Role.OFFICE_DIRECTOR}),
            frozenset({Role.DEPUTY_DIRECTOR}),
            _OFFICE_CHAIR + "，全体机关干部和工作人员参加",
            OFFICE_STAFF_ROLES,
            "办公室全体机关干部和工作人员",
            (
                ("25-1", "（一）传达学习和贯彻上级党委、政府的重要工作部署"),
                ("25-2", "（二）通报近期县政府工作，研究、讨论、安排布置办公室工作"),
                ("25-3", "（三）商议决定办公室工作及涉及干部职工切身利益和办公室建设等事宜"),
            ),
            OFFICE_LEADER_ROLES,
            "办公室全体会议纪要",
        ),
        KindSpec(
            Kind.COUNTY_PLENARY,
            "[6]",
            False,
            frozenset({Role.COUNTY_HEAD}),
            frozenset({Role.EXECUTIVE_DEPUTY_HEAD}),
            "由县长召集和主持；县长委托时由常务副县长主持",
            frozenset({*COUNTY_LEADER_ROLES, Role.OFFICE_DIRECTOR}),
            "县长、副县长、办公室主任，各乡(镇)、县政府各部门主要负责人列席",
            (
                ("6p-1", "讨论决定县政府工作中的重大事项"),
                ("6p-2", "部署县政府的重要工作"),
                ("6p-3", "其他需要县政府全体会议讨论的事项"),
            ),
            frozenset({*COUNTY_LEADER_ROLES, *OFFICE_LEADER_ROLES}),
            "县政府全体会议纪要",
        ),
        KindSpec(
            Kind.COUNTY_EXECUTIVE,
            "[6]",
            False,
            frozenset({Role.COUNTY_HEAD}),
            frozenset({Role.EXECUTIVE_DEPUTY_HEAD}),
            "由县长召集和主持；县长委托时由常务副县长主持",
            frozenset({*COUNTY_LEADER_ROLES, Role.OFFICE_DIRECTOR}),
            "县长、副县长、办公室主任，有关部门负责人列席",
            (
                ("6e-1", "讨论决定县政府工作中的重要事项"),
                ("6e-2", "讨论提请县人大及其常委会审议的议案"),
                ("6e-3", "审议县政府规范性文件和重要文件"),
                ("6e-4", "通报和讨论其他重要事项"),
            ),
            frozenset({*COUNTY_LEADER_ROLES, *OFFICE_LEADER_ROLES}),
            "县政府常务会议纪要",
        ),
        KindSpec(
            Kind.COUNTY_HEAD,
            "[6]",
            False,
            frozenset({Role.COUNTY_HEAD}),
            frozenset({Role.EXECUTIVE_DEPUTY_HEAD, Role.DEPUTY_HEAD}),
            "由县长或县长委托的副县长召集和主持",
            frozenset({Role.COUNTY_HEAD, Role.OFFICE_DIRECTOR}),
            "县长（或受委托的副县长）、有关副县长、办公室主任，有关部门负责人列席",
            (
                ("6h-1", "研究、处理县政府工作中的专项问题"),
                ("6h-2", "协调解决部门、乡(镇)之间的有关事项"),
                ("6h-3", "其他需要县长办公会议研究的事项"),
            ),
            frozenset({*COUNTY_LEADER_ROLES, *OFFICE_LEADER_ROLES}),
            "县长办公会议纪要",
        ),
        KindSpec(
            Kind.COUNTY_TOPIC,
            "[6]",
            False,
            frozenset(COUNTY_LEADER_ROLES),
            frozenset(),
            "由县长或分管副县长召集和主持",
            frozenset({Role.OFFICE_DIRECTOR}),
            "主持的县政府领导、办公室主任，有关部门负责人列席",
            (
                ("6t-1", "研究、协调分管领域的专门问题"),
                ("6t-2", "其他需要专题研究的事项"),
            ),
            frozenset({*COUNTY_LEADER_ROLES, *OFFICE_LEADER_ROLES}),
            "专题会议纪要",
        ),
        # 联席会议 [15(3)]: the county government office's meeting with the offices of the county Party committee,
        # the people's congress and the CPPCC, held regularly and as needed. Four offices meet; this office
        # organises its side like its own meetings (office=True): the director chairs, or a deputy he entrusts;
        # its minutes are numbered in their own series (联席会议纪要〔年〕N号).
        KindSpec(
            Kind.JOINT,
            "[15(3)]",
            True,
            frozenset({Role.OFFICE_DIRECTOR}),
            frozenset({Role.DEPUTY_DIRECTOR}),
            _OFFICE_CHAIR + "，与县委、人大、政协办公室定期不定期召开",
            OFFICE_LEADER_ROLES,
            "办公室主任、副主任（县委、人大、政协办公室负责人参加）",
            (
                ("15-3-1", "互通情况"),
                ("15-3-2", "协调工作"),
                ("15-3-3", "其他"),
            ),
            OFFICE_LEADER_ROLES,
            "联席会议纪要",
        ),
        # Not held by the county: a meeting a superior organ calls the county's leaders to, from an incoming
        # 会议通知 [26(6)4]. On the calendar so that routing and scheduling see the leaders are away; the
        # "chair" is the county's leading attendee (带队), no topics, no minutes series of its own.
        KindSpec(
            Kind.EXTERNAL,
            "[26(6)4]",
            False,
            frozenset({*COUNTY_LEADER_ROLES, *OFFICE_LEADER_ROLES}),
            frozenset(),
            "由来文通知的县政府领导或办公室领导带队参加",
            frozenset(),
            "来文会议通知所涉及的领导",
            (),
            frozenset(),
            "会议情况",
        ),
    )
}


def spec_of(kind: str) -> KindSpec:
    return SPECS[str(kind)]


OFFICE_KINDS = tuple(k for k, s in SPECS.items() if s.office)
COUNTY_KINDS = tuple(k for k, s in SPECS.items() if not s.office and k != Kind.EXTERNAL)

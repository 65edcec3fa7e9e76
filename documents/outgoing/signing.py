"""签发 [30(3)]: who must approve and sign a document, in order, and which rule put each of them there.

The whole of 第三十条第三项 is the table ``RULES`` below: one row per case the text names. Every row that
applies to a document contributes its *stages*; the stages are merged in their fixed order, and the last
one is the signature (签发). Each planned step carries the rows that demanded it, so the page can show,
before anyone acts, who must still sign and why.

    以县人民政府名义发文 [30(3)1]
    | 情形                                         | 途径                                    |
    | 属日常工作                                   | 分管副县长签发（无分管副县长时县长签发） |
    | 涉及几位副县长分管范围                       | 有关副县长会签 → 常务副县长 → 县长签发   |
    | 涉及机构、人事、资金、资产、规划、政策、管理权限 | 分管副县长审核 → 县长签发               |
    | 重要公文（重大问题、重要决定）[30(2)2]       | 分管副县长审批 → 主任统筹把关 → 县长签发 |
    | 规范性文件                                   | 分管副县长审批 → 县长签署               |
    | 向县人大及其常委会提出的议案                 | 分管副县长审批 → 县长签署               |
    | 人事任免文件                                 | 分管副县长审批 → 县长签署               |
    | 报送省、州政府的公文                         | 分管副县长审批 → 县长签发               |
    以县政府办公室名义发文 [30(3)2]
    | 办公室发文                                   | 主任签发                                 |
    | 文中注明“经县人民政府同意”                   | 县长或副县长审定同意 → 主任签发         |
    | 文中注明“经县人民政府研究”                   | 须注明已决定的事项 → 主任签发           |
    | 重要公文、规范性文件 [30(2)2]                | 分管副县长审批 → 县长审批 → 主任签发    |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from org.roles import Role
from org.selectors import display_name, users_with_role

from .choices import Authority, Importance, Phase, StepKind
from .routing import Plan, PlannedStep


class Stage(IntEnum):
    """The signing stages in the order they are walked."""

    DEPUTY = 10  # 分管副县长：审批，或（无人再签时）签发
    COSIGN = 20  # 有关副县长会签（任意顺序，缺一不可）
    EXECUTIVE = 30  # 送常务副县长
    OVERALL = 40  # 办公室主任统筹把关 [30(2)2]
    COUNTY_HEAD = 50  # 县长签发、签署（办公室发文时为审批）
    LEADER_AGREES = 60  # 县长或副县长审定同意（办公室发文）
    DIRECTOR_SIGNS = 70  # 办公室主任签发（办公室发文）


@dataclass(frozen=True)
class Facts:
    """What the rules read from a document, gathered once."""

    authority: str
    importance: str
    line_name: str
    line_deputy_head: object | None
    deputy_heads: tuple  # distinct 分管副县长 of the line and of the other lines it touches, line first
    touched: tuple[str, ...]
    to_superior: bool
    motion: bool
    appointment: bool
    agreed: bool
    studied: bool
    decided_matter: str

    @classmethod
    def of(cls, doc) -> Facts:
        heads = []
        lines = [doc.line, *doc.other_lines.select_related("deputy_head__profile").order_by("sort_order", "id")]
        for line in lines:
            if line.deputy_head is not None and line.deputy_head.pk not in {h.pk for h in heads}:
                heads.append(line.deputy_head)
        return cls(
            authority=doc.authority,
            importance=doc.importance,
            line_name=doc.line.name,
            line_deputy_head=doc.line.deputy_head,
            deputy_heads=tuple(heads),
            touched=tuple(doc.touched_subjects),
            to_superior=doc.goes_to_superior,
            motion=doc.is_motion,
            appointment=doc.is_appointment,
            agreed=doc.mentions_agreed,
            studied=doc.mentions_studied,
            decided_matter=doc.decided_matter.strip(),
        )


@dataclass(frozen=True)
class Rule:
    key: str
    case: str  # the case as the regulation names it
    authority: str
    applies: Callable[[Facts], bool]
    stages: tuple[Stage, ...]
    article: str

    @property
    def label(self) -> str:
        return f"{self.case} {self.article}"


GOV, OFFICE = Authority.GOVERNMENT, Authority.OFFICE
DEPUTY, COSIGN, EXECUTIVE, OVERALL, HEAD, AGREE, DIRECTOR = (
    Stage.DEPUTY,
    Stage.COSIGN,
    Stage.EXECUTIVE,
    Stage.OVERALL,
    Stage.COUNTY_HEAD,
    Stage.LEADER_AGREES,
    Stage.DIRECTOR_SIGNS,
)


def always(f: Facts) -> bool:
    return True


def several_deputy_heads(f: Facts) -> bool:
    return len(f.deputy_heads) > 1


def touches_interests(f: Facts) -> bool:
    return bool(f.touched)


def important(f: Facts) -> bool:
    return f.importance == Importance.IMPORTANT


def normative(f: Facts) -> bool:
    return f.importance == Importance.NORMATIVE


def not_ordinary(f: Facts) -> bool:
    return f.importance != Importance.ORDINARY


# One row per case of [30(3)]: key, the case as the regulation names it, issued in whose name, when it
# applies, the stages it asks for, the article.
# fmt: off
RULES: tuple[Rule, ...] = (
    # --- 以县人民政府名义发文 [30(3)1] ---
    Rule("routine", "属日常工作，按工作分工由副县长签发",
         GOV, always, (DEPUTY,), "[30(3)1]"),
    Rule("several_lines", "涉及几位副县长分管范围",
         GOV, several_deputy_heads, (COSIGN, EXECUTIVE, HEAD), "[30(3)1]"),
    Rule("interests", "涉及机构、人事、资金、资产及规划、政策和管理权限等调整",
         GOV, touches_interests, (DEPUTY, HEAD), "[30(3)1]"),
    Rule("important", "重要公文（涉及重大问题、重要决定）",
         GOV, important, (DEPUTY, OVERALL, HEAD), "[30(2)2] [30(3)1]"),
    Rule("normative", "规范性文件",
         GOV, normative, (DEPUTY, HEAD), "[30(3)1]"),
    Rule("motion", "向县人民代表大会及其常务委员会提出的议案",
         GOV, lambda f: f.motion, (DEPUTY, HEAD), "[30(3)1]"),
    Rule("appointment", "人事任免文件",
         GOV, lambda f: f.appointment, (DEPUTY, HEAD), "[30(3)1]"),
    Rule("to_superior", "报送省、州政府的公文",
         GOV, lambda f: f.to_superior, (DEPUTY, HEAD), "[30(3)1]"),
    # --- 以县政府办公室名义发文 [30(3)2] ---
    Rule("office", "以县政府办公室名义发文，由办公室主任签发",
         OFFICE, always, (DIRECTOR,), "[30(3)2]"),
    Rule("office_agreed", "文中注明“经县人民政府同意”，报县长或副县长审定同意",
         OFFICE, lambda f: f.agreed, (AGREE, DIRECTOR), "[30(3)2]"),
    Rule("office_studied", "文中注明“经县人民政府研究”，须为已明确或经县政府会议确定的事项",
         OFFICE, lambda f: f.studied, (DIRECTOR,), "[30(3)2]"),
    Rule("office_important", "重要公文、规范性文件，呈分管副县长、县长审批",
         OFFICE, not_ordinary, (DEPUTY, HEAD, DIRECTOR), "[30(2)2]"),
)
# fmt: on


def applicable_rules(facts: Facts) -> list[Rule]:
    return [rule for rule in RULES if rule.authority == facts.authority and rule.applies(facts)]


def _first(role: Role):
    return users_with_role(role).first()


def signing_plan(doc, facts: Facts | None = None) -> Plan:
    """The ordered signers of ``doc`` under [30(3)], with the rule (and article) behind each."""
    facts = facts or Facts.of(doc)
    rules = applicable_rules(facts)
    # 属日常工作 is what is left when no other case applies: once the county head must sign, it drops out.
    if any(Stage.COUNTY_HEAD in rule.stages for rule in rules):
        rules = [rule for rule in rules if rule.key != "routine"]
    problems: list[str] = []
    notes: list[str] = []
    wanted: dict[Stage, list[Rule]] = {}
    for rule in rules:
        for stage in rule.stages:
            wanted.setdefault(stage, []).append(rule)

    if facts.authority == Authority.OFFICE:
        if facts.motion or facts.appointment:
            problems.append("议案和人事任免文件须以县人民政府名义发文，由县长签署 [30(3)1]。")
        if facts.studied and not facts.decided_matter:
            problems.append("文中注明“经县人民政府研究”，须填写所依据的已决定事项（如县政府常务会议决定） [30(3)2]。")
        # The county leaders' approval of an important office document already is the agreement.
        if Stage.LEADER_AGREES in wanted and Stage.COUNTY_HEAD in wanted:
            notes.append("县长已在审批环节审定，“经县人民政府同意”无须另行审定 [30(3)2]。")
            del wanted[Stage.LEADER_AGREES]
    # 会签 takes the line's deputy head in with the others: no separate 审批 by them.
    if Stage.COSIGN in wanted and Stage.DEPUTY in wanted:
        wanted[Stage.COSIGN] = [*wanted.pop(Stage.DEPUTY), *wanted[Stage.COSIGN]]

    county_head = (
        _first(Role.COUNTY_HEAD) if {Stage.COUNTY_HEAD, Stage.DEPUTY, Stage.LEADER_AGREES} & set(wanted) else None
    )
    ordered = sorted(wanted)
    final = ordered[-1] if ordered else None

    plan_steps: list[tuple[Stage, str, object, list[Rule], bool, str]] = []
    for stage in ordered:
        why = wanted[stage]
        is_final = stage == final
        if stage == Stage.DEPUTY:
            head = facts.line_deputy_head
            if head is None:
                # "由县长或按工作分工由副县长签发": with no deputy head for the line, the county head signs.
                notes.append(f"业务归口“{facts.line_name}”未设分管副县长，由县长办理 [30(3)1]。")
                if Stage.COUNTY_HEAD in wanted:
                    continue
                plan_steps.append((stage, StepKind.SIGN, county_head, why, False, "由县长签发"))
                continue
            plan_steps.append((stage, StepKind.SIGN if is_final else StepKind.APPROVE, head, why, False, ""))
        elif stage == Stage.COSIGN:
            for head in facts.deputy_heads:
                plan_steps.append((stage, StepKind.COSIGN, head, why, False, ""))
        elif stage == Stage.EXECUTIVE:
            executive = _first(Role.EXECUTIVE_DEPUTY_HEAD)
            if executive is None:
                problems.append("未设常务副县长，涉及几位副县长分管范围的公文无法送常务副县长 [30(3)1]。")
            elif executive.pk in {h.pk for h in facts.deputy_heads}:
                notes.append(f"常务副县长{display_name(executive)}已会签，不再另送 [30(3)1]。")
            else:
                plan_steps.append((stage, StepKind.REVIEW, executive, why, False, ""))
        elif stage == Stage.OVERALL:
            director = _first(Role.OFFICE_DIRECTOR)
            if director is None:
                problems.append("未设办公室主任，重要公文无法统筹把关 [30(2)2]。")
            plan_steps.append((stage, StepKind.OVERALL, director, why, True, ""))
        elif stage == Stage.COUNTY_HEAD:
            if county_head is None:
                problems.append("未设县长，须县长签发的公文无法送签 [30(3)1]。")
            plan_steps.append((stage, StepKind.SIGN if is_final else StepKind.APPROVE, county_head, why, False, ""))
        elif stage == Stage.LEADER_AGREES:
            leader = facts.line_deputy_head or county_head
            if leader is None:
                problems.append("未设县长或分管副县长，无法审定同意 [30(3)2]。")
            plan_steps.append((stage, StepKind.AGREE, leader, why, False, ""))
        elif stage == Stage.DIRECTOR_SIGNS:
            director = _first(Role.OFFICE_DIRECTOR)
            if director is None:
                problems.append("未设办公室主任，办公室发文无法签发 [30(3)2]。")
            plan_steps.append((stage, StepKind.SIGN, director, why, False, ""))

    steps: list[PlannedStep] = []
    seq = 0
    last_stage = None
    for stage, kind, person, why, gates, extra in plan_steps:
        if person is None:
            continue
        if stage != last_stage:
            seq += 1
            last_stage = stage
        steps.append(
            PlannedStep(
                seq=seq,
                phase=Phase.SIGN,
                kind=kind,
                assignee=person,
                reason="；".join(dict.fromkeys([*(r.case for r in why), *([extra] if extra else [])])),
                article=" ".join(dict.fromkeys(a for r in why for a in r.article.split())),
                requires_gates=gates,
            )
        )
    return Plan(
        steps=tuple(steps),
        rules=tuple(rule.label for rule in rules),
        problems=tuple(problems),
        notes=tuple(notes),
    )

"""The review chain [30(2)]: who checks a draft, in order, before the leaders approve and sign it.

The chain comes from the document's business line (``org``), its origin and its importance — never from
a free choice on the page. The signing route that follows is ``signing.signing_plan`` [30(3)].
"""

from __future__ import annotations

from dataclasses import dataclass, field

from org.models import Section
from org.roles import Role
from org.selectors import users_with_role

from .choices import Importance, Origin, Phase, StepKind


@dataclass(frozen=True)
class PlannedStep:
    """One person's step as the rules want it: steps with the same ``seq`` are taken in any order."""

    seq: int
    phase: str
    kind: str
    assignee: object
    reason: str  # why this person is on the route, in Chinese
    article: str
    requires_gates: bool = False

    @property
    def kind_label(self) -> str:
        return StepKind(self.kind).label


@dataclass(frozen=True)
class Plan:
    steps: tuple[PlannedStep, ...] = ()
    rules: tuple[str, ...] = ()  # the cases that applied, for the page: "涉及资金 [30(3)1]"
    problems: tuple[str, ...] = ()  # what stops the route from being walked at all
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems


def legal_reviewer():
    """法制科 reviews normative documents [30(2)3]: its section chief."""
    return (
        users_with_role(Role.SECTION_CHIEF)
        .filter(profile__section__code=Section.Code.LEGAL)
        .order_by("profile__sort_order", "id")
        .first()
    )


def review_chain(doc) -> Plan:
    """审核的程序 [30(2)]. Every step here checks the six gates.

    - ordinary: 归口人员拟稿 → 分管副主任审核 [30(2)1];
    - department draft: 拟文单位领导签批 → 归口人员初审 → 分管副主任核稿 [30(1)], [30(2)1];
    - normative: 法制科 reviews as well [30(2)3].
    The leaders' 审批 of [30(2)1]/[30(2)2] belongs to the signing route (``signing``).
    """
    steps: list[PlannedStep] = []
    problems: list[str] = []
    if doc.origin == Origin.DEPARTMENT:
        unit = doc.drafting_unit.name if doc.drafting_unit_id else "职能部门"
        steps.append(
            PlannedStep(
                seq=len(steps) + 1,
                phase=Phase.REVIEW,
                kind=StepKind.FIRST_CHECK,
                assignee=doc.drafter,
                reason=f"{unit}代拟稿，由归口人员初审",
                article="[30(1)] [30(2)1]",
                requires_gates=True,
            )
        )
    deputy_director = doc.line.deputy_director
    if deputy_director is None:
        problems.append(f"业务归口“{doc.line.name}”未设分管副主任，无法送审；请管理员在后台补设 [30(2)1]。")
    else:
        steps.append(
            PlannedStep(
                seq=len(steps) + 1,
                phase=Phase.REVIEW,
                kind=StepKind.CHECK,
                assignee=deputy_director,
                reason=f"分管“{doc.line.name}”的副主任核稿",
                article="[30(2)1]",
                requires_gates=True,
            )
        )
    if doc.importance == Importance.NORMATIVE:
        legal = legal_reviewer()
        if legal is None:
            problems.append("法制科未设科长，规范性文件无法送法制科审核 [30(2)3]。")
        else:
            steps.append(
                PlannedStep(
                    seq=len(steps) + 1,
                    phase=Phase.REVIEW,
                    kind=StepKind.LEGAL,
                    assignee=legal,
                    reason="规范性文件由法制科按规定程序审核",
                    article="[30(2)3]",
                    requires_gates=True,
                )
            )
    return Plan(steps=tuple(steps), problems=tuple(problems))

"""签发 [30(3)]: the signing table, one test per row (and the combinations a careful clerk would ask about)."""

from __future__ import annotations

import pytest

from documents.outgoing.choices import Authority
from documents.outgoing.signing import RULES, signing_plan
from org.models import BusinessLine
from tests.factories import key_of

pytestmark = pytest.mark.django_db


def route(doc) -> list[tuple[int, str, str]]:
    """(seq, office key, kind) of every planned signer, in order."""
    plan = signing_plan(doc)
    assert plan.ok, plan.problems
    return [(s.seq, key_of(s.assignee), s.kind) for s in plan.steps]


def test_routine_county_document_is_signed_by_the_deputy_head_in_charge(draft):
    """[30(3)1] 属日常工作的，按工作分工由副县长签发."""
    doc = draft(line="agriculture")
    assert route(doc) == [(1, "fuxianzhang1", "sign")]
    assert signing_plan(doc).steps[0].article == "[30(3)1]"


def test_routine_document_of_a_line_without_a_deputy_head_is_signed_by_the_county_head(draft, office):
    """[30(3)1] 由县长或按工作分工由副县长签发: no deputy head for the line → the county head signs."""
    BusinessLine.objects.filter(pk=office.lines["agriculture"].pk).update(deputy_head=None)
    doc = draft(line="agriculture")
    assert route(doc) == [(1, "xianzhang", "sign")]


def test_several_deputy_heads_cosign_in_any_order_then_executive_then_county_head(draft):
    """[30(3)1] 涉及几位副县长分管范围的，经有关副县长会签后，送常务副县长并报县长签发."""
    doc = draft(line="agriculture", other_lines=("education-health",))
    assert route(doc) == [
        (1, "fuxianzhang1", "cosign"),
        (1, "fuxianzhang2", "cosign"),
        (2, "changwu", "review"),
        (3, "xianzhang", "sign"),
    ]


def test_executive_deputy_head_who_cosigned_is_not_asked_twice(draft):
    """[30(3)1] when the 常务副县长 is one of the co-signers, his co-signature is his step."""
    doc = draft(line="agriculture", other_lines=("general-affairs",))
    assert route(doc) == [(1, "fuxianzhang1", "cosign"), (1, "changwu", "cosign"), (2, "xianzhang", "sign")]
    assert any("已会签" in note for note in signing_plan(doc).notes)


def test_another_line_of_the_same_deputy_head_is_not_a_cosign(draft):
    """[30(3)1] 几位副县长: two lines of one deputy head are still one deputy head's matter."""
    doc = draft(line="agriculture", other_lines=("ecology",))
    assert route(doc) == [(1, "fuxianzhang1", "sign")]


@pytest.mark.parametrize(
    "flag",
    [
        "touches_structure",
        "touches_personnel",
        "touches_funds",
        "touches_assets",
        "touches_planning",
        "touches_policy",
        "touches_powers",
    ],
)
def test_touching_structure_people_money_assets_planning_policy_or_powers_goes_to_county_head(draft, flag):
    """[30(3)1] 涉及机构、人事、资金、资产及规划、政策和管理权限等调整 → 有关副县长审核后送县长签发."""
    doc = draft(flags=(flag,))
    assert route(doc) == [(1, "fuxianzhang1", "approve"), (2, "xianzhang", "sign")]


def test_important_document_deputy_head_then_director_overall_check_then_county_head(draft):
    """[30(2)2] 重要公文 … 分管副县长审批后，送办公室主任统筹把关，再呈县长审批; [30(3)1] 县长签发."""
    doc = draft(importance="important")
    assert route(doc) == [(1, "fuxianzhang1", "approve"), (2, "zhuren", "overall"), (3, "xianzhang", "sign")]
    assert signing_plan(doc).steps[1].requires_gates  # 统筹把关 checks the six gates too


def test_normative_document_is_signed_by_the_county_head(draft):
    """[30(3)1] 县人民政府发布的规范性文件，由县长签署."""
    doc = draft(importance="normative")
    assert route(doc) == [(1, "fuxianzhang1", "approve"), (2, "xianzhang", "sign")]


@pytest.mark.parametrize("how", ["flag", "doc_type"])
def test_proposal_to_the_peoples_congress_is_signed_by_the_county_head(draft, how):
    """[30(3)1] 向县人民代表大会及其常务委员会提出的议案，由县长签署 — ticked or by its kind 议案."""
    doc = draft(flags=("to_congress",)) if how == "flag" else draft(doc_type="motion")
    assert route(doc) == [(1, "fuxianzhang1", "approve"), (2, "xianzhang", "sign")]


def test_appointment_and_removal_is_signed_by_the_county_head(draft):
    """[30(3)1] 人事任免文件，由县长签署."""
    doc = draft(flags=("is_appointment",))
    assert route(doc) == [(1, "fuxianzhang1", "approve"), (2, "xianzhang", "sign")]


@pytest.mark.parametrize("how", ["flag", "main_recipients"])
def test_document_to_the_province_or_prefecture_is_signed_by_the_county_head(draft, how):
    """[30(3)1] 县人民政府报送省、州政府的公文，由县长签发 — ticked, or read from 主送."""
    if how == "flag":
        doc = draft(flags=("to_superior",))
    else:
        doc = draft(doc_type="request", main_recipients="玉树藏族自治州人民政府")
    assert route(doc) == [(1, "fuxianzhang1", "approve"), (2, "xianzhang", "sign")]


def test_several_cases_at_once_merge_into_one_route_with_every_reason(draft):
    """[30(3)1] the strictest route wins and each step names every rule behind it."""
    doc = draft(importance="important", other_lines=("education-health",), flags=("touches_funds",))
    assert route(doc) == [
        (1, "fuxianzhang1", "cosign"),
        (1, "fuxianzhang2", "cosign"),
        (2, "changwu", "review"),
        (3, "zhuren", "overall"),
        (4, "xianzhang", "sign"),
    ]
    head = signing_plan(doc).steps[-1]
    assert "涉及几位副县长分管范围" in head.reason and "资金" in head.reason and "重要公文" in head.reason


def test_office_document_is_signed_by_the_director(draft):
    """[30(3)2] 以县政府办公室名义发文 … 由办公室主任签发."""
    doc = draft(authority=Authority.OFFICE)
    assert route(doc) == [(1, "zhuren", "sign")]


def test_office_document_saying_agreed_by_the_county_government_needs_a_leaders_agreement(draft):
    """[30(3)2] 文中注明“经县人民政府同意”的，应报县长或副县长审定同意 — found in the body."""
    doc = draft(authority=Authority.OFFICE, body="经县人民政府同意，现将《杂多县草原防火预案》印发给你们。")
    assert doc.says_agreed is False and doc.mentions_agreed
    assert route(doc) == [(1, "fuxianzhang1", "agree"), (2, "zhuren", "sign")]


def test_office_document_saying_studied_needs_the_decided_matter(draft):
    """[30(3)2] 文中注明“经县人民政府研究”的，需是已经明确或经县政府会议讨论确定的事项."""
    doc = draft(authority=Authority.OFFICE, body="经县人民政府研究，决定开展春季草原防火检查。")
    plan = signing_plan(doc)
    assert not plan.ok and "已决定事项" in plan.problems[0]
    doc.decided_matter = "县政府2026年第3次常务会议决定"
    assert route(doc) == [(1, "zhuren", "sign")]


def test_important_office_document_goes_to_deputy_head_and_county_head_before_the_director_signs(draft):
    """[30(2)2] 重要公文呈分管副县长、县长审批; [30(3)2] 办公室发文由主任签发."""
    doc = draft(authority=Authority.OFFICE, importance="important", body="经县人民政府同意，印发如下。")
    assert route(doc) == [(1, "fuxianzhang1", "approve"), (2, "xianzhang", "approve"), (3, "zhuren", "sign")]


def test_appointments_and_motions_cannot_go_out_in_the_offices_name(draft):
    """[30(3)1] 议案、人事任免文件由县长签署: they are the county government's, never the office's."""
    doc = draft(authority=Authority.OFFICE, flags=("is_appointment",))
    assert "县人民政府名义" in signing_plan(doc).problems[0]


def test_the_table_names_every_case_of_the_article_once():
    """[30(3)] the table is the article: eight county-government cases, four office cases."""
    assert [r.key for r in RULES] == [
        "routine",
        "several_lines",
        "interests",
        "important",
        "normative",
        "motion",
        "appointment",
        "to_superior",
        "office",
        "office_agreed",
        "office_studied",
        "office_important",
    ]

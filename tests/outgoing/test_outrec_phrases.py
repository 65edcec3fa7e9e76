"""“经县人民政府同意”/“经县人民政府研究” [30(3)2] as drafters actually write them: every 同意/批准 wording
(研究同意 included) needs a county leader's agreement; 研究 alone needs the decided matter (meeting
reference). The text is read normalised: spaces, line breaks, full/half width."""

from __future__ import annotations

import pytest

from documents.outgoing.choices import Authority
from documents.outgoing.signing import signing_plan
from documents.outgoing.wording import phrase_flags
from tests.factories import key_of

pytestmark = pytest.mark.django_db

AGREED = [
    "经县人民政府同意，现将方案印发给你们。",
    "经县人民政府研究同意，现将方案印发给你们。",
    "经县政府研究同意，现印发。",
    "经县人民政府批准，现印发。",
    "经县人民政府研究，同意你局请示事项。",
    "经县人民政府2026年第3次常务会议研究同意，现印发。",
    "经县人民政府\n同意，现将方案印发给你们。",  # split by a line break
    "经 县 人 民 政 府 同 意，现印发。",  # spaces
    "经县人民政府　研究同意，现印发。",  # a full-width space
    "经县人民政府研究\r\n同意，现印发。",
]
STUDIED = [
    "经县人民政府研究，决定开展春季草原防火检查。",
    "经县政府常务会议研究决定，开展检查。",
    "经县人民政府第5次常务会议\n研究，现将有关事项通知如下。",
]
NEITHER = [
    "请各乡（镇）人民政府研究落实，同意的单位于月底前报送。",
    "经县人民政府办公室研究同意，现印发。",  # the office's own, not the county government's
    "县人民政府同意的事项另行通知。",
]


@pytest.mark.parametrize("text", AGREED)
def test_every_agreed_or_approved_wording_needs_a_leaders_agreement(text):
    """[30(3)2] 文中注明“经县人民政府同意”的，应报县长或副县长审定同意 — 研究同意 and 批准 included, however it is
    spaced or broken over lines."""
    assert phrase_flags(text) == (True, False)


@pytest.mark.parametrize("text", STUDIED)
def test_studied_alone_needs_the_meeting_reference(text):
    """[30(3)2] 文中注明“经县人民政府研究”的，需是已经明确或经县政府会议讨论确定的事项."""
    assert phrase_flags(text) == (False, True)


@pytest.mark.parametrize("text", NEITHER)
def test_other_words_are_not_read_as_the_phrase(text):
    assert phrase_flags(text) == (False, False)


def test_studied_and_agreed_office_document_goes_to_the_deputy_head_before_the_director(draft):
    """[30(3)2] The most common wording “经县人民政府研究同意”: the director no longer signs alone."""
    doc = draft(authority=Authority.OFFICE, body="经县人民政府研究同意，现将《杂多县草原防火预案》印发给你们。")
    assert doc.mentions_agreed and not doc.mentions_studied
    plan = signing_plan(doc)
    assert plan.ok, plan.problems
    assert [(s.seq, key_of(s.assignee), s.kind) for s in plan.steps] == [
        (1, "fuxianzhang1", "agree"),
        (2, "zhuren", "sign"),
    ]


def test_a_phrase_split_by_a_line_break_is_still_found(draft):
    """[30(3)2] The phrase broken over two lines of the body still needs the agreement."""
    doc = draft(authority=Authority.OFFICE, body="经县人民\n政府同意，现将方案印发给你们。")
    assert doc.mentions_agreed

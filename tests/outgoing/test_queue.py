"""发文 in 我的待办 [30]: each step shows up for the person (or pool) who takes it, and leaves when taken."""

from __future__ import annotations

import pytest

from core import workqueue
from documents.outgoing import services

from .conftest import ALL_GATES, to_numbering

pytestmark = pytest.mark.django_db


def _actions(user) -> list[tuple[str, str]]:
    return [(item.action, item.title) for item in workqueue.items_for(user) if item.kind == "发文"]


def test_each_step_appears_for_the_person_who_takes_it(draft, office):
    """[30(1)]–[30(3)] the drafter's draft, the reviewer's 核稿, the deputy head's 签发, back to 复核."""
    doc = draft(urgency="extra_urgent")
    assert _actions(office["guikou2"]) == [("送审", f"发文稿 {doc.title}")]
    services.outgoing_submit(actor=office["guikou2"], pk=doc.pk)
    assert _actions(office["guikou2"]) == []
    assert _actions(office["fuzhuren"]) == [("核稿", f"发文稿 {doc.title}")]
    assert workqueue.items_for(office["fuzhuren"])[0].urgent  # 特急 first
    services.outgoing_review(actor=office["fuzhuren"], pk=doc.pk, gates=ALL_GATES)
    assert _actions(office["fuzhuren"]) == []
    assert _actions(office["fuxianzhang1"]) == [("签发", f"发文稿 {doc.title}")]
    services.outgoing_sign(actor=office["fuxianzhang1"], pk=doc.pk)
    assert _actions(office["guikou2"]) == [("复核", f"发文稿 {doc.title}")]


def test_cosigners_all_see_it_at_once(draft, office):
    """[30(3)1] 会签: every co-signing deputy head has it in the queue at the same time."""
    doc = draft(other_lines=("education-health",))
    services.outgoing_submit(actor=office["guikou2"], pk=doc.pk)
    services.outgoing_review(actor=office["fuzhuren"], pk=doc.pk, gates=ALL_GATES)
    assert _actions(office["fuxianzhang1"]) == [("会签", f"发文稿 {doc.title}")]
    assert _actions(office["fuxianzhang2"]) == [("会签", f"发文稿 {doc.title}")]
    services.outgoing_sign(actor=office["fuxianzhang2"], pk=doc.pk, opinion="同意")
    assert _actions(office["changwu"]) == []  # not before every co-signer has signed
    services.outgoing_sign(actor=office["fuxianzhang1"], pk=doc.pk, opinion="同意")
    assert _actions(office["changwu"]) == [("审核", f"发文稿 {doc.title}")]


def test_sent_back_draft_shows_as_returned_for_revision(draft, office):
    """[30(2)] 退回修改 lands in the drafter's queue as such."""
    doc = services.outgoing_submit(actor=office["guikou2"], pk=draft().pk)
    services.outgoing_send_back(actor=office["fuzhuren"], pk=doc.pk, comment="请精简")
    assert _actions(office["guikou2"]) == [("退回修改", f"发文稿 {doc.title}")]


def test_pool_steps_and_reading_after_distribution(draft, office):
    """[30(5)] 打字室 numbers and prints, 收发 seals and distributes, recipients read."""
    doc = to_numbering(draft())
    assert ("编号登记", f"发文稿 {doc.title}") in _actions(office["dazi"])
    assert ("编号登记", f"发文稿 {doc.title}") in _actions(office["shoufa"])
    doc = services.outgoing_number(actor=office["dazi"], pk=doc.pk)
    assert _actions(office["dazi"]) == [] and _actions(office["guikou2"]) == [
        ("校对清样", f"{doc.doc_number} {doc.title}")
    ]
    services.outgoing_sign_proof(actor=office["guikou2"], pk=doc.pk)
    services.outgoing_print(actor=office["dazi"], pk=doc.pk, copies=30)
    assert _actions(office["dazi"]) == []  # 用印 is the clerk's
    assert _actions(office["shoufa"]) == [("用印", f"{doc.doc_number} {doc.title}")]
    services.outgoing_seal(actor=office["shoufa"], pk=doc.pk)
    services.outgoing_distribute(actor=office["shoufa"], pk=doc.pk, mode="targeted", users=[office["xianzhang"]])
    assert _actions(office["xianzhang"]) == [("阅文", f"{doc.doc_number} {doc.title}")]
    services.outgoing_mark_read(actor=office["xianzhang"], pk=doc.pk)
    assert _actions(office["xianzhang"]) == []

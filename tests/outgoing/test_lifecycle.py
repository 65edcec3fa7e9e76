"""复核 [30(4)] and 编号、登记、校对、缮印、用印、分发 [30(5)]: the steps after signing, each by the right person."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import Notification
from core.workflow import ActionRefused
from documents.outgoing import services
from documents.outgoing.choices import Authority, State
from documents.outgoing.models import OutgoingDocument, Recipient, StandingRecipient
from org.selectors import display_name
from tests.factories import key_of

from .conftest import ALL_RECHECKS, to_numbering, to_signed

pytestmark = pytest.mark.django_db


def test_signing_dates_the_document_and_returns_it_to_the_drafter_for_recheck(draft, office):
    """[30(3)] the last signature is the 成文日期; [30(4)] 经签发的文稿，由有关归口人员复核."""
    doc = to_signed(draft())
    assert doc.state == State.CHECKING
    assert doc.issue_date == timezone.localdate()
    assert doc.holder == office["guikou2"]
    assert Notification.objects.filter(recipient=office["guikou2"], title__startswith="已签发，请复核").exists()


def test_recheck_needs_every_point_of_the_article_confirmed(draft, office):
    """[30(4)] 复核的重点: opinions worked in, approvals complete, attachments, format, reasonable."""
    doc = to_signed(draft())
    with pytest.raises(ValidationError, match="附件材料齐全"):
        services.outgoing_recheck(actor=office["guikou2"], pk=doc.pk, confirmed=ALL_RECHECKS[:2])
    with pytest.raises(ActionRefused):
        services.outgoing_recheck(actor=office["guikou3"], pk=doc.pk, confirmed=ALL_RECHECKS)
    doc = services.outgoing_recheck(actor=office["guikou2"], pk=doc.pk, confirmed=ALL_RECHECKS)
    assert doc.state == State.NUMBERING and doc.rechecked_by == office["guikou2"]


def test_recheck_refuses_when_the_text_now_needs_a_signature_nobody_gave(draft, office):
    """[30(4)] 复核审批、签发手续是否完备: a phrase added at 复核 that needs a leader's agreement [30(3)2]
    sends the draft back, it does not slip through."""
    doc = to_signed(draft(authority=Authority.OFFICE))
    services.outgoing_edit_text(
        actor=office["guikou2"], pk=doc.pk, title=doc.title, body="经县人民政府同意，" + doc.body
    )
    with pytest.raises(ValidationError) as refused:
        services.outgoing_recheck(actor=office["guikou2"], pk=doc.pk, confirmed=ALL_RECHECKS)
    assert display_name(office["fuxianzhang1"]) in " ".join(refused.value.messages)
    doc = services.outgoing_send_back(actor=office["guikou2"], pk=doc.pk, comment="须报副县长审定同意")
    assert doc.state == State.DRAFTING


def test_nothing_is_numbered_before_recheck(draft, office):
    """[30(5)] 公文复核后，由打字室进行登记、编号: the typist cannot number a signed but unchecked document,
    and the database refuses a number on a document in an earlier state."""
    doc = to_signed(draft())
    with pytest.raises(ActionRefused):
        services.outgoing_number(actor=office["dazi"], pk=doc.pk)
    doc.refresh_from_db()
    assert doc.serial is None and doc.doc_number == ""
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingDocument.objects.filter(pk=doc.pk).update(year=2026, serial=99)


def test_numbering_gives_series_year_number_without_leading_zeros(draft, office):
    """[30(5)] 杂政〔2026〕1号, 杂政办〔2026〕1号: per series and year, no leading zeros, no 第."""
    year = timezone.localtime().year
    first = services.outgoing_number(actor=office["dazi"], pk=to_numbering(draft()).pk)
    second = services.outgoing_number(actor=office["shoufa"], pk=to_numbering(draft()).pk)
    office_doc = services.outgoing_number(actor=office["dazi"], pk=to_numbering(draft(authority=Authority.OFFICE)).pk)
    assert first.doc_number == f"杂政〔{year}〕1号"
    assert second.doc_number == f"杂政〔{year}〕2号"
    assert office_doc.doc_number == f"杂政办〔{year}〕1号"
    assert first.state == State.PROOFING and first.holder == office["guikou2"]


def test_only_the_typing_room_or_clerk_numbers(draft, office):
    """[30(5)] 由打字室进行登记、编号 (the registry clerk stands in)."""
    doc = to_numbering(draft())
    for outsider in ("guikou2", "zhuren", "xianzhang"):
        with pytest.raises(ActionRefused):
            services.outgoing_number(actor=office[outsider], pk=doc.pk)


def test_the_drafter_signs_the_proof_before_printing(draft, office):
    """[30(5)] 打印的公文由拟稿人负责校对，并在正式开印前的清样上签字."""
    doc = services.outgoing_number(actor=office["dazi"], pk=to_numbering(draft()).pk)
    with pytest.raises(ActionRefused):
        services.outgoing_print(actor=office["dazi"], pk=doc.pk, copies=50)
    with pytest.raises(ActionRefused):
        services.outgoing_sign_proof(actor=office["dazi"], pk=doc.pk)
    doc = services.outgoing_sign_proof(actor=office["guikou2"], pk=doc.pk)
    assert doc.state == State.PRINTING and doc.proof_signed_by == office["guikou2"]


def _to_distributing(draft, office):
    doc = services.outgoing_number(actor=office["dazi"], pk=to_numbering(draft()).pk)
    doc = services.outgoing_sign_proof(actor=office["guikou2"], pk=doc.pk)
    with pytest.raises(ValidationError, match="印数"):
        services.outgoing_print(actor=office["dazi"], pk=doc.pk, copies=0)
    doc = services.outgoing_print(actor=office["dazi"], pk=doc.pk, copies=60)
    with pytest.raises(ActionRefused):  # 收发用印
        services.outgoing_seal(actor=office["dazi"], pk=doc.pk)
    return services.outgoing_seal(actor=office["shoufa"], pk=doc.pk)


def test_general_distribution_reaches_leaders_and_the_standing_list(draft, office):
    """[30(5)] 普发：县长、副县长、主任、副主任和文件分发立户范围; each internal recipient is asked to read."""
    department = office.units["department"]
    StandingRecipient.objects.create(unit=department, copies=2)
    StandingRecipient.objects.create(user=office["kezhang"])
    doc = _to_distributing(draft, office)
    doc = services.outgoing_distribute(actor=office["shoufa"], pk=doc.pk, mode="general")
    assert doc.state == State.DISTRIBUTED
    people = {key_of(r.user) for r in Recipient.objects.filter(document=doc, user__isnull=False).select_related("user")}
    assert people == {
        "xianzhang",
        "changwu",
        "fuxianzhang1",
        "fuxianzhang2",
        "zhuren",
        "fuzhuren_wenmi",
        "fuzhuren",
        "kezhang",
    }
    assert Recipient.objects.get(document=doc, unit=department).copies == 2
    services.outgoing_mark_read(actor=office["xianzhang"], pk=doc.pk)
    assert Recipient.objects.get(document=doc, user=office["xianzhang"]).read_at is not None


def test_targeted_distribution_needs_someone_chosen(draft, office):
    """[30(5)] 非普发文件 … 分发有关领导，以及县直有关部门、有关乡(镇)政府."""
    doc = _to_distributing(draft, office)
    with pytest.raises(ValidationError, match="分发对象"):
        services.outgoing_distribute(actor=office["shoufa"], pk=doc.pk, mode="targeted")
    town = office.units["township"]
    doc = services.outgoing_distribute(
        actor=office["shoufa"], pk=doc.pk, mode="targeted", users=[office["fuxianzhang1"]], units=[town]
    )
    assert sorted(Recipient.objects.filter(document=doc).values_list("name", flat=True)) == sorted(
        [display_name(office["fuxianzhang1"]), town.name]
    )


def test_abandoned_draft_is_kept_not_deleted(draft, office):
    """Nothing is ever hard-deleted: a draft given up stays with its history."""
    doc = draft()
    with pytest.raises(ValidationError):
        services.outgoing_abandon(actor=office["guikou2"], pk=doc.pk, reason="")
    doc = services.outgoing_abandon(actor=office["guikou2"], pk=doc.pk, reason="已合并到另一件")
    assert OutgoingDocument.objects.filter(pk=doc.pk, state=State.ABANDONED).exists()

"""The register, the outgoing link and publication [13][30(2)3]."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.workflow import ActionRefused, StaleAction
from normative import services
from normative.models import NormativeDocument, NormativeLog, PublishedIn, State

from . import factories as f

pytestmark = pytest.mark.django_db


def test_distributing_a_normative_outgoing_document_registers_it_once_13(office):
    """[13] 分发 of a 规范性文件 puts it in 法制科's register with the LEGAL step's review; registering it again
    (by hand) returns the same entry: still one."""
    doc = f.issued_outgoing(office)
    entries = NormativeDocument.objects.filter(outgoing=doc)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.state == State.REGISTERED
    assert entry.doc_number == doc.doc_number and entry.title == doc.title
    assert entry.legal_reviewed_by == office[f.LEGAL]
    assert "符合法律法规" in entry.legal_opinion
    assert entry.register_number == "规〔2026〕1号"
    assert entry.signed_on == doc.issue_date
    again = services.register_from_outgoing(actor=office[f.LEGAL], outgoing_pk=doc.pk)
    assert again.pk == entry.pk
    assert NormativeDocument.objects.filter(outgoing=doc).count() == 1
    assert NormativeLog.objects.filter(document=entry, action="register").count() == 1


def test_an_ordinary_outgoing_document_is_not_registered_13(office):
    """[13] only 公文类别 “规范性文件” enters the register; asked by hand, it is refused with the reason."""
    doc = f.issued_outgoing(office, importance="ordinary")
    assert not NormativeDocument.objects.filter(outgoing=doc).exists()
    with pytest.raises(ValidationError, match="不是规范性文件"):
        services.register_from_outgoing(actor=office[f.LEGAL], outgoing_pk=doc.pk)


def test_a_classified_normative_outgoing_document_is_refused_13(office):
    """[13] a normative document is published to all; a classified outgoing document is never one: the
    distribution goes on, the register refuses it, and by hand too, saying why."""
    doc = f.issued_outgoing(office, secret_level=1)
    assert doc.state == "distributed"
    assert not NormativeDocument.objects.filter(outgoing=doc).exists()
    with pytest.raises(ValidationError, match="涉密公文不是规范性文件"):
        services.register_from_outgoing(actor=office[f.LEGAL], outgoing_pk=doc.pk)


def test_the_register_number_is_gapless_per_year_13(office):
    first, second = f.registered(office), f.registered(office, title="杂多县第二个办法")
    assert (first.register_number, second.register_number) == ("规〔2026〕1号", "规〔2026〕2号")


def test_cannot_publish_without_the_legal_section_review_13(office):
    """[13][30(2)3] a document registered without 法制科's review cannot be published; once the review is on
    record it can."""
    document = f.registered(office, legal_opinion="", legal_reviewed_on=None)
    with pytest.raises(ActionRefused, match="法制科审核"):
        services.publish(
            actor=office[f.LEGAL], pk=document.pk, published_on=date(2024, 2, 20), published_in=PublishedIn.PORTAL
        )
    document.refresh_from_db()
    assert document.state == State.REGISTERED
    document = services.update_details(
        actor=office[f.LEGAL],
        pk=document.pk,
        seen_version=document.version,
        data=f.data(legal_opinion="经审核，合法。", legal_reviewed_on=date(2024, 1, 15)),
    )
    document = services.publish(
        actor=office[f.LEGAL], pk=document.pk, published_on=date(2024, 2, 20), published_in=PublishedIn.PORTAL
    )
    assert document.state == State.PUBLISHED
    assert document.filing_due == date(2024, 3, 21)  # 30 days after publication


def test_the_review_from_the_outgoing_legal_step_lets_it_be_published_13(office):
    """[13][30(2)3] registered from the outgoing document, the LEGAL route step is the review: it publishes."""
    entry = f.from_outgoing(office)
    assert entry.has_legal_review
    published_on = f.TODAY
    entry = services.publish(
        actor=office[f.LEGAL], pk=entry.pk, published_on=published_on, published_in=PublishedIn.GAZETTE
    )
    assert entry.state == State.PUBLISHED and entry.published_on == published_on


def test_a_document_cannot_take_effect_before_it_is_published_13(office):
    """[13] 未经公布不得施行: a 施行日期 before the 公布日期 is refused, in Chinese."""
    document = f.registered(office, effective_on=date(2024, 2, 1))
    with pytest.raises(ValidationError, match="未经公布不得施行"):
        services.publish(
            actor=office[f.LEGAL], pk=document.pk, published_on=date(2024, 2, 20), published_in=PublishedIn.PORTAL
        )


@pytest.mark.parametrize("who", ["zhuren", "guikou1", "xianzhang", "shoufa", "lianluo"])
def test_only_the_legal_section_registers_and_publishes_13(office, who):
    """[13] 法制科 keeps the register: no one else registers or publishes, not even the county head."""
    with pytest.raises(ActionRefused, match="法制科"):
        f.registered(office, actor=who)
    document = f.registered(office)
    with pytest.raises(ActionRefused, match="法制科"):
        services.publish(
            actor=office[who], pk=document.pk, published_on=date(2024, 2, 28), published_in=PublishedIn.PORTAL
        )
    doc = f.issued_outgoing(office, importance="ordinary")
    with pytest.raises(ActionRefused, match="法制科"):
        services.register_from_outgoing(actor=office[who], outgoing_pk=doc.pk)


def test_a_stale_page_is_refused_13(office):
    """[13] two 法制科 pages on the same document: the second, loaded before the first acted, is refused."""
    document = f.registered(office)
    seen = document.version
    services.update_details(actor=office[f.LEGAL], pk=document.pk, seen_version=seen, data=f.data(title="新标题"))
    with pytest.raises(StaleAction):
        services.update_details(actor=office[f.LEGAL], pk=document.pk, seen_version=seen, data=f.data(title="旧页"))
    with pytest.raises(StaleAction):
        services.publish(
            actor=office[f.LEGAL],
            pk=document.pk,
            seen_version=seen,
            published_on=date(2024, 2, 28),
            published_in=PublishedIn.PORTAL,
        )
    document.refresh_from_db()
    assert document.title == "新标题" and document.state == State.REGISTERED


def test_filing_and_its_acceptance_are_recorded_13(office):
    """[13] 报送备案 then 备案审查意见, each logged; the document stays 已公布."""
    document = f.published(office, published_on=date(2024, 2, 28))
    document = services.record_filing(actor=office[f.LEGAL], pk=document.pk, filed_on=date(2024, 3, 10))
    assert document.filed_on == date(2024, 3, 10)
    with pytest.raises(ActionRefused, match="已经报送备案"):
        services.record_filing(actor=office[f.LEGAL], pk=document.pk, filed_on=date(2024, 3, 11))
    document = services.accept_filing(
        actor=office[f.LEGAL], pk=document.pk, accepted_on=date(2024, 4, 2), result="准予备案。"
    )
    assert document.state == State.PUBLISHED and document.filing_result == "准予备案。"
    actions = list(document.log.order_by("at", "id").values_list("action", flat=True))
    assert actions == ["register", "publish", "file", "accept_filing"]


def test_a_failed_registration_never_undoes_the_distribution_13(office, monkeypatch):
    """[13][30(5)] the register takes the document over in a savepoint of its own: if that fails, the
    distribution still stands and 法制科 can register it by hand afterwards."""
    from django.db import DatabaseError

    def broken(outgoing):
        raise DatabaseError("simulated")

    monkeypatch.setattr(services, "register_on_distribution", broken)
    doc = f.issued_outgoing(office)
    doc.refresh_from_db()
    assert doc.state == "distributed"
    assert not NormativeDocument.objects.filter(outgoing=doc).exists()
    monkeypatch.undo()
    entry = services.register_from_outgoing(actor=office[f.LEGAL], outgoing_pk=doc.pk)
    assert entry.outgoing_id == doc.pk and entry.legal_reviewed_by == office[f.LEGAL]


def test_a_superseded_document_names_its_replacement_and_leaves_the_list_13(office):
    """[13] 修改: a new document replaces the old one; the old is 已修改（被新文件替代）, never deleted."""
    from normative import selectors

    old = f.in_force_document(office, title="旧办法")
    new = f.in_force_document(office, title="新办法")
    old = services.supersede(actor=office[f.LEGAL], pk=old.pk, replaced_by_pk=new.pk)
    assert old.state == State.SUPERSEDED and old.replaced_by == new and "被规〔2026〕2号替代" in old.state_reason
    assert list(selectors.in_force()) == [new]
    with pytest.raises(ActionRefused, match="法制科"):
        services.supersede(actor=office["zhuren"], pk=new.pk, replaced_by_pk=old.pk)


def test_the_filing_period_follows_the_setting_13(office, settings):
    settings.NORMATIVE_FILING_DAYS = 15
    document = f.published(office, published_on=date(2024, 2, 28))
    assert document.filing_due == date(2024, 3, 14)

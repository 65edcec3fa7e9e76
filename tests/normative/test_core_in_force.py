"""The in-force list and who sees what [13]."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from normative import selectors, services
from normative.models import State

from . import factories as f

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_document_past_its_validity_leaves_the_in_force_list_on_its_own_13(office, clock):
    """[13] in force = published, effective, not past 有效期至: when the clock passes valid_until the document
    leaves the list with no step taken and no job run; its state stays 已公布."""
    document = f.in_force_document(office, valid_until=date(2026, 12, 31))
    assert list(selectors.in_force()) == [document]
    clock.move_to(datetime(2026, 12, 31, 18, 0, tzinfo=SHANGHAI))
    assert list(selectors.in_force()) == [document]  # the last day still counts
    clock.move_to(datetime(2027, 1, 1, 9, 0, tzinfo=SHANGHAI))
    assert list(selectors.in_force()) == []
    document.refresh_from_db()
    assert document.state == State.PUBLISHED
    assert not document.is_in_force(services.today())


def test_a_published_document_not_yet_effective_is_not_in_force_13(office):
    """[13] published today, taking effect in a month: not yet in the list."""
    document = f.registered(office, effective_on=date(2026, 12, 16), legal_reviewed_on=date(2026, 11, 2))
    services.publish(actor=office[f.LEGAL], pk=document.pk, published_on=f.TODAY, published_in="portal")
    assert not selectors.in_force().exists()
    assert selectors.in_force(on=date(2026, 12, 16)).get() == document


def test_a_registered_document_is_seen_by_the_register_only_13(office):
    """[13] 待公布: 法制科, the office's leaders and the county leaders see it; other staff and a unit's 联络员 do
    not (404 on its page); once published, everyone signed in sees it."""
    document = f.registered(office)
    for who in ("fazhi", "zhuren", "fuzhuren", "xianzhang", "changwu", "fuxianzhang1"):
        assert selectors.documents_visible_to(office[who]).filter(pk=document.pk).exists(), who
    for who in ("guikou1", "shoufa", "lianluo", "dazi"):
        assert not selectors.documents_visible_to(office[who]).filter(pk=document.pk).exists(), who
    services.publish(actor=office[f.LEGAL], pk=document.pk, published_on=date(2024, 2, 28), published_in="portal")
    for who in ("guikou1", "shoufa", "lianluo", "dazi"):
        assert selectors.documents_visible_to(office[who]).filter(pk=document.pk).exists(), who
        assert selectors.in_force_visible_to(office[who]).filter(pk=document.pk).exists(), who


def test_the_office_work_on_documents_is_the_registers_only_13(office):
    """[13] interpretation requests, clean-ups and repeal proposals: the register's readers, not the staff."""
    document = f.in_force_document(office)
    f.interpretation(office, document)
    f.cleanup_with(office, document)
    for who in ("guikou1", "lianluo"):
        assert not selectors.interpretations_visible_to(office[who]).exists()
        assert not selectors.cleanups_visible_to(office[who]).exists()
    assert selectors.interpretations_visible_to(office["zhuren"]).count() == 1
    assert selectors.cleanups_visible_to(office["xianzhang"]).count() == 1


@pytest.mark.parametrize("rows", [3, 30])
def test_the_selector_query_count_is_flat_13(office, django_assert_max_num_queries, rows):
    """[13] the register, the in-force list: a constant number of queries with 3 rows or 30."""
    for i in range(rows):
        f.in_force_document(office, title=f"杂多县第{i}号办法")
    user = office["guikou1"]
    with django_assert_max_num_queries(4):
        documents = list(selectors.documents_visible_to(user).order_by("-register_serial"))
        listed = [(d.register_number, d.title, d.get_state_display(), d.valid_until) for d in documents]
    assert len(listed) == rows
    with django_assert_max_num_queries(2):
        assert len([d.title for d in selectors.in_force_visible_to(user)]) == rows

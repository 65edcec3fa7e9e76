"""Who sees which item (the one selector), 我的待办, the scoring table kept with dates, the office's 《政务信息》
numbered per year, and the admin [44]–[46]."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.workflow import ActionRefused
from information import rules, services
from information.models import Level, PublicationState, ScoringKey, ScoringRule, Target
from information.selectors import items_visible_to
from information.todo import InformationWork

from . import factories as f
from .factories import TODAY

pytestmark = pytest.mark.django_db


# --- visibility [45] ----------------------------------------------------------------------------------------------


def test_each_role_sees_what_the_rules_say_45(office, other_contact):
    """[45] The information staff and office leaders see every item; a unit contact their unit's only; a county
    leader what the office sent (anywhere) or issued in 《政务信息》 [44]; other office staff only what they
    submitted (nothing here)."""
    township = f.submitted(office)
    department = f.submitted(office, by="xinxi", unit="department", title="农牧局春季防疫")
    own = f.submitted(office, by="xinxi", unit=None, title="县政府常务会议研究草原保护")
    to_county = f.sent(office, targets=(Target.COUNTY,), title="县领导参阅件")
    adopted = f.adopted(office, title="州级采用件", level=Level.PREFECTURE)
    everything = {township.pk, department.pk, own.pk, to_county.pk, adopted.pk}

    def seen(key_or_user):
        user = office[key_or_user] if isinstance(key_or_user, str) else key_or_user
        return set(items_visible_to(user).values_list("pk", flat=True))

    assert seen("xinxi") == seen("zhuren") == seen("fuzhuren_wenmi") == seen("admin") == everything
    assert seen("lianluo") == {township.pk, to_county.pk, adopted.pk}  # the township's own (factories' default)
    assert seen(other_contact) == {department.pk}
    assert seen("xianzhang") == {to_county.pk, adopted.pk}
    assert seen("guikou1") == set()
    assert not rules.can_open_information(office["guikou1"])
    assert rules.can_open_information(office["lianluo"]) and rules.can_open_information(office["xianzhang"])


def test_another_units_item_is_a_404_for_a_contact_45(office, other_contact, client_as):
    item = f.submitted(office)
    from information.selectors import get_item_for

    with pytest.raises(Exception) as refused:
        get_item_for(other_contact, item.pk)
    assert refused.type.__name__ == "Http404"
    assert get_item_for(office["lianluo"], item.pk).pk == item.pk


# --- 我的待办 [46] ---------------------------------------------------------------------------------------------------


def test_the_information_staff_and_the_leaders_find_their_work_urgent_first_46(office):
    ordinary = f.submitted(office)
    approved = f.approved(office, title="待报送信息")
    urgent = f.urgent(office)
    provider = InformationWork()
    staff = provider.items(office["xinxi"], 10)
    assert [i.title for i in staff] == ["待报送信息", ordinary.title]  # the urgent one waits for the leader
    assert provider.count(office["xinxi"]) == 2
    leader = provider.items(office["fuzhuren_wenmi"], 10)
    assert leader[0].urgent and leader[0].title == f"【紧急】{urgent.title}" and "急事急报" in leader[0].action
    assert provider.count(office["fuzhuren_wenmi"]) == 1
    assert provider.count(office["lianluo"]) == 0 and provider.items(office["guikou1"], 10) == []
    services.review_item(actor=office["fuzhuren_wenmi"], pk=urgent.pk, approve=True)
    assert provider.items(office["xinxi"], 10)[0].urgent  # an urgent item to send tops the staff's list
    assert approved.pk


def test_the_work_queue_is_flat_in_queries_46(office):
    f.submitted(office)
    provider = InformationWork()
    provider.count(office["xinxi"])  # the person's roles are read once and kept on the user
    with CaptureQueriesContext(connection) as few:
        provider.items(office["xinxi"], 20)
        provider.count(office["xinxi"])
    for n in range(5):
        f.submitted(office, title=f"来稿{n}")
        f.editing(office, title=f"编辑{n}")
    with CaptureQueriesContext(connection) as many:
        assert len(provider.items(office["xinxi"], 20)) == 11
        assert provider.count(office["xinxi"]) == 11
    assert len(few.captured_queries) == len(many.captured_queries)


# --- the scoring table [46] -----------------------------------------------------------------------------------------


def test_scoring_rules_are_kept_with_dates_and_never_edited_46(office):
    """[46] A change is a new row from a later date; an earlier or equal date is refused in Chinese, so the rows
    a past ranking was computed with never change. Only the office leaders set them."""
    with pytest.raises(ActionRefused, match="办公室领导"):
        services.set_scoring_rule(
            actor=office["xinxi"], key=ScoringKey.PROVINCE_ADOPTION, points=10, effective_from=date(2026, 1, 1)
        )
    first = services.set_scoring_rule(
        actor=office["zhuren"], key=ScoringKey.PROVINCE_ADOPTION, points=10, effective_from=date(2025, 1, 1)
    )
    assert first.points == Decimal("10.00")
    with pytest.raises(ValidationError, match="新的标准须晚于该日期起用"):
        services.set_scoring_rule(
            actor=office["zhuren"], key=ScoringKey.PROVINCE_ADOPTION, points=12, effective_from=date(2025, 1, 1)
        )
    services.set_scoring_rule(
        actor=office["fuzhuren"], key=ScoringKey.PROVINCE_ADOPTION, points=12, effective_from=date(2026, 7, 1)
    )
    # Another key has its own history.
    services.set_scoring_rule(
        actor=office["zhuren"], key=ScoringKey.LEADER_INSTRUCTION, points=5, effective_from=date(2024, 1, 1)
    )
    rows = ScoringRule.objects.filter(key=ScoringKey.PROVINCE_ADOPTION).order_by("effective_from")
    assert [(r.points, r.effective_from) for r in rows] == [
        (Decimal("10.00"), date(2025, 1, 1)),
        (Decimal("12.00"), date(2026, 7, 1)),
    ]
    with pytest.raises(ValidationError, match="分值"):
        services.set_scoring_rule(
            actor=office["zhuren"], key=ScoringKey.COUNTY_ADOPTION, points="多", effective_from=date(2026, 1, 1)
        )


def test_the_admin_adds_scoring_rules_and_never_changes_or_deletes_one_46(office, client_as):
    rule = services.set_scoring_rule(
        actor=office["zhuren"], key=ScoringKey.COUNTY_ADOPTION, points=2, effective_from=date(2026, 1, 1)
    )
    client = client_as("admin")
    add = reverse("admin:information_scoringrule_add")
    refused = client.post(
        add, {"key": ScoringKey.COUNTY_ADOPTION, "points": "3", "effective_from": "2025-06-01", "note": ""}
    )
    assert refused.status_code == 200 and "新的标准须晚于该日期起用" in refused.content.decode()
    done = client.post(
        add, {"key": ScoringKey.COUNTY_ADOPTION, "points": "3", "effective_from": "2026-10-01", "note": "调整"}
    )
    assert done.status_code == 302
    assert ScoringRule.objects.filter(key=ScoringKey.COUNTY_ADOPTION).count() == 2
    change = reverse("admin:information_scoringrule_change", args=[rule.pk])
    client.post(change, {"key": rule.key, "points": "99", "effective_from": "2026-01-01", "note": ""})
    rule.refresh_from_db()
    assert rule.points == Decimal("2.00")
    assert client.get(reverse("admin:information_scoringrule_delete", args=[rule.pk])).status_code == 403


def test_the_admin_lists_items_without_adding_or_deleting(office, client_as):
    item = f.adopted(office)
    client = client_as("admin")
    listing = client.get(reverse("admin:information_informationitem_changelist"))
    assert listing.status_code == 200 and item.title in listing.content.decode()
    page = client.get(reverse("admin:information_informationitem_change", args=[item.pk]))
    assert page.status_code == 200 and "审核通过" in page.content.decode()  # the log, read-only, on the item's page
    assert client.get(reverse("admin:information_informationitem_add")).status_code == 403
    assert client.get(reverse("admin:information_informationitem_delete", args=[item.pk])).status_code == 403


# --- 《政务信息》 [44] ----------------------------------------------------------------------------------------------


def test_a_county_leader_reads_every_item_of_an_issued_publication_not_of_a_draft_44(office):
    """[44] 《政务信息》 is printed for the leaders: once issued, its items are theirs to read, sent or not; a draft's
    items stay the office's."""
    printed = f.approved(office, title="刊发未报送的信息")
    drafted = f.approved(office, title="样稿中的信息")
    issued = services.create_publication(actor=office["xinxi"], item_ids=[printed.pk])
    services.create_publication(actor=office["xinxi"], item_ids=[drafted.pk])
    head = office["xianzhang"]
    assert not items_visible_to(head).filter(pk__in=[printed.pk, drafted.pk]).exists()
    services.issue_publication(actor=office["xinxi"], pk=issued.pk)
    assert set(items_visible_to(head).filter(pk__in=[printed.pk, drafted.pk]).values_list("pk", flat=True)) == {
        printed.pk
    }


def test_the_publication_is_numbered_when_issued_gapless_per_year_44(office):
    """[44] The office's own 《政务信息》: a draft with chosen reviewed items in order; 第N期 taken when issued,
    gapless per year; a draft never issued leaves no gap."""
    a, b = f.approved(office, title="甲"), f.sent(office, title="乙")
    with pytest.raises(ValidationError, match="尚未经办公室领导审核"):
        services.create_publication(actor=office["xinxi"], item_ids=[a.pk, f.submitted(office).pk])
    with pytest.raises(ActionRefused):
        services.create_publication(actor=office["lianluo"], item_ids=[a.pk])
    abandoned = services.create_publication(actor=office["xinxi"], item_ids=[a.pk])
    first = services.create_publication(actor=office["xinxi"], item_ids=[b.pk, a.pk], title="草原保护专刊")
    assert [e.item.title for e in first.entries.order_by("order")] == ["乙", "甲"]
    first = services.issue_publication(actor=office["xinxi"], pk=first.pk)
    second = services.issue_publication(
        actor=office["xinxi"], pk=services.create_publication(actor=office["xinxi"], item_ids=[a.pk]).pk
    )
    assert (first.number, second.number) == (1, 2) and first.state == PublicationState.ISSUED
    assert str(first) == "《政务信息》2026年第1期" and first.issued_on == TODAY
    assert abandoned.number is None
    with pytest.raises(ActionRefused, match="已印发"):
        services.issue_publication(actor=office["xinxi"], pk=first.pk)
    with pytest.raises(ActionRefused, match="不能再修改"):
        services.set_publication_items(actor=office["xinxi"], pk=first.pk, item_ids=[a.pk])
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.issue_publication(actor=office["xinxi"], pk=abandoned.pk, issued_on=TODAY + timedelta(days=1))


def test_the_chapter_is_registered_with_the_kernel(office):
    """Navigation, 我的待办, the four deadline sources (each answering the board's question without a lower bound)
    and the lifecycle."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from core import lifecycle, navigation, workqueue
    from deadlines import registry
    from deadlines.registry import ScanContext

    f.submitted(office)
    f.urgent(office)
    assert "information" in {p.key for p in workqueue.providers()}
    assert lifecycle.get("information").model.__name__ == "InformationItem"
    chapter = navigation.get("information")
    assert chapter.url_name == "information:list" and chapter.is_open
    assert chapter in navigation.chapters_for(office["lianluo"])
    assert chapter not in navigation.chapters_for(office["guikou1"])
    keys = {"information.quota", "information.screen", "information.review", "information.urgent"}
    assert keys <= {s.key for s in registry.sources()}
    ctx = ScanContext(now=datetime(2026, 9, 17, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    for key in sorted(keys):
        found = list(registry.get(key).deadlines(ctx, due_from=None, due_before=ctx.now, limit=5))
        assert len(found) <= 5
        assert registry.get(key).notify_clerk is False

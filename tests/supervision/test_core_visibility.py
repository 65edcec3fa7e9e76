"""Who sees which supervision items [40], [31], [32]; the list's cost; 我的待办 [38], [39], [40]."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from core.workflow import ActionRefused
from org.models import SecretLevel
from supervision import services
from supervision.selectors import get_item_for, items_visible_to
from supervision.todo import SupervisionWork

from .factories import feedback, item, major, tracked


def test_a_unit_contact_sees_and_reports_only_their_units_items_40(client_as, office):
    """[40]: the township's contact sees the items where the township leads or assists — nothing else."""
    township = office.units["township"]
    leads = tracked(office, unit="township", title="乡牵头事项")
    assists = tracked(office, unit="department", assisting_units=(township,), title="乡协办事项")
    other = tracked(office, unit="department", title="别的单位事项")
    contact = office["lianluo"]
    assert set(items_visible_to(contact)) == {leads, assists}
    with pytest.raises(Http404):
        get_item_for(contact, other.pk)
    client = client_as("lianluo")
    page = client.get(reverse("supervision:list")).content.decode()
    assert "乡牵头事项" in page and "乡协办事项" in page and "别的单位事项" not in page
    assert client.get(reverse("supervision:detail", args=[other.pk])).status_code == 404
    # Reports through the system for their own unit; refused on another unit's item.
    f = feedback(office, leads, actor=contact)
    assert f.received_via == "system" and f.unit == township
    with pytest.raises(ActionRefused, match="联络员"):
        feedback(office, other, actor=contact)


def test_a_unit_contact_never_sees_a_classified_item_32(office):
    """[32]: an item kept at a secret level is never shown to a unit contact, even of its lead unit."""
    secret = tracked(office, unit="township", secret_level=SecretLevel.SECRET, handler=office["guikou1"])
    assert secret not in items_visible_to(office["lianluo"])


def test_a_classified_item_is_seen_only_by_cleared_people_on_it_31_32(office):
    """[31], [32]: the office's supervisors see unclassified items by role; a classified one only if on it."""
    plain = item(office)
    secret = item(office, secret_level=SecretLevel.SECRET, handler=office["guikou1"])
    assert plain in items_visible_to(office["kezhang"]) and plain in items_visible_to(office["xianzhang"])
    assert secret in items_visible_to(office["guikou1"])  # the 经办人, cleared
    assert secret in items_visible_to(office["guikou2"])  # registered it: on it, and cleared
    assert secret not in items_visible_to(office["kezhang"])  # cleared but not on it
    assert plain not in items_visible_to(office["dazi"])  # not a supervision role


def test_the_list_costs_the_same_for_3_and_30_items(client, office, count_queries):
    client.force_login(office["zhuren"])
    for _ in range(3):
        tracked(office)
    client.get(reverse("supervision:list"))
    with count_queries() as small:
        assert client.get(reverse("supervision:list")).status_code == 200
    for _ in range(27):
        tracked(office, unit="township")
    with count_queries() as large:
        page = client.get(reverse("supervision:list"))
    assert page.status_code == 200 and page.content.decode().count("data-item=") == 30
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_todo_shows_approvals_extensions_closing_and_late_items_to_the_right_people_38_39_40(office, clock):
    work = SupervisionWork()
    to_approve = major(office)
    services.item_submit_for_approval(actor=office["guikou2"], pk=to_approve.pk)
    assert work.count(office["fuxianzhang1"]) == 1 and work.count(office["fuxianzhang2"]) == 0
    assert "批准立项" in work.items(office["fuxianzhang1"], 10)[0].action
    ext = tracked(office, days=2)
    services.extension_request(
        actor=office["guikou2"], pk=ext.pk, reason="材料未齐", new_deadline=ext.deadline.replace(day=30)
    )
    to_close = tracked(office)
    services.item_submit_close(actor=office["guikou2"], pk=to_close.pk, result="已完成")
    actions = sorted(i.action for i in work.items(office["fuzhuren"], 10))
    assert (
        work.count(office["fuzhuren"]) == 2 and any("延期" in a for a in actions) and any("办结" in a for a in actions)
    )
    clock.move_to("2026-09-20 09:00+08:00")
    assert any("逾期" in i.action for i in work.items(office["guikou2"], 10))
    assert work.count(office["lianluo"]) == 0

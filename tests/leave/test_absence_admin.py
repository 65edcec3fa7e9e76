"""An absence the leave chapter wrote is the request's: the org admin shows it read-only and says where it
comes from [54]; the absences the clerk types in by hand (county leaders [26(6)3]) stay editable."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from leave.models import ABSENCE_SOURCE
from org.models import Absence
from org.services import absence_record

from .factories import approved

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def leave_absence(office, kinds) -> Absence:
    req = approved(office["guikou1"], kinds["事假"], date(2026, 9, 15))
    assert req.absence.source == ABSENCE_SOURCE
    return req.absence


@pytest.fixture
def manual_absence(office) -> Absence:
    return absence_record(
        actor=office["shoufa"],
        person=office["fuxianzhang1"],
        starts_at=datetime(2026, 9, 14, 0, tzinfo=TZ),
        ends_at=datetime(2026, 9, 16, 0, tzinfo=TZ),
        note="赴州政府开会",
    )


def test_an_absence_from_an_approved_request_is_read_only_in_the_admin_and_says_so(client_as, leave_absence):
    """[54] 撤回、续假、销假 keep it exact through the leave services; an edit in the admin would not."""
    client = client_as("admin")
    url = reverse("admin:org_absence_change", args=[leave_absence.pk])
    html = client.get(url).content.decode()
    assert "由“请销假”自动生成，不能在此修改或删除" in html
    assert 'name="ends_at_0"' not in html  # no editable field
    ends_at = leave_absence.ends_at
    response = client.post(
        url,
        {
            "person": leave_absence.person_id,
            "starts_at_0": "2026-09-15",
            "starts_at_1": "00:00:00",
            "ends_at_0": "2026-09-30",
            "ends_at_1": "00:00:00",
            "reason": "leave",
            "note": "改",
        },
    )
    assert response.status_code == 403
    leave_absence.refresh_from_db()
    assert leave_absence.ends_at == ends_at


def test_an_absence_from_an_approved_request_cannot_be_deleted_in_the_admin(client_as, leave_absence):
    client = client_as("admin")
    url = reverse("admin:org_absence_delete", args=[leave_absence.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Absence.objects.filter(pk=leave_absence.pk).exists()


def test_no_absence_can_be_deleted_in_bulk(client_as, leave_absence, manual_absence):
    """Issue 12: a request points to its absence; nothing is deleted — the bulk 删除 is not offered."""
    client = client_as("admin")
    changelist = reverse("admin:org_absence_changelist")
    assert 'value="delete_selected"' not in client.get(changelist).content.decode()
    selected = {"action": "delete_selected", "_selected_action": [leave_absence.pk, manual_absence.pk], "post": "yes"}
    client.post(changelist, selected)
    assert Absence.objects.filter(pk__in=[leave_absence.pk, manual_absence.pk]).count() == 2


def test_the_changelist_names_each_absences_source(client_as, leave_absence, manual_absence):
    html = client_as("admin").get(reverse("admin:org_absence_changelist")).content.decode()
    assert "请销假" in html and "手工登记" in html


def test_an_absence_the_clerk_typed_in_stays_editable_but_is_not_deleted(client_as, manual_absence):
    """County leaders do not use the leave chapter: the clerk records and corrects their absences [26(6)3]; a
    mistaken one is corrected (end-dated), never deleted (issue 12)."""
    client = client_as("admin")
    url = reverse("admin:org_absence_change", args=[manual_absence.pk])
    response = client.post(
        url,
        {
            "person": manual_absence.person_id,
            "starts_at_0": "2026-09-14",
            "starts_at_1": "00:00:00",
            "ends_at_0": "2026-09-17",
            "ends_at_1": "00:00:00",
            "reason": "trip",
            "note": "会期延长一天",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    manual_absence.refresh_from_db()
    assert manual_absence.note == "会期延长一天"
    response = client.post(reverse("admin:org_absence_delete", args=[manual_absence.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Absence.objects.filter(pk=manual_absence.pk).exists()

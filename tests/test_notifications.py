"""Notifications: in-app first, e-mail on commit as a second channel, each person marks their own read."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from core.models import Notification
from core.notifications import mark_read, notify, unread_count

pytestmark = pytest.mark.django_db


def test_notify_writes_one_row_per_person_and_mails_after_commit(office, django_capture_on_commit_callbacks):
    clerk, staff = office["shoufa"], office["guikou1"]
    with django_capture_on_commit_callbacks(execute=True):
        notes = notify([clerk, staff, clerk], title="新收文待登记", body="州政府来文一件", url="/", kind="test")
        assert len(mail.outbox) == 0  # nothing leaves before the transaction commits
    assert len(notes) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([clerk.email, staff.email])
    assert mail.outbox[0].subject.endswith("新收文待登记")
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_no_email_when_rolled_back(office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([office["shoufa"]], title="x")
    assert len(callbacks) == 1 and len(mail.outbox) == 0


def test_people_without_email_get_the_in_app_notification_only(office, django_capture_on_commit_callbacks):
    office["dazi"].email = ""
    office["dazi"].save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([office["dazi"]], title="请打印")
    assert unread_count(office["dazi"]) == 1 and mail.outbox == []


def test_list_shows_own_notifications_and_unread_badge(client_as, office):
    notify([office["shoufa"]], title="给收发秘书", email=False)
    notify([office["guikou1"]], title="给归口人员", email=False)
    html = client_as("shoufa").get(reverse("core:notifications")).content.decode()
    assert "给收发秘书" in html and "给归口人员" not in html
    assert "data-unread-count>1</span>" in html


def test_mark_one_read(client_as, office):
    (note,) = notify([office["shoufa"]], title="一条", email=False)
    notify([office["shoufa"]], title="两条", email=False)
    response = client_as("shoufa").post(reverse("core:notifications_read"), {"id": note.pk})
    assert response.status_code == 302
    assert unread_count(office["shoufa"]) == 1


def test_mark_all_read(client_as, office):
    notify([office["shoufa"]], title="一条", email=False)
    notify([office["shoufa"]], title="两条", email=False)
    client_as("shoufa").post(reverse("core:notifications_read"))
    assert unread_count(office["shoufa"]) == 0


def test_cannot_mark_someone_elses_notification(client_as, office):
    (note,) = notify([office["guikou1"]], title="别人的", email=False)
    client_as("shoufa").post(reverse("core:notifications_read"), {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is None
    assert mark_read(user=office["shoufa"], notification_ids=[note.pk]) == 0


def test_bad_id_is_a_400_in_chinese(client_as):
    response = client_as("shoufa").post(reverse("core:notifications_read"), {"id": "abc"})
    assert response.status_code == 400
    assert "参数有误" in response.content.decode()


def test_absurd_page_number_is_capped_not_an_error(client_as):
    assert client_as("shoufa").get(reverse("core:notifications") + "?page=99999999999").status_code == 200
    assert client_as("shoufa").get(reverse("core:notifications") + "?page=x").status_code == 200

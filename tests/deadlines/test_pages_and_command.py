"""The board (期限提醒), the admin pages, ``manage.py scan_deadlines`` and the beat schedule."""

from __future__ import annotations

from io import StringIO

import pytest
from celery.schedules import crontab
from django.core.management import call_command
from django.urls import reverse

from core import background
from deadlines import tasks
from deadlines.models import CalendarOverride, Reminder, ScanRun
from documents.incoming.models import Category
from documents.incoming.services import incoming_sign
from zaduo_office.celery import app as celery_app
from zaduo_office.schedule import build_beat_schedule

from .conftest import local, told

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_board_shows_the_clerk_what_is_overdue_and_what_falls_due_soon(clock, docs, client_as, office):
    """[26(4)] The 收发秘书 chases: overdue first, longest overdue first, then what falls due soon."""
    clock(local(2026, 11, 2, 10, 0))
    docs.distributed(category=Category.READ, title="甲文件")  # due 9 Nov
    other = docs.distributed(category=Category.HANDLE, title="乙文件", readers=("changwu",))  # due 16 Nov
    incoming_sign(actor=office["changwu"], pk=other.pk, comment="请农牧水利科技局办理")
    clock(local(2026, 11, 13, 9, 0))  # Friday: 甲 overdue; 乙 due Monday, within two working days
    page = _text(client_as("shoufa").get(reverse("deadlines:board")))
    overdue, upcoming = page.split("即将到期", 1)
    assert "甲文件" in overdue and "传阅件传阅期限" in overdue and "[26(6)7]" in overdue
    assert "乙文件" in upcoming and "办理件办结期限" in upcoming and "乙文件" not in overdue


def test_board_is_for_the_clerk_and_the_office_leaders(client_as):
    assert client_as("zhuren").get(reverse("deadlines:board")).status_code == 200
    assert client_as("fuzhuren").get(reverse("deadlines:board")).status_code == 200
    assert client_as("guikou1").get(reverse("deadlines:board")).status_code == 403
    assert client_as("xianzhang").post(reverse("deadlines:scan_now")).status_code == 403


def test_board_costs_a_fixed_number_of_queries(clock, docs, client_as, count_queries):
    clock(local(2026, 11, 2, 10, 0))
    docs.distributed(category=Category.READ)
    clock(local(2026, 11, 13, 9, 0))
    client = client_as("shoufa")
    client.get(reverse("deadlines:board"))  # the first page after signing in refreshes the session (core/middleware.py)
    with count_queries() as few:
        client.get(reverse("deadlines:board"))
    for _ in range(5):
        docs.distributed(category=Category.READ)
    with count_queries() as more:
        client.get(reverse("deadlines:board"))
    assert len(more) == len(few), "\n".join(q["sql"][:300] for q in more.captured_queries)


def test_check_now_runs_the_scan(clock, docs, client_as, django_capture_on_commit_callbacks):
    clock(local(2026, 11, 2, 10, 0))
    docs.distributed(category=Category.READ)
    clock(local(2026, 11, 9, 10, 5))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("shoufa").post(reverse("deadlines:scan_now"), follow=True)
    assert "已安排立即检查" in _text(response)
    assert set(told(rule="incoming.circulation")) == {"xianzhang", "shoufa", "fuzhuren"}


def test_check_now_with_the_broker_away_says_so_and_fails_nothing(client_as, broker_away, caplog):
    """Redis down: the page answers, the warning is logged, nothing is raised."""
    response = client_as("shoufa").post(reverse("deadlines:scan_now"), follow=True)
    assert response.status_code == 200 and "消息队列暂时无法连接" in _text(response)
    assert any("broker unavailable" in r.getMessage() for r in caplog.records)


def test_enqueue_swallows_only_broker_errors(monkeypatch):
    from kombu.exceptions import OperationalError

    class Refused:
        name = "x"

        def apply_async(self, **kwargs):
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    class Broken:
        name = "y"

        def apply_async(self, **kwargs):
            raise ValueError("a bug")

    assert background.enqueue(Refused()) is False
    with pytest.raises(ValueError):
        background.enqueue(Broken())


def test_management_command_scans_without_celery(clock, docs, django_capture_on_commit_callbacks):
    clock(local(2026, 11, 2, 10, 0))
    docs.distributed(category=Category.READ)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # as outside a test transaction
        call_command("scan_deadlines", "--now", "2026-11-09T10:05+08:00", "--digest", stdout=out)
    assert "新记录提醒" in out.getvalue() and "逾期汇总" in out.getvalue()
    assert set(told(rule="incoming.circulation")) == {"xianzhang", "shoufa", "fuzhuren"}
    assert ScanRun.objects.filter(via="command", ok=True).count() == 2
    call_command("scan_deadlines", "--now", "2026-11-09T10:20+08:00", stdout=StringIO())
    assert Reminder.objects.filter(rule="incoming.circulation").count() == 3


def test_the_beat_schedule_is_code_with_times_from_settings():
    schedule = build_beat_schedule({"DEADLINES_SCAN_EVERY_MINUTES": 10, "DEADLINES_DIGEST_AT": "09:15"})
    assert schedule["deadlines-scan"]["task"] == "deadlines.scan"
    assert schedule["deadlines-scan"]["schedule"].total_seconds() == 600
    assert schedule["deadlines-digest"]["schedule"] == crontab(hour=9, minute=15)
    assert set(celery_app.conf.beat_schedule) >= {"deadlines-scan", "deadlines-digest"}
    assert {"deadlines.scan", "deadlines.digest", "deadlines.deliver"} <= set(celery_app.tasks)


def test_tasks_have_time_limits_late_acks_and_retry_only_on_database_errors():
    from django.db import InterfaceError, OperationalError

    for task in (tasks.scan, tasks.digest, tasks.deliver):
        assert task.acks_late and task.time_limit and task.soft_time_limit
        assert set(task.autoretry_for) == {OperationalError, InterfaceError}


def test_scan_task_tolerates_a_deleted_reminder_id():
    assert tasks.deliver.apply(args=[[987654]]).get() == 0


def test_admin_lists_reminders_and_calendar_overrides_in_chinese(clock, docs, scan, client_as):
    clock(local(2026, 11, 2, 10, 0))
    docs.distributed(category=Category.READ)
    scan(clock(local(2026, 11, 9, 10, 5)))
    client = client_as("admin")
    page = _text(client.get(reverse("admin:deadlines_reminder_changelist")))
    assert "提醒记录" in page and "已逾期" in page and "传阅件传阅期限 [26(6)7]" in page
    page = _text(client.get(reverse("admin:deadlines_reminder_changelist"), {"rule": "incoming.reading"}))
    assert "已逾期" not in page  # no 当天阅批 reminder was sent: the reader's day was long over
    page = _text(client.get(reverse("admin:deadlines_calendaroverride_changelist")))
    assert "节假日调整" in page and "chinesecalendar" in page
    response = client.post(
        reverse("admin:deadlines_calendaroverride_add"), {"day": "2026-12-31", "kind": "holiday", "note": "县庆"}
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.get().kind == "holiday"
    reminder = Reminder.objects.first()
    assert (
        client.post(reverse("admin:deadlines_reminder_delete", args=[reminder.pk]), {"post": "yes"}).status_code == 403
    )

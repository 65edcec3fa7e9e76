"""The duty log pages (值班日志) [41]: an entry during a shift (time, from whom, what, what was done), filed under
the shift on post; corrections as new entries; the search, paged by (time, id) with a flat query count."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from duty import services
from duty.models import LogEntry, Roster

from .factories import local, published

pytestmark = pytest.mark.django_db


def test_the_night_person_logs_a_call_filed_under_their_shift(client, clock, duty_office):
    """[41]: the call is recorded with its time, caller, content and what was done, under the shift on post."""
    r = published(duty_office, date(2026, 10, 1), date(2026, 10, 2), period=Roster.Period.HOLIDAY)
    night = r.shifts.get(day=date(2026, 10, 1), kind__code="holiday-night")
    clock.move_to(local(2026, 10, 1, 23, 40))
    client.force_login(night.person)
    answer = client.post(
        reverse("duty:log_new"),
        {
            "caller": "昂赛乡值班室 才仁",
            "phone": "0971-1234567",
            "content": "报告暴雨，道路积水。",
            "action_taken": "已报带班领导。",
        },
    )
    entry = LogEntry.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("duty:log_entry", args=[entry.pk])
    assert entry.shift_id == night.pk and entry.recorded_by_id == night.person_id
    assert entry.at == local(2026, 10, 1, 23, 40)
    today = client.get(reverse("duty:today")).content.decode()
    assert f'data-entry="{entry.pk}"' in today and "报告暴雨" in today
    assert night.person.profile.full_name in today  # who is on post now


def test_a_log_entry_needs_who_and_what_and_not_a_future_time(client, duty_office):
    """[41]: bad input is a Chinese 400 and nothing is written."""
    client.force_login(duty_office["zhiban"])
    answer = client.post(reverse("duty:log_new"), {"caller": "", "content": ""})
    assert answer.status_code == 400 and "请填写来电（来人）" in answer.content.decode()
    later = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    answer = client.post(reverse("duty:log_new"), {"caller": "某人", "content": "某事", "at": later})
    assert answer.status_code == 400 and "不能晚于现在" in answer.content.decode()
    assert not LogEntry.objects.exists()


def test_only_the_duty_room_writes_the_log(client, duty_office):
    """[41]: a section chief reads the log but does not write it (403)."""
    client.force_login(duty_office["kezhang"])
    assert client.get(reverse("duty:log")).status_code == 200
    assert client.get(reverse("duty:log_new")).status_code == 403
    assert client.post(reverse("duty:log_new"), {"caller": "a", "content": "b"}).status_code == 403
    assert not LogEntry.objects.exists()


def test_a_correction_is_a_new_entry_naming_the_old(client, duty_office):
    """The log is append-only: a correction keeps the first entry and names it."""
    first = services.log_add(actor=duty_office["zhiban"], caller="县公安局", content="报告火情")
    client.force_login(duty_office["zhiban"])
    assert "报告火情" in client.get(reverse("duty:log_new") + f"?corrects={first.pk}").content.decode()
    answer = client.post(
        reverse("duty:log_new"), {"caller": "县公安局", "content": "报告火情，已扑灭", "corrects": first.pk}
    )
    assert answer.status_code == 302
    fixed = LogEntry.objects.exclude(pk=first.pk).get()
    assert fixed.corrects_id == first.pk and LogEntry.objects.filter(pk=first.pk, content="报告火情").exists()


def test_the_log_search_finds_words_and_pages_by_time(client, duty_office):
    """[41]: searchable by who called, what and what was done; every entry reachable through 较早的."""
    clerk = duty_office["zhiban"]
    for i in range(55):
        services.log_add(actor=clerk, caller=f"来电人{i}", content="道路积水" if i % 2 else "停电", at=timezone.now())
    services.log_add(actor=clerk, caller="县气象局", content="发布暴雨蓝色预警", action_taken="转告各乡镇")
    client.force_login(clerk)
    body = client.get(reverse("duty:log") + "?q=气象局").content.decode()
    assert "发布暴雨蓝色预警" in body and "道路积水" not in body
    assert "转告各乡镇" in client.get(reverse("duty:log") + "?q=各乡镇").content.decode()
    first = client.get(reverse("duty:log"))
    assert first.status_code == 200 and first.content.decode().count("data-entry=") == 50
    older = first.context["page"].older
    second = client.get(reverse("duty:log") + f"?before={older}")
    assert second.content.decode().count("data-entry=") == 6
    assert client.get(reverse("duty:log") + "?before=garbage").status_code == 400
    assert client.get(reverse("duty:log") + "?since=2026-99-01").status_code == 400


def test_the_log_and_today_cost_the_same_with_few_and_many_entries(client, duty_office, count_queries):
    """PERFORMANCE.md: the log page and its search, and 今日值班, do not grow with the entries [41]."""
    clerk = duty_office["zhiban"]
    services.log_add(actor=clerk, caller="甲", content="积水")
    client.force_login(clerk)
    urls = [reverse("duty:log"), reverse("duty:log") + "?q=积水&since=2026-09-01", reverse("duty:today")]
    for url in urls:
        client.get(url)
    few = {}
    for url in urls:
        with count_queries() as q:
            assert client.get(url).status_code == 200
        few[url] = len(q)
    LogEntry.objects.bulk_create(
        [
            LogEntry(caller=f"来电{i}", content="积水" if i % 2 else "其他", recorded_by=clerk, at=timezone.now())
            for i in range(120)
        ]
    )
    for url in urls:
        with count_queries() as q:
            assert client.get(url).status_code == 200
        assert len(q) == few[url], url + "\n" + "\n".join(x["sql"] for x in q.captured_queries)

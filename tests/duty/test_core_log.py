"""值班日志 [41]: calls and events — time, from whom, what, what was done — filed under the shift on post,
searchable; the 今日值班 page shows who is on duty."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.workflow import ActionRefused
from duty import services
from duty.selectors import search_log

from .factories import published

pytestmark = pytest.mark.django_db


def test_log_entries_are_filed_under_the_shift_and_found_by_search(duty_office, clock):
    roster = published(duty_office, date(2026, 9, 14), date(2026, 9, 15))
    night = roster.shifts.order_by("starts_at").first()
    clock.move_to(night.starts_at + timedelta(hours=3))
    entry = services.log_add(
        actor=night.person, caller="结多乡 值班员", content="报告某村停电", action_taken="已联系供电公司"
    )
    services.log_add(actor=night.person, caller="县气象局", content="明日有大雪")
    assert entry.shift == night
    viewer = duty_office["kezhang"]
    assert list(search_log(viewer, "停电")) == [entry]
    assert list(search_log(viewer, "供电公司")) == [entry]
    assert list(search_log(viewer, "结多乡 停电")) == [entry]
    assert search_log(viewer, "").count() == 2
    assert search_log(duty_office["lianluo"], "停电").count() == 0  # outside the office: nothing


def test_only_the_duty_room_writes_the_log_and_empty_entries_are_refused(duty_office):
    with pytest.raises(ActionRefused):
        services.log_add(actor=duty_office["guikou1"], caller="x", content="y")
    with pytest.raises(ValidationError):
        services.log_add(actor=duty_office["zhiban"], caller="", content="  ")


def test_today_page_shows_who_is_on_post(duty_office, client_as, clock):
    """[41] 今日值班: the person on post now; an outsider is refused."""
    roster = published(duty_office, date(2026, 9, 14), date(2026, 9, 15))
    night = roster.shifts.select_related("person__profile").order_by("starts_at").first()
    clock.move_to(night.starts_at + timedelta(hours=1))
    html = client_as("kezhang").get(reverse("duty:today")).content.decode()
    assert night.person.profile.full_name in html
    assert client_as("lianluo").get(reverse("duty:today")).status_code == 403

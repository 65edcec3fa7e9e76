"""突发事件报告 [43], [8]: the leaders are told at once; the report to the 州政府值班室 only after a county-government
leader AND an office leader have agreed — two of one level do not count as both."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import Notification
from core.workflow import ActionRefused, StaleAction
from duty import services
from duty.models import Agreement, FollowUp, LeaderNotice, ReportState
from org.roles import COUNTY_LEADERS, OFFICE_LEADERS

from .factories import published, report

pytestmark = pytest.mark.django_db


def test_the_leaders_are_told_at_once(duty_office):
    """[43] every county-government and office leader is told when the report is recorded, with the 首报."""
    r = report(duty_office)
    leaders = {
        u.pk
        for u in duty_office.values()
        if {g.name for g in u.groups.all()} & {x.value for x in (*COUNTY_LEADERS, *OFFICE_LEADERS)}
    }
    assert set(r.notices.values_list("leader_id", flat=True)) == leaders
    assert set(Notification.objects.filter(kind="duty.emergency").values_list("recipient_id", flat=True)) == leaders
    assert r.follow_ups.get().stage == FollowUp.Stage.FIRST


def test_the_带班_leaders_are_told_first_on_a_holiday(duty_office, clock):
    """[41][43] on a holiday the 带班 leaders of the shift on post come first."""
    published(duty_office, date(2026, 10, 1), date(2026, 10, 3))
    clock.move_to(timezone.make_aware(timezone.datetime(2026, 10, 2, 22, 0)))
    r = report(duty_office)
    first = list(LeaderNotice.objects.filter(report=r).order_by("-on_duty", "told_at", "id")[:2])
    assert {n.leader_id for n in first} == {duty_office["changwu"].pk, duty_office["zhuren"].pk}
    assert all(n.on_duty for n in first)


def test_the_prefecture_report_is_refused_until_both_levels_agree(duty_office):
    """[43][8] 报州政府值班室 is refused with no agreement, with a county-government leader's only, and with two
    county-government leaders; an office leader's agreement completes it."""
    r = report(duty_office)
    with pytest.raises(ActionRefused, match="县政府领导和办公室领导"):
        services.report_send_to_prefecture(actor=duty_office["zhiban"], pk=r.pk, method="电话")

    services.report_agree(actor=duty_office["changwu"], pk=r.pk)
    services.report_agree(actor=duty_office["fuxianzhang1"], pk=r.pk)  # a second of the same level
    r.refresh_from_db()
    assert r.state == ReportState.RECEIVED
    with pytest.raises(ActionRefused, match="尚待办公室领导同意"):
        services.report_send_to_prefecture(actor=duty_office["zhiban"], pk=r.pk, method="电话")

    services.report_agree(actor=duty_office["fuzhuren"], pk=r.pk)
    r.refresh_from_db()
    assert r.state == ReportState.AGREED
    services.report_send_to_prefecture(actor=duty_office["zhiban"], pk=r.pk, method="电话", receiver="值班员")
    r.refresh_from_db()
    assert r.state == ReportState.SENT and r.special_serial == 1 and r.prefecture_sent_by == duty_office["zhiban"]
    who_when = list(r.agreements.values_list("leader_id", "level"))
    assert (duty_office["fuzhuren"].pk, "office") in who_when and (duty_office["changwu"].pk, "county") in who_when


def test_two_office_leaders_do_not_count_as_both(duty_office):
    """[43][8] two office leaders agreeing is still one level."""
    r = report(duty_office)
    services.report_agree(actor=duty_office["zhuren"], pk=r.pk)
    services.report_agree(actor=duty_office["fuzhuren"], pk=r.pk)
    with pytest.raises(ActionRefused, match="尚待县政府领导同意"):
        services.report_send_to_prefecture(actor=duty_office["zhiban"], pk=r.pk, method="传真")
    r.refresh_from_db()
    assert r.state == ReportState.RECEIVED and r.special_serial is None


def test_only_leaders_agree_and_only_once(duty_office):
    """[43][8] the person on duty cannot agree for a leader; a leader agrees once."""
    r = report(duty_office)
    with pytest.raises(ActionRefused):
        services.report_agree(actor=duty_office["zhiban"], pk=r.pk)
    services.report_agree(actor=duty_office["changwu"], pk=r.pk)
    with pytest.raises(ValidationError, match="已同意"):
        services.report_agree(actor=duty_office["changwu"], pk=r.pk)
    assert Agreement.objects.filter(report=r).count() == 1


def test_instructions_and_follow_ups_form_the_timeline(duty_office, clock):
    """[43] instructions recorded with who and when; 续报 and 终报 on the timeline; a 终报 closes the report."""
    r = report(duty_office)
    services.report_instruct(actor=duty_office["xianzhang"], pk=r.pk, text="全力救援")
    services.report_instruct(
        actor=duty_office["zhiban"], pk=r.pk, text="通知应急局", leader_pk=duty_office["changwu"].pk
    )
    with pytest.raises(ValidationError):
        services.report_instruct(actor=duty_office["zhiban"], pk=r.pk, text="x", leader_pk=duty_office["guikou1"].pk)
    clock.shift(timedelta(hours=1))
    services.report_follow_up(actor=duty_office["zhiban"], pk=r.pk, stage=FollowUp.Stage.FURTHER, content="道路抢通中")
    clock.shift(timedelta(hours=1))
    services.report_follow_up(actor=duty_office["zhiban"], pk=r.pk, stage=FollowUp.Stage.FINAL, content="已抢通")
    r.refresh_from_db()
    assert r.state == ReportState.CLOSED
    assert list(r.follow_ups.values_list("stage", flat=True)) == ["first", "further", "final"]
    assert [i.leader for i in r.instructions.all()] == [duty_office["xianzhang"], duty_office["changwu"]]


def test_a_stale_agreement_page_is_refused(duty_office):
    r = report(duty_office)
    seen = r.version
    services.report_agree(actor=duty_office["changwu"], pk=r.pk, seen_version=seen)
    with pytest.raises(StaleAction):
        services.report_agree(actor=duty_office["zhuren"], pk=r.pk, seen_version=seen)

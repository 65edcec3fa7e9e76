"""会议统计: meetings per kind and month, topics, decisions on time — for the office's organisers, charts with
the same figures as the tables beneath them [17], [6], [18], [37], [40]."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from meetings import services, statistics
from meetings.kinds import Kind
from org.models import SecretLevel

from .factories import at, held

pytestmark = pytest.mark.django_db


def _decision(office, m, due, **extra):
    return services.decision_add(
        actor=office["shoufa"],
        pk=m.pk,
        data=services.DecisionData(
            text=extra.pop("text", "事项"),
            leader=office["fuzhuren_wenmi"],
            due_date=due,
            sections=(office.sections["general"],),
        ),
    )


def test_the_figures_count_meetings_topics_and_decisions_17_37_40(office, clock):
    """[17]: held meetings per kind and month; [18]: topics by outcome; [40]: decisions on time or late."""
    m = held(office)
    held(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"], starts=at(2))
    for title, act in (("甲", "accept"), ("乙", "decline"), ("丙", None)):
        t = services.topic_propose(
            actor=office["kezhang"],
            data=services.TopicData(kind=Kind.DIRECTOR_OFFICE, category="18-4", title=title),
        )
        if act == "accept":
            services.topic_accept(actor=office["zhuren"], pk=t.pk)
        elif act == "decline":
            services.topic_decline(actor=office["zhuren"], pk=t.pk, reason="不属会议研究范围")
    on_time = _decision(office, m, date(2026, 9, 30))
    late = _decision(office, m, date(2026, 9, 15))
    _decision(office, m, date(2026, 9, 16))  # will be overdue
    _decision(office, m, date(2026, 12, 31))  # open, not due
    services.decision_finish(actor=office["shoufa"], pk=on_time.pk, result="已办")
    clock.move_to("2026-09-20 09:00+08:00")
    services.decision_finish(actor=office["shoufa"], pk=late.pk, result="已办，逾期")
    f = statistics.year_figures(office["shoufa"], year=2026)
    assert f.meetings["主任办公会议"][8] == 1 and f.meetings["县政府常务会议"][8] == 1 and f.meetings_total == 2
    t = f.topics_total
    assert (t.proposed, t.accepted, t.declined, t.waiting) == (3, 1, 1, 1)
    d = f.decisions_total
    assert (d.on_time, d.late, d.overdue, d.open) == (1, 1, 1, 1) and d.rate == "50%"


def test_the_page_shows_charts_with_the_same_figures_as_tables(client_as, office):
    held(office)
    page = client_as("shoufa").get(reverse("meetings:statistics"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "vendor/echarts/echarts.min.js" in html and 'id="chart-meetings"' in html
    assert 'data-table="meetings"' in html and 'data-table="decisions"' in html
    data = json.loads(html.split('id="meetings-stats-data" type="application/json">')[1].split("</script>")[0])
    assert data["meetings"][0]["name"] == "主任办公会议" and data["meetings"][0]["data"][8] == 1
    assert client_as("shoufa").get(reverse("meetings:statistics") + "?year=abc").status_code == 200


def test_only_organisers_see_statistics_and_a_classified_meeting_counts_only_for_those_on_it(client_as, office):
    """[6], [17]: the statistics are the office's; [31], [32]: what one may not see is not counted either."""
    assert client_as("guikou1").get(reverse("meetings:statistics")).status_code == 403
    held(office, secret_level=SecretLevel.SECRET, attendees=[office["zhuren"]])
    assert statistics.year_figures(office["fuzhuren"], year=2026).meetings_total == 0
    assert statistics.year_figures(office["zhuren"], year=2026).meetings_total == 1

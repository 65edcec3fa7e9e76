"""联席会议 [15(3)]: 县政府办公室应加强与县委、人大、政协办公室的联系，定期不定期召开联席会议互通情况.

The joint meeting is planned like the office's own meetings: chaired by the director (or a deputy he entrusts),
the office leaders attend, its topics fall under 互通情况 / 协调工作 / 其他, and its minutes are numbered in a
series of their own (联席会议纪要〔年〕N号), apart from the other kinds' series.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from meetings import services
from meetings.kinds import OFFICE_KINDS, Kind, spec_of
from meetings.models import Minutes, MinutesState
from org.roles import Role

from .factories import held, meeting

pytestmark = pytest.mark.django_db


def _issue_minutes(office, m, body="会议互通了近期工作情况。"):
    clerk = office["shoufa"]
    services.minutes_start(actor=clerk, pk=m.pk)
    minutes = Minutes.objects.get(meeting=m)
    services.minutes_save(actor=clerk, pk=minutes.pk, body=body)
    services.minutes_submit(actor=clerk, pk=minutes.pk)
    services.minutes_approve(actor=m.chair, pk=minutes.pk)
    services.minutes_issue(actor=clerk, pk=minutes.pk)
    minutes.refresh_from_db()
    return minutes


def test_the_joint_meeting_is_a_kind_of_its_own_15_3():
    """[15(3)]: 联席会议 — the office's side of the four offices' meeting: chaired by the director or an entrusted
    deputy, office leaders attend and propose, categories 互通情况 / 协调工作 / 其他."""
    spec = spec_of(Kind.JOINT)
    assert spec.label == "联席会议" and spec.article == "[15(3)]"
    assert spec.office and Kind.JOINT in OFFICE_KINDS
    assert spec.chairs == frozenset({Role.OFFICE_DIRECTOR})
    assert spec.entrusted_chairs == frozenset({Role.DEPUTY_DIRECTOR})
    assert [label for _, label in spec.categories] == ["互通情况", "协调工作", "其他"]
    assert spec.minutes_title == "联席会议纪要"
    assert spec.proposers == frozenset({Role.OFFICE_DIRECTOR, Role.DEPUTY_DIRECTOR})


def test_a_joint_meeting_is_planned_and_chaired_by_the_director_15_3(office):
    """[15(3)]: the office plans a 联席会议 with the director in the chair; the office leaders are invited."""
    m = meeting(office, Kind.JOINT, chair=office["zhuren"], title="县委、人大、政协、政府办公室联席会议")
    assert m.kind == Kind.JOINT and m.chair == office["zhuren"]
    assert m.get_kind_display() == "联席会议"
    invited = set(m.attendees.values_list("person_id", flat=True))
    assert {office["zhuren"].pk, office["fuzhuren"].pk} <= invited


def test_a_county_leader_may_not_chair_a_joint_meeting_15_3(office):
    """[15(3)]: refused — the joint meeting is the offices' meeting, chaired by the office director."""
    with pytest.raises(ValidationError):
        meeting(office, Kind.JOINT, chair=office["xianzhang"])


def test_joint_minutes_are_numbered_in_their_own_series_15_3(office):
    """[15(3)]: 联席会议纪要〔2026〕1号 — its own series, whatever the office's other meetings have issued."""
    other = held(office, Kind.DIRECTOR_OFFICE)
    first_other = _issue_minutes(office, other)
    assert first_other.number_label == "主任办公会议纪要〔2026〕1号"
    joint = held(office, Kind.JOINT, chair=office["zhuren"])
    minutes = _issue_minutes(office, joint)
    assert minutes.state == MinutesState.ISSUED
    assert minutes.number_label == "联席会议纪要〔2026〕1号"
    second = _issue_minutes(office, held(office, Kind.JOINT, chair=office["zhuren"]), body="会议协调了春节慰问安排。")
    assert second.number_label == "联席会议纪要〔2026〕2号"

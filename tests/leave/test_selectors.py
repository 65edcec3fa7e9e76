"""Who sees which requests [54], and the reads the pages are built on — flat in query count."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404

from deadlines.calendar import WorkCalendar
from leave import selectors, services
from leave.periods import Half
from org.models import Absence, Profile, Section
from org.roles import Role
from org.selectors import display_name
from org.services import absence_record
from tests.factories import person

from .factories import approved, draft, sent

TZ = ZoneInfo("Asia/Shanghai")
TUESDAY = date(2026, 9, 15)


def _ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_each_role_sees_exactly_its_requests(office, kinds):
    """[54] one's own (drafts too); the approver theirs; office leaders and the 收发秘书 every sent request;
    nobody another's draft; county leaders nothing unless they approve (the director's own [15(1)])."""
    own_draft = draft(office["guikou1"], kinds["事假"], TUESDAY)
    own_sent = sent(office["guikou1"], kinds["事假"], date(2026, 9, 16))
    legal = sent(office["fazhi"], kinds["事假"], TUESDAY)  # → fuzhuren
    directors = sent(office["zhuren"], kinds["出差"], TUESDAY, destination="西宁市")  # → changwu
    every_sent = {own_sent.pk, legal.pk, directors.pk}
    expected = {
        "guikou1": {own_draft.pk, own_sent.pk},
        "guikou2": set(),
        "dazi": set(),
        "kezhang": set(),
        "fuzhuren": every_sent,
        "fuzhuren_wenmi": every_sent,
        "zhuren": every_sent | set(),
        "shoufa": every_sent,
        "changwu": {directors.pk},
        "fuxianzhang1": set(),
    }
    for key, ids in expected.items():
        assert _ids(selectors.leave_visible_to(office[key])) == ids, key
    with pytest.raises(Http404):
        selectors.get_leave_for(office["guikou2"], own_sent.pk)
    with pytest.raises(Http404):
        selectors.get_leave_for(office["shoufa"], own_draft.pk)
    assert selectors.get_leave_for(office["changwu"], directors.pk) == directors


def test_the_approvers_queue_and_my_requests(office, kinds):
    mine = sent(office["guikou1"], kinds["事假"], TUESDAY)
    other = sent(office["guikou2"], kinds["病假"], date(2026, 9, 11))  # 事后补办
    assert list(selectors.awaiting_decision(office["fuzhuren_wenmi"])) == [mine, other]
    assert list(selectors.awaiting_decision(office["zhuren"])) == []
    assert list(selectors.my_requests(office["guikou1"])) == [mine]
    assert selectors.available_actions(mine, office["fuzhuren_wenmi"]) == [("approve", "批准"), ("reject", "不批准")]
    assert selectors.available_actions(mine, office["guikou1"]) == [("withdraw", "撤回")]


def test_the_board_shows_who_is_away_back_when_and_who_covers(office, kinds):
    """在岗/外出 for the clerk before distributing [26(6)3]: approved requests [54] and the absences recorded by
    hand for county leaders — the latter only for those who see all."""
    approved(
        office["guikou1"],
        kinds["出差"],
        date(2026, 9, 14),
        TUESDAY,
        destination="玉树市",
        leaves_county=True,
        cover=office["guikou2"],
    )
    sent(office["guikou3"], kinds["事假"], date(2026, 9, 14), end_half=Half.PM)  # not approved: not on the board
    absence_record(
        actor=office["shoufa"],
        person=office["changwu"],
        starts_at=datetime(2026, 9, 14, 8, tzinfo=TZ),
        ends_at=datetime(2026, 9, 14, 18, tzinfo=TZ),
        note="赴州政府开会",
    )
    rows = {r.name: r for r in selectors.board(office["shoufa"], day=date(2026, 9, 14))}
    assert {name: r.what for name, r in rows.items()} == {
        display_name(office["changwu"]): Absence.Reason.TRIP.label,
        display_name(office["guikou1"]): "出差",
    }
    trip = rows[display_name(office["guikou1"])]
    assert trip.back == "2026年09月16日上午" and trip.cover == display_name(office["guikou2"])
    assert trip.destination == "玉树市" and trip.leaves_county and trip.request is not None
    county = rows[display_name(office["changwu"])]
    assert county.back == "2026年09月15日上午" and county.request is None and county.destination == "赴州政府开会"
    # A line staff member sees only their own.
    assert selectors.board(office["guikou3"], day=date(2026, 9, 14)) == []
    assert [r.name for r in selectors.board(office["guikou1"], day=date(2026, 9, 14))] == [
        display_name(office["guikou1"])
    ]


def test_back_at_work_skips_the_national_day_holiday(office, kinds):
    approved(office["guikou1"], kinds["事假"], date(2026, 9, 29), date(2026, 9, 30))
    (row,) = selectors.board(office["zhuren"], day=date(2026, 9, 30))
    assert row.back == "2026年10月08日上午"


def test_the_month_calendar_marks_half_days_by_section(office, kinds, clock):
    approved(office["guikou1"], kinds["事假"], TUESDAY, date(2026, 9, 16), start_half=Half.PM)
    req = approved(office["fazhi"], kinds["病假"], date(2026, 9, 11), TUESDAY)
    clock.move_to(datetime(2026, 9, 14, 15, tzinfo=TZ))  # back early, on Monday afternoon
    services.leave_return(actor=office["fazhi"], pk=req.pk, returned_on=date(2026, 9, 14), returned_half=Half.PM)
    month = selectors.month_calendar(office["zhuren"], year=2026, month=9)
    assert len(month.days) == 30
    rows = {row.name: row for section in month.sections for row in section.rows}
    general = rows[display_name(office["guikou1"])]
    tuesday = general.cells[14]
    assert (tuesday.morning, tuesday.afternoon) == ("", "事假")
    assert general.days_away == Decimal("1.5")
    legal = rows[display_name(office["fazhi"])]
    assert (legal.cells[13].morning, legal.cells[13].afternoon) == ("病假", "")  # back on Monday afternoon
    assert legal.days_away == Decimal("1.5")  # Friday 11th + Monday morning
    assert [s.name for s in month.sections] == ["综合科", "法制科"]
    only_legal = selectors.month_calendar(
        office["zhuren"], year=2026, month=9, section_id=Section.objects.get(code="legal").pk
    )
    assert [r.name for s in only_legal.sections for r in s.rows] == [display_name(office["fazhi"])]


def test_a_persons_year(office, kinds):
    Profile.objects.filter(user=office["guikou1"]).update(work_started_on=date(2010, 1, 1))
    approved(office["guikou1"], kinds["年休假"], TUESDAY, date(2026, 9, 16))
    approved(office["guikou1"], kinds["病假"], date(2026, 9, 11))
    year = selectors.person_year(office["guikou1"], person=office["guikou1"], year=2026)
    assert year.days_by_kind == [("年休假", Decimal(2)), ("病假", Decimal(1))]
    assert year.total_days == Decimal(3) and year.retroactive_count == 1
    assert (year.annual.entitlement, year.annual.remaining) == (Decimal(10), Decimal(8))
    with pytest.raises(Http404):
        selectors.person_year(office["guikou2"], person=office["guikou1"], year=2026)


# --- flat in query count ---------------------------------------------------------------------------------------


def _half_days(n: int) -> list[tuple[date, str]]:
    calendar = WorkCalendar.load()
    halves, day = [], TUESDAY
    while len(halves) < n:
        if calendar.is_working_day(day):
            halves += [(day, Half.AM), (day, Half.PM)]
        day += timedelta(days=1)
    return halves[:n]


def _office_with(office, kinds, n: int, *, skip: int = 0) -> list:
    """``n`` line staff of 综合科, each away on Tuesday (approved), and ``n`` half-day requests of guikou1
    waiting for the secretarial deputy."""
    general = Section.objects.get(code="general")
    people = [person(Role.LINE_STAFF, section=general) for _ in range(n)]
    for someone in people:
        approved(someone, kinds["事假"], TUESDAY, cover=office["guikou2"])
    for day, half in _half_days(skip + n)[skip:]:
        sent(office["guikou1"], kinds["事假"], day, start_half=half, end_half=half)
    return people


def _queries(count_queries, read) -> int:
    with count_queries() as ctx:
        read()
    return len(ctx)


@pytest.mark.parametrize(
    "read",
    [
        pytest.param(
            lambda o: [(r.kind.name, r.approver.profile.full_name) for r in selectors.my_requests(o["guikou1"])],
            id="my_requests",
        ),
        pytest.param(
            lambda o: [
                (display_name(r.person), r.person.profile.section.name, r.kind.name)
                for r in selectors.awaiting_decision(o["fuzhuren_wenmi"])
            ],
            id="awaiting_decision",
        ),
        pytest.param(lambda o: selectors.board(o["shoufa"], day=TUESDAY), id="board"),
        pytest.param(lambda o: selectors.month_calendar(o["zhuren"], year=2026, month=9), id="month_calendar"),
        pytest.param(lambda o: selectors.person_year(o["zhuren"], person=o["guikou1"], year=2026), id="person_year"),
    ],
)
def test_reads_are_flat_in_query_count(office, kinds, count_queries, read):
    _office_with(office, kinds, 2)
    read(office)  # the person's roles are read once and kept on the user object
    small = _queries(count_queries, lambda: read(office))
    _office_with(office, kinds, 18, skip=2)  # 20 in all
    large = _queries(count_queries, lambda: read(office))
    assert small == large, f"{small} queries at 2 rows, {large} at 20"
    assert small <= 5

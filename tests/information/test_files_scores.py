"""Scoring [46]: each adoption and each leader's 批示 earns the points of the rule in effect on the day it was
adopted; totals per unit and per author, per month and per year, summed in the database; the ranking; and a past
year's ranking recomputed exactly after the rules change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from information import scoring
from information.models import Level, ScoringKey, Target

from .test_files_helpers import TZ, adopt, rule, sent

pytestmark = pytest.mark.django_db
TODAY = date(2026, 9, 14)


@pytest.fixture(autouse=True)
def clock():
    from datetime import datetime

    with time_machine.travel(datetime(2026, 9, 14, 9, 0, tzinfo=TZ), tick=False) as traveller:
        yield traveller


@pytest.fixture
def rules_2025(office):
    """The table as set at the start of 2025: 省 10, 州 5, 县 2, 批示 3 [46]."""
    rule(office, ScoringKey.PROVINCE_ADOPTION, 10, date(2025, 1, 1))
    rule(office, ScoringKey.PREFECTURE_ADOPTION, 5, date(2025, 1, 1))
    rule(office, ScoringKey.COUNTY_ADOPTION, 2, date(2025, 1, 1))
    rule(office, ScoringKey.LEADER_INSTRUCTION, 3, date(2025, 1, 1))


def test_each_adoption_and_instruction_scores_by_the_rule_of_its_day_46(office, rules_2025):
    """[46]: 省级采用 10 + 州级采用 5 + a 批示 3 = 18 for the township; the office's own item 2 (县级)."""
    township = sent(office, on=date(2025, 3, 3))
    adopt(office, township, level=Level.PROVINCE, on=date(2025, 3, 10), instruction="请各乡镇学习借鉴。")
    adopt(office, township, level=Level.PREFECTURE, on=date(2025, 3, 12))
    own = sent(office, on=date(2025, 4, 7), unit=None, to=(Target.COUNTY,), author="陈嘉怡", title="县城供暖情况")
    adopt(office, own, level=Level.COUNTY, on=date(2025, 4, 8))

    r = scoring.ranking(office["xinxi"], scoring.Period(2025), list_zero_units=True)
    assert r.total.points == Decimal("20")
    assert (r.total.province, r.total.prefecture, r.total.county, r.total.instructions) == (1, 1, 1, 1)
    first, second = r.units
    assert (first.label, first.points, first.rank) == (office.units["township"].name, Decimal("18"), 1)
    assert (second.label, second.points, second.rank) == (scoring.OFFICE_LABEL, Decimal("2"), 2)
    assert [(a.label, a.points) for a in r.authors] == [("扎西多杰", Decimal("18")), ("陈嘉怡", Decimal("2"))]
    # Per month of the year: March 18, April 2 [46].
    assert first.months[2] == Decimal("18") and second.months[3] == Decimal("2")
    assert r.month_points[2] == Decimal("18") and sum(r.month_points) == Decimal("20")
    # The units that sent nothing adopted are named in the 通报.
    assert office.units["department"].name in r.zero_units
    # A month: April only.
    april = scoring.ranking(office["xinxi"], scoring.Period(2025, 4))
    assert [(u.label, u.points) for u in april.units] == [(scoring.OFFICE_LABEL, Decimal("2"))]


def test_a_past_years_ranking_is_recomputed_exactly_after_the_rules_change_46(office, rules_2025):
    """[46]: the rules change on 1 January 2026 (省 10 → 20, 批示 3 → 5); 2025's ranking is what it was, 2026's
    adoptions score by the new table, and an adoption on the last day of the old table still scores by it."""
    old = sent(office, on=date(2025, 12, 29))
    adopt(office, old, level=Level.PROVINCE, on=date(2025, 12, 31), instruction="很好。")
    before = scoring.ranking(office["xinxi"], scoring.Period(2025))
    assert before.total.points == Decimal("13")

    rule(office, ScoringKey.PROVINCE_ADOPTION, 20, date(2026, 1, 1))
    rule(office, ScoringKey.LEADER_INSTRUCTION, "5.5", date(2026, 1, 1))
    new = sent(office, on=date(2026, 1, 5), unit="department", author="才让", title="农牧局推进草畜平衡")
    adopt(office, new, level=Level.PROVINCE, on=date(2026, 1, 6), instruction="抓好落实。")

    after = scoring.ranking(office["xinxi"], scoring.Period(2025))
    assert after.total.points == before.total.points == Decimal("13")
    assert [(u.label, u.points, u.rank) for u in after.units] == [(u.label, u.points, u.rank) for u in before.units]
    this_year = scoring.ranking(office["xinxi"], scoring.Period(2026))
    assert this_year.total.points == Decimal("25.5")
    assert scoring.points_label(this_year.total.points) == "25.5"
    # The table shown with 2025 is 2025's; with 2026 the new one, marked as changed in the period.
    assert {r.key: r.points for r in after.rules}[ScoringKey.PROVINCE_ADOPTION] == Decimal("10")
    assert {r.key: r.points for r in this_year.rules}[ScoringKey.PROVINCE_ADOPTION] == Decimal("20")


def test_before_any_rule_an_adoption_scores_nothing_and_ties_share_a_rank_46(office):
    """[46]: no rule yet → 0 points (counted, not scored); two units on equal points share the rank."""
    a = sent(office, on=date(2026, 2, 2))
    adopt(office, a, level=Level.PROVINCE, on=date(2026, 2, 3))
    r = scoring.ranking(office["xinxi"], scoring.Period(2026))
    assert r.total.province == 1 and r.total.points == 0
    rule(office, ScoringKey.PREFECTURE_ADOPTION, 4, date(2026, 3, 1))
    rule(office, ScoringKey.PROVINCE_ADOPTION, 4, date(2026, 3, 1))
    b = sent(office, on=date(2026, 3, 2), unit="department", author="才让", title="农牧局")
    adopt(office, b, level=Level.PREFECTURE, on=date(2026, 3, 3))
    c = sent(office, on=date(2026, 3, 2), author="扎西多杰", title="测试乡第二条")
    adopt(office, c, level=Level.PROVINCE, on=date(2026, 3, 4))
    r = scoring.ranking(office["xinxi"], scoring.Period(2026))
    assert [u.rank for u in r.units] == [1, 1]


def test_the_totals_are_summed_in_the_database_in_the_same_queries_for_more_adoptions_46(
    office, rules_2025, django_assert_max_num_queries, count_queries
):
    """[46]: aggregates, not a loop over items — the ranking costs the same queries for 1 and for 6 adoptions."""
    first = sent(office, on=date(2026, 3, 2))
    adopt(office, first, level=Level.PROVINCE, on=date(2026, 3, 3))
    with count_queries() as one:
        scoring.ranking(office["xinxi"], scoring.Period(2026), list_zero_units=True)
    for n in range(5):
        item = sent(office, on=date(2026, 4, 6 + n), unit="department" if n % 2 else "township",
                    author=f"作者{n}", title=f"信息{n}")  # fmt: skip
        adopt(office, item, level=Level.PREFECTURE, on=date(2026, 4, 7 + n), instruction="阅。" if n == 2 else "")
    with count_queries() as six:
        r = scoring.ranking(office["xinxi"], scoring.Period(2026), list_zero_units=True)
    assert r.total.adoptions == 6
    assert len(six) == len(one) <= 7


def test_a_unit_contact_sees_only_their_units_scores_45_46(office, rules_2025, client_as):
    """[45], [46]: the 联络员 of the township reads their own unit's score and authors, no other unit's."""
    mine = sent(office, on=date(2026, 3, 2))
    adopt(office, mine, level=Level.PROVINCE, on=date(2026, 3, 3))
    theirs = sent(office, on=date(2026, 3, 2), unit="department", author="才让", title="农牧局信息")
    adopt(office, theirs, level=Level.PROVINCE, on=date(2026, 3, 3))
    r = scoring.ranking(office["lianluo"], scoring.Period(2026))
    assert [u.label for u in r.units] == [office.units["township"].name]
    assert [a.label for a in r.authors] == ["扎西多杰"]
    page = client_as("lianluo").get(reverse("information:scores") + "?year=2026")
    assert page.status_code == 200
    text = page.content.decode()
    assert office.units["township"].name in text
    assert office.units["department"].name not in text and "才让" not in text
    # The 通报 is the office's paper: a contact may not print it.
    assert client_as("lianluo").get(reverse("information:ranking_pdf") + "?year=2026").status_code == 403


def test_the_scores_page_for_the_office_and_its_period_filter_46(office, rules_2025, client_as):
    item = sent(office, on=date(2026, 3, 2))
    adopt(office, item, level=Level.PROVINCE, on=date(2026, 3, 3), instruction="好。")
    client = client_as("xinxi")
    page = client.get(reverse("information:scores") + "?year=2026&month=3")
    assert page.status_code == 200
    assert page.context["r"].total.points == Decimal("13")
    assert 'id="information-scores-data"' in page.content.decode()
    assert client.get(reverse("information:scores") + "?year=2026&month=4").context["r"].total.points == 0
    assert client.get(reverse("information:scores") + "?year=abc").status_code == 400
    assert client.get(reverse("information:scores") + "?year=2026&month=13").status_code == 400

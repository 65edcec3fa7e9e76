"""我的待办 warns, from 1 November, that next year's holiday arrangements (调休) are not entered yet [26(6)7]:
the office leaders (办公室主任, 办公室副主任) and the administrators; a link for those who may enter them, whom
to ask for the others; gone once the year has an entry."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core import notices
from deadlines.models import CalendarOverride

from .conftest import local

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("chinesecalendar_stops_at_2026")]

NOTICE_2027 = 'data-notice="deadlines.calendar.2027"'
LEADERS_AND_ADMIN = ("zhuren", "fuzhuren_wenmi", "fuzhuren", "admin")
OTHERS = ("xianzhang", "changwu", "kezhang", "shoufa", "guikou1", "dangan")
ADMIN_PAGE = reverse("admin:deadlines_calendaroverride_changelist")


def home(client_as, key: str) -> str:
    response = client_as(key).get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def warned(client_as, keys) -> set[str]:
    return {key for key in keys if NOTICE_2027 in home(client_as, key)}


def test_leaders_and_administrators_are_warned_from_1_november(clock, client_as):
    """[26(6)7] 1 November 2026: chinesecalendar stops at 2026 and nothing is entered for 2027."""
    clock(local(2026, 10, 31, 23, 59))
    assert warned(client_as, LEADERS_AND_ADMIN) == set()
    clock(local(2026, 11, 1, 0, 0))
    assert warned(client_as, LEADERS_AND_ADMIN + OTHERS) == set(LEADERS_AND_ADMIN)


def test_the_administrator_gets_the_link_and_a_leader_whom_to_ask(clock, client_as):
    clock(local(2026, 11, 30, 9, 0))
    page = home(client_as, "admin")
    assert "2027 年节假日调休安排尚未录入" in page and f'href="{ADMIN_PAGE}"' in page and "前往节假日调整" in page
    page = home(client_as, "zhuren")
    assert "2027 年节假日调休安排尚未录入" in page and "《全国年节及纪念日放假办法》" in page
    assert ADMIN_PAGE not in page
    assert "请联系系统管理员（系统维护员）在管理后台“节假日调整”中" in page


def test_a_staff_member_without_the_permission_is_told_whom_to_ask(clock, client, office):
    clock(local(2026, 11, 30, 9, 0))
    staff = get_user_model().objects.create_user("kanban", is_staff=True)
    client.force_login(staff)
    page = client.get(reverse("core:home")).content.decode()
    assert NOTICE_2027 in page and ADMIN_PAGE not in page and "请联系系统管理员（系统维护员）" in page


def test_the_warning_goes_once_next_years_adjustments_are_entered(clock, client_as):
    clock(local(2026, 11, 30, 9, 0))
    assert warned(client_as, LEADERS_AND_ADMIN) == set(LEADERS_AND_ADMIN)
    CalendarOverride.objects.create(day=date(2027, 2, 20), kind=CalendarOverride.Kind.WORKDAY, note="春节调休上班")
    assert warned(client_as, LEADERS_AND_ADMIN) == set()


def test_no_warning_when_chinesecalendar_knows_next_year(clock, client_as):
    clock(local(2025, 11, 1, 9, 0))  # 2026 is in chinesecalendar 1.11.0
    assert 'data-notice="deadlines.calendar.' not in home(client_as, "zhuren")


def test_a_year_begun_without_its_adjustments_stays_on_the_page(clock, client_as):
    """Past 1 January the warning does not go quiet: every "one working day before" of 2027 may be off."""
    clock(local(2027, 3, 1, 9, 0))
    assert NOTICE_2027 in home(client_as, "zhuren")
    clock(local(2027, 11, 1, 9, 0))
    page = home(client_as, "zhuren")
    assert NOTICE_2027 in page and 'data-notice="deadlines.calendar.2028"' in page


def test_the_check_costs_no_query_before_november_nor_for_people_it_does_not_concern(clock, client_as, count_queries):
    clock(local(2026, 10, 15, 9, 0))
    client = client_as("zhuren")
    with count_queries() as ctx:
        client.get(reverse("core:home"))
    assert not [q["sql"] for q in ctx.captured_queries if "deadlines_calendaroverride" in q["sql"]]
    clock(local(2026, 11, 15, 9, 0))
    client = client_as("shoufa")
    with count_queries() as ctx:
        client.get(reverse("core:home"))
    assert not [q["sql"] for q in ctx.captured_queries if "deadlines_calendaroverride" in q["sql"]]


def test_any_app_can_put_a_notice_on_the_home_page(client_as):
    """core.notices: the registry a higher layer fills from its AppConfig.ready()."""

    def provider(user):
        return [notices.Notice(key="test.notice", title="测试提示", text="仅用于测试。")] if user.is_staff else []

    with notices.registered("test.notice", provider):
        assert 'data-notice="test.notice"' in home(client_as, "admin")
        assert 'data-notice="test.notice"' not in home(client_as, "zhuren")
    assert 'data-notice="test.notice"' not in home(client_as, "admin")


def test_the_admin_page_says_which_years_come_from_which_source(clock, client_as):
    clock(local(2026, 11, 30, 9, 0))
    client = client_as("admin")
    page = client.get(ADMIN_PAGE).content.decode()
    assert "2004–2026 年：<strong>chinesecalendar</strong>" in page
    assert "2027–2100 年：<strong>holidays 软件包</strong>" in page
    assert "2101 年起：<strong>仅本页调整</strong>" in page
    assert 'data-calendar-year="2026" data-source="chinesecalendar"' in page
    assert 'data-calendar-year="2027" data-source="holidays"' in page
    row_2027 = page.split('data-calendar-year="2027"', 1)[1].split("</tr>", 1)[0]
    assert "尚未录入" in row_2027 and "2月6日–2月8日 春节" in row_2027 and "2月9日–2月10日 春节（补假）" in row_2027
    CalendarOverride.objects.create(day=date(2027, 2, 20), kind=CalendarOverride.Kind.WORKDAY, note="春节调休上班")
    CalendarOverride.objects.create(day=date(2027, 2, 11), kind=CalendarOverride.Kind.HOLIDAY, note="春节")
    page = client.get(ADMIN_PAGE).content.decode()
    row_2027 = page.split('data-calendar-year="2027"', 1)[1].split("</tr>", 1)[0]
    assert "上班 1 天，放假 1 天" in row_2027

"""A unit's 联络员 finds in 我的待办 their own unit's items waiting for a report, a late one first [40]."""

from __future__ import annotations

import pytest

from supervision.todo import SupervisionWork

from .factories import tracked

pytestmark = pytest.mark.django_db


def test_unit_contact_is_asked_for_their_own_units_reports_40(office, clock):
    work = SupervisionWork()
    contact = office["lianluo"]  # the township's
    later = tracked(office, unit="township", days=30, title="乡镇事项：三十天后到期")
    soon = tracked(office, unit="township", days=5, title="乡镇事项：五天后到期")
    tracked(office, unit="department", days=2, title="部门事项：别的单位的")
    assert work.count(contact) == 1
    [due] = work.items(contact, 10)
    assert due.url.endswith(f"/{soon.pk}/") or str(soon.pk) in due.url
    assert "按时报送" in due.action

    clock.move_to("2026-09-21 09:00+08:00")  # the five-day item is two days late now
    items = work.items(contact, 10)
    assert work.count(contact) == 1 and "逾期" in items[0].action and "原因和进展" in items[0].action
    clock.move_to("2026-10-10 09:00+08:00")  # the thirty-day item is due within the week too
    assert work.count(contact) == 2
    assert {str(later.pk) in item.url for item in work.items(contact, 10)} == {True, False}
    # Another unit's contact, or an office person without the role, is not asked [40].
    assert work.count(office["guikou3"]) == 0

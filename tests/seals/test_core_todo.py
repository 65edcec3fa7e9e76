"""印信 in 我的待办 [7]: the leaders see requests to decide, the director applications to decide, the clerk
requests to stamp and applications to make and hand over, a unit's 联络员 their returned applications; the
admin reads through the selectors; the demo office shows every state; the chapter is in 综合事务."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import RequestFactory

from core import navigation
from seals import services
from seals.models import ApplicationState, RequestState, Seal, SealApplication, SealRequest, SealState, SealUse
from seals.rules import can_open_seals
from seals.todo import SealsWork

from . import factories as f
from .factories import CLERK, CONTACT, DEPUTY, DIRECTOR, STAFF


def _actions(user) -> list[str]:
    return [item.action for item in SealsWork().items(user, 50)]


def test_the_leaders_see_waiting_requests_not_their_own_7(office):
    f.request(office)
    f.request(office, actor=DEPUTY)
    assert _actions(office[DIRECTOR]).count("审批用印申请 [7]") == 2
    assert _actions(office[DEPUTY]).count("审批用印申请 [7]") == 1
    assert SealsWork().count(office[DIRECTOR]) == 2
    assert not _actions(office[STAFF])


def test_the_director_sees_waiting_applications_due_in_five_working_days_7(office):
    f.application(office)
    assert "审批刻制印章申请 [7]" in _actions(office[DIRECTOR])
    (item,) = [i for i in SealsWork().items(office[DIRECTOR], 50) if i.action == "审批刻制印章申请 [7]"]
    assert item.due_at == f.NOW + timedelta(days=7)  # Tuesday 10 November → Tuesday 17 November
    assert "审批刻制印章申请 [7]" not in _actions(office[DEPUTY])


def test_the_clerk_sees_requests_to_stamp_until_they_lapse_and_seals_to_make_and_hand_over_7(office, clock):
    approved = f.approved_request(office)
    f.approved_application(office)
    f.made_application(office, seal_name="杂多县测试乡人民政府财务专用章")
    actions = _actions(office[CLERK])
    assert any(a.startswith("已批准，待用印") for a in actions)
    assert "已批准，待刻制 [7]" in actions and "印章已刻制，待交接 [7]" in actions
    item = next(i for i in SealsWork().items(office[CLERK], 50) if i.action.startswith("已批准，待用印"))
    assert item.due_at is not None and item.url.endswith(f"/requests/{approved.pk}/")
    clock.move_to(f.NOW + timedelta(days=31))
    assert not any(a.startswith("已批准，待用印") for a in _actions(office[CLERK]))


def test_a_contact_sees_their_returned_applications_7(office):
    waiting = f.application(office)
    services.application_return(actor=office[DIRECTOR], pk=waiting.pk, comment="请附批准文件")
    other = f.application(office, unit="department", actor=CLERK, seal_name="杂多县财政局")
    services.application_return(actor=office[DIRECTOR], pk=other.pk, comment="请补充")
    assert _actions(office[CONTACT]) == ["刻制印章申请被退回，请补正后重新提交 [7]"]
    assert SealsWork().count(office[CONTACT]) == 1


def test_the_admin_reads_through_the_selectors_7(office):
    """[7] A deputy director's admin list is the selector's; the 联络员's admin (had they access) is theirs."""
    f.handed_over_application(office)
    f.application(office, unit="department", actor=CLERK, seal_name="杂多县财政局")
    request = RequestFactory().get("/")
    request.user = office[CONTACT]
    assert admin.site._registry[SealApplication].get_queryset(request).count() == 1
    request.user = office[DEPUTY]
    assert admin.site._registry[SealApplication].get_queryset(request).count() == 2
    request.user = office["xianzhang"]
    assert not admin.site._registry[Seal].get_queryset(request).exists()


def test_the_chapter_is_in_the_duties_group_for_the_office_and_contacts_7(office):
    chapter = next(c for c in navigation.chapters() if c.slug == "seals")
    assert (chapter.group, chapter.order, chapter.url_name) == ("duties", 86, "seals:home")
    assert chapter.summary
    for who in (DIRECTOR, CLERK, STAFF, "dazi", CONTACT):
        assert can_open_seals(office[who]), who
    for who in ("xianzhang", "changwu", "fuxianzhang1"):
        assert not can_open_seals(office[who]), who


@pytest.mark.django_db
def test_the_demo_office_shows_every_state_7():
    """[7] seed_demo's seals: both organs' seals in use, a 钢印, a surrendered old seal with its history, requests
    in each state, uses over months, a township's seal handed over and applications waiting."""
    from documents.outgoing.demo import build_demo_outgoing
    from org.demo import build_demo_office
    from seals.demo import build_demo_seals

    users = build_demo_office()
    build_demo_outgoing()
    assert build_demo_seals(users) > 0
    assert build_demo_seals(users) == 0  # idempotent
    assert set(Seal.objects.filter(unit__isnull=True, state=SealState.IN_USE).values_list("serves", flat=True)) == {
        "county",
        "office",
        "",
    }
    old = Seal.objects.get(state=SealState.SURRENDERED)
    assert [e.action for e in old.log.order_by("at", "id")] == ["register", "suspend", "surrender"]
    assert set(SealRequest.objects.values_list("state", flat=True)) == set(RequestState.values)
    months = {u.used_at.month for u in SealUse.objects.all()}
    assert len(months) >= 3
    outgoing = SealUse.objects.get(purpose="outgoing")  # a county-government notice sealed on its route [30(5)]
    assert outgoing.seal.serves == "county" and outgoing.copies == 40
    states = set(SealApplication.objects.values_list("state", flat=True))
    assert {ApplicationState.HANDED_OVER, ApplicationState.SUBMITTED, ApplicationState.APPROVED} <= states
    assert Seal.objects.filter(unit__short_name="昂赛乡", state=SealState.IN_USE).exists()


def test_the_navigation_rule_makes_no_query_once_the_roles_are_read_7(office, django_assert_num_queries):
    """[7] ``visible_to`` reads only the person's cached roles and profile (core/navigation.py)."""
    for who in (CLERK, STAFF, CONTACT, "xianzhang"):
        user = type(office[who]).objects.select_related("profile").get(pk=office[who].pk)
        can_open_seals(user)  # reads the roles once
        with django_assert_num_queries(0):
            can_open_seals(user)

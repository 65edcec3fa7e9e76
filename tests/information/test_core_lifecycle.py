"""An information item's lifecycle through the services [44]–[46]: 来稿 → 筛选 → 编辑 → 审核 → 报送 → 采用 → 归档,
every step logged; 紧急信息 straight to the reviewing leader; an item not sent cannot be adopted; a unit contact
acts only on their own unit's items; a stale page is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from core.models import Notification
from core.workflow import ActionRefused, StaleAction
from information import services
from information.models import Adoption, InformationItem, Kind, Level, Revision, Sending, State, Target

from . import factories as f
from .factories import TODAY

pytestmark = pytest.mark.django_db


def test_an_item_from_a_township_to_the_archive_every_step_logged_46(office):
    """[46] 收集、筛选、编辑、报送、跟踪（采用）、存档: each step a transition, each transition a log entry with
    who, from and to."""
    item = f.submitted(office, uploads=[f.pdf()])
    assert item.state == State.SUBMITTED and item.unit == office.units["township"]
    assert item.revisions.get().number == 1 and item.attachments.count() == 1
    assert Notification.objects.filter(recipient=office["xinxi"], kind="information").exists()

    services.screen_item(actor=office["xinxi"], pk=item.pk, keep=True)
    revision = services.edit_item(
        actor=office["xinxi"], pk=item.pk, title="测试乡草原补奖资金全部发放到户", body=f.BODY + "\n（已核实）"
    )
    assert revision.number == 2
    services.submit_for_review(actor=office["xinxi"], pk=item.pk)
    assert Notification.objects.filter(recipient=office["fuzhuren_wenmi"], title__contains="待您审核").exists()
    services.review_item(actor=office["fuzhuren_wenmi"], pk=item.pk, approve=True, comment="同意报送")
    f.send(office, InformationItem.objects.get(pk=item.pk), Target.PROVINCE, Target.PREFECTURE)
    f.adopt(office, item, Level.PREFECTURE, instruction="经验很好，请各县学习。", instructed_by="州长")
    services.archive_item(actor=office["xinxi"], pk=item.pk)

    item.refresh_from_db()
    assert item.state == State.ARCHIVED and item.title == "测试乡草原补奖资金全部发放到户"
    assert item.first_sent_on == TODAY and item.adopted_on == TODAY and item.archived_at is not None
    log = list(item.log.values_list("action", "from_state", "to_state"))
    assert log == [
        ("submit", "", State.SUBMITTED),
        ("keep", State.SUBMITTED, State.EDITING),
        ("edit", State.EDITING, State.EDITING),
        ("submit_for_review", State.EDITING, State.REVIEWING),
        ("approve", State.REVIEWING, State.APPROVED),
        ("send", State.APPROVED, State.SENT),
        ("adopt", State.SENT, State.ADOPTED),
        ("archive", State.ADOPTED, State.ARCHIVED),
    ]
    assert all(entry.actor_id for entry in item.log.all())
    assert item.version == 7  # every step but the log-only ones bumps it


def test_the_state_is_moved_only_by_the_services_46(office):
    item = f.submitted(office)
    with pytest.raises(AttributeError):
        item.state = State.SENT  # protected FSM field


def test_an_urgent_item_skips_the_queue_to_the_reviewing_leader_at_once_46(office):
    """[46] 急事急报: a 紧急信息 is not screened; it is 待审核 the moment it is submitted and the reviewing leader (the
    information staff's 分管 leader) is told at once."""
    item = f.urgent(office)
    assert item.state == State.REVIEWING and item.kind == Kind.URGENT
    assert [e.action for e in item.log.all()] == ["submit"]
    assert item.log.get().to_state == State.REVIEWING
    note = Notification.objects.get(recipient=office["fuzhuren_wenmi"], kind="information")
    assert note.title.startswith("紧急信息待您审核")
    with pytest.raises(ActionRefused):
        services.screen_item(actor=office["xinxi"], pk=item.pk, keep=True)
    services.review_item(actor=office["fuzhuren_wenmi"], pk=item.pk, approve=True)
    f.send(office, InformationItem.objects.get(pk=item.pk), Target.PROVINCE)
    assert InformationItem.objects.get(pk=item.pk).state == State.SENT


def test_not_used_needs_a_reason_and_the_submitter_is_told_46(office):
    item = f.submitted(office)
    with pytest.raises(ValidationError, match="理由"):
        services.screen_item(actor=office["xinxi"], pk=item.pk, keep=False, reason="  ")
    services.screen_item(actor=office["xinxi"], pk=item.pk, keep=False, reason="内容与上周重复")
    item.refresh_from_db()
    assert item.state == State.NOT_USED and item.screen_reason == "内容与上周重复"
    assert Notification.objects.filter(recipient=office["lianluo"], body="内容与上周重复").exists()


def test_review_returns_with_a_comment_and_keeps_every_revision_46(office):
    item = f.reviewing(office)
    with pytest.raises(ValidationError, match="意见"):
        services.review_item(actor=office["fuzhuren_wenmi"], pk=item.pk, approve=False)
    services.review_item(actor=office["fuzhuren_wenmi"], pk=item.pk, approve=False, comment="数据请核实")
    assert InformationItem.objects.get(pk=item.pk).state == State.EDITING
    services.edit_item(actor=office["xinxi"], pk=item.pk, title=item.title, body="核实后的正文。", note="按审核意见")
    assert list(Revision.objects.filter(item=item).values_list("number", flat=True)) == [1, 2]
    assert Revision.objects.get(item=item, number=1).body == f.BODY  # the text as submitted stays


def test_only_an_office_leader_reviews_and_only_the_information_staff_screen_and_send_46(office):
    item = f.reviewing(office)
    for key in ("xinxi", "lianluo", "guikou1", "xianzhang"):
        with pytest.raises(ActionRefused, match="办公室领导"):
            services.review_item(actor=office[key], pk=item.pk, approve=True)
    other = f.submitted(office)
    for key in ("lianluo", "zhuren", "guikou1"):
        with pytest.raises(ActionRefused, match="政务信息员"):
            services.screen_item(actor=office[key], pk=other.pk, keep=True)
    services.review_item(actor=office["zhuren"], pk=item.pk, approve=True)
    with pytest.raises(ActionRefused, match="政务信息员"):
        services.send_item(
            actor=office["fuzhuren_wenmi"],
            pk=item.pk,
            sendings=[services.SendingData(target=Target.PROVINCE, sent_on=TODAY)],
        )


def test_an_item_not_sent_cannot_be_marked_adopted_46(office):
    """[46] 采用 follows 报送: an item not sent is refused with a Chinese message; one sent to the prefecture only
    cannot be adopted by the province."""
    item = f.approved(office)
    with pytest.raises(ActionRefused, match="尚未报送，不能登记采用"):
        f.adopt(office, item, Level.PROVINCE)
    f.send(office, item, Target.PREFECTURE)
    with pytest.raises(ValidationError, match="没有报送省，不能登记为省级采用"):
        f.adopt(office, item, Level.PROVINCE)
    assert not Adoption.objects.filter(item=item).exists()
    with pytest.raises(ValidationError, match="不能早于报送州的日期"):
        f.adopt(office, item, Level.PREFECTURE, adopted_on=TODAY - timedelta(days=1))
    f.adopt(office, item, Level.PREFECTURE)
    assert InformationItem.objects.get(pk=item.pk).state == State.ADOPTED
    with pytest.raises(ValidationError, match="已登记州级采用"):
        f.adopt(office, item, Level.PREFECTURE)


def test_sending_to_several_targets_each_with_its_date_and_channel_44(office):
    item = f.approved(office)
    with pytest.raises(ValidationError, match="至少选择一个报送对象"):
        f.send(office, item)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        f.send(office, item, Target.PROVINCE, sent_on=TODAY + timedelta(days=1))
    f.send(office, item, Target.PROVINCE, Target.COUNTY)
    rows = Sending.objects.filter(item=item).order_by("target")
    assert [(s.target, s.sent_on, s.channel) for s in rows] == [
        (Target.COUNTY, TODAY, "network"),
        (Target.PROVINCE, TODAY, "network"),
    ]
    with pytest.raises(ValidationError, match="已报送省"):
        f.send(office, item, Target.PROVINCE)
    assert Notification.objects.filter(recipient=office["xianzhang"], title__startswith="政务信息呈阅").exists()
    f.send(office, item, Target.PREFECTURE)  # a target not sent to yet: recorded, the state stays 已报送
    assert InformationItem.objects.get(pk=item.pk).state == State.SENT
    assert item.log.filter(action="send").count() == 2


def test_a_unit_contact_submits_only_for_their_unit_and_cannot_act_on_another_units_item_45(office, other_contact):
    """[45] A township's contact reports for the township only: not for another unit nor for the office, and
    another unit's contact can neither withdraw nor attach to it."""
    with pytest.raises(ActionRefused, match="本单位"):
        f.submitted(office, unit="department")
    with pytest.raises(ActionRefused, match="本单位"):
        f.submitted(office, unit=None)
    item = f.submitted(office)
    with pytest.raises(ActionRefused):
        services.withdraw_item(actor=other_contact, pk=item.pk)
    with pytest.raises(ActionRefused):
        services.add_attachments(actor=other_contact, pk=item.pk, uploads=[f.pdf()])
    with pytest.raises(ActionRefused):
        services.screen_item(actor=other_contact, pk=item.pk, keep=True)
    services.withdraw_item(actor=office["lianluo"], pk=item.pk, reason="重复报送")
    assert InformationItem.objects.get(pk=item.pk).state == State.WITHDRAWN


def test_the_information_staff_submit_for_any_unit_or_the_office_45(office):
    item = f.submitted(office, by="xinxi", unit="department")
    assert item.unit == office.units["department"]
    own = f.submitted(office, by="xinxi", unit=None, author="")
    assert own.unit is None and own.author == "陈嘉怡"
    with pytest.raises(ActionRefused, match="政务信息员或单位联络员"):
        f.submitted(office, by="guikou1", unit=None)


def test_withdrawing_is_only_while_waiting_to_be_screened_46(office):
    item = f.editing(office)
    with pytest.raises(ActionRefused):
        services.withdraw_item(actor=office["lianluo"], pk=item.pk)


def test_a_stale_page_is_refused_46(office):
    """Two people on the same page: the second is told who acted first, nothing changes."""
    item = f.submitted(office)
    seen = item.version
    services.screen_item(actor=office["xinxi"], pk=item.pk, seen_version=seen, keep=True)
    with pytest.raises(StaleAction, match="已被陈嘉怡"):
        services.screen_item(actor=office["xinxi"], pk=item.pk, seen_version=seen, keep=False, reason="重复")
    assert InformationItem.objects.get(pk=item.pk).state == State.EDITING


def test_a_sent_item_may_be_archived_unadopted_but_not_an_unsent_one_46(office):
    item = f.sent(office)
    services.archive_item(actor=office["xinxi"], pk=item.pk)
    assert InformationItem.objects.get(pk=item.pk).state == State.ARCHIVED
    waiting = f.approved(office)
    with pytest.raises(ActionRefused):
        services.archive_item(actor=office["xinxi"], pk=waiting.pk)

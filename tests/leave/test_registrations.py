"""The leave chapter's registrations: navigation, 我的待办, deadline sources, demo, admin, the first pages."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core import navigation, workqueue
from deadlines import registry
from deadlines.registry import ScanContext
from leave.demo import build_demo_leave
from leave.models import LeaveKind, LeaveRequest, State
from tests.files import pdf
from zaduo_office.celery import app as celery_app

from .factories import approved, draft, sent

TZ = ZoneInfo("Asia/Shanghai")
TUESDAY = date(2026, 9, 15)


def test_the_chapter_replaces_its_placeholder(client_as):
    chapter = navigation.get("leave")
    assert chapter.is_open and chapter.url() == reverse("leave:list")
    assert (chapter.label, chapter.articles, chapter.order) == ("请销假", "第五十一、五十四条", 70)
    assert 'data-nav="leave"' in client_as("guikou1").get("/").content.decode()
    assert 'data-nav="leave"' not in client_as("fuxianzhang1").get("/").content.decode()


def test_the_list_and_a_request_page(client_as, office, kinds):
    req = sent(office["guikou1"], kinds["事假"], TUESDAY)
    html = client_as("fuzhuren_wenmi").get(reverse("leave:list")).content.decode()
    assert "待我审批" in html and f'data-leave="{req.pk}"' in html
    assert client_as("fuzhuren_wenmi").get(reverse("leave:detail", args=[req.pk])).status_code == 200
    assert client_as("guikou2").get(reverse("leave:detail", args=[req.pk])).status_code == 404


def test_my_work_shows_approvals_drafts_and_returns_due(office, kinds, clock):
    """我的待办: the approver's pending requests [54]; one's own drafts; one's own 销假 once the end has come."""
    provider = next(p for p in workqueue.providers() if p.key == "leave")
    pending = sent(office["guikou1"], kinds["事假"], TUESDAY)
    draft(office["guikou1"], kinds["事假"], date(2026, 9, 16))
    items = provider.items(office["fuzhuren_wenmi"], 10)
    assert [(i.action, i.due_at) for i in items] == [("审批", pending.decision_due_at)]
    assert [i.action for i in provider.items(office["guikou1"], 10)] == ["报告审批"]
    assert provider.count(office["fuzhuren_wenmi"]) == 1 and provider.count(office["guikou1"]) == 1
    from leave import services

    services.leave_approve(actor=office["fuzhuren_wenmi"], pk=pending.pk)
    clock.move_to(datetime(2026, 9, 15, 18, tzinfo=TZ))
    assert sorted(i.action for i in provider.items(office["guikou1"], 10)) == ["报告审批", "销假"]


def test_approval_is_due_within_a_working_day_and_before_the_start(office, kinds):
    """[54] 经批准后方可外出: a request for tomorrow is due for decision by its start; one for next week within a
    working day of sending."""
    tomorrow = sent(office["guikou1"], kinds["事假"], TUESDAY)
    assert tomorrow.decision_due_at == datetime(2026, 9, 15, 0, tzinfo=TZ)
    later = sent(office["guikou2"], kinds["事假"], date(2026, 9, 22))
    assert later.decision_due_at == datetime(2026, 9, 15, 9, tzinfo=TZ)


def test_the_deadline_sources_yield_waiting_decisions_and_returns_not_reported(office, kinds, clock):
    """[54] the approver one working day; 销假 by the end of the first working day after the approved end."""
    sources = {s.key: s for s in registry.sources()}
    assert {"leave.approval", "leave.return"} <= set(sources)
    waiting = sent(office["guikou2"], kinds["事假"], date(2026, 9, 22))
    away = approved(office["guikou1"], kinds["事假"], TUESDAY)
    assert away.return_due_at == datetime(2026, 9, 16, 17, 30, tzinfo=TZ)
    ctx = ScanContext(now=datetime(2026, 9, 17, 9, tzinfo=TZ))
    far = ctx.now + timedelta(days=30)
    (decision,) = sources["leave.approval"].deadlines(ctx, due_from=None, due_before=far)
    assert decision.item_id == waiting.pk and decision.actor_ids == (office["fuzhuren_wenmi"].pk,)
    assert "因事请假" not in decision.title  # never the reason
    (ret,) = sources["leave.return"].deadlines(ctx, due_from=None, due_before=far)
    assert ret.item_id == away.pk and ret.actor_ids == (office["guikou1"].pk,)
    assert ret.url == reverse("leave:detail", args=[away.pk])
    clock.move_to(datetime(2026, 9, 16, 9, tzinfo=TZ))
    from leave import services

    services.leave_return(actor=office["guikou1"], pk=away.pk)
    assert sources["leave.return"].still_open(ctx, [away.pk]) == {}


def test_the_start_task_is_registered():
    from leave import tasks

    assert tasks.start_due.name == "leave.start_due"
    assert "leave.start_due" in celery_app.tasks
    assert celery_app.conf.beat_schedule["leave-start-due"]["task"] == "leave.start_due"


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 9, 14, 9, tzinfo=TZ),  # a Monday morning
        datetime(2026, 9, 30, 18, tzinfo=TZ),  # the evening before 国庆
        datetime(2026, 10, 3, 11, tzinfo=TZ),  # a Saturday in the holiday
    ],
)
def test_the_demo_makes_requests_in_every_state_once(office, clock, moment):
    """seed_demo: a handful in each state, through the services, whatever the day; a second run adds nothing."""
    clock.move_to(moment)
    made = build_demo_leave(office)
    states = set(LeaveRequest.objects.values_list("state", flat=True))
    assert states == {
        State.DRAFT,
        State.PENDING,
        State.APPROVED,
        State.REJECTED,
        State.AWAY,
        State.RETURNED,
        State.WITHDRAWN,
    }
    assert made == LeaveRequest.objects.count() and build_demo_leave(office) == 0


def _admin_post(client, url, transition):
    html = client.get(url).content.decode()
    data = dict(re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d+)"', html))
    data["_fsm_transition_to"] = transition
    return client.post(url, data, follow=True)


def test_admin_transitions_go_through_the_services_after_their_check(client, office, kinds):
    """[54] only the approver approves, in the admin too; nothing is added or deleted there."""
    req = sent(office["guikou1"], kinds["事假"], TUESDAY)
    change = Permission.objects.filter(codename__in=["view_leaverequest", "change_leaverequest"])
    for key in ["zhuren", "fuzhuren_wenmi"]:
        office[key].is_staff = True
        office[key].save()
        office[key].user_permissions.add(*change)
    client.force_login(office["zhuren"])  # sees it (an office leader), may not approve it
    url = reverse("admin:leave_leaverequest_change", args=[req.pk])
    assert "无权执行" in _admin_post(client, url, "approve").content.decode()
    client.force_login(office["fuzhuren_wenmi"])
    assert "已完成" in _admin_post(client, url, "approve").content.decode()
    req.refresh_from_db()
    assert req.state == State.APPROVED and req.absence is not None
    assert client.get(reverse("admin:leave_leaverequest_delete", args=[req.pk])).status_code == 403
    assert client.get(reverse("admin:leave_leaverequest_add")).status_code == 403


def test_admin_lists_only_what_the_person_may_see(client_as, office, kinds):
    sent(office["guikou1"], kinds["事假"], TUESDAY)
    guikou2 = office["guikou2"]
    guikou2.is_staff = True
    guikou2.save()
    guikou2.user_permissions.add(Permission.objects.get(codename="view_leaverequest"))
    response = client_as("guikou2").get(reverse("admin:leave_leaverequest_changelist"))
    assert response.status_code == 200 and list(response.context["cl"].result_list) == []


def test_the_kinds_are_kept_in_the_admin(client_as):
    """The national kinds, editable: 病假 may be reported afterwards, 年休假 counts against the balance [54]."""
    assert LeaveKind.objects.get(name="病假").allows_retroactive
    assert LeaveKind.objects.get(name="年休假").is_annual_leave
    assert not LeaveKind.objects.get(name="事假").allows_retroactive
    assert set(LeaveKind.objects.values_list("category", flat=True)) == {"trip", "study", "leave"}
    client = client_as("admin")
    kind = LeaveKind.objects.get(name="探亲假")
    assert client.get(reverse("admin:leave_leavekind_change", args=[kind.pk])).status_code == 200
    assert client.get(reverse("admin:leave_leavekind_delete", args=[kind.pk])).status_code == 403


@pytest.mark.parametrize("key", ["leave"])
def test_the_lifecycle_is_registered(key):
    from core import lifecycle

    assert lifecycle.get(key).title == "请销假流程"


def test_a_supporting_paper_is_checked_by_its_content(office, kinds, settings, tmp_path):
    """A sick note (PDF, JPG, PNG) is kept with the request; a file that only pretends to be one is refused."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from leave import services

    from .factories import data

    note = SimpleUploadedFile("病假证明.pdf", pdf("sick note"), content_type="application/pdf")
    req = services.leave_create(actor=office["guikou1"], data=data(kinds["病假"], TUESDAY), attachment=note)
    assert req.attachment_name == "病假证明.pdf" and req.attachment_type == "application/pdf"
    fake = SimpleUploadedFile("证明.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="文件内容与扩展名不符"):
        services.leave_update(actor=office["guikou1"], pk=req.pk, data=data(kinds["病假"], TUESDAY), attachment=fake)


def test_default_kinds_are_the_ones_the_migration_seeds():
    """[54] The kinds made after a flush (``ensure_default_kinds``) are the migration's frozen copy, field by field."""
    import importlib

    from leave.defaults import KINDS

    migration = importlib.import_module("leave.migrations.0002_seed_leave_kinds")
    assert migration.KINDS == KINDS

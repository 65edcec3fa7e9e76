"""The meeting pages [6], [17], [18], [24], [25]: calendar, list, form, detail, attendance, materials, feed — each
for the organiser, an attendee and an outsider (404 for a meeting not theirs); a classified meeting's title never
in the HTML of people who may not see it [31], [32]; conflicts shown and confirmed, not hidden; a stale page 409."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from core.models import AccessRecord
from meetings import feeds, services
from meetings.kinds import Kind
from meetings.models import Attendee, Meeting, State
from org.models import ConfidentialityPledge, SecretLevel
from org.selectors import display_name

from .factories import at, meeting, room

pytestmark = pytest.mark.django_db

SECRET_TITLE = "关于某涉密工程的专题研究"


def _pdf() -> bytes:
    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


def _classified(office, **kwargs) -> Meeting:
    """A 秘密 meeting of the director, the secretarial deputy on it (both cleared), organised by the clerk."""
    return meeting(
        office,
        title=SECRET_TITLE,
        secret_level=SecretLevel.SECRET,
        attendees=[office["fuzhuren_wenmi"]],
        **kwargs,
    )


def _html(client, url) -> tuple[int, str]:
    response = client.get(url)
    return response.status_code, response.content.decode()


# --- the calendar ---------------------------------------------------------------------------------


def test_week_calendar_for_organiser_attendee_and_outsider(client_as, office):
    """[17] the office's calendar for the organisers; 我的会议 for the people on a meeting; nothing for others."""
    m = meeting(office, title="研究第三季度工作")
    url = reverse("meetings:calendar")
    status, html = _html(client_as("shoufa"), url)
    assert status == 200 and f'data-meeting="{m.pk}"' in html and "研究第三季度工作" in html
    assert "主任办公会议" in html and "测试第一会议室" in html and "筹备" in html and "10:00–12:00" in html
    status, html = _html(client_as("fuzhuren"), url)  # on it (the kind's default attendees [18])
    assert status == 200 and "研究第三季度工作" in html
    status, html = _html(client_as("guikou1"), url)
    assert status == 200 and "研究第三季度工作" not in html


def test_prev_next_today_and_the_month_view(client_as, office):
    meeting(office, title="下月的室务会议", kind=Kind.OFFICE_AFFAIRS, starts=at(20))
    client = client_as("shoufa")
    week = client.get(reverse("meetings:calendar")).content.decode()
    assert "下月的室务会议" not in week and "date=2026-09-21" in week and "date=2026-09-07" in week
    month = client.get(reverse("meetings:calendar") + "?view=month&date=2026-10-01").content.decode()
    assert "下月的室务会议" in month and "2026年10月" in month and 'data-day="2026-10-04"' in month
    assert "date=2026-11-01" in month and "date=2026-09-01" in month
    later = client.get(reverse("meetings:calendar") + "?date=2026-10-02").content.decode()
    assert "下月的室务会议" in later


def test_bad_calendar_input_is_a_400_never_a_500(client_as, office):
    client = client_as("guikou1")
    assert client.get(reverse("meetings:calendar") + "?date=2026-13-45").status_code == 400
    assert client.get(reverse("meetings:calendar") + "?view=year").status_code == 400


def test_a_classified_title_is_never_shown_to_who_may_not_see_it(client_as, office):
    """[31][32] an organiser not on a classified meeting, and line staff, never get its title — calendar, list,
    month, detail (404)."""
    m = _classified(office)
    for who in ("fuzhuren", "guikou1"):
        client = client_as(who)
        for url in (
            reverse("meetings:calendar") + "?scope=office",
            reverse("meetings:calendar") + "?view=month",
            reverse("meetings:list"),
            reverse("meetings:list") + "?q=涉密",
        ):
            status, html = _html(client, url)
            assert status == 200 and SECRET_TITLE not in html, (who, url)
        status, html = _html(client, reverse("meetings:detail", args=[m.pk]))
        assert status == 404 and SECRET_TITLE not in html
    status, html = _html(client_as("fuzhuren_wenmi"), reverse("meetings:calendar"))
    assert SECRET_TITLE in html  # on it, cleared, pledged
    status, html = _html(client_as("fuzhuren_wenmi"), reverse("meetings:detail", args=[m.pk]))
    assert status == 200 and SECRET_TITLE in html
    opened = AccessRecord.objects.get(user=office["fuzhuren_wenmi"], object_id=m.pk, what="detail")
    assert SECRET_TITLE not in opened.label  # the access record names it without its title [32]


def test_a_seat_without_this_years_pledge_shows_kind_and_time_only(client_as, office):
    """[32] a person on a classified meeting who has not pledged this year sees that there is a meeting and when,
    not what it is about; the ICS feed says only 涉密会议."""
    m = _classified(office)
    ConfidentialityPledge.objects.filter(user=office["fuzhuren_wenmi"]).delete()
    status, html = _html(client_as("fuzhuren_wenmi"), reverse("meetings:calendar"))
    assert status == 200 and SECRET_TITLE not in html
    assert "data-meeting-hidden" in html and "涉密会议" in html and "10:00–12:00" in html
    assert reverse("meetings:detail", args=[m.pk]) not in html


# --- the list -------------------------------------------------------------------------------------


def test_the_list_filters_and_searches(client_as, office):
    meeting(office, title="研究财务收支事项")
    meeting(office, Kind.OFFICE_AFFAIRS, title="布置第四季度工作", starts=at(2))
    client = client_as("shoufa")
    html = client.get(reverse("meetings:list")).content.decode()
    assert "研究财务收支事项" in html and "布置第四季度工作" in html
    html = client.get(reverse("meetings:list") + "?kind=office_affairs").content.decode()
    assert "研究财务收支事项" not in html and "布置第四季度工作" in html
    html = client.get(reverse("meetings:list") + "?q=财务").content.decode()
    assert "研究财务收支事项" in html and "布置第四季度工作" not in html
    html = client.get(reverse("meetings:list") + "?state=cancelled&year=2026").content.decode()
    assert "研究财务收支事项" not in html
    assert client.get(reverse("meetings:list") + "?kind=nope").status_code == 400
    assert client.get(reverse("meetings:list") + "?page=999999").status_code == 200
    assert "研究财务收支事项" not in client_as("guikou1").get(reverse("meetings:list")).content.decode()


# --- 筹备: the kind first, conflicts shown before saving [17] ---------------------------------------


def _form(office, **extra) -> dict:
    data = {
        "kind": "director_office",
        "title": "研究办公室人事调配",
        "chair": office["zhuren"].pk,
        "starts_at": "2026-09-16T15:00",
        "ends_at": "2026-09-16T17:00",
        "room": room().pk,
        "place": "",
        "to_bring": "",
        "secret_level": "0",
        "attendees": [office["fuzhuren"].pk, office["fuzhuren_wenmi"].pk],
    }
    data.update(extra)
    return data


def test_the_kind_comes_first_with_its_chair_rule_and_default_attendees(client_as, office):
    """[18] 主任办公会议由主任或受主任委托的副主任主持; its default attendees are the office's leaders."""
    client = client_as("shoufa")
    chooser = client.get(reverse("meetings:create")).content.decode()
    assert "?kind=director_office" in chooser and "?kind=county_executive" in chooser
    page = client.get(reverse("meetings:create") + "?kind=director_office").content.decode()
    assert "由办公室主任或受主任委托的副主任主持" in page and "[18]" in page
    assert display_name(office["fuzhuren_wenmi"]) in page  # a default attendee, shown and ticked
    assert f'value="{office["fuzhuren"].pk}"' in page and 'type="datetime-local"' in page
    # The director is chosen; a deputy would need 委托人/委托情况, which the form's script then shows [18].
    assert f'<option value="{office["zhuren"].pk}" selected>' in page
    needs = page.split('data-needs-entrustment="')[1].split('"')[0].split(",")
    assert str(office["fuzhuren"].pk) in needs and str(office["zhuren"].pk) not in needs
    assert "mtgpages-form.js" in page and "<script>" not in page
    assert client.get(reverse("meetings:create") + "?kind=nonsense").status_code == 400
    assert client_as("guikou1").get(reverse("meetings:create")).status_code == 403


def test_create_without_conflicts_saves_at_once(client_as, office):
    response = client_as("shoufa").post(reverse("meetings:create") + "?kind=director_office", _form(office))
    assert response.status_code == 302
    m = Meeting.objects.get(title="研究办公室人事调配")
    assert m.organiser == office["shoufa"] and m.state == State.PLANNING
    people = set(m.attendees.filter(active=True).values_list("person_id", flat=True))
    assert people == {office[k].pk for k in ("zhuren", "fuzhuren", "fuzhuren_wenmi")}


def test_a_deputy_chairs_only_with_the_entrustment_shown(client_as, office):
    """[18] 受主任委托的副主任: refused without the entruster; shown on the detail page when given."""
    client = client_as("shoufa")
    refused = client.post(
        reverse("meetings:create") + "?kind=director_office", _form(office, chair=office["fuzhuren"].pk)
    )
    assert refused.status_code == 400 and "委托" in refused.content.decode()
    ok = client.post(
        reverse("meetings:create") + "?kind=director_office",
        _form(office, chair=office["fuzhuren"].pk, entrusted_by=office["zhuren"].pk, entrustment="主任赴州开会"),
    )
    assert ok.status_code == 302
    page = client.get(ok["Location"]).content.decode()
    assert f"受{display_name(office['zhuren'])}委托：主任赴州开会" in page


def test_conflicts_are_shown_and_saving_needs_confirmation(client_as, office):
    """[17][26(6)3] the room already booked and an attendee in another meeting: shown with 仍然保存; nothing is
    saved until confirmed; the confirmed conflicts are written in the log."""
    other = meeting(office, title="先排的会议", starts=at(2, 15))  # Wednesday 15:00, same room, same leaders
    client = client_as("shoufa")
    first = client.post(reverse("meetings:create") + "?kind=director_office", _form(office))
    html = first.content.decode()
    assert first.status_code == 200 and "data-conflicts" in html and "仍然保存" in html
    assert "测试第一会议室已被" in html and "同一时间参加" in html
    assert not Meeting.objects.filter(title="研究办公室人事调配").exists()
    fingerprint = html.split('name="confirm" value="')[1].split('"')[0]
    wrong = client.post(reverse("meetings:create") + "?kind=director_office", _form(office, confirm="0" * 16))
    assert wrong.status_code == 200 and not Meeting.objects.filter(title="研究办公室人事调配").exists()
    saved = client.post(reverse("meetings:create") + "?kind=director_office", _form(office, confirm=fingerprint))
    assert saved.status_code == 302
    m = Meeting.objects.get(title="研究办公室人事调配")
    entry = m.log.get(action="create")
    assert "经确认仍然保存" in entry.comment and "测试第一会议室已被" in entry.comment
    assert other.title in entry.comment


def test_an_attendee_away_is_a_conflict(client_as, office):
    """[26(6)3] the leave chapter's absences: an attendee away then is shown before saving."""
    from org.models import Absence

    Absence.objects.create(
        person=office["fuzhuren"],
        starts_at=at(2, 8),
        ends_at=at(2, 18),
    )
    html = client_as("shoufa").post(reverse("meetings:create") + "?kind=director_office", _form(office))
    assert "不在岗" in html.content.decode()


def test_reschedule_after_the_notice_asks_for_a_reason(client_as, office):
    """[17] once the notice is out, a change of time needs a reason and everyone is told."""
    m = meeting(office)
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    m.refresh_from_db()
    client = client_as("shoufa")
    page = client.get(reverse("meetings:edit", args=[m.pk])).content.decode()
    assert "改期原因" in page
    data = _form(
        office, title=m.title, version=m.version, attendees=[office["fuzhuren"].pk, office["fuzhuren_wenmi"].pk]
    )
    refused = client.post(reverse("meetings:edit", args=[m.pk]), data)
    assert refused.status_code == 400 and "须写明原因" in refused.content.decode()
    ok = client.post(reverse("meetings:edit", args=[m.pk]), {**data, "reason": "主任临时外出"})
    assert ok.status_code == 302
    m.refresh_from_db()
    assert m.reschedules == 1 and m.log.filter(action="reschedule", comment__contains="主任临时外出").exists()
    assert client_as("fuzhuren").get(reverse("meetings:edit", args=[m.pk])).status_code == 200  # office leader
    assert client_as("guikou1").get(reverse("meetings:edit", args=[m.pk])).status_code == 404


# --- the detail page and its buttons --------------------------------------------------------------


def test_detail_for_organiser_attendee_and_outsider(client_as, office):
    m = meeting(office, title="研究统筹协调事项", to_bring="请携带有关材料")
    url = reverse("meetings:detail", args=[m.pk])
    status, html = _html(client_as("shoufa"), url)
    assert status == 200 and "研究统筹协调事项" in html and "请携带有关材料" in html
    assert "data-send-notice" in html and "data-cancel" in html and "data-edit" in html and "办理记录" in html
    assert 'class="lifecycle"' in html and "筹备会议" in html
    status, html = _html(client_as("fuzhuren_wenmi"), url)
    assert status == 200 and "data-send-notice" in html  # an office leader organises too [6][17]
    status, html = _html(client_as("guikou1"), url)
    assert status == 404 and "研究统筹协调事项" not in html


def test_notice_open_close_and_the_minutes_link(client_as, office, clock):
    """[17] 发出会议通知 → 开会 → 散会; then 起草纪要 for the office."""
    m = meeting(office)
    client = client_as("shoufa")
    m.refresh_from_db()
    r = client.post(reverse("meetings:act", args=[m.pk, "send_notice"]), {"version": m.version})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.state == State.NOTIFIED
    clock.move_to(m.starts_at)
    client = client_as("shoufa")  # the session of the morning has expired
    client.post(reverse("meetings:act", args=[m.pk, "open"]), {"version": m.version})
    m.refresh_from_db()
    client.post(reverse("meetings:act", args=[m.pk, "close"]), {"version": m.version})
    m.refresh_from_db()
    assert m.state == State.ENDED
    html = client.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert reverse("meetings:minutes", args=[m.pk]) in html and "起草纪要" in html


def test_a_stale_page_is_a_409(client_as, office):
    """Someone acted first: the button of an old page is refused with what happened (409)."""
    m = meeting(office)
    old = m.version
    services.meeting_send_notice(actor=office["zhuren"], pk=m.pk)
    response = client_as("shoufa").post(reverse("meetings:act", args=[m.pk, "cancel"]), {"version": old, "reason": "x"})
    assert response.status_code == 409
    m.refresh_from_db()
    assert m.state == State.NOTIFIED


def test_refusals_are_chinese_4xx(client_as, office):
    m = meeting(office)
    assert client_as("shoufa").post(reverse("meetings:act", args=[m.pk, "cancel"]), {"reason": ""}).status_code == 400
    attendee = client_as("fuzhuren_wenmi")  # an office leader: may organise
    assert attendee.post(reverse("meetings:act", args=[m.pk, "nonsense"])).status_code == 404
    chair_only = meeting(office, Kind.COUNTY_TOPIC, chair=office["fuxianzhang1"], starts=at(3))
    leader = client_as("fuxianzhang1")
    response = leader.post(reverse("meetings:act", args=[chair_only.pk, "send_notice"]), {})
    assert response.status_code == 403 and "收发秘书" in response.content.decode()
    cancel = client_as("shoufa").post(reverse("meetings:act", args=[m.pk, "cancel"]), {"reason": "主任出差"})
    assert cancel.status_code == 302
    m.refresh_from_db()
    assert m.state == State.CANCELLED and m.cancel_reason == "主任出差"


def test_the_person_signs_in_on_the_phone(client_as, office, clock):
    """签到: a big button for the person on the meeting, from an hour before the start [17]."""
    m = meeting(office)
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    client = client_as("fuzhuren")
    assert "data-sign-in" not in client.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    clock.move_to(m.starts_at - timedelta(minutes=30))
    client = client_as("fuzhuren")
    html = client.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert "data-sign-in" in html and "m-big" in html
    assert client.post(reverse("meetings:act", args=[m.pk, "sign_in"])).status_code == 302
    seat = Attendee.objects.get(meeting=m, person=office["fuzhuren"])
    assert seat.status == Attendee.Status.PRESENT
    assert "已签到" in client.get(reverse("meetings:detail", args=[m.pk])).content.decode()


# --- attendance: the clerk's page -----------------------------------------------------------------


def test_the_clerks_attendance_page(client_as, office, clock):
    """[17] 签到 / 请假 / 缺席 / 代会 with counts 应到/实到/请假/缺席 at the top."""
    m = meeting(office)
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    client = client_as("shoufa")
    url = reverse("meetings:attendance", args=[m.pk])
    html = client.get(url).content.decode()
    assert "data-count-expected>3<" in html and "data-count-present>0<" in html
    names = {office[k].pk: k for k in ("zhuren", "fuzhuren", "fuzhuren_wenmi")}
    seats = {names[a.person_id]: a for a in m.attendees.all()}
    assert 'data-mark="present"' in html and 'data-mark="substituted"' in html
    record = lambda seat, **d: client.post(reverse("meetings:attendance_record", args=[m.pk, seat.pk]), d)  # noqa: E731
    assert record(seats["zhuren"], status="present").status_code == 302
    assert record(seats["fuzhuren"], status="leave").status_code == 302
    assert record(seats["fuzhuren_wenmi"], status="substituted").status_code == 400  # who substitutes?
    r = record(seats["fuzhuren_wenmi"], status="substituted", substitute=office["kezhang"].pk, note="外出开会")
    assert r.status_code == 302
    html = client.get(url).content.decode()
    assert "data-count-present>2<" in html and "data-count-leave>1<" in html and "data-count-absent>0<" in html
    assert display_name(office["kezhang"]) in html
    assert record(seats["zhuren"], status="bogus").status_code == 400
    assert client_as("fuzhuren_wenmi").get(url).status_code == 200  # office leader
    assert client_as("guikou1").get(url).status_code == 404
    chair = meeting(office, Kind.COUNTY_TOPIC, chair=office["fuxianzhang1"], starts=at(3))
    services.meeting_send_notice(actor=office["shoufa"], pk=chair.pk)
    assert client_as("fuxianzhang1").get(reverse("meetings:attendance", args=[chair.pk])).status_code == 403


# --- materials ------------------------------------------------------------------------------------


def test_materials_upload_and_download_through_the_meeting(client_as, office):
    """[31][32] uploaded by the organiser with a level; downloaded through the meeting's visibility; a classified
    one opened by a cleared attendee is recorded."""
    m = meeting(office)
    client = client_as("shoufa")
    upload = SimpleUploadedFile("汇报材料.pdf", _pdf(), content_type="application/pdf")
    r = client.post(
        reverse("meetings:material_add", args=[m.pk]), {"title": "汇报材料", "file": upload, "secret_level": "0"}
    )
    assert r.status_code == 302
    upload = SimpleUploadedFile("涉密附件.pdf", _pdf(), content_type="application/pdf")
    r = client.post(
        reverse("meetings:material_add", args=[m.pk]), {"title": "涉密附件", "file": upload, "secret_level": "1"}
    )
    assert r.status_code == 302
    plain, secret = m.materials.order_by("id")
    attendee = client_as("fuzhuren")
    html = attendee.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert "汇报材料" in html and "涉密附件" in html
    assert attendee.get(reverse("meetings:material", args=[m.pk, plain.pk])).status_code == 200
    assert attendee.get(reverse("meetings:material", args=[m.pk, secret.pk])).status_code == 200
    assert AccessRecord.objects.filter(user=office["fuzhuren"], object_id=secret.pk, what="attachment").exists()
    ConfidentialityPledge.objects.filter(user=office["fuzhuren"]).delete()
    assert attendee.get(reverse("meetings:material", args=[m.pk, secret.pk])).status_code == 404
    assert client_as("guikou1").get(reverse("meetings:material", args=[m.pk, plain.pk])).status_code == 404
    withdraw = reverse("meetings:material_withdraw", args=[m.pk, plain.pk])
    assert client_as("guikou1").post(withdraw, {"reason": "x"}).status_code == 404  # not on it
    clerk = client_as("shoufa")
    assert clerk.post(withdraw, {"reason": "材料有误，另行上传"}).status_code == 302
    assert clerk.get(reverse("meetings:material", args=[m.pk, plain.pk])).status_code == 404
    assert m.log.filter(action="material_withdraw", comment="材料有误，另行上传").exists()
    bad = client_as("shoufa").post(reverse("meetings:material_add", args=[m.pk]), {"title": "x", "secret_level": "0"})
    assert bad.status_code == 400


def test_the_lifecycle_page(client_as, office):
    html = client_as("guikou1").get(reverse("meetings:lifecycle")).content.decode()
    assert "会议办理流程" in html and "发出会议通知" in html


# --- the ICS feed ---------------------------------------------------------------------------------


def test_the_ics_feed_of_ones_meetings(client, client_as, office):
    """The person's meetings by a secret address; a classified one is “涉密会议” and its time only [31][32];
    重置 makes the old address a 404."""
    meeting(office, title="研究第三季度工作")
    _classified(office, starts=at(3))
    page = client_as("fuzhuren_wenmi").get(reverse("meetings:feed_settings")).content.decode()
    token = feeds.token_for(office["fuzhuren_wenmi"])
    assert token in page
    client.logout()
    response = client.get(reverse("meetings:feed", args=[token]))
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "研究第三季度工作" in body and "SUMMARY:涉密会议" in body and SECRET_TITLE not in body
    assert "DTSTART:20260917T020000Z" in body or "20260917T100000" in body
    outsider = client.get(reverse("meetings:feed", args=[feeds.token_for(office["guikou1"])])).content.decode()
    assert "研究第三季度工作" not in outsider and "涉密会议" not in outsider
    client_as("fuzhuren_wenmi").post(reverse("meetings:feed_settings"))
    client.logout()
    assert client.get(reverse("meetings:feed", args=[token])).status_code == 404
    assert client.get(reverse("meetings:feed", args=["1-abc"])).status_code == 404


def test_a_county_meeting_invites_units_who_sign_in_by_name(client_as, office):
    """[6] 县政府常务会议: chaired by the county head, 有关部门负责人列席 — the invited unit is on the meeting and the
    clerk writes who came for it."""
    from org.models import Unit, UnitKind

    unit = Unit.objects.filter(kind=UnitKind.DEPARTMENT).first()
    client = client_as("shoufa")
    page = client.get(reverse("meetings:create") + "?kind=county_executive").content.decode()
    assert "由县长召集和主持" in page and "列席单位" in page and unit.name in page
    data = _form(
        office,
        kind="county_executive",
        title="审议县政府规范性文件",
        chair=office["xianzhang"].pk,
        room="",
        place="县政府常务会议室",
        attendees=[office["changwu"].pk, office["zhuren"].pk],
        units=[unit.pk],
    )
    response = client.post(reverse("meetings:create") + "?kind=county_executive", data)
    assert response.status_code == 302, response.content.decode()
    m = Meeting.objects.get(title="审议县政府规范性文件")
    seat = m.attendees.get(unit=unit)
    assert seat.part == Attendee.Part.OBSERVER
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    html = client.get(reverse("meetings:attendance", args=[m.pk])).content.decode()
    assert unit.name in html and f'id="rep-{seat.pk}"' in html
    r = client.post(
        reverse("meetings:attendance_record", args=[m.pk, seat.pk]), {"status": "present", "representative": "扎西"}
    )
    assert r.status_code == 302
    assert f"{unit.name}（扎西）" in client.get(reverse("meetings:detail", args=[m.pk])).content.decode()


def test_an_edit_page_loaded_before_someone_elses_change_is_a_409(client_as, office):
    """Someone changed the meeting since the form was opened: saving it is refused with what happened (409)."""
    m = meeting(office, title="研究统筹协调事项")
    old = m.version
    services.meeting_send_notice(actor=office["zhuren"], pk=m.pk)
    data = _form(office, title="改过的名称", version=old, reason="时间调整")
    response = client_as("shoufa").post(reverse("meetings:edit", args=[m.pk]), data)
    assert response.status_code == 409
    m.refresh_from_db()
    assert m.title == "研究统筹协调事项"


def test_a_classified_meetings_substitutes_are_cleared_people_only(client_as, office):
    """[31][32] 代会 of a 秘密 meeting: the picker lists only people whose clearance covers it."""
    m = _classified(office)
    services.meeting_send_notice(actor=office["shoufa"], pk=m.pk)
    html = client_as("shoufa").get(reverse("meetings:attendance", args=[m.pk])).content.decode()
    assert display_name(office["kezhang"]) in html  # 秘密 clearance
    assert display_name(office["guikou3"]) not in html  # none

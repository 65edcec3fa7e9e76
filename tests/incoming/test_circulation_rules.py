"""Circulation of incoming documents as the distributor and the readers meet it: the order [26(3)], [26(6)2],
readers away [26(6)3], the clerk's entry of the deputy's opinion [26(2)] — issue 10, items 1, 2 and 7."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from documents.incoming import exports, services
from documents.incoming.models import Category, OpinionVia, Reader, State
from org.models import Absence
from org.selectors import display_name
from org.services import absence_record
from tests.factories import key_of

from .factories import act, distribute, read, register

pytestmark = pytest.mark.django_db


def _order(doc) -> list[str]:
    return [key_of(r.reader) for r in doc.readers.select_related("reader").order_by("seq")]


def _name(office, key) -> str:
    return display_name(office[key])


# --- the order [26(3)], [26(6)2] ----------------------------------------------------------------------------------


def test_lead_before_assist_orders_the_handlers_never_above_the_leader(office):
    """[26(3)] 领导阅后送归口人员; [26(6)2] 先主办后协办 orders the handlers among themselves: the deputy county
    head who must instruct still reads first, and the note says only what really moved."""
    doc = register(office)
    doc, notes = distribute(
        office,
        doc,
        category=Category.HANDLE,
        readers=[
            act(office, "fuxianzhang1"),
            act(office, "guikou2", part=Reader.Part.ASSIST),
            act(office, "guikou1", part=Reader.Part.LEAD),
            read(office, "kezhang"),
        ],
    )
    assert _order(doc) == ["fuxianzhang1", "guikou1", "guikou2", "kezhang"]
    assert notes == [f"{_name(office, 'guikou1')}已按“先主办后协办”调到{_name(office, 'guikou2')}之前 [26(6)2]。"]
    assert doc.lead_handler == office["guikou1"]  # the 主办 reader handles it when no one else is named


def test_a_correct_order_is_not_rewritten(office):
    """[26(6)2] leader, 主办, 协办 is already right: kept as given, with no note."""
    doc = register(office)
    doc, notes = distribute(
        office,
        doc,
        category=Category.HANDLE,
        readers=[
            act(office, "fuxianzhang1"),
            act(office, "guikou1", part=Reader.Part.LEAD),
            act(office, "guikou2", part=Reader.Part.ASSIST),
        ],
    )
    assert _order(doc) == ["fuxianzhang1", "guikou1", "guikou2"]
    assert notes == []


def test_a_handler_put_before_the_leader_goes_after_and_the_note_says_why(office):
    """[26(3)] the line staff read after the leader who instructs them; the note names the rule truly."""
    doc = register(office)
    doc, notes = distribute(
        office,
        doc,
        category=Category.HANDLE,
        readers=[act(office, "guikou1", part=Reader.Part.LEAD), act(office, "changwu")],
    )
    assert _order(doc) == ["changwu", "guikou1"]
    assert notes == [
        f"{_name(office, 'changwu')}已按“领导阅批后再送归口人员”调到{_name(office, 'guikou1')}之前 [26(3)]。"
    ]


def test_lead_handler_who_is_not_the_lead_reader_is_flagged(office):
    """[26(3)], [26(6)2] a 承办人 other than the reader marked 主办 is shown to the distributor, not passed
    silently; two 主办 are refused."""
    doc = register(office)
    plan = services.distribution_plan(
        doc,
        category=Category.HANDLE,
        readers=[act(office, "fuxianzhang1"), act(office, "guikou1", part=Reader.Part.LEAD)],
        lead_handler=office["guikou2"],
    )
    assert plan.needs_confirmation
    assert plan.warnings == [
        f"承办人{_name(office, 'guikou2')}不是标为“主办”的阅文人{_name(office, 'guikou1')}："
        "阅批后文件交承办人办理，请确认或改选 [26(3)], [26(6)2]。"
    ]
    with pytest.raises(ValidationError, match="主办只能有一人"):
        services.distribution_plan(
            doc,
            category=Category.HANDLE,
            readers=[act(office, "guikou1", part=Reader.Part.LEAD), act(office, "guikou2", part=Reader.Part.LEAD)],
        )


def _form(office, doc, readers, **extra) -> dict:
    data = {
        "version": doc.version,
        "category": "handle",
        "opinion": "请次仁顿珠副县长阅示，归口承办。",
        "line": "",
        "lead_handler": "",
        "r-TOTAL_FORMS": len(readers),
        "r-INITIAL_FORMS": 0,
    }
    for i, (key, duty, part) in enumerate(readers):
        data |= {f"r-{i}-reader": office[key].pk, f"r-{i}-duty": duty, f"r-{i}-part": part}
    return data | extra


def test_distributor_sees_the_final_order_and_why_before_confirming(client_as, office):
    """[26(6)2] the 分办 page shows the corrected order and the reason first; only the confirmation of that very
    plan distributes the document."""
    doc = register(office)
    client = client_as("fuzhuren_wenmi")
    url = reverse("incoming:distribute", args=[doc.pk])
    form = _form(office, doc, [("fuxianzhang1", "act", ""), ("guikou2", "act", "assist"), ("guikou1", "act", "lead")])
    response = client.post(url, form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-order-preview" in html and "先主办后协办" in html
    preview = re.search(r'<ol class="plan-order">(.*?)</ol>', html, re.S).group(1)
    ids = [int(pk) for pk in re.findall(r'data-plan-reader="(\d+)"', preview)]
    assert ids == [office[k].pk for k in ("fuxianzhang1", "guikou1", "guikou2")]
    doc.refresh_from_db()
    assert doc.state == State.REGISTERED  # nothing happened yet
    # A stale confirmation (of another plan) shows the preview again.
    assert client.post(url, form | {"confirm": "0000"}).status_code == 200
    token = re.search(r'name="confirm" value="([0-9a-f]+)"', html).group(1)
    response = client.post(url, form | {"confirm": token})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == State.CIRCULATING
    assert _order(doc) == ["fuxianzhang1", "guikou1", "guikou2"]


# --- readers away [26(6)3] -----------------------------------------------------------------------------------------


def _away(office, key, *, hours=8, starts_in=-1):
    now = timezone.now()
    return absence_record(
        actor=office["shoufa"],
        person=office[key],
        starts_at=now + timedelta(hours=starts_in),
        ends_at=now + timedelta(hours=hours),
        reason=Absence.Reason.TRIP,
    )


def test_distributor_is_warned_at_distribution_that_a_chosen_reader_is_away_today(client_as, office):
    """[26(6)3] the 分办 page says who is away today before the clerk confirms, and links to 外出登记."""
    _away(office, "fuxianzhang1")
    doc = register(office)
    plan = services.distribution_plan(doc, category=Category.READ, readers=[read(office, "fuxianzhang1")])
    assert plan.away_warnings and _name(office, "fuxianzhang1") in plan.away_warnings[0]
    assert "越过" in plan.away_warnings[0]
    client = client_as("shoufa")
    form = _form(office, doc, [("fuxianzhang1", "act", ""), ("fuxianzhang2", "act", "")])
    form |= {"category": "read", "opinion_via": "phone"}
    response = client.post(reverse("incoming:distribute", args=[doc.pk]), form)
    html = response.content.decode()
    assert response.status_code == 200 and "data-away-warning" in html
    assert _name(office, "fuxianzhang1") in re.search(r"data-away-warning.*?</div>", html, re.S).group(0)
    assert reverse("incoming:absences") in html


def test_clerk_records_a_leaders_absence_from_a_page(client_as, office):
    """[26(6)3] the clerk, who cannot open the admin, records a county leader's trip on a page; circulation
    then passes the leader over. Line staff may not."""
    assert client_as("guikou1").get(reverse("incoming:absences")).status_code == 403
    client = client_as("shoufa")
    assert client.get(reverse("incoming:absences")).status_code == 200
    now = timezone.localtime()
    response = client.post(
        reverse("incoming:absences"),
        {
            "person": office["fuxianzhang2"].pk,
            "reason": "trip",
            "starts_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "note": "赴州里开会",
        },
    )
    assert response.status_code == 302
    absence = Absence.objects.get(person=office["fuxianzhang2"])
    assert absence.source == "manual" and absence.note == "赴州里开会"
    bad = client.post(reverse("incoming:absences"), {"person": office["fuxianzhang2"].pk, "reason": "trip"})
    assert bad.status_code == 400
    doc, _ = distribute(office, register(office), readers=[act(office, "fuxianzhang2"), act(office, "fuxianzhang1")])
    assert doc.holder == office["fuxianzhang1"]


def test_sign_off_sheet_prints_the_real_signing_order_with_times_and_marks_passed_over(office):
    """[26(6)3], [26(6)5] the 批阅单 prints who signed in the order they really signed, with the time, and marks
    the leader who was passed over (越过) and read on return (补阅)."""
    absence = _away(office, "fuxianzhang1")
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[act(office, "fuxianzhang1"), act(office, "fuxianzhang2")])
    absence.starts_at, absence.ends_at = timezone.now() - timedelta(hours=3), timezone.now() - timedelta(minutes=1)
    absence.save()  # back from the trip: he is next once the other leader has signed
    services.incoming_sign(actor=office["fuxianzhang2"], pk=doc.pk, comment="同意")
    services.incoming_sign(actor=office["fuxianzhang1"], pk=doc.pk, comment="已阅，补阅")
    context = exports.sheet_context(doc)
    assert [key_of(r.reader) for r in context["readers"]] == ["fuxianzhang2", "fuxianzhang1"]
    html = render_to_string("incoming/pdf/sheet.html", context | {"office_name": "测试"})
    assert "按实际签阅先后" in html and "按传阅顺序" not in html
    row = re.search(rf"{_name(office, 'fuxianzhang1')}<br>.*?</tr>", html, re.S).group(0)
    assert "越过" in row and "补阅" in row
    signed = doc.readers.get(reader=office["fuxianzhang2"]).signed_at
    assert timezone.localtime(signed).strftime("%H:%M") in html


# --- the clerk types in the deputy's opinion [26(2)] ---------------------------------------------------------------


def test_opinion_the_clerk_types_in_is_recorded_and_printed_as_entered_on_the_deputys_behalf(client_as, office):
    """[26(2)] 收发秘书按分管文秘副主任意见分办: the 批阅单 and the document page say “<clerk>代录（<deputy>意见，
    电话）”, never the deputy's signature she has not given."""
    doc = register(office)
    doc, _ = distribute(
        office,
        doc,
        actor="shoufa",
        opinion="请次仁顿珠副县长阅示。",
        readers=[act(office, "fuxianzhang1")],
        opinion_via=OpinionVia.PHONE,
    )
    expected = f"{_name(office, 'shoufa')}代录（{_name(office, 'fuzhuren_wenmi')}意见，电话）"
    assert doc.opinion_by == office["fuzhuren_wenmi"] and doc.opinion_entered_by == office["shoufa"]
    assert doc.opinion_attribution == expected
    html = render_to_string("incoming/pdf/sheet.html", exports.sheet_context(doc) | {"office_name": "测试"})
    assert expected in html
    page = client_as("shoufa").get(reverse("incoming:detail", args=[doc.pk])).content.decode()
    assert expected in page
    assert expected in doc.log.get(action="distribute").comment
    # The deputy's own opinion is signed by her, with no 代录.
    own, _ = distribute(office, register(office), readers=[act(office, "fuxianzhang1")])
    assert own.opinion_attribution == _name(office, "fuzhuren_wenmi")


def test_clerk_must_say_how_the_deputys_opinion_reached_her(client_as, office):
    """[26(2)] the 分办 form asks the clerk whether the opinion came by phone or by word of mouth."""
    doc = register(office)
    client = client_as("shoufa")
    url = reverse("incoming:distribute", args=[doc.pk])
    assert "data-opinion-via" in client.get(url).content.decode()
    form = _form(office, doc, [("fuxianzhang1", "act", "")]) | {"category": "read"}
    response = client.post(url, form)
    assert response.status_code == 400 and "电话还是口头" in response.content.decode()
    assert client.post(url, form | {"opinion_via": "oral"}).status_code == 302
    doc.refresh_from_db()
    assert doc.opinion_attribution.endswith("意见，口头）")
    assert (
        "data-opinion-via"
        not in client_as("fuzhuren_wenmi")
        .get(reverse("incoming:distribute", args=[register(office).pk]))
        .content.decode()
    )

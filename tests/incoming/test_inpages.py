"""Incoming pages people stumbled on (issue 10, “Pages people stumbled on”): the register-book export's dates,
search by the sender's number, the duplicate warning, the registration form, a leader's queue, signing on a
phone, deadlines on finished documents, and the demo's townships."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from documents.incoming import selectors, services
from documents.incoming.models import IncomingDocument, Intake, Reader, ReturnGround, State
from documents.incoming.sender_numbers import normalise
from org.models import Unit, UnitKind

from .factories import act, distribute, read, register, request_from_township

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _form(unit, **extra) -> dict:
    data = {
        "source_unit": unit.pk,
        "title": "关于危旧房改造项目验收的通知",
        "sender_number": "杂住建〔2026〕52号",
        "doc_type": "notice",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "copies": 1,
        "pages": 1,
        "secret_level": 0,
    }
    data.update(extra)
    return data


# --- 导出登记簿 [26(1)] ------------------------------------------------------------------------------------------


def test_register_book_form_prefills_iso_dates_a_date_input_can_show_26_1(client_as):
    """[26(1)] the export page's <input type=date> values are ISO (2026-01-01), never 2026/01/01."""
    html = _text(client_as("shoufa").get(reverse("incoming:register_book")))
    today = timezone.localdate()
    assert f'value="{today.year}-01-01"' in html
    assert f'value="{today.isoformat()}"' in html
    assert "/01/01" not in html


# --- search by the sender's number [26(1)] --------------------------------------------------------------------


def test_sender_number_is_stored_with_official_brackets_26_1(office):
    """[26(1)] whatever brackets the clerk types, the number is stored as 〔〕, without spaces."""
    doc = register(office, sender_number=" 杂住建 (2026) 52号")
    assert doc.sender_number == "杂住建〔2026〕52号"
    assert normalise("杂住建（２０２６）５２号") == "杂住建〔2026〕52号"


@pytest.mark.parametrize(
    "typed", ["杂住建〔2026〕52号", "杂住建[2026]52号", "杂住建（2026）52号", "杂住建(2026)52号", "(2026)52"]
)
def test_search_finds_the_sender_number_however_the_brackets_are_typed_26_1(office, typed):
    """[26(1)] 〔〕 [] （） () all find the same 来文字号."""
    doc = register(office, title="关于危旧房改造项目验收的通知", sender_number="杂住建〔2026〕52号")
    register(office, title="另一份通知", sender_number="杂住建〔2026〕53号")
    found = selectors.registry(office["shoufa"], selectors.RegistryFilter(q=typed))
    assert list(found) == [doc]


def test_search_words_separated_by_spaces_must_all_match_26_1(office):
    """[26(1)] “危旧房 验收” finds the document whose title has both words, not those with one."""
    both = register(office, title="关于危旧房改造项目验收的通知", sender_number="杂住建〔2026〕52号")
    register(office, title="关于危旧房改造资金的通知", sender_number="杂住建〔2026〕60号")
    register(office, title="关于道路验收的通知", sender_number="杂交〔2026〕3号")
    found = selectors.registry(office["shoufa"], selectors.RegistryFilter(q="危旧房 验收"))
    assert list(found) == [both]
    mixed = selectors.registry(office["shoufa"], selectors.RegistryFilter(q="危旧房 (2026)52"))
    assert list(mixed) == [both]


def test_search_stays_an_index_friendly_icontains_26_1(office):
    """[26(1)] each word is a plain UPPER(column) LIKE the pg_trgm indexes serve — no function on the column."""
    qs = selectors.search(IncomingDocument.objects.all(), "危旧房 [2026]52")
    sql = str(qs.query)
    if connection.vendor == "postgresql":
        assert sql.count("UPPER(") >= 4
    assert "REPLACE" not in sql.upper() and "TRANSLATE" not in sql.upper()
    assert "〔2026〕52" in sql


# --- the same paper registered twice [26(1)] --------------------------------------------------------------------


def test_registering_the_same_unit_and_number_again_warns_and_links_26_1(client_as, office):
    """[26(1)] the same unit's same 来文字号: a warning linking to the earlier registration; nothing saved
    until the clerk confirms it is another paper."""
    unit = office.units["township"]
    earlier = services.incoming_register(
        actor=office["shoufa"],
        data=services.Registration(
            source_unit=unit,
            title="关于危旧房改造项目验收的请示",
            doc_type="request",
            sender_number="杂住建〔2026〕52号",
            intake=Intake.REQUEST,
        ),
    )
    client = client_as("shoufa")
    response = client.post(
        reverse("incoming:register"), _form(unit, sender_number="杂住建(2026)52号", intake="general")
    )
    assert response.status_code == 200
    html = _text(response)
    assert "data-duplicate-warning" in html
    assert reverse("incoming:detail", args=[earlier.pk]) in html and earlier.serial_label in html
    assert IncomingDocument.objects.count() == 1

    confirmed = client.post(
        reverse("incoming:register"),
        _form(unit, sender_number="杂住建(2026)52号", intake="general", confirm_duplicate="1"),
    )
    assert confirmed.status_code == 302
    assert IncomingDocument.objects.count() == 2


def test_another_unit_with_the_same_number_is_no_duplicate_26_1(client_as, office):
    register(office, kind=UnitKind.SUPERIOR, sender_number="杂住建〔2026〕52号")
    response = client_as("shoufa").post(
        reverse("incoming:register"), _form(office.units["department"], intake="general")
    )
    assert response.status_code == 302


# --- the registration form [28], [29] ----------------------------------------------------------------------------


def test_a_request_from_a_lower_unit_needs_no_intake_28_1(client_as, office):
    """[28(1)] 文种 请示 from a township: 下级来文类别 defaults to 请示件."""
    response = client_as("shoufa").post(
        reverse("incoming:register"),
        _form(office.units["township"], doc_type="request", title="关于申请修缮村道的请示"),
    )
    assert response.status_code == 302, _text(response)
    assert IncomingDocument.objects.get().intake == Intake.REQUEST


def test_a_lower_unit_notice_still_asks_for_the_intake_28(client_as, office):
    response = client_as("shoufa").post(reverse("incoming:register"), _form(office.units["township"]))
    assert response.status_code == 400
    assert "下级来文须选择" in _text(response)


def test_rare_fields_are_folded_until_needed_29(client_as, office):
    """[29(1)], [29(2)] 补办 and 越级 are on the page but folded; a 补办 with an error opens its group."""
    html = _text(client_as("shoufa").get(reverse("incoming:register")))
    assert html.count("data-rare") == 3 and "data-rare open" not in html.replace('" open', " open")
    assert 'name="signed_before_by"' in html and 'name="sent_directly_to"' in html
    response = client_as("shoufa").post(
        reverse("incoming:register"), _form(office.units["superior"], signed_before_by=office["changwu"].pk)
    )
    assert response.status_code == 400
    assert "补办登记须录入领导已签署的意见" in _text(response)
    assert '<details class="rare-fields" open' in _text(response)


def test_the_clerk_adds_a_new_sender_from_the_registration_form_26_1(client_as, office):
    """[26(1)] a sender not in the list is added on the way, with its kind deciding the route [28]."""
    data = _form(office.units["township"], doc_type="request", title="关于申请牧道维修的请示")
    data.update(source_unit="", new_unit_name="扎青乡人民政府", new_unit_short_name="扎青乡", new_unit_kind="township")
    response = client_as("shoufa").post(reverse("incoming:register"), data)
    assert response.status_code == 302, _text(response)
    unit = Unit.objects.get(name="扎青乡人民政府")
    assert unit.kind == UnitKind.TOWNSHIP and unit.short_name == "扎青乡"
    doc = IncomingDocument.objects.get()
    assert doc.source_unit == unit and doc.intake == Intake.REQUEST


def test_a_new_sender_needs_its_kind_and_is_not_made_twice_26_1(client_as, office):
    client = client_as("shoufa")
    data = _form(office.units["township"])
    data.update(source_unit="", new_unit_name="某新单位", new_unit_kind="")
    assert "请选择新单位的类别" in _text(client.post(reverse("incoming:register"), data))
    data.update(new_unit_name=office.units["township"].name, new_unit_kind="township", intake="general")
    response = client.post(reverse("incoming:register"), data)
    assert response.status_code == 400 and "请在来文单位列表中选择" in _text(response)
    assert IncomingDocument.objects.count() == 0


# --- a leader's queue: 当天阅批 [26(6)5] --------------------------------------------------------------------------


def test_a_leaders_queue_shows_the_same_day_reading_not_the_documents_deadline_26_6_5(client_as, office):
    """[26(6)5] a reader is to read the same day; the document's week [26(6)7] is not theirs."""
    doc = register(office)
    distribute(office, doc, readers=[act(office, "changwu"), read(office, "zhuren")])
    doc.refresh_from_db()
    reader = doc.readers.get(status=Reader.Status.CURRENT)
    assert reader.due_at.date() == timezone.localdate() and doc.due_at.date() > timezone.localdate()
    html = _text(client_as("changwu").get(reverse("incoming:waiting")))
    assert "data-reading-due" in html and "当天阅批" in html
    assert timezone.localtime(doc.due_at).strftime("%-m月%-d日") not in html.split("data-due", 1)[1]
    home = _text(client_as("changwu").get(reverse("core:home")))
    assert "当天阅批" in home


# --- signing on a phone [26(2)], [26(6)5] ---------------------------------------------------------------------


def test_the_opinion_comes_before_the_sign_buttons_26_2(client_as, office):
    """[26(2)] the 拟办/传阅意见 is read before signing: above the phrases and the 签阅 button."""
    doc = register(office)
    distribute(office, doc, readers=[act(office, "changwu")], opinion="拟请王县长阅示。")
    html = _text(client_as("changwu").get(reverse("incoming:detail", args=[doc.pk])))
    form = html.split("data-sign-form", 1)[1]
    assert form.index("拟请王县长阅示") < form.index('name="phrase"') < form.index('class="primary"')


def test_one_tap_on_a_phrase_asks_to_confirm_before_signing_26_6_5(client_as, office):
    """[26(6)5] a phrase tap shows what will be signed; only the confirmation signs."""
    doc = register(office)
    distribute(office, doc, readers=[act(office, "changwu"), read(office, "zhuren")])
    doc.refresh_from_db()
    client = client_as("changwu")
    url = reverse("incoming:sign", args=[doc.pk])
    response = client.post(url, {"phrase": "同意", "version": doc.version})
    assert response.status_code == 200 and "确认签阅" in _text(response) and "data-sign-confirm" in _text(response)
    assert doc.readers.get(reader=office["changwu"]).status == Reader.Status.CURRENT
    confirmed = client.post(url, {"comment": "同意", "confirmed": "1", "version": doc.version})
    assert confirmed.status_code == 302
    signed = doc.readers.get(reader=office["changwu"])
    assert signed.status == Reader.Status.SIGNED and signed.comment == "同意"


def test_a_typed_instruction_signs_with_the_sign_button_26_6_5(client_as, office):
    doc = register(office)
    distribute(office, doc, readers=[act(office, "changwu"), read(office, "zhuren")])
    doc.refresh_from_db()
    client_as("changwu").post(
        reverse("incoming:sign", args=[doc.pk]), {"comment": "请抓紧落实。", "version": doc.version}
    )
    assert doc.readers.get(reader=office["changwu"]).status == Reader.Status.SIGNED


# --- finished documents show no deadline [26(6)7], [29(3)] -----------------------------------------------------


def test_done_and_sent_back_documents_show_no_deadline_26_6_7_29_3(client_as, office):
    """[26(6)7] a deadline runs only while the document is on its way; 办结 and 退文 show none."""
    done = register(office)
    distribute(office, done, readers=[read(office, "changwu")])
    done.refresh_from_db()
    services.incoming_sign(actor=office["changwu"], pk=done.pk)
    back = request_from_township(office)
    proposal = services.incoming_propose_return(actor=office["shoufa"], pk=back.pk, ground=ReturnGround.UNCLEAR)
    services.incoming_decide_return(actor=office["zhuren"], proposal_id=proposal.pk, approve=True)
    client = client_as("shoufa")
    for doc, state in [(done, State.DONE), (back, State.SENT_BACK)]:
        doc.refresh_from_db()
        assert doc.state == state and doc.due_at is not None
        assert "办理期限" not in _text(client.get(reverse("incoming:detail", args=[doc.pk])))
        row = _text(client.get(reverse("incoming:list"))).split(f'data-doc="{doc.pk}"', 1)[1].split("</tr>", 1)[0]
        assert "月" not in row.split("data-due", 1)[1], row
    running = register(office)
    assert "办理期限" in _text(client.get(reverse("incoming:detail", args=[running.pk])))

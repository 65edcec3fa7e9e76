"""Personal data masked for everyone who is not petition staff or the case's handler — everywhere the site can
reach [47]–[50] (个人信息保护法 第二十八条): every 信访 page, Excel export and PDF that an office leader, a county
leader, a superuser and another unit's contact can open, and the admin's list and change pages, show no clear ID
number, phone number or full address.

The pages are found, not listed: every URL pattern of the ``petitions`` namespace is opened with a real case's
ids, so a page added later is covered by itself. A URL parameter the test does not know fails the test (add its
values to ``SLUG_VALUES`` / ``ID_OF``), rather than leaving the page unvisited."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from petitions import services
from petitions.models import Case, Incident, LookupLog, Petitioner

from . import factories as f

pytestmark = pytest.mark.django_db

PEOPLE = [
    f.person(n, phone=f"1367{n:03d}2958", address=f"杂多县结多乡达英村{n}社{n + 60}号", representative=True)
    for n in (1, 2, 3)
]
VIEWERS = ["zhuren", "xianzhang", "admin", "other_contact"]


def secrets() -> list[str]:
    out = []
    for p in PEOPLE:
        out += [p.id_number, p.id_number[6:17], p.phone, p.phone[3:], p.address, p.address[7:]]
    return out


def petitions_patterns() -> list[tuple[str, URLPattern]]:
    """(name, pattern) of every URL of the petitions namespace, however the urls module nests them."""
    resolver = get_resolver()
    (namespaced,) = [p for p in resolver.url_patterns if isinstance(p, URLResolver) and p.namespace == "petitions"]
    found = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif pattern.name:
                found.append((pattern.name, pattern))

    walk(namespaced.url_patterns)
    return found


@pytest.fixture
def world(office):
    """A group visit (three named representatives) referred to the township, answered by its contact, answered
    and closed; a second case of the same person being handled with an extension; an incident; a look-up."""
    xinfang = office["xinfang"]
    group = f.registered(office, people=PEOPLE, is_group=True, head_count=8, uploads=[f.pdf()])
    services.refer_case(
        actor=xinfang, pk=group.pk, unit=office.units["township"], kind="transfer", opinion="属地管理。"
    )
    services.record_unit_answer(actor=office["lianluo"], pk=group.pk, answer="已现场勘界。")
    services.answer_case(actor=xinfang, pk=group.pk, answer="经核实，边界以确权图为准。")
    services.close_case(actor=xinfang, pk=group.pk, satisfaction="satisfied")
    again = f.accepted(office, people=[PEOPLE[0]], title="草场承包边界纠纷再次反映")
    extension = services.request_extension(actor=xinfang, pk=again.pk, reason="需多部门会商", days=20)
    incident = services.record_incident(
        actor=xinfang,
        data=services.IncidentData(
            occurred_at=timezone.now() - timedelta(hours=1),
            place="县政府大门",
            people_count=8,
            what_happened="聚集在大门口",
            measures="接待劝返",
            case_id=group.pk,
            petitioner_ids=tuple(Petitioner.objects.filter(case=group).values_list("pk", flat=True)),
        ),
    )
    from petitions.lookup import look_up_person

    look_up_person(xinfang, kind="id", value=PEOPLE[0].id_number, reason="核对重复信访")
    attachment = group.attachments.first() if hasattr(group, "attachments") else None
    return {"group": group, "again": again, "extension": extension, "incident": incident, "attachment": attachment}


def addresses(world) -> list[str]:
    """Each petitions URL with every id it takes: the group visit and the handled case, their letters …"""
    from petitions import pdf
    from petitions.views.steps import STEPS

    slug_values = {"kind": list(pdf.LETTERS), "action": list(STEPS)}
    id_of = {
        "pk": {"incident": [world["incident"].pk]},
        "attachment_id": [world["attachment"].pk] if world["attachment"] else [],
        "extension_id": [world["extension"].pk],
    }
    urls = []
    for name, pattern in petitions_patterns():
        params = list(pattern.pattern.converters)
        choices: list[dict] = [{}]
        for param in params:
            if param == "pk":
                values = id_of["pk"].get(name, [world["group"].pk, world["again"].pk])
            elif param in slug_values:
                values = slug_values[param]
            elif param in id_of:
                values = id_of[param]
            else:
                pytest.fail(f"petitions:{name} takes <{param}>: give the masking test its values")
            choices = [{**c, param: v} for c in choices for v in values]
        for kwargs in choices:
            url = reverse(f"petitions:{name}", kwargs=kwargs)
            urls.append(url)
            if name == "letter_pdf" and kwargs["kind"] == "extension":
                urls.append(f"{url}?extension={world['extension'].pk}")
    return urls


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheet" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
        )
    if "pdf" in kind:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", "replace")


@pytest.fixture
def viewers(office, other_contact):
    return {**{key: office[key] for key in VIEWERS if key != "other_contact"}, "other_contact": other_contact}


@pytest.mark.parametrize("who", VIEWERS)
def test_no_page_export_or_pdf_shows_personal_data_in_clear_to_a_reader_who_may_not_see_it(client, world, viewers, who):
    """[48] office leader, county leader, superuser: masked; another unit's contact: nothing of the case."""
    client.force_login(viewers[who])
    opened, leaks = [], []
    for url in addresses(world):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200:
            continue
        opened.append(url)
        text = text_of(response)
        leaks += [(url, secret) for secret in secrets() if secret in text]
    assert not leaks
    if who != "other_contact":
        # Not vacuous: the leaders open the list, the case, the statistics, and an export or two.
        detail = reverse("petitions:detail", args=[world["group"].pk])
        assert reverse("petitions:list") in opened and detail in opened, opened
        assert any(u.endswith((".xlsx", ".pdf")) for u in opened), opened
        masked = PEOPLE[0].id_number[:4] + "*" * 10 + PEOPLE[0].id_number[-4:]
        assert masked in text_of(client.get(detail))
    else:
        assert not any(str(world["group"].pk) in u for u in opened), opened


def test_the_handlers_and_petition_staff_do_see_the_clear_values_so_the_test_above_can_fail(client_as, world):
    response = client_as("xinfang").get(reverse("petitions:detail", args=[world["group"].pk]))
    assert PEOPLE[0].id_number in response.content.decode()


def test_the_admin_lists_and_change_pages_show_no_personal_data_in_clear(client_as, world):
    client = client_as("admin")
    objects = {Case: world["group"].pk, Incident: world["incident"].pk, LookupLog: LookupLog.objects.first().pk}
    opened = []
    for model in list(admin.site._registry):
        if model._meta.app_label != "petitions":
            continue
        meta = model._meta
        urls = [reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")]
        pk = objects.get(model) or model._default_manager.values_list("pk", flat=True).first()
        if pk is not None:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk]))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            opened.append(url)
            text = response.content.decode()
            assert not [s for s in secrets() if s in text], url
            assert "pii1:" not in text, url  # nor the ciphertext
    assert len(opened) >= 4

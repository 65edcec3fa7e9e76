"""Admin transitions are permission-checked; list pages cost the same number of queries at 5 and 500 rows."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from documents.incoming.models import Category, IncomingDocument, Intake, Reader, State
from org.models import Unit

from .factories import distribute, read, register

pytestmark = pytest.mark.django_db


def _admin_post(client, url, transition):
    """What the change form's transition button sends: the inline management forms plus the transition."""
    html = client.get(url).content.decode()
    data = dict(re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d+)"', html))
    data["_fsm_transition_to"] = transition
    return client.post(url, data, follow=True)


def _done_document(office):
    doc = register(office)
    doc, _ = distribute(office, doc, readers=[read(office, "guikou1")])
    from documents.incoming import services

    return services.incoming_sign(actor=office["guikou1"], pk=doc.pk)


def test_staff_without_the_transition_permission_cannot_push_it_by_hand_made_post(client, office):
    """django-fsm-2 4.2.4's admin skips ``permission=``; ours checks it ([26(5)]: only the clerk receives)."""
    doc = _done_document(office)
    staff = office["guikou2"]
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_incomingdocument", "change_incomingdocument"])
    )
    client.force_login(staff)
    url = reverse("admin:incoming_incomingdocument_change", args=[doc.pk])
    response = _admin_post(client, url, "receive_original")
    assert response.status_code == 200
    doc.refresh_from_db()
    assert doc.state == State.DONE
    assert "无权执行" in response.content.decode()
    assert not doc.log.filter(action="receive_original").exists()


def test_clerk_with_admin_access_runs_the_transition_through_the_service(client, office):
    doc = _done_document(office)
    clerk = office["shoufa"]
    clerk.is_staff = True
    clerk.save()
    clerk.user_permissions.add(Permission.objects.get(codename="change_incomingdocument"))
    client.force_login(clerk)
    url = reverse("admin:incoming_incomingdocument_change", args=[doc.pk])
    response = _admin_post(client, url, "receive_original")
    assert "已完成" in response.content.decode()
    doc.refresh_from_db()
    assert doc.state == State.RETURNED
    assert doc.log.filter(action="receive_original", actor=clerk).exists()  # logged like any other step


def test_admin_offers_no_delete_and_no_add_for_documents(client_as, office):
    doc = register(office)
    client = client_as("admin")
    assert client.get(reverse("admin:incoming_incomingdocument_delete", args=[doc.pk])).status_code == 403
    assert client.get(reverse("admin:incoming_incomingdocument_add")).status_code == 403
    assert IncomingDocument.objects.filter(pk=doc.pk).exists()


def _bulk(office, n: int) -> None:
    """Rows made directly: the shape of real data, at the size the query counts are about."""
    unit = Unit.objects.first()
    now = timezone.now()
    start = IncomingDocument.objects.count()
    docs = IncomingDocument.objects.bulk_create(
        [
            IncomingDocument(
                year=now.year,
                serial=start + i + 1,
                received_at=now,
                registered_at=now,
                registered_by=office["shoufa"],
                source_unit=unit,
                title=f"批量文件{i}",
                intake=Intake.SUPERIOR,
                category=Category.HANDLE if i % 2 else Category.READ,
                state=State.CIRCULATING,
                holder=office["fuxianzhang1"],
                due_at=now,
                lead_handler=office["guikou1"],
            )
            for i in range(n)
        ]
    )
    Reader.objects.bulk_create(
        [Reader(document=d, reader=office["fuxianzhang1"], seq=1, status=Reader.Status.CURRENT) for d in docs]
    )


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("shoufa", "incoming:list"),
        ("fuxianzhang1", "incoming:waiting"),
        ("fuxianzhang1", "core:home"),
        ("shoufa", "incoming:mine"),
        ("admin", "admin:incoming_incomingdocument_changelist"),
    ],
)
def test_list_query_counts_stay_flat_from_5_to_500(client_as, office, count_queries, username, url):
    client = client_as(username)
    _bulk(office, 5)
    client.get(reverse(url))  # warm caches (permissions, content types)
    with count_queries() as few:
        assert client.get(reverse(url)).status_code == 200
    _bulk(office, 495)
    with count_queries() as many:
        assert client.get(reverse(url)).status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)

"""发文 in the admin: transitions are permission-checked and go through the services; nothing is deleted;
the admin lists only what the visibility selector allows."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from documents.outgoing.choices import State
from documents.outgoing.models import OutgoingDocument, TransitionLog

from .conftest import to_numbering

pytestmark = pytest.mark.django_db


def _staff(user, *codenames):
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="outgoing", codename__in=codenames))
    return user


def _change_url(doc):
    return reverse("admin:outgoing_outgoingdocument_change", args=[doc.pk])


def test_a_staff_user_without_the_step_cannot_push_a_transition_by_a_hand_made_post(client, office, draft):
    """[30(5)] 编号 is the 打字室's: a staff section chief with change permission posts
    ``_fsm_transition_to=number`` by hand — refused, nothing numbered, nothing logged."""
    doc = to_numbering(draft())
    chief = _staff(office["kezhang"], "view_outgoingdocument", "change_outgoingdocument")
    client.force_login(chief)
    assert 'value="number"' not in client.get(_change_url(doc)).content.decode()  # no button offered…
    response = client.post(_change_url(doc), {"_fsm_transition_to": "number"}, follow=True)
    assert response.status_code == 200
    assert "您无权执行“编号登记”" in response.content.decode()
    doc.refresh_from_db()
    assert doc.state == State.NUMBERING and doc.serial is None
    assert not TransitionLog.objects.filter(document=doc, action="number").exists()


def test_a_superuser_without_the_role_is_refused_too(client_as, draft):
    """The admin is no back door: a superuser is not the 打字室."""
    doc = to_numbering(draft())
    response = client_as("admin").post(_change_url(doc), {"_fsm_transition_to": "number"}, follow=True)
    assert "您无权" in response.content.decode()
    assert OutgoingDocument.objects.get(pk=doc.pk).serial is None


def test_the_typist_numbers_from_the_admin_through_the_service(client, office, draft):
    """[30(5)] the same post by the typist runs ``outgoing_number``: a number and a log entry."""
    doc = to_numbering(draft())
    typist = _staff(office["dazi"], "view_outgoingdocument", "change_outgoingdocument")
    client.force_login(typist)
    page = client.get(_change_url(doc)).content.decode()
    assert 'value="number"' in page and "编号登记" in page  # the button is offered to her
    client.post(_change_url(doc), {"_fsm_transition_to": "number"})
    doc.refresh_from_db()
    assert doc.state == State.PROOFING and doc.serial == 1
    assert TransitionLog.objects.get(document=doc, action="number").actor == office["dazi"]


def test_transitions_needing_input_and_unknown_names_are_refused(client, office, draft):
    """Steps with a form of their own (review, distribution) are not pushed from the admin; junk is not a 500
    but a 404: the admin knows only the steps it offers (issue 12)."""
    doc = to_numbering(draft())
    clerk = _staff(office["shoufa"], "view_outgoingdocument", "change_outgoingdocument")
    client.force_login(clerk)
    for name in ("distribute", "recheck", "delete", "__init__"):
        response = client.post(_change_url(doc), {"_fsm_transition_to": name}, follow=True)
        assert response.status_code == 404
    assert OutgoingDocument.objects.get(pk=doc.pk).state == State.NUMBERING


def test_documents_cannot_be_deleted_or_added_in_the_admin(client_as, draft):
    """Nothing is ever hard-deleted [30(5)]; drafts are written on the drafting page [30(1)]."""
    doc = draft()
    client = client_as("admin")
    assert client.get(reverse("admin:outgoing_outgoingdocument_delete", args=[doc.pk])).status_code == 403
    assert (
        client.post(reverse("admin:outgoing_outgoingdocument_delete", args=[doc.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:outgoing_outgoingdocument_add")).status_code == 403
    assert OutgoingDocument.objects.filter(pk=doc.pk).exists()


def test_admin_list_hides_classified_documents_the_user_is_not_on(client_as, draft):
    """[32] classified documents are hidden in the admin as everywhere: the superuser is not on this one."""
    open_doc = draft(title="公开的通知")
    secret_doc = draft(title="涉密的通知", secret_level=1)
    html = client_as("admin").get(reverse("admin:outgoing_outgoingdocument_changelist")).content.decode()
    assert open_doc.title in html and secret_doc.title not in html
    assert client_as("admin").get(_change_url(secret_doc)).status_code == 302  # "does not exist" → index

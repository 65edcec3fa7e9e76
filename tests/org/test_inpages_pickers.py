"""Every people picker lists the office's active staff by name and position — never an account name, the
superuser, an account that holds no role (system and test accounts) or an inactive one [15], [26(1)]."""

from __future__ import annotations

import pytest

from documents.incoming.forms import DistributeForm, HandOutForm, ReaderRowForm, RegistrationForm
from documents.outgoing.forms import DistributeForm as OutgoingDistributeForm
from leave.forms import LeaveForm
from org.roles import Role
from org.selectors import person_label, pickable_people
from tests.factories import person

pytestmark = pytest.mark.django_db


def _labels(field) -> list[str]:
    return [str(label) for value, label in field.choices if value != ""]


def _strays(office):
    """A superuser, an inactive line officer, and an account that holds no role."""
    root = person(Role.LINE_STAFF, username="root-account", full_name="超级管理员甲", staff=True)
    gone = person(Role.LINE_STAFF, username="left-office", full_name="已调离的人")
    gone.is_active = False
    gone.save()
    test = person(username="test-account", full_name="测试账号乙")
    return [root, gone, test, office["admin"]]


def test_the_secretarial_deputy_is_named_and_marked_in_the_distribution_form_26_1(office):
    """[26(1)] the two deputy directors differ: each by name, the 分管文秘 one marked."""
    labels = _labels(ReaderRowForm().fields["reader"])
    wenmi, other = office["fuzhuren_wenmi"], office["fuzhuren"]
    assert f"{wenmi.profile.full_name}（办公室副主任·分管文秘）" in labels
    assert f"{other.profile.full_name}（办公室副主任）" in labels


def test_every_picker_shows_names_and_positions_and_never_strays_15(office):
    """[15] pickers in incoming, outgoing, records and leave: 姓名（职务）, no account names, no superuser,
    no inactive or role-less accounts."""
    strays = _strays(office)
    stray_names = {u.profile.full_name for u in strays}
    fields = [
        HandOutForm().fields["recipients"],
        DistributeForm().fields["lead_handler"],
        ReaderRowForm().fields["reader"],
        RegistrationForm().fields["signed_before_by"],
        RegistrationForm().fields["sent_directly_to"],
        OutgoingDistributeForm().fields["users"],
        LeaveForm(user=office["guikou1"]).fields["cover"],
    ]
    for field in fields:
        labels = _labels(field)
        assert labels, field.label
        for label in labels:
            assert not any(name in label for name in stray_names), (field.label, label)
            assert "t-" not in label and "（" in label, (field.label, label)
    recipients = _labels(HandOutForm().fields["recipients"])
    assert person_label(office["guikou1"]) == f"{office['guikou1'].profile.full_name}（科员）"
    assert person_label(office["guikou1"]) in recipients


def test_pickable_people_is_one_query_with_labels_joined(office, django_assert_num_queries):
    with django_assert_num_queries(1):
        labels = [person_label(u) for u in pickable_people()]
    # Everyone but the role-less system account and the unit's 联络员 (outside the office: offered only where a
    # picker names the role).
    assert len(labels) == len(office) - 2
    assert person_label(office["lianluo"]) not in labels

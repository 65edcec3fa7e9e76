"""The test office (tests/factories.py): the regulation's shape, none of the demo's names."""

from __future__ import annotations

import pytest

from org import demo
from org.models import Profile, Section, Unit, UnitKind
from org.roles import Role, roles_of
from org.selectors import display_name, leader_in_charge_of, line_in_charge, secretarial_deputy
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_role_of_article_15_is_held_in_the_test_office(office):
    """第十五条: one person per role, so every chapter's tests find who they need."""
    assert {role for user in office.values() for role in roles_of(user)} == set(Role)


def test_the_test_office_has_one_unit_of_every_kind(office):
    """[26]–[28] route by the sender's kind: each kind is there to be routed."""
    assert {unit.kind for unit in office.units.values()} == set(UnitKind.values)
    assert set(Unit.objects.values_list("kind", flat=True)) == set(UnitKind.values)


def test_the_test_office_has_its_leaders_in_charge(office):
    """The 分管 relations the chapters ask about: the secretarial deputy [26(1)], each line's leaders, each
    section's leader."""
    assert secretarial_deputy() == office["fuzhuren_wenmi"]
    charge = line_in_charge(office.lines["agriculture"])
    assert (charge.deputy_head, charge.deputy_director) == (office["fuxianzhang1"], office["fuzhuren"])
    assert office.sections[Section.Code.TYPING].leader_in_charge == office["fuzhuren_wenmi"]
    assert leader_in_charge_of(office["guikou1"]) == office["fuzhuren_wenmi"]


def test_no_name_of_the_test_office_is_a_name_of_the_demo_office(office):
    """A test that passes with the test office does not pass because of the demo's names: no username or line
    code is the demo's, and no full name, unit name or line name is, or contains, or is part of, one of the
    demo's."""
    accounts = {user.username for user in office.values()} | {line.code for line in office.lines.values()}
    assert not accounts & ({person.username for person in demo.PEOPLE} | {line[0] for line in demo.LINES})
    names = {
        *(display_name(user) for user in office.values()),
        *(unit.name for unit in office.units.values()),
        *(unit.short_name for unit in office.units.values()),
        *(line.name for line in office.lines.values()),
    }
    theirs = {
        *(person.full_name for person in demo.PEOPLE),
        *(unit[0] for unit in demo.UNITS),
        *(unit[1] for unit in demo.UNITS),
        *(line[1] for line in demo.LINES),
    }
    overlaps = {(a, b) for a in names for b in theirs if a in b or b in a}
    assert not overlaps, overlaps


def test_people_can_be_told_apart_by_name(office):
    """``display_name(office[key]) in page`` names one person only: no name is part of another's."""
    names = [display_name(user) for user in office.values()]
    assert not [(a, b) for a in names for b in names if a != b and a in b]


def test_key_of_gives_back_the_office_key(office):
    assert factories.key_of(office["shoufa"]) == "shoufa"
    assert all(factories.key_of(user) == key for key, user in office.items())


def test_a_person_built_alone_has_a_profile_and_only_the_roles_asked_for(db):
    section = factories.section(Section.Code.LEGAL)
    chief = factories.person(Role.SECTION_CHIEF, Role.LINE_STAFF, section=section, clearance=2)
    assert roles_of(chief) == {Role.SECTION_CHIEF, Role.LINE_STAFF}
    assert Profile.objects.get(user=chief).section == section and chief.profile.clearance == 2
    assert chief.check_password(factories.PASSWORD)
    assert roles_of(factories.person()) == frozenset()

"""Who is in charge of a person (分管领导): ``org.selectors.leader_in_charge_of`` [15], [51], [54], [38].

People are built here, not taken from the demo office, so each test shows the organisation it relies on.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from org.demo import build_demo_office
from org.models import Profile, Section
from org.roles import Role, sync_role_groups
from org.selectors import leader_in_charge_of

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def make_person():
    groups = sync_role_groups()

    def make(username, *roles, section=None, profile=True, active=True, sort_order=0):
        user = User.objects.create_user(username, is_active=active)
        user.groups.set([groups[role] for role in roles])
        if profile:
            Profile.objects.create(user=user, full_name=username, section=section, sort_order=sort_order)
        return User.objects.get(pk=user.pk)  # a fresh object: nothing cached on it

    return make


@pytest.fixture
def org_chart(make_person):
    """A small office: director, two deputies, 综合科 led by deputy A, 法制科 with no 分管 leader."""
    director = make_person("director", Role.OFFICE_DIRECTOR)
    deputy_a = make_person("deputy_a", Role.DEPUTY_DIRECTOR, sort_order=1)
    deputy_b = make_person("deputy_b", Role.DEPUTY_DIRECTOR, sort_order=2)
    general = Section.objects.create(code=Section.Code.GENERAL, name="综合科", leader_in_charge=deputy_a)
    legal = Section.objects.create(code=Section.Code.LEGAL, name="法制科")
    return {
        "director": director,
        "deputy_a": deputy_a,
        "deputy_b": deputy_b,
        "general": general,
        "legal": legal,
        "executive": make_person("executive", Role.EXECUTIVE_DEPUTY_HEAD),
        "head": make_person("head", Role.COUNTY_HEAD),
    }


def test_line_staff_report_to_their_sections_leader_in_charge(org_chart, make_person):
    """[54]: 办公室工作人员 report to 办公室分管领导 — the deputy who 分管 their section [15(2)]."""
    staff = make_person("staff", Role.LINE_STAFF, section=org_chart["general"])
    assert leader_in_charge_of(staff) == org_chart["deputy_a"]


def test_section_chief_reports_to_the_sections_leader_in_charge(org_chart, make_person):
    """[54], [15(2)]: a 科长 is office staff too."""
    chief = make_person("chief", Role.SECTION_CHIEF, Role.LINE_STAFF, section=org_chart["general"])
    assert leader_in_charge_of(chief) == org_chart["deputy_a"]


def test_other_office_staff_report_the_same_way(org_chart, make_person):
    """[54]: the clerk, typist, duty officer … are 办公室工作人员 as much as line staff."""
    clerk = make_person("clerk", Role.REGISTRY_CLERK, section=org_chart["general"])
    no_role = make_person("no_role", section=org_chart["general"])
    assert leader_in_charge_of(clerk) == org_chart["deputy_a"]
    assert leader_in_charge_of(no_role) == org_chart["deputy_a"]


def test_staff_of_a_section_without_leader_in_charge_report_to_the_director(org_chart, make_person):
    """[54], [15(1)]: no 分管 leader named — the director, who is responsible for the whole office."""
    staff = make_person("staff", Role.LINE_STAFF, section=org_chart["legal"])
    assert leader_in_charge_of(staff) == org_chart["director"]


def test_staff_without_a_section_or_profile_report_to_the_director(org_chart, make_person):
    """[54], [15(1)]"""
    assert leader_in_charge_of(make_person("loose", Role.TYPIST)) == org_chart["director"]
    assert leader_in_charge_of(make_person("bare", Role.LINE_STAFF, profile=False)) == org_chart["director"]


def test_an_inactive_leader_in_charge_is_passed_over_for_the_director(org_chart, make_person):
    """[54]: a deactivated account approves nothing."""
    User.objects.filter(pk=org_chart["deputy_a"].pk).update(is_active=False)
    staff = make_person("staff", Role.LINE_STAFF, section=org_chart["general"])
    assert leader_in_charge_of(staff) == org_chart["director"]


def test_a_deputy_director_reports_to_the_director(org_chart, make_person):
    """[51]: 办公室副主任 … 事前向主任报告 — even a deputy listed as leader of their own section."""
    office_leadership = Section.objects.create(
        code=Section.Code.OFFICE_LEADERSHIP, name="办公室领导", leader_in_charge=org_chart["deputy_b"]
    )
    deputy = make_person("deputy_c", Role.DEPUTY_DIRECTOR, section=office_leadership)
    assert leader_in_charge_of(deputy) == org_chart["director"]
    assert leader_in_charge_of(org_chart["deputy_b"]) == org_chart["director"]


def test_a_deputy_director_who_is_also_section_chief_is_answered_as_deputy(org_chart, make_person):
    """[51] before [54]: the highest role decides."""
    both = make_person("both", Role.SECTION_CHIEF, Role.DEPUTY_DIRECTOR, section=org_chart["general"])
    assert leader_in_charge_of(both) == org_chart["director"]


def test_the_director_reports_to_the_executive_deputy_head(org_chart):
    """[15(1)]: the director assists the county leaders; the 常务副县长 runs their day-to-day work (decision)."""
    assert leader_in_charge_of(org_chart["director"]) == org_chart["executive"]


def test_the_director_reports_to_the_county_head_when_there_is_no_executive_deputy(org_chart):
    """[15(1)]"""
    User.objects.filter(pk=org_chart["executive"].pk).update(is_active=False)
    assert leader_in_charge_of(org_chart["director"]) == org_chart["head"]


def test_county_leaders_have_no_leader_in_charge_in_the_office(org_chart, make_person):
    """The office's rules ([51], [54]) govern office staff, not the county's leaders."""
    assert leader_in_charge_of(org_chart["head"]) is None
    assert leader_in_charge_of(org_chart["executive"]) is None
    assert leader_in_charge_of(make_person("deputy_head", Role.DEPUTY_HEAD)) is None


def test_no_answer_is_none_never_an_error(make_person):
    """A vacant post gives None: staff with no director [54], a deputy with no director [51], a director
    with no county leader, someone not signed in."""
    section = Section.objects.create(code=Section.Code.TYPING, name="打字室")
    assert leader_in_charge_of(make_person("staff", Role.LINE_STAFF, section=section)) is None
    assert leader_in_charge_of(make_person("deputy", Role.DEPUTY_DIRECTOR)) is None
    assert leader_in_charge_of(make_person("director", Role.OFFICE_DIRECTOR)) is None
    assert leader_in_charge_of(None) is None
    assert leader_in_charge_of(AnonymousUser()) is None
    assert leader_in_charge_of(User(username="unsaved")) is None


def test_the_answer_is_never_the_person_themself(org_chart, make_person):
    """Nobody approves their own leave [54]: a director who also heads a section is answered as director."""
    Section.objects.filter(pk=org_chart["legal"].pk).update(leader_in_charge=org_chart["director"])
    Profile.objects.filter(user=org_chart["director"]).update(section=org_chart["legal"])
    assert leader_in_charge_of(org_chart["director"]) == org_chart["executive"]


def test_a_leader_in_charge_who_is_no_longer_an_office_leader_is_passed_over(org_chart, make_person):
    """[15(2)], [54]: a former deputy, now a 科长, still recorded as a section's 分管 leader (as the section
    page was not updated), approves neither their own leave nor their former section's: the director does."""
    former_deputy = make_person("former_deputy", Role.SECTION_CHIEF, section=org_chart["legal"])
    Section.objects.filter(pk=org_chart["legal"].pk).update(leader_in_charge=former_deputy)
    staff = make_person("staff", Role.LINE_STAFF, section=org_chart["legal"])
    assert leader_in_charge_of(former_deputy) == org_chart["director"]
    assert leader_in_charge_of(staff) == org_chart["director"]


def test_of_two_directors_the_first_in_sort_order_answers(org_chart, make_person):
    """Two holders of the director role (a hand-over, say): the first in the 排序 is asked [15(1)]."""
    make_person("acting_director", Role.OFFICE_DIRECTOR, sort_order=5)
    Profile.objects.filter(user=org_chart["director"]).update(sort_order=9)
    assert leader_in_charge_of(org_chart["deputy_a"]).username == "acting_director"


@pytest.mark.parametrize("cached_roles", [False, True])
def test_it_takes_at_most_two_queries(org_chart, make_person, django_assert_max_num_queries, cached_roles):
    """One query for the person's roles (skipped when already read this request), one for the answer."""
    staff = make_person("staff", Role.LINE_STAFF, section=org_chart["general"])
    if cached_roles:
        leader_in_charge_of(staff)
    with django_assert_max_num_queries(1 if cached_roles else 2):
        leader = leader_in_charge_of(staff)
    with django_assert_max_num_queries(0):
        assert leader.profile.full_name == "deputy_a"  # the profile comes with the answer


def test_only_an_office_leader_may_lead_a_section(org_chart, make_person):
    """[15(2)]: 办公室副主任 … 对办公室内设科室的分管工作直接负责 — not a line staff member."""
    staff = make_person("staff", Role.LINE_STAFF)
    section = org_chart["legal"]
    section.leader_in_charge = staff
    with pytest.raises(ValidationError) as excinfo:
        section.full_clean()
    assert "leader_in_charge" in excinfo.value.message_dict
    section.leader_in_charge = org_chart["deputy_b"]
    section.full_clean()
    section.leader_in_charge = org_chart["director"]
    section.full_clean()


def test_demo_office_has_sensible_leaders_in_charge(db):
    """The demo office: every member of staff has someone to ask for leave [54], [51]."""
    people = build_demo_office()
    expected = {
        "guikou1": "fuzhuren_wenmi",  # 综合科
        "kezhang": "fuzhuren_wenmi",
        "shoufa": "fuzhuren_wenmi",  # 机要科
        "dazi": "fuzhuren_wenmi",  # 打字室
        "fazhi": "fuzhuren",  # 法制科
        "xinfang": "fuzhuren",  # 信访室
        "fuzhuren": "zhuren",  # [51]
        "fuzhuren_wenmi": "zhuren",  # [51]
        "zhuren": "changwu",
    }
    for username, leader in expected.items():
        assert leader_in_charge_of(people[username]) == people[leader], username
    assert leader_in_charge_of(people["xianzhang"]) is None

    # Idempotent: a second build leaves every section's 分管 leader as it was.
    def leaders():
        return list(Section.objects.order_by("code").values_list("code", "leader_in_charge__username"))

    first = leaders()
    build_demo_office()
    assert leaders() == first
    assert dict(first)["general"] == "fuzhuren_wenmi" and dict(first)["leadership"] is None


def test_org_imports_no_higher_layer():
    """org is the bottom layer (org → core → deadlines → chapters → records): it imports none of them."""
    higher = ("core", "deadlines", "documents", "meetings", "supervision", "duty", "petitions", "leave")
    root = Path(__file__).resolve().parents[2] / "org"
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(root)}: {name}" for name in names if name.split(".")[0] in higher]
    assert offenders == []

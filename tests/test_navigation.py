"""Each role sees the chapters it works in, and only those (第二章 role table)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from org.selectors import display_name

pytestmark = pytest.mark.django_db

ALL = ["incoming", "outgoing", "meetings", "supervision", "duty", "petitions", "leave", "archives"]

EXPECTED = {
    "xianzhang": ["incoming", "outgoing", "meetings", "supervision", "duty"],
    "fuxianzhang1": ["incoming", "outgoing", "meetings", "supervision", "duty"],
    "zhuren": ALL,
    "fuzhuren_wenmi": ALL,
    "kezhang": ["incoming", "outgoing", "meetings", "supervision", "duty", "leave", "archives"],
    # the registry clerk registers supervision items and records units' feedback [37], [40]
    "shoufa": ["incoming", "outgoing", "meetings", "supervision", "duty", "leave", "archives"],
    "guikou1": ["incoming", "outgoing", "meetings", "supervision", "duty", "leave"],
    # everyone in the office sees who is on duty today (they may be rostered, or call the duty room) [41]
    "dazi": ["outgoing", "meetings", "duty", "leave"],
    "zhiban": ["meetings", "duty", "leave"],
    "xinfang": ["meetings", "duty", "petitions", "leave"],
    "dangan": ["incoming", "outgoing", "meetings", "duty", "leave", "archives"],
    # a township's 联络员 is outside the office: their unit's supervision items only [40]
    "lianluo": ["supervision"],
}


def _nav(html: str) -> list[str]:
    nav = html.split('id="mainnav"', 1)[1].split("</nav>", 1)[0]
    return [chunk.split('"', 1)[0] for chunk in nav.split('data-nav="')[1:]]


@pytest.mark.parametrize(("username", "chapters"), EXPECTED.items())
def test_each_role_sees_its_chapters(client_as, username, chapters):
    html = client_as(username).get(reverse("core:home")).content.decode()
    assert _nav(html) == ["home", *chapters]


def test_petitions_are_hidden_from_county_leaders_and_line_staff(client_as):
    # Petitioners' personal data is for petition staff and the case's handlers [47]–[50].
    for username in ["xianzhang", "guikou1", "shoufa"]:
        assert "petitions" not in _nav(client_as(username).get("/").content.decode())


def test_header_shows_the_person_and_role(client_as, office):
    html = client_as("fuzhuren_wenmi").get("/").content.decode()
    assert display_name(office["fuzhuren_wenmi"]) in html and "办公室副主任" in html


def test_chapter_not_built_yet_says_not_open(client_as):
    response = client_as("xinfang").get(reverse("core:chapter", args=["petitions"]))
    assert response.status_code == 200
    assert "尚未开放" in response.content.decode()


def test_unknown_chapter_is_404(client_as):
    assert client_as("xinfang").get(reverse("core:chapter", args=["nope"])).status_code == 404


def test_only_staff_see_the_admin_link(client_as):
    assert 'data-nav="admin"' not in client_as("zhuren").get("/").content.decode()
    assert 'data-nav="admin"' in client_as("admin").get("/").content.decode()

"""Each role sees the chapters it works in, and only those (第二章 role table)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse, reverse_lazy

from core import navigation
from org.roles import Role
from org.selectors import display_name

pytestmark = pytest.mark.django_db

ALL = [
    "incoming",
    "outgoing",
    "meetings",
    "supervision",
    "duty",
    "petitions",
    "information",
    "disclosure",
    "leave",
    "archives",
]

# 综合事务 (第二章's standing duties, issue 22) is one entry for everyone with a role: its in-force list of
# normative documents is for every signed-in person [13]; the group's page lists what else each may open.
EXPECTED = {
    # county leaders see every petition for the leaders' statistics, personal data masked [47] (issue 19)
    # and what the information staff put before the county leaders [44]
    "xianzhang": ["incoming", "outgoing", "meetings", "supervision", "duty", "petitions", "information", "duties"],
    "fuxianzhang1": ["incoming", "outgoing", "meetings", "supervision", "duty", "petitions", "information", "duties"],
    "zhuren": [*ALL, "duties"],
    "fuzhuren_wenmi": [*ALL, "duties"],
    "kezhang": ["incoming", "outgoing", "meetings", "supervision", "duty", "leave", "archives", "duties"],
    # the registry clerk registers supervision items and records units' feedback [37], [40]
    "shoufa": ["incoming", "outgoing", "meetings", "supervision", "duty", "leave", "archives", "duties"],
    "guikou1": ["incoming", "outgoing", "meetings", "supervision", "duty", "leave", "duties"],
    # everyone in the office sees who is on duty today (they may be rostered, or call the duty room) [41]
    "dazi": ["outgoing", "meetings", "duty", "leave", "duties"],
    "zhiban": ["meetings", "duty", "leave", "duties"],
    "xinfang": ["meetings", "duty", "petitions", "leave", "duties"],
    "dangan": ["incoming", "outgoing", "meetings", "duty", "leave", "archives", "duties"],
    # a township's 联络员 is outside the office: their unit's supervision items [40] and petitions [47] only
    # and their unit's information items [45] and disclosure work [36]
    "lianluo": ["supervision", "petitions", "information", "disclosure", "duties"],
    # the information staff [44]–[46] and the disclosure officer [35], [36]
    "xinxi": ["meetings", "duty", "information", "leave", "duties"],
    "gongkai": ["meetings", "duty", "disclosure", "leave", "duties"],
}


def _nav(html: str) -> list[str]:
    nav = html.split('id="mainnav"', 1)[1].split("</nav>", 1)[0]
    return [chunk.split('"', 1)[0] for chunk in nav.split('data-nav="')[1:]]


@pytest.mark.parametrize(("username", "chapters"), EXPECTED.items())
def test_each_role_sees_its_chapters(client_as, username, chapters):
    html = client_as(username).get(reverse("core:home")).content.decode()
    # A chapter whose app is not built yet is not in the bar (issue 14); it appears in its place once registered.
    shown = [slug for slug in chapters if slug in navigation.GROUPS or navigation.get(slug).is_open]
    assert _nav(html) == ["home", *shown]


def test_petitions_are_hidden_from_line_staff_and_the_registry(client_as):
    # Petitions are for petition staff, the case's handlers and the leaders (masked) [47]–[50].
    for username in ["guikou1", "shoufa"]:
        assert "petitions" not in _nav(client_as(username).get("/").content.decode())


def test_header_shows_the_person_and_role(client_as, office):
    html = client_as("fuzhuren_wenmi").get("/").content.decode()
    assert display_name(office["fuzhuren_wenmi"]) in html and "办公室副主任" in html


def test_chapter_not_built_yet_says_not_open_and_is_not_in_the_bar(client_as, monkeypatch):
    # A chapter still to come (第十条 行政后勤, not built) stands in for any unbuilt one.
    future = navigation.Chapter("logistics", "行政后勤", "第十条", 99, navigation.for_roles(Role.LINE_STAFF))
    monkeypatch.setattr(navigation, "PLACEHOLDERS", (*navigation.PLACEHOLDERS, future))
    client = client_as("guikou1")
    response = client.get(reverse("core:chapter", args=["logistics"]))
    assert response.status_code == 200
    assert "尚未开放" in response.content.decode()
    assert "logistics" not in _nav(client.get("/").content.decode())  # issue 14


def test_small_chapters_of_a_group_are_one_entry_whose_page_lists_only_what_the_person_may_open(client_as, monkeypatch):
    """第二章's standing duties ([4]–[15]) share one top-bar entry (navigation.GROUPS); its page lists the members
    the person may open, and a person who may open none sees neither the entry nor the page."""
    # Only this test's two members: the built ones (issue 22) would let more people in.
    monkeypatch.setattr(navigation, "_registered", {k: c for k, c in navigation._registered.items() if not c.group})
    lines = navigation.Chapter(
        "test-lines", "测试甲", "第四条", 901, navigation.for_roles(Role.LINE_STAFF), "core:home", group="duties"
    )
    leaders = navigation.Chapter(
        "test-leaders", "测试乙", "第五条", 902, navigation.for_roles(Role.OFFICE_DIRECTOR), "core:home", group="duties"
    )
    with navigation.registered(lines), navigation.registered(leaders):
        staff = client_as("guikou1")
        assert _nav(staff.get("/").content.decode()).count("duties") == 1
        page = staff.get(reverse("core:group", args=["duties"])).content.decode()
        assert "测试甲" in page and "测试乙" not in page
        assert "test-lines" not in _nav(staff.get("/").content.decode())
        director = client_as("zhuren").get(reverse("core:group", args=["duties"])).content.decode()
        assert "测试甲" not in director and "测试乙" in director
        outsider = client_as("lianluo")
        assert "duties" not in _nav(outsider.get("/").content.decode())
        assert outsider.get(reverse("core:group", args=["duties"])).status_code == 404
    assert client_as("guikou1").get(reverse("core:group", args=["nope"])).status_code == 404


def test_unknown_chapter_is_404(client_as):
    assert client_as("xinfang").get(reverse("core:chapter", args=["nope"])).status_code == 404


def test_only_staff_see_the_admin_link(client_as):
    assert 'data-nav="admin"' not in client_as("zhuren").get("/").content.decode()
    assert 'data-nav="admin"' in client_as("admin").get("/").content.decode()


# --- A link shown must open (issue 14): the top bar and every sub-navigation, for each role -----------------------


class _NavLinks(HTMLParser):
    """The links of the top bar (``#mainnav`` and the ``.who`` block) and of every sub-navigation (``nav.subnav``)."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self._depth = 0  # inside a navigation element: nesting depth of its tag

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self._depth:
            if tag in ("nav", "div", "ul", "li", "span", "details"):
                self._depth += 1
            if tag == "a" and attrs.get("href", "").startswith("/"):
                self.links.append(attrs["href"])
        elif (tag == "nav" and ("subnav" in classes or attrs.get("id") == "mainnav")) or (
            tag == "div" and "who" in classes
        ):
            self._depth = 1

    def handle_endtag(self, tag):
        if self._depth and tag in ("nav", "div", "ul", "li", "span", "details"):
            self._depth -= 1


def nav_links(html: str) -> list[str]:
    parser = _NavLinks()
    parser.feed(html)
    return parser.links


ROLES = [*EXPECTED, "changwu", "fuzhuren", "jiyao", "fazhi", "admin"]
# Pages a person reaches from a notice or the work queue rather than the top bar: their sub-navigation too.
ENTRIES = ["/", reverse_lazy("records:destruction_lists")]


@pytest.mark.parametrize("username", ROLES)
def test_every_link_in_the_top_bar_and_the_sub_navigations_opens(client_as, username):
    """Navigation shows only what a person may open: no link answers 403 (issue 14) — a county head or line staff
    shown 档案's sub-navigation was every link refused [31]–[34]."""
    client = client_as(username)
    seen: set[str] = set()
    todo = [str(url) for url in ENTRIES]
    refused = []
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        if response.status_code != 200:
            refused.append((url, response.status_code))
            continue
        if "html" in response.get("Content-Type", ""):
            todo.extend(link.split("#", 1)[0] for link in nav_links(response.content.decode()))
    assert refused == []
    assert len(seen) > 3  # the walk went somewhere


def test_the_bar_shows_no_chapter_that_is_not_open(client_as):
    """No 尚未开放 placeholder in the top bar (issue 14): a chapter appears once its app registers it."""
    for username in ["zhuren", "xinfang", "admin"]:
        html = client_as(username).get("/").content.decode()
        assert "/chapter/" not in html.split('id="mainnav"', 1)[1].split("</nav>", 1)[0]

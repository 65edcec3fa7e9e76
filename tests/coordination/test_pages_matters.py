"""协调事项 pages, per kind of person [9], [15]: the list, 登记, one matter, its steps; refusals as Chinese 4xx."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coordination import services
from coordination.models import Matter, State

from . import factories
from .factories import PROPOSAL

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("who", ["zhuren", "fuzhuren", "kezhang", "guikou2", "xianzhang", "fuxianzhang1", "lianluo"])
def test_the_list_opens_for_each_kind_of_person_9(office, client_as, who):
    """[9]: the office, the county leaders and a party's 联络员 open the list and see what is theirs."""
    matter = factories.proposed(office)
    page = client_as(who).get(reverse("coordination:list"))
    assert page.status_code == 200
    assert matter.title in _text(page)


@pytest.mark.parametrize("who", ["dazi", "xinxi"])
def test_the_list_is_refused_outside_the_chapter_9(office, client_as, who):
    """[9]: the typist and the information officer have no coordination work: 403."""
    assert client_as(who).get(reverse("coordination:list")).status_code == 403


def test_another_deputy_head_gets_404_9(office, client_as):
    """[9]: a matter not put before them is "not found", like a missing one."""
    matter = factories.proposed(office)
    assert client_as("fuxianzhang2").get(reverse("coordination:detail", args=[matter.pk])).status_code == 404
    assert client_as("fuxianzhang2").get(reverse("coordination:detail", args=[999999])).status_code == 404


def test_the_list_filters_by_state_unit_year_and_search_9(office, client_as):
    """[9]: 状态, 涉及单位, 年度 and 搜索 narrow the list; a bad filter is a 400, not a 500."""
    a = factories.registered(office, title="草场围栏建设协调")
    b = factories.proposed(
        office,
        title="供电线路迁改费用",
        parties=("county_unit", "department"),
        requested_by=office.units["county_unit"],
    )
    client = client_as("zhuren")
    url = reverse("coordination:list")
    page = _text(client.get(url, {"state": "proposed"}))
    assert b.title in page and a.title not in page
    page = _text(client.get(url, {"unit": office.units["township"].pk}))
    assert a.title in page and b.title not in page
    page = _text(client.get(url, {"q": "供电"}))
    assert b.title in page and a.title not in page
    assert a.title not in _text(client.get(url, {"year": 2025}))
    assert client.get(url, {"unit": "abc"}).status_code == 400
    assert client.get(url, {"state": "nonsense"}).status_code == 400
    assert client.get(url, {"page": "x"}).status_code == 400


def test_register_on_the_page_needs_two_parties_9(office, client_as):
    """[9]: the form comes back (400) with the rule when one unit is chosen; two units register it."""
    client = client_as("guikou2")
    url = reverse("coordination:create")
    assert client.get(url).status_code == 200
    post = {
        "title": "测试乡与农牧局草场围栏建设",
        "matter": "实施主体和资金分担有争议。",
        "parties": [office.units["township"].pk],
        "origin": "request",
        "requested_by": office.units["township"].pk,
        "lead": office["fuzhuren"].pk,
        "handler": office["guikou2"].pk,
    }
    refused = client.post(url, post)
    assert refused.status_code == 400 and "两个以上单位" in _text(refused)
    assert not Matter.objects.exists()
    post["parties"] = [office.units["township"].pk, office.units["department"].pk]
    done = client.post(url, post)
    matter = Matter.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("coordination:detail", args=[matter.pk])


def test_a_contact_does_not_register_9(office, client_as):
    """[9]: registering is the office's."""
    assert client_as("lianluo").get(reverse("coordination:create")).status_code == 403


def test_propose_and_decide_through_the_pages_9(office, client_as):
    """[9]: the handler proposes to the line's deputy head; that leader decides on the page."""
    matter = factories.coordinating(office)
    client = client_as("guikou2")
    page = _text(client.get(reverse("coordination:detail", args=[matter.pk])))
    assert "data-propose-form" in page
    done = client.post(
        reverse("coordination:act", args=[matter.pk, "propose"]), {"proposal": PROPOSAL, "version": matter.version}
    )
    assert done.status_code == 302
    matter.refresh_from_db()
    assert matter.state == State.PROPOSED and matter.leader == office["fuxianzhang1"]
    # Another deputy head has no such step (the matter is not theirs: 404); the director may not decide (403).
    other = client_as("fuxianzhang2").post(reverse("coordination:act", args=[matter.pk, "decide"]), {"text": "同意"})
    assert other.status_code == 404
    director = client_as("zhuren").post(reverse("coordination:act", args=[matter.pk, "decide"]), {"text": "同意"})
    assert director.status_code == 403 and "县长" in _text(director)
    leader = client_as("fuxianzhang1")
    assert "data-decide-form" in _text(leader.get(reverse("coordination:detail", args=[matter.pk])))
    empty = leader.post(
        reverse("coordination:act", args=[matter.pk, "decide"]), {"text": "", "version": matter.version}
    )
    assert empty.status_code == 400
    leader.post(reverse("coordination:act", args=[matter.pk, "decide"]), {"text": "同意。", "version": matter.version})
    matter.refresh_from_db()
    assert matter.state == State.DECIDED and matter.decision == "同意。"


def test_a_stale_page_gets_409_9(office, client_as):
    """[9]: a page loaded before the leader sent it back: the decision is refused with a plain 409."""
    matter = factories.proposed(office)
    seen = matter.version
    services.matter_send_back(actor=office["fuxianzhang1"], pk=matter.pk, comment="再商。")
    response = client_as("fuxianzhang1").post(
        reverse("coordination:act", args=[matter.pk, "decide"]), {"text": "同意", "version": seen}
    )
    assert response.status_code == 409 and "刷新" in _text(response)


def test_a_contact_reads_no_proposal_before_the_decision_9(office, client_as):
    """[9]: the party's 联络员 sees the matter and the talks, not the office's proposal, until the leader decided;
    nor the 呈批单; after the decision both."""
    matter = factories.proposed(office)
    client = client_as("lianluo")
    page = _text(client.get(reverse("coordination:detail", args=[matter.pk])))
    assert matter.title in page and "data-proposal-hidden" in page and PROPOSAL not in page
    assert client.get(reverse("coordination:pdf", args=[matter.pk])).status_code == 404
    services.matter_decide(actor=office["fuxianzhang1"], pk=matter.pk, decision="同意办公室意见。")
    page = _text(client.get(reverse("coordination:detail", args=[matter.pk])))
    assert PROPOSAL in page and "同意办公室意见" in page
    assert client.get(reverse("coordination:pdf", args=[matter.pk])).status_code == 200


def test_an_unknown_step_is_404_9(office, client_as):
    matter = factories.registered(office)
    assert client_as("guikou2").post(reverse("coordination:act", args=[matter.pk, "nonsense"])).status_code == 404


# The page's own reads are a handful; the rest is the layout's (session, roles, every chapter's to-do badge).
MAX_QUERIES = 40


def test_the_list_queries_stay_flat_9(office, client_as, django_assert_max_num_queries):
    """[9]: the list reads the same queries with 3 rows as with 30 (the parties and people joined or prefetched)."""
    client = client_as("zhuren")
    url = reverse("coordination:list")
    for _ in range(3):
        factories.proposed(office)
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES) as few:
        assert client.get(url).status_code == 200
    for _ in range(27):
        factories.registered(office)
    with django_assert_max_num_queries(MAX_QUERIES) as many:
        page = client.get(url)
    assert _text(page).count("data-matter=") == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_lifecycle_page_9(office, client_as):
    page = client_as("guikou2").get(reverse("coordination:lifecycle"))
    assert page.status_code == 200 and "退回再协调" in _text(page) and "领导批示" in _text(page)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("zhuren", 200),
        ("fuzhuren_wenmi", 200),
        ("kezhang", 200),
        ("guikou2", 200),
        ("xianzhang", 200),
        ("fuxianzhang1", 200),
        ("lianluo", 200),
        ("guikou1", 404),
        ("fuxianzhang2", 404),
        ("dazi", 404),
    ],
)
def test_the_detail_page_per_kind_of_person_9(office, client_as, who, status):
    """[9]: the office leaders, chiefs, the handler, the 县长, the leader asked and the party's 联络员 open it; a
    colleague not on it, another deputy head and the typist get "not found"."""
    matter = factories.proposed(office)
    assert client_as(who).get(reverse("coordination:detail", args=[matter.pk])).status_code == status


@pytest.mark.parametrize(("who", "listed"), [("guikou2", True), ("lianluo", True), ("dazi", False)])
def test_the_duties_group_lists_coordination_9(office, client_as, who, listed):
    """[9]: 综合事务 lists 协调事项 for those who may open it."""
    page = client_as(who).get(reverse("core:group", args=["duties"]))
    assert page.status_code == 200
    assert ('href="/coordination/"' in _text(page)) is listed

"""axe-core over the pages six people reach: no serious or critical violation of WCAG 2.1 AA (issue 14).

axe-core is the npm package vendored for tests (tests/vendor/axe-core, scripts/vendor-assets.sh axe): it is
evaluated in each page by Playwright — never served, and the page's Content-Security-Policy stays as it is.
The walk follows the links from the home page as each person sees them (a page budget, a few pages per URL
shape), and adds the form pages a clerk fills all day — with a failed submit among them, whose error summary
must take the focus. The 政务信息 [44]–[46] and 政务公开 [35], [36] pages are walked as the people who use them —
the information officer, the disclosure officer and a township's 联络员 on a phone — over the chapters' demo data,
their main pages first. Issue 22's six standing duties under 综合事务 (/group/duties/) — 印信 [7], 规范性文件 and
行政复议与应诉 [13], 协调事项 [9][15], 调研与文字综合 [4][5], 公务接待 — are walked over their demo data too: the
收发秘书 at the seals, 法制科 at its registers, 综合科 at receptions and coordination, the 主任 at research and the
group page, and the 联络员 on a phone."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from coordination.demo import build_demo_coordination
from disclosure.demo import build_demo_disclosure
from disclosure.models import Finding, Inspection
from documents.incoming import services
from documents.incoming.models import Intake, Reader
from documents.types import DocumentType
from information.demo import build_demo_information
from information.models import InformationItem, State
from legal.demo import build_demo_legal
from legal.models import Case
from normative.demo import build_demo_normative
from normative.models import NormativeDocument
from org.demo import build_demo_office
from org.models import Unit
from reception.demo import build_demo_reception
from reception.models import Reception
from research.demo import build_demo_research
from research.models import Task
from seals.demo import build_demo_seals
from seals.models import Seal

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
# Links that sign out, download a file or leave the app's pages are not walked.
SKIP = re.compile(
    r"^/(accounts/logout|admin/logout|static/|media/|admin/jsi18n)|\.(pdf|xlsx|ics|docx|zip)$|/(attachments?|files|"
    r"materials)/\d+/$|export|download|calendar-feed|/feed/"
)
PAGES_PER_PERSON = 45
PAGES_PER_SHAPE = 2  # /incoming/12/ and /incoming/13/ are one template: two of each shape, then other pages
IMPACTS = ("serious", "critical")
CHAPTER_PEOPLE = ("xinxi", "gongkai", "lianluo")  # walked from their chapters' pages, not from the registry's
# Issue 22's keepers walk a shorter way: their own pages first, then what home links to — the rest of the site is
# walked by the people above, and CI runs every walk.
DUTIES_PEOPLE = ("fazhi", "kezhang", "zhuren")
DUTIES_PAGES = 30


def _shape(url: str) -> str:
    path = url.partition("?")[0]
    return re.sub(r"/\d+/", "/N/", path) + ("?" if "?" in url else "")


def _axe(page) -> list[dict]:
    """The page's serious and critical violations of WCAG 2.0/2.1 A and AA, one row per rule."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 160))}));
        }"""
    )
    return [v for v in result if v["impact"] in IMPACTS]


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    out = []
    for href in hrefs:
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        target = urlparse(urljoin(base, href))
        if target.netloc and target.netloc != urlparse(base).netloc:
            continue
        out.append(target.path + (f"?{target.query}" if target.query else ""))
    return out


def scan(page, live_server, *, first: list[str], limit: int = PAGES_PER_PERSON) -> dict[str, list[dict]]:
    """Walks from ``first`` and the home page; answers {url: violations} for every HTML page reached."""
    found: dict[str, list[dict]] = {}
    seen, shapes = set(), {}
    queue = deque([*first, "/"])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen or SKIP.search(url.partition("?")[0]):
            continue
        shape = _shape(url)
        if url not in first and shapes.get(shape, 0) >= PAGES_PER_SHAPE:
            continue
        seen.add(url)
        shapes[shape] = shapes.get(shape, 0) + 1
        try:
            response = page.goto(live_server.url + url)
        except Exception:  # a download the pattern above did not know
            continue
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        page.wait_for_load_state("networkidle")
        found[url] = _axe(page)
        queue.extend(_links(page, page.url))
    return found


@pytest.fixture
def demo(transactional_db):
    """The demo office with one document registered and sent round: the clerk's registry, a county head's and
    line staff's reading, the document page with its forms and the 分办 page have something to show."""
    office = build_demo_office()
    source = Unit.objects.get(short_name="州政府办")
    docs = []
    for title in ("关于做好2026年冬季草原防火工作的通知", "关于开展安全生产大检查的通知"):
        docs.append(
            services.incoming_register(
                actor=office["shoufa"],
                data=services.Registration(
                    source_unit=source, title=title, doc_type=DocumentType.NOTICE, intake=Intake.SUPERIOR
                ),
            )
        )
    services.incoming_distribute(
        actor=office["fuzhuren_wenmi"],
        pk=docs[0].pk,
        category="read",
        opinion="请县长阅示，归口人员阅知。",
        readers=[
            services.ReaderSpec(reader=office["xianzhang"], duty=Reader.Duty.ACT),
            services.ReaderSpec(reader=office["guikou1"], duty=Reader.Duty.READ),
        ],
    )
    return office, docs


@pytest.fixture
def chapters(demo):
    """The 政务信息 and 政务公开 demo data on the demo office: items in every state, catalogues, inspections,
    findings and assessments [35], [36], [44]–[46]; and issue 22's seals, normative documents, cases, matters,
    research tasks and receptions, each in its states."""
    office, _ = demo
    build_demo_information(office)
    build_demo_disclosure(office)
    # Issue 22 [4][5][7][9][13][15], in the order core.demo runs them (research 90 … reception 96).
    for build in (
        build_demo_research,
        build_demo_legal,
        build_demo_normative,
        build_demo_coordination,
        build_demo_seals,
        build_demo_reception,
    ):
        build(office)
    return office


def _chapter_pages(username: str, office) -> list[str]:
    """The main pages of the new chapters a person uses, walked before anything the home page links to."""
    item = InformationItem.objects.order_by("pk").first()
    inspection = Inspection.objects.order_by("pk").first()
    finding = Finding.objects.order_by("pk").first()
    information = ["/information/", "/information/submit/"]
    disclosure = ["/disclosure/", "/disclosure/catalogues/", "/disclosure/findings/"]
    if username == "xinxi":
        editing = InformationItem.objects.filter(state=State.EDITING).order_by("pk").first()
        return [
            *information,
            f"/information/{item.pk}/",
            *([f"/information/{editing.pk}/", f"/information/{editing.pk}/edit/"] if editing else []),
            "/information/week/",
            "/information/scores/",
            "/information/publications/",
            "/information/statistics/",
        ]
    if username == "gongkai":
        return [
            *disclosure,
            "/disclosure/inspections/",
            f"/disclosure/inspections/{inspection.pk}/",
            f"/disclosure/findings/{finding.pk}/",
            "/disclosure/assessments/",
            "/disclosure/statistics/",
        ]
    if username == "lianluo":
        unit = office["lianluo"].profile.unit
        own_item = InformationItem.objects.filter(unit=unit).order_by("pk").first()
        own_finding = Finding.objects.filter(unit=unit).order_by("pk").first()
        pages = [*information, "/information/scores/", *disclosure, f"/disclosure/catalogues/{unit.pk}/"]
        pages += [f"/information/{own_item.pk}/"] if own_item else []
        pages += [f"/disclosure/findings/{own_finding.pk}/"] if own_finding else []
        return pages + _duties_pages(username, office)
    if username == "xianzhang":  # a county leader reads the items that reached the county [44]
        return ["/information/"]
    return _duties_pages(username, office)


def _first(model) -> int:
    return model.objects.order_by("pk").first().pk


def _duties_pages(username: str, office) -> list[str]:
    """Issue 22's pages under 综合事务, as the people who keep them: the seals' keeper [7], 法制科 [13], 综合科
    [9][15], the 主任 [4][5], and a township's 联络员 on a phone."""
    if username == "shoufa":
        return ["/seals/", "/seals/uses/", "/seals/applications/", f"/seals/{_first(Seal)}/"]
    if username == "fazhi":
        return [
            "/normative/",
            "/normative/in-force/",
            f"/normative/{_first(NormativeDocument)}/",
            "/legal/",
            f"/legal/cases/{_first(Case)}/",
            "/legal/items/",
        ]
    if username == "kezhang":
        return ["/reception/", f"/reception/{_first(Reception)}/", "/coordination/"]
    if username == "zhuren":
        return ["/research/", f"/research/{_first(Task)}/", "/group/duties/"]
    if username == "lianluo":
        return ["/group/duties/", "/seals/", "/normative/in-force/"]
    return []


def _report(found: dict[str, list[dict]]) -> str:
    lines = []
    for url, violations in found.items():
        for v in violations:
            lines.append(f"{url}: {v['id']} ({v['impact']}, {len(v['nodes'])}) {v['help']}")
            lines += [f"    {n}" for n in v["nodes"][:4]]
    return "\n".join(lines)


def _failed_register(page, live_server, shots: Path) -> dict[str, list[dict]]:
    """签收登记 sent empty: the page comes back with the errors summarised at the top, the focus on the summary,
    and the summary's first link takes the focus to its field."""
    page.goto(f"{live_server.url}/incoming/register/")
    page.click("form[method=post] button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    found = {"/incoming/register/ (failed submit)": _axe(page)}
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')"), "the focus is not on the summary"
    page.screenshot(path=str(shots / "register-failed.png"))
    link = page.locator("[data-error-summary] a").first
    target = link.get_attribute("href").removeprefix("#")
    link.click()
    assert page.evaluate("document.activeElement.id") == target
    return found


@pytest.mark.parametrize(
    ("username", "viewport"),
    [
        ("shoufa", {"width": 1280, "height": 900}),  # the registry clerk at her desk
        ("xianzhang", {"width": 390, "height": 844}),  # the county head on a phone
        ("guikou1", {"width": 1280, "height": 900}),  # line staff
        ("xinxi", {"width": 1280, "height": 900}),  # the information officer [44]–[46]
        ("gongkai", {"width": 1280, "height": 900}),  # the disclosure officer [35], [36]
        ("lianluo", {"width": 390, "height": 844}),  # a township's 联络员 on a phone
        ("fazhi", {"width": 1280, "height": 900}),  # 法制科: 规范性文件, 行政复议与应诉 [13]
        ("kezhang", {"width": 1280, "height": 900}),  # 综合科: 公务接待, 协调事项 [9][15]
        ("zhuren", {"width": 1280, "height": 900}),  # the 主任: 调研与文字综合 [4][5], the 综合事务 page
    ],
)
def test_no_serious_or_critical_axe_violation_on_the_pages_a_person_reaches(
    browser, live_server, demo, chapters, username, viewport, tmp_path
):
    office, docs = demo
    mobile = viewport["width"] < 500
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile, locale="zh-CN")
    page = context.new_page()
    try:
        sign_in(page, live_server, username)
        chapter = _chapter_pages(username, office)
        first = chapter if username in (*CHAPTER_PEOPLE, *DUTIES_PEOPLE) else [f"/incoming/{docs[0].pk}/", "/incoming/"]
        first += [url for url in chapter if url not in first]
        if username == "shoufa":
            first += [f"/incoming/{docs[1].pk}/", f"/incoming/{docs[1].pk}/distribute/", "/incoming/register/"]
        found = scan(
            page, live_server, first=first, limit=DUTIES_PAGES if username in DUTIES_PEOPLE else PAGES_PER_PERSON
        )
        if username == "shoufa":
            found |= _failed_register(page, live_server, tmp_path)
            for url in (f"/incoming/{docs[1].pk}/distribute/", f"/incoming/{docs[1].pk}/"):
                page.goto(live_server.url + url)
                page.screenshot(path=str(tmp_path / f"{url.strip('/').replace('/', '-')}.png"), full_page=True)
    finally:
        context.close()
    assert len(found) >= 15, sorted(found)
    assert set(chapter) <= set(found), set(chapter) - set(found)
    bad = {url: v for url, v in found.items() if v}
    total = sum(len(v["nodes"]) for vs in bad.values() for v in vs)
    print(f"\naxe {username}: {len(found)} pages, {len(bad)} with violations, {total} nodes: {sorted(found)}")
    assert not bad, _report(bad)

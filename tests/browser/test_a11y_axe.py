"""axe-core over the pages six people reach: no serious or critical violation of WCAG 2.1 AA (issue 14).

axe-core is the npm package vendored for tests (tests/vendor/axe-core, scripts/vendor-assets.sh axe): it is
evaluated in each page by Playwright — never served, and the page's Content-Security-Policy stays as it is.
The walk follows the links from the home page as each person sees them (a page budget, a few pages per URL
shape), and adds the form pages a clerk fills all day — with a failed submit among them, whose error summary
must take the focus. The 政务信息 [44]–[46] and 政务公开 [35], [36] pages are walked as the people who use them —
the information officer, the disclosure officer and a township's 联络员 on a phone — over the chapters' demo data,
their main pages first."""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from disclosure.demo import build_demo_disclosure
from disclosure.models import Finding, Inspection
from documents.incoming import services
from documents.incoming.models import Intake, Reader
from documents.types import DocumentType
from information.demo import build_demo_information
from information.models import InformationItem, State
from org.demo import build_demo_office
from org.models import Unit

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
    findings and assessments [35], [36], [44]–[46]."""
    office, _ = demo
    build_demo_information(office)
    build_demo_disclosure(office)
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
        return pages
    if username == "xianzhang":  # a county leader reads the items that reached the county [44]
        return ["/information/"]
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
        first = chapter if username in ("xinxi", "gongkai", "lianluo") else [f"/incoming/{docs[0].pk}/", "/incoming/"]
        first += [url for url in chapter if url not in first]
        if username == "shoufa":
            first += [f"/incoming/{docs[1].pk}/", f"/incoming/{docs[1].pk}/distribute/", "/incoming/register/"]
        found = scan(page, live_server, first=first)
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

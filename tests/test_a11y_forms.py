"""The office's forms as a screen reader meets them (issue 14, WCAG 2.1 AA 1.3.1, 3.3.1, 3.3.2, 4.1.2).

Every rendered control has a name (a <label>, or the row's number in a formset), every ``aria-describedby``
points at an element of the page, no select says ``---------``, and a form sent back with errors opens with a
summary whose links lead to the fields. Checked on the HTML the server sends, page by page, for the person who
fills the form."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from core.forms import choose_label, row_number
from documents.incoming.forms import ReaderFormSet

from .incoming.factories import distribute, read, register

pytestmark = pytest.mark.django_db

CONTROLS = {"input", "select", "textarea"}
UNNAMED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    """What a page offers: its controls and how each is named, its ids, its labels, its options' words."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self.options: list[str] = []
        self.summary_links: list[str] = []
        self.summaries = 0
        self._labels = 0  # depth of <label> we are inside
        self._option: list[str] | None = None
        self._summary_depth = 0
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in {"input", "br", "img", "meta", "link", "hr", "col", "source"}:
            self._depth += 1
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "label":
            self._labels += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if "data-error-summary" in a:
            self.summaries += 1
            self._summary_depth = self._depth
        if tag == "a" and self._summary_depth and a.get("href", "").startswith("#"):
            self.summary_links.append(a["href"][1:])
        if tag == "option":
            self._option = []
        if tag in CONTROLS and not (tag == "input" and a.get("type", "text") in UNNAMED_INPUTS):
            self.controls.append({**a, "_tag": tag, "_wrapped": self._labels > 0})

    def handle_endtag(self, tag):
        if tag == "label":
            self._labels = max(0, self._labels - 1)
        if tag == "option" and self._option is not None:
            self.options.append("".join(self._option).strip())
            self._option = None
        if tag not in {"input", "br", "img", "meta", "link", "hr", "col", "source"}:
            if self._summary_depth and self._depth == self._summary_depth:
                self._summary_depth = 0
            self._depth -= 1

    def handle_data(self, data):
        if self._option is not None:
            self._option.append(data)

    def unnamed(self) -> list[str]:
        def named(c):
            return (
                c["_wrapped"]
                or c.get("id") in self.label_for
                or (c.get("aria-label") or "").strip()
                or c.get("aria-labelledby")
                or (c.get("title") or "").strip()
            )

        return [c.get("name") or c.get("id") or c["_tag"] for c in self.controls if not named(c)]

    def dangling_describedby(self) -> list[tuple[str, str]]:
        return [
            (c.get("name"), ref)
            for c in self.controls
            for ref in (c.get("aria-describedby") or "").split()
            if ref not in self.ids
        ]


def assert_accessible(html: str, where: str) -> Page:
    page = Page(html)
    assert page.controls, f"{where}: no form controls found"
    assert not page.unnamed(), f"{where}: controls without a label: {page.unnamed()}"
    assert not page.dangling_describedby(), f"{where}: aria-describedby to missing ids: {page.dangling_describedby()}"
    assert "---------" not in page.options, f"{where}: a select still says ---------"
    return page


@pytest.fixture
def pages(office):
    """The main forms: (who fills it, the page) — a document registered and one distributed for the pages of a
    document, a leave request and a supervision item for theirs."""
    doc = register(office, title="关于做好冬季草原防火工作的通知")
    sent = register(office, title="关于开展安全生产大检查的通知")
    distribute(office, sent, readers=[read(office, "xianzhang"), read(office, "guikou1")])
    return [
        ("shoufa", reverse("incoming:register")),
        ("shoufa", reverse("incoming:absences")),
        ("shoufa", reverse("incoming:detail", args=[doc.pk])),
        ("fuzhuren_wenmi", reverse("incoming:distribute", args=[doc.pk])),
        ("xianzhang", reverse("incoming:detail", args=[sent.pk])),
        ("guikou1", reverse("outgoing:create")),
        ("guikou1", reverse("leave:create")),
        ("shoufa", reverse("meetings:create") + "?kind=director_office"),
        ("kezhang", reverse("meetings:topic_new")),
        ("guikou2", reverse("supervision:new")),
        ("zhiban", reverse("duty:log_new")),
        ("zhiban", reverse("duty:report_new")),
        ("dangan", reverse("records:destruction_lists")),
        ("guikou1", reverse("password_change")),
    ]


def test_every_control_of_the_main_forms_is_labelled_and_described_by_real_ids(client_as, pages):
    """Issue 14: each control of each main form has a label, its aria-describedby ids exist, no ---------."""
    for username, url in pages:
        response = client_as(username).get(url)
        assert response.status_code == 200, (username, url, response.status_code)
        assert_accessible(response.content.decode(), f"{username} {url}")


# (who, the form's page, a POST that must fail): each comes back 200 with its errors summarised at the top.
# A POST with nothing filled in (one blank title: a view reading ``request.POST or None`` needs a key).
BLANK = {"title": ""}
BAD_POSTS = [
    ("shoufa", "incoming:register", BLANK),
    ("guikou1", "outgoing:create", BLANK),
    ("guikou1", "leave:create", BLANK),
    ("shoufa", "meetings:create", {**BLANK, "kind": "director_office"}),
    ("kezhang", "meetings:topic_new", BLANK),
    ("guikou2", "supervision:new", BLANK),
    ("zhiban", "duty:log_new", BLANK),
    ("zhiban", "duty:report_new", BLANK),
]


@pytest.mark.parametrize(("username", "name", "data"), BAD_POSTS, ids=[name for _, name, _ in BAD_POSTS])
def test_a_failed_submit_opens_with_an_error_summary_linking_to_the_fields(client_as, office, username, name, data):
    """Issue 14 (WCAG 3.3.1): after a bad POST the page says what to fix at the top, each item a link to its
    field, and every control still has its label and real describedby ids (``id_title_error`` exists)."""
    response = client_as(username).post(reverse(name), data)
    assert response.status_code in (200, 400), response.status_code
    html = response.content.decode()
    page = assert_accessible(html, name)
    assert page.summaries == 1, f"{name}: no error summary"
    assert page.summary_links, f"{name}: the summary links to no field"
    assert set(page.summary_links) <= page.ids, f"{name}: summary links to missing ids"
    # The invalid controls say so and name their error message.
    invalid = [c for c in page.controls if c.get("aria-invalid") == "true"]
    assert invalid, name
    # A radio or check list's options (id_x_0, id_x_1 …) are described on their fieldset, as Django does.
    single = [c for c in invalid if c.get("id") and not re.search(r"_\d+$", c["id"])]
    assert single and all(f"{c['id']}_error" in (c.get("aria-describedby") or "") for c in single), name


def test_a_failed_distribution_names_the_reader_rows_by_number(client_as, office):
    """[26(2)]: the 分办 form's reader rows — 阅文人, 要求, 分工, 先送 — are named with their row, the
    placeholder says 请选择阅文人, and a row with an error is summarised as 第 n 行."""
    doc = register(office)
    url = reverse("incoming:distribute", args=[doc.pk])
    client = client_as("fuzhuren_wenmi")
    page = assert_accessible(client.get(url).content.decode(), "distribute")
    rows = {c["name"]: c.get("aria-label") for c in page.controls if c.get("name", "").startswith("r-")}
    assert rows["r-0-reader"] == "第 1 行 阅文人", rows
    assert rows["r-1-send_first"].startswith("第 2 行 "), rows
    assert "请选择阅文人" in page.options
    data = {
        "category": "read",
        "r-TOTAL_FORMS": "6",
        "r-INITIAL_FORMS": "0",
        "r-0-reader": "999999",  # nobody
        "r-0-duty": "read",
    }
    response = client.post(url, data)
    html = response.content.decode()
    page = assert_accessible(html, "distribute, failed")
    assert page.summaries == 1 and "第 1 行 阅文人" in html
    assert "id_r-0-reader" in page.summary_links


def test_the_placeholder_and_row_names_come_from_the_field():
    """The generic pieces: 请选择 + the label; a formset's form knows its 1-based row."""
    assert choose_label("阅文人") == "请选择阅文人" and choose_label("来文单位：") == "请选择来文单位"
    assert choose_label("") == "请选择"
    rows = ReaderFormSet(prefix="r")
    assert [row_number(f) for f in rows.forms[:3]] == [1, 2, 3]
    assert row_number(rows.empty_form) is None


def test_the_admin_sign_in_shown_to_someone_without_staff_rights_has_a_heading(client_as):
    """Issue 14: the admin's sign-in page, shown to a signed-in non-staff person, opens with an h1."""
    response = client_as("guikou1").get("/admin/", follow=True)
    assert response.status_code == 200
    assert "<h1" in response.content.decode()


def test_a_leave_request_page_is_labelled(client_as, office):
    """A leave request's own pages (the approver's decision, an extension) are labelled too [54]."""
    from leave import services as leave
    from leave.models import LeaveKind

    day = timezone.localdate() + timedelta(days=10)
    req = leave.leave_create(
        actor=office["guikou1"],
        data=leave.LeaveData(kind=LeaveKind.objects.get(name="事假"), start_date=day, end_date=day, reason="家中有事"),
    )
    response = client_as("guikou1").get(reverse("leave:edit", args=[req.pk]))
    assert response.status_code == 200
    assert_accessible(response.content.decode(), "leave edit")

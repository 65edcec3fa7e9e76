"""The 印信 pages as a screen reader meets them [7] (issue 14, WCAG 2.1 AA): every control of every list filter,
form and step has a name, its aria-describedby ids exist, no select says ---------, and a form sent back with
errors opens with a summary whose links lead to the fields."""

from __future__ import annotations

import pytest

from tests.test_a11y_forms import assert_accessible

from . import factories as f
from . import factories_pages as fp

pytestmark = pytest.mark.django_db


def test_every_seals_page_with_controls_is_labelled_7(office, client_as):
    """[7] Lists (their filters), forms and each item's step cards, for the person who uses them."""
    seal = f.county_seal(office)
    waiting = f.request(office, seal)
    approved = f.approved_request(office, seal)
    use = f.use(office, seal)
    application = f.application(office)
    approved_app = f.approved_application(office, seal_name="测试乡专用章")
    made = f.made_application(office, seal_name="测试乡钢印")
    pages = [
        ("shoufa", fp.url("home")),
        ("shoufa", fp.url("seal_new")),
        ("shoufa", fp.url("seal", seal.pk)),
        ("shoufa", fp.url("uses")),
        ("shoufa", fp.url("use_new", query=f"request={approved.pk}")),
        ("shoufa", fp.url("applications")),
        ("shoufa", fp.url("application_new")),
        ("shoufa", fp.url("application", approved_app.pk)),
        ("shoufa", fp.url("application", made.pk)),
        ("guikou1", fp.url("requests")),
        ("guikou1", fp.url("request_new")),
        ("zhuren", fp.url("request", waiting.pk)),
        ("zhuren", fp.url("application", application.pk)),
        ("lianluo", fp.url("home")),
        ("lianluo", fp.url("application_new")),
        ("lianluo", fp.url("applications")),
    ]
    assert use.pk
    for username, url in pages:
        response = client_as(username).get(url)
        assert response.status_code == 200, (username, url, response.status_code)
        assert_accessible(response.content.decode(), f"{username} {url}")


@pytest.mark.parametrize(
    ("username", "name", "data"),
    [
        ("shoufa", "seal_new", {"name": ""}),
        ("guikou1", "request_new", {"subject": ""}),
        ("shoufa", "use_new", {"request": ""}),
        ("lianluo", "application_new", {"seal_name": ""}),
    ],
)
def test_a_failed_submit_opens_with_an_error_summary_7(office, client_as, username, name, data):
    """[7] Sent back with errors (400), each form opens with a summary that links to its fields."""
    f.county_seal(office)
    response = client_as(username).post(fp.url(name), data)
    assert response.status_code == 400
    page = assert_accessible(response.content.decode(), name)
    assert page.summaries == 1
    assert all(link in page.ids for link in page.summary_links), page.summary_links

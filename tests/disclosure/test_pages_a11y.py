"""The chapter's forms as a screen reader meets them (issue 14): every control named, every aria-describedby id
present, no ---------; a failed form opens with its error summary [35], [36]."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.test_a11y_forms import Page, assert_accessible

from .factories import CONTACT, OFFICER, entry, finding, running, scheme, scored

pytestmark = pytest.mark.django_db


def test_every_disclosure_form_is_labelled(office, client_as):
    inspection = running(office)
    f = finding(office, inspection)
    entry(office)
    a = scored(office, scheme(office))
    township = office.units["township"].pk
    pages = [
        (OFFICER, reverse("disclosure:catalogue", args=[township])),
        (OFFICER, reverse("disclosure:entry_new", args=[township])),
        (OFFICER, reverse("disclosure:inspection_new")),
        (OFFICER, reverse("disclosure:inspection", args=[inspection.pk])),
        (OFFICER, reverse("disclosure:inspections")),
        (OFFICER, reverse("disclosure:findings")),
        (CONTACT, reverse("disclosure:finding", args=[f.pk])),
        (OFFICER, reverse("disclosure:assessments")),
        (OFFICER, reverse("disclosure:assessment", args=[a.pk])),
        (OFFICER, reverse("disclosure:assessments") + "?year=2027"),
    ]
    for username, url in pages:
        response = client_as(username).get(url)
        assert response.status_code == 200, url
        assert_accessible(response.content.decode(), f"{username} {url}")


@pytest.mark.parametrize(
    ("name", "data"),
    [("disclosure:inspection_new", {"title": ""}), ("disclosure:entry_new", {"title": ""})],
)
def test_a_failed_form_opens_with_its_error_summary(office, client_as, name, data):
    args = [office.units["township"].pk] if name == "disclosure:entry_new" else []
    response = client_as(OFFICER).post(reverse(name, args=args), data)
    assert response.status_code == 400
    page = Page(response.content.decode())
    assert page.summaries == 1 and page.summary_links and set(page.summary_links) <= page.ids

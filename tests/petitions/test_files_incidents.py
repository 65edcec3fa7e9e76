"""信访突发事件 [49]: recorded on its page through ``services.record_incident`` (linked to the case and its people),
listed and shown; the people's ID numbers in clear only for those who may see the case's personal data; counted on
the leaders' statistics."""

from __future__ import annotations

import pytest
from django.urls import reverse

from petitions import statistics
from petitions.models import Incident

from .factories import accepted, id_number, person

pytestmark = pytest.mark.django_db


def form(case=None, **extra) -> dict:
    data = {
        "occurred_at": "2026-09-14T08:30",
        "place": "县政府二楼领导办公室外",
        "people_count": "7",
        "what_happened": "七人聚集在走廊，要求面见县长",
        "called": "县公安局城区派出所",
        "measures": "信访接待人员劝导至接待室，登记诉求",
    }
    if case is not None:
        data["case"] = str(case.pk)
        data["case_number"] = case.number
    data.update(extra)
    return data


def test_recording_an_incident_links_the_case_and_its_people_49(office, client_as):
    """[49]: the desk records it from the case; the case and the chosen petitioner are linked."""
    case = accepted(office, people=[person(1, name="才仁多杰"), person(2, name="扎西")])
    first = case.petitioners.order_by("position").first()
    client = client_as("xinfang")
    page = client.get(reverse("petitions:incident_new") + f"?case={case.pk}")
    assert page.status_code == 200 and "才仁多杰" in page.content.decode()
    response = client.post(reverse("petitions:incident_new"), form(case, petitioners=[str(first.pk)]))
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.case_id == case.pk and list(incident.petitioners.all()) == [first]
    assert (incident.people_count, incident.place) == (7, "县政府二楼领导办公室外")
    assert case.log.filter(action="incident").exists()


def test_bad_input_is_a_chinese_400_never_a_500(office, client_as):
    client = client_as("xinfang")
    url = reverse("petitions:incident_new")
    response = client.post(url, form(people_count="0", place=""))
    assert response.status_code == 400 and "请填写地点" in response.content.decode()
    response = client.post(url, form(case_number="杂信〔2026〕999号"))
    assert response.status_code == 400 and "没有找到该编号的信访件" in response.content.decode()
    assert client.get(url + "?case=abc").status_code == 404
    assert not Incident.objects.exists()


def test_only_staff_leaders_and_duty_record_and_the_people_are_masked_for_leaders_49(office, client_as):
    """[49]: petition staff, office leaders and duty officers record; a leader reads the people masked; the
    petition staff in clear; an outsider and a unit contact see nothing."""
    case = accepted(office, people=[person(1, name="才仁多杰")])
    # The duty officer at the gate records it; linking a case is for those who may see it (404 otherwise).
    assert client_as("zhiban").post(reverse("petitions:incident_new"), form(case)).status_code == 404
    assert client_as("zhiban").post(reverse("petitions:incident_new"), form()).status_code == 302
    chosen = [str(case.petitioners.get().pk)]
    client_as("xinfang").post(reverse("petitions:incident_new"), form(case, petitioners=chosen))
    incident = Incident.objects.get(case=case)
    assert client_as("dazi").post(reverse("petitions:incident_new"), form()).status_code == 403
    detail = reverse("petitions:incident", args=[incident.pk])
    staff = client_as("xinfang").get(detail).content.decode()
    assert id_number(1) in staff
    leader = client_as("zhuren").get(detail).content.decode()
    assert "才仁多杰" in leader and id_number(1) not in leader and "6327**********" in leader
    for key in ("dazi", "lianluo"):
        assert client_as(key).get(detail).status_code == 403
        assert client_as(key).get(reverse("petitions:incidents")).status_code == 403


def test_the_list_is_flat_in_queries_and_the_statistics_count_incidents_49(office, client_as, count_queries):
    """[49]: shown on the leaders' statistics; the list costs the same queries for 1 or 12 incidents."""
    case = accepted(office)
    client = client_as("xinfang")
    client.post(reverse("petitions:incident_new"), form(case))
    client.get(reverse("petitions:incidents"))
    with count_queries() as few:
        client.get(reverse("petitions:incidents"))
    for n in range(11):
        client.post(reverse("petitions:incident_new"), form(case if n % 2 else None, people_count=str(n + 1)))
    with count_queries() as many:
        html = client.get(reverse("petitions:incidents")).content.decode()
    assert html.count("data-incident=") == 12
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    s = statistics.period_statistics(office["zhuren"], period=statistics.Period(2026, 9))
    assert s.incident_count == 12 and s.incident_people == 7 + sum(range(1, 12))

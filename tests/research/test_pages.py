"""The pages [4], [5]: who sees what, the list with its filters and a flat query count, forms that refuse bad
input with a 4xx, a stale page's 409, the versions' texts and diff, the final draft's PDF, the Excel export."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from research import services
from research.models import State, Task

from .factories import TODAY, V1, V2, approving, draft, in_review, research

pytestmark = pytest.mark.django_db


def test_who_sees_which_task_4_5(office, client_as):
    """[4][5]: office leaders see all; a county leader what they asked for; staff the tasks they are on;
    a unit's contact not the chapter at all; someone else's task is a 404."""
    mine = research(office, title="县长的课题")
    other = research(office, title="常务的课题", leader="changwu", lead="guikou3", members=[])
    review = in_review(office, title="讲话稿")
    cases = {
        "zhuren": {"县长的课题", "常务的课题", "讲话稿"},
        "fuzhuren_wenmi": {"县长的课题", "常务的课题", "讲话稿"},
        "xianzhang": {"县长的课题", "讲话稿"},
        "changwu": {"常务的课题"},
        "guikou2": {"县长的课题"},
        "guikou3": {"常务的课题", "讲话稿"},
        "kezhang": set(),
    }
    for username, titles in cases.items():
        html = client_as(username).get(reverse("research:list")).content.decode()
        seen = {t for t in ("县长的课题", "常务的课题", "讲话稿") if t in html}
        assert seen == titles, username
    assert client_as("changwu").get(reverse("research:detail", args=[mine.pk])).status_code == 404
    assert client_as("kezhang").get(reverse("research:detail", args=[review.pk])).status_code == 404
    assert client_as("guikou3").get(reverse("research:detail", args=[other.pk])).status_code == 200
    assert client_as("lianluo").get(reverse("research:list")).status_code == 403


def test_the_list_filters_by_kind_state_leader_due_and_search_4_5(office, client_as):
    research(office, title="农牧业调研")
    draft(office, title="经济工作会议讲话")
    c = client_as("zhuren")
    url = reverse("research:list")
    assert "经济工作会议讲话" not in c.get(url, {"kind": "research"}).content.decode()
    assert "农牧业调研" not in c.get(url, {"kind": "drafting"}).content.decode()
    assert "农牧业调研" in c.get(url, {"q": "农牧"}).content.decode()
    assert "农牧业调研" not in c.get(url, {"state": State.COMMISSIONED}).content.decode()
    assert "经济工作会议讲话" in c.get(url, {"leader": office["xianzhang"].pk}).content.decode()
    assert "经济工作会议讲话" not in c.get(url, {"leader": office["changwu"].pk}).content.decode()
    assert "农牧业调研" in c.get(url, {"year": TODAY.year}).content.decode()
    assert c.get(url, {"year": "abc"}).status_code == 400
    soon = c.get(url, {"due": "soon"}).content.decode()
    assert "农牧业调研" not in soon  # due in 20 days


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_asks_a_flat_number_of_queries_4_5(office, client_as, django_assert_max_num_queries, rows):
    """[4][5]: 3 rows or 30, the same number of queries."""
    for i in range(rows):
        (research if i % 2 else draft)(office, title=f"任务{i}")
    c = client_as("zhuren")
    with django_assert_max_num_queries(28):
        response = c.get(reverse("research:list"))
    assert response.status_code == 200
    assert response.content.decode().count("data-task=") == rows


def test_a_leader_commissions_a_draft_through_the_form_and_bad_input_is_a_400_5(office, client_as):
    c = client_as("zhuren")
    url = reverse("research:new", args=["drafting"])
    assert c.get(url).status_code == 200
    bad = c.post(url, {"title": "", "genre": "speech", "leader": office["xianzhang"].pk})
    assert bad.status_code == 400 and "请修改" in bad.content.decode()
    wrong = c.post(
        url,
        {
            "title": "讲话",
            "genre": "speech",
            "leader": office["xianzhang"].pk,
            "lead": office["guikou1"].pk,
            "reviewer1": office["xianzhang"].pk,
            "due_on": TODAY.isoformat(),
        },
    )
    assert wrong.status_code == 400
    ok = c.post(
        url,
        {
            "title": "县长在全县经济工作会议上的讲话",
            "genre": "speech",
            "leader": office["xianzhang"].pk,
            "lead": office["guikou1"].pk,
            "members": [office["guikou3"].pk],
            "reviewer1": office["fuzhuren"].pk,
            "reviewer2": office["zhuren"].pk,
            "due_on": TODAY.isoformat(),
        },
    )
    task = Task.objects.get(title="县长在全县经济工作会议上的讲话")
    assert ok.status_code == 302 and task.reviewer_count == 2
    assert client_as("guikou1").get(reverse("research:new", args=["drafting"])).status_code == 403


def test_a_stale_page_gets_a_409_and_a_wrong_step_a_403_5(office, client_as):
    task = in_review(office)
    seen = task.version
    services.review_draft(actor=office["fuzhuren"], pk=task.pk, passed=True)
    act = reverse("research:act", args=[task.pk, "review"])
    stale = client_as("zhuren").post(act, {"version": seen, "passed": "1"})
    assert stale.status_code == 409
    task.refresh_from_db()
    assert client_as("guikou1").post(act, {"version": task.version, "passed": "1"}).status_code == 403
    returned = client_as("zhuren").post(act, {"version": task.version, "passed": "0", "opinion": ""})
    assert returned.status_code == 400


def test_versions_diff_and_the_drafts_page_5(office, client_as):
    task = draft(office)
    c = client_as("guikou1")
    c.post(reverse("research:version", args=[task.pk]), {"body": V1, "note": "初稿", "version": 0})
    task.refresh_from_db()
    c.post(reverse("research:version", args=[task.pk]), {"body": V2, "note": "改", "version": task.version})
    assert task.versions.count() == 2
    page = c.get(reverse("research:detail", args=[task.pk])).content.decode()
    assert "v1" in page and "v2" in page and "对照最近两稿" in page
    diff = c.get(reverse("research:diff", args=[task.pk])).content.decode()
    assert "<ins>" in diff
    assert c.get(reverse("research:diff", args=[task.pk]), {"a": 1, "b": 9}).status_code == 404
    assert c.get(reverse("research:version_text", args=[task.pk, 1])).status_code == 200
    task.refresh_from_db()
    empty = c.post(reverse("research:version", args=[task.pk]), {"body": "", "version": task.version})
    assert empty.status_code == 400
    assert client_as("kezhang").get(reverse("research:version_text", args=[task.pk, 1])).status_code == 404


def test_the_final_draft_prints_as_a_pdf_and_not_before_5(office, client_as):
    task = approving(office)
    c = client_as("guikou1")
    assert c.get(reverse("research:pdf", args=[task.pk])).status_code == 404
    services.decide_draft(actor=office["xianzhang"], pk=task.pk, approved=True)
    response = c.get(reverse("research:pdf", args=[task.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_the_export_holds_what_the_person_sees_with_formulas_neutralised_4_5(office, client_as):
    research(office, title='=HYPERLINK("http://x")')
    research(office, title="常务的课题", leader="changwu", lead="guikou3", members=[])
    response = client_as("guikou2").get(reverse("research:export"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    titles = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ['=HYPERLINK("http://x")']
    assert sheet.cell(row=2, column=4).data_type == "s"


def test_a_report_uploaded_on_the_page_downloads_only_for_who_sees_the_task_4(office, client_as):
    """[4]: the report is an upload checked by core.uploads; its download goes through the task's visibility."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import files

    task = research(office)
    c = client_as("guikou2")
    fieldwork = c.post(
        reverse("research:fieldwork", args=[task.pk]), {"on": TODAY.isoformat(), "place": "测试乡", "findings": "座谈"}
    )
    assert fieldwork.status_code == 302
    task.refresh_from_db()
    upload = SimpleUploadedFile("调研报告.pdf", files.pdf(), content_type="application/pdf")
    response = c.post(reverse("research:version", args=[task.pk]), {"file": upload, "version": task.version})
    assert response.status_code == 302
    url = reverse("research:version_file", args=[task.pk, 1])
    download = c.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert client_as("kezhang").get(url).status_code == 404
    c = client_as("guikou2")  # the one test client, signed in again as the member
    task.refresh_from_db()
    bad = SimpleUploadedFile("报告.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    refused = c.post(reverse("research:version", args=[task.pk]), {"file": bad, "version": task.version})
    assert refused.status_code == 400 and "不支持" in refused.content.decode()
    future = c.post(reverse("research:fieldwork", args=[task.pk]), {"on": "2030-01-01", "place": "x", "findings": "y"})
    assert future.status_code == 400


def test_the_leader_instructs_and_the_team_closes_on_the_page_4(office, client_as):
    from .factories import reported

    task = reported(office)
    page = client_as("xianzhang").get(reverse("research:detail", args=[task.pk])).content.decode()
    assert "data-instruct-panel" in page
    assert "data-instruct-panel" not in client_as("changwu").get(reverse("research:list")).content.decode()
    done = client_as("xianzhang").post(
        reverse("research:act", args=[task.pk, "instruct"]), {"version": task.version, "text": "请抓好落实。"}
    )
    assert done.status_code == 302
    task.refresh_from_db()
    closed = client_as("guikou1").post(
        reverse("research:act", args=[task.pk, "close"]),
        {"version": task.version, "adoption": "decision", "note": "纳入县政府常务会议决定"},
    )
    assert closed.status_code == 302
    task.refresh_from_db()
    assert task.state == State.CLOSED
    assert client_as("guikou1").post(reverse("research:act", args=[task.pk, "nonsense"]), {}).status_code == 404


def test_the_lifecycle_pages_list_every_step_4_5(office, client_as):
    c = client_as("guikou1")
    research_page = c.get(reverse("research:lifecycle", args=["research"])).content.decode()
    assert "领导批示" in research_page and "审定" not in research_page
    drafting_page = c.get(reverse("research:lifecycle", args=["drafting"])).content.decode()
    assert "审核退回修改" in drafting_page and "结题" not in drafting_page
    assert c.get(reverse("research:lifecycle", args=["x"])).status_code == 404


def test_a_drafts_page_asks_the_same_queries_with_2_versions_or_12_5(office, client_as):
    """[5]: versions and their opinions are read in a fixed number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n, title in ((2, "讲话甲"), (12, "讲话乙")):
        task = draft(office, title=title)
        for i in range(n):
            services.add_version(actor=office["guikou1"], pk=task.pk, body=f"{V1}\n第{i}次修改", note=f"改{i}")
        c = client_as("guikou1")
        c.get(reverse("research:detail", args=[task.pk]))  # warm the per-session reads
        with CaptureQueriesContext(connection) as ctx:
            response = c.get(reverse("research:detail", args=[task.pk]))
        assert response.content.decode().count("data-version=") == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_chapter_is_in_the_duties_group_for_the_office_and_county_leaders_only_4_5(
    office, django_assert_num_queries
):
    """[4][5]: 综合事务 lists 调研与文字综合 for county leaders and the office's people, not for a unit's 联络员;
    the rule reads only the cached roles."""
    from core import navigation
    from org.roles import roles_of

    for username, sees in (
        ("xianzhang", True),
        ("zhuren", True),
        ("guikou1", True),
        ("dazi", True),
        ("lianluo", False),
    ):
        user = office[username]
        roles_of(user)
        with django_assert_num_queries(0):
            assert navigation.get("research").visible_to(user) is sees, username
        assert ("research" in [c.slug for c in navigation.members_for(user, "duties")]) is sees
    chapter = navigation.get("research")
    assert (chapter.group, chapter.order) == ("duties", 90) and chapter.summary

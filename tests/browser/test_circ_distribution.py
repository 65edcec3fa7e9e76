"""Browser: 分办 as the clerk meets it — a leader's trip recorded on a page, the away warning, the final
circulation order and why, then the confirmation [26(2)], [26(3)], [26(6)2], [26(6)3] (issue 10, items 1, 2, 7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from documents.incoming import services
from documents.incoming.models import Intake, State
from documents.types import DocumentType
from org.demo import build_demo_office
from org.models import Absence, Unit
from org.selectors import display_name

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_records_a_trip_sees_the_away_warning_and_the_final_order_then_confirms(desktop, live_server, tmp_path):
    office = build_demo_office()
    page = desktop
    doc = services.incoming_register(
        actor=office["shoufa"],
        data=services.Registration(
            source_unit=Unit.objects.get(short_name="州政府办"),
            title="关于开展草原生态保护补助奖励政策落实情况检查的通知",
            doc_type=DocumentType.NOTICE,
            intake=Intake.SUPERIOR,
        ),
    )
    name = {key: display_name(office[key]) for key in ("fuxianzhang1", "fuxianzhang2", "guikou1", "guikou2")}

    # 1. From the 分办 page the clerk records that a deputy county head is away today [26(6)3].
    sign_in(page, live_server, "shoufa")
    page.goto(f"{live_server.url}/incoming/{doc.pk}/distribute/")
    page.click("[data-record-absence]")
    page.wait_for_load_state("networkidle")
    now = timezone.localtime()
    page.select_option("select[name=person]", str(office["fuxianzhang2"].pk))
    page.fill("input[name=starts_at]", (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=ends_at]", (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=note]", "赴州里参加会议")
    page.click("[data-absence-form] button.primary")
    page.wait_for_load_state("networkidle")
    assert Absence.objects.filter(person=office["fuxianzhang2"], source="manual").exists()
    assert page.url.endswith(f"/incoming/{doc.pk}/distribute/")  # back where she came from

    # 2. She fills the readers in a wrong order and types the deputy's opinion given by phone [26(2)].
    page.check("input[name=category][value=handle]")
    page.fill("textarea[name=opinion]", "拟请分管副县长阅示，归口承办。")
    page.check("input[name=opinion_via][value=phone]")
    for i, (key, duty, part) in enumerate(
        [
            ("fuxianzhang1", "act", ""),
            ("guikou2", "act", "assist"),
            ("guikou1", "act", "lead"),
            ("fuxianzhang2", "read", ""),
        ]
    ):
        page.select_option(f"select[name=r-{i}-reader]", str(office[key].pk))
        page.select_option(f"select[name=r-{i}-duty]", duty)
        page.select_option(f"select[name=r-{i}-part]", part)
    page.click("button:has-text('分办并送阅')")
    page.wait_for_load_state("networkidle")

    # 3. Before anything is sent: the final order, why, and who is away [26(3)], [26(6)2], [26(6)3].
    preview = page.locator("[data-order-preview]")
    assert preview.is_visible()
    shown = preview.locator("[data-plan-reader]").all_inner_texts()
    assert [text.split(" ")[0] for text in shown] == [
        name["fuxianzhang1"],
        name["fuxianzhang2"],
        name["guikou1"],
        name["guikou2"],
    ]
    notes = page.inner_text("[data-order-notes]")
    assert f"{name['guikou1']}已按“先主办后协办”调到{name['guikou2']}之前" in notes
    assert "领导阅批后再送归口人员" in notes
    away = page.inner_text("[data-away-warning]")
    assert name["fuxianzhang2"] in away and "越过" in away
    page.screenshot(path=str(tmp_path / "distribute-preview.png"), full_page=True)
    doc.refresh_from_db()
    assert doc.state == State.REGISTERED

    # 4. She confirms: sent in that order; the away leader is passed over; the opinion shows as 代录 [26(2)].
    page.click("[data-confirm-distribute]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-reader=fuxianzhang1]").get_attribute("data-status") == "current"
    assert f"代录（{display_name(office['fuzhuren_wenmi'])}意见，电话）" in page.inner_text("[data-opinion-by]")
    doc.refresh_from_db()
    assert doc.state == State.CIRCULATING
    assert [r.reader_id for r in doc.readers.order_by("seq")] == [
        office[k].pk for k in ("fuxianzhang1", "fuxianzhang2", "guikou1", "guikou2")
    ]

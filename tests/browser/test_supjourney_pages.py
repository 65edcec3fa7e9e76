"""Every supervision item page at 1280 and at 390 px, on the demo office's items [37]–[40]: the list (and its
filters), a unit contact's home, 登记, an item, its feedback and extension forms and the 审批 page — nothing
wider than a phone's screen, the list's filters working, screenshots to tmp_path (and SUP_SHOTS when set)."""

from __future__ import annotations

import pytest

from org.demo import build_demo_office
from supervision import services
from supervision.demo import build_demo_supervision
from supervision.models import Item, State

from .conftest import sign_in
from .test_supjourney_item import PHONE, _fits, _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_item_page_fits_a_desk_and_a_phone(browser, live_server, tmp_path):
    users = build_demo_office()
    build_demo_supervision(users)
    tracked = Item.objects.filter(state=State.TRACKING, lead_unit__isnull=False).order_by("id").first()
    waiting = Item.objects.filter(state=State.PENDING_APPROVAL).first()
    if waiting is None:
        major = Item.objects.filter(is_major=True, state=State.REGISTERED).first()
        waiting = services.item_submit_for_approval(actor=users["guikou2"], pk=major.pk) if major else None
    base = live_server.url
    pages = {
        "list": "/supervision/",
        "list-all": "/supervision/?state=all",
        "new": "/supervision/new/",
        "detail": f"/supervision/{tracked.pk}/",
        "feedback": f"/supervision/{tracked.pk}/feedback/",
        "extension": f"/supervision/{tracked.pk}/extension/",
        "edit": f"/supervision/{tracked.pk}/edit/",
    }
    for width, options in (("desk", {"viewport": {"width": 1280, "height": 900}}), ("phone", PHONE)):
        page = browser.new_context(locale="zh-CN", **options).new_page()
        sign_in(page, live_server, "guikou2")
        for name, url in pages.items():
            response = page.goto(f"{base}{url}")
            assert response.status == 200, (url, response.status)
            if width == "phone":
                _fits(page)
            _shot(page, tmp_path, f"pages-{width}-{name}")
        # The list's filters: only the late ones, then a search by number.
        page.goto(f"{base}/supervision/")
        page.check("input[name=overdue]")
        page.click("[data-filters] button[type=submit]")
        page.wait_for_load_state("networkidle")
        for row in page.locator("tr[data-item]").all():
            assert row.get_attribute("data-late") is not None
        page.fill("input[name=q]", tracked.number_label)
        page.uncheck("input[name=overdue]")
        page.click("[data-filters] button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.locator(f"tr[data-item='{tracked.pk}']").count() == 1
        page.context.close()

        if waiting is not None:
            deputy = browser.new_context(locale="zh-CN", **options).new_page()
            sign_in(deputy, live_server, waiting.deputy_head.username)
            assert deputy.goto(f"{base}/supervision/{waiting.pk}/decide/").status == 200
            assert deputy.locator("button[data-approve]").count() == 1
            if width == "phone":
                _fits(deputy)
            _shot(deputy, tmp_path, f"pages-{width}-decide")
            deputy.context.close()

        contact = browser.new_context(locale="zh-CN", **options).new_page()
        sign_in(contact, live_server, "lianluo")
        for name in ("unit", ""):
            assert contact.goto(f"{base}/supervision/{name + '/' if name else ''}").status == 200
            if width == "phone":
                _fits(contact)
            _shot(contact, tmp_path, f"pages-{width}-contact-{name or 'list'}")
        contact.context.close()

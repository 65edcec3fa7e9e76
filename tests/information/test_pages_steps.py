"""政务信息 pages, one item's life through its pages: a unit contact submits (报送信息), the information officer
screens and edits it, an office leader reviews it, it is sent to the province and the prefecture, adopted and
archived [44]–[46]. A refusal is a Chinese 403 page, a stale page a 409, bad input a 400 with a Chinese message,
another unit's item a 404 — never a 500."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from core.idempotency import FIELD
from information import services
from information.models import Adoption, InformationItem, Kind, Level, Sending, State, Target

pytestmark = pytest.mark.django_db

BODY = "今年以来，测试乡把草原生态保护补助奖励资金发放到户，全乡牧民人均增收八百元。\n下一步将建立长效管护机制。"


# --- helpers: an item in any state, through the services ----------------------------------------------------------


def submitted(office, *, kind=Kind.DYNAMIC, unit="township", by="lianluo", title="测试乡草原补奖资金发放到户"):
    unit_obj = office.units[unit] if unit else None
    data = services.ItemData(title=title, body=BODY, kind=kind, unit=unit_obj, author="扎西")
    return services.submit_item(actor=office[by], data=data)


def editing(office, **kw):
    item = submitted(office, **kw)
    return services.screen_item(actor=office["xinxi"], pk=item.pk, keep=True)


def reviewing(office, **kw):
    item = editing(office, **kw)
    return services.submit_for_review(actor=office["xinxi"], pk=item.pk)


def approved(office, **kw):
    item = reviewing(office, **kw)
    return services.review_item(actor=office["zhuren"], pk=item.pk, approve=True)


def sent(office, *targets, **kw):
    item = approved(office, **kw)
    today = timezone.localdate()
    sendings = [services.SendingData(target=t, sent_on=today) for t in (targets or (Target.PREFECTURE,))]
    return services.send_item(actor=office["xinxi"], pk=item.pk, sendings=sendings)


def act(item, action: str) -> str:
    return reverse("information:act", args=[item.pk, action])


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def fresh(item) -> InformationItem:
    return InformationItem.objects.get(pk=item.pk)


# --- the whole life through the pages ----------------------------------------------------------------------------


def test_an_item_goes_from_a_unit_through_every_step_on_its_pages_44_45_46(client_as, office):
    """[45] a township's contact submits for their unit; [46] the office screens, edits, the leader reviews;
    [44] it is sent to the province and the prefecture; [46] adopted at the prefecture with a 批示, archived."""
    client = client_as("lianluo")
    form = page(client, reverse("information:submit"))
    assert "测试乡人民政府" in form and 'name="unit"' not in form  # a contact submits for their own unit [45]
    response = client.post(
        reverse("information:submit"),
        {
            "kind": Kind.DYNAMIC,
            "title": "测试乡草原补奖资金发放到户",
            "body": BODY,
            "author": "扎西",
            FIELD: str(uuid.uuid4()),
        },
    )
    item = InformationItem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("information:detail", args=[item.pk])
    assert item.state == State.SUBMITTED and item.unit == office.units["township"]
    assert "data-withdraw-panel" in page(client, response["Location"])  # the contact may still withdraw

    client = client_as("xinxi")
    detail = page(client, reverse("information:detail", args=[item.pk]))
    assert "data-screen-form" in detail and "data-review-form" not in detail
    response = client.post(act(item, "screen"), {"decision": "keep", "version": item.version})
    assert response.status_code == 302 and fresh(item).state == State.EDITING

    item = fresh(item)
    edit_url = reverse("information:edit", args=[item.pk])
    assert "data-edit-form" in page(client, edit_url)
    new_body = BODY.replace("八百元", "八百六十元")
    response = client.post(
        edit_url, {"title": item.title, "body": new_body, "note": "核实数据", "version": item.version}
    )
    assert response.status_code == 302
    detail = page(client, reverse("information:detail", args=[item.pk]))
    assert "data-side-by-side" in detail and "来稿原文" in detail and "<ins>六十</ins>" in detail  # side by side

    item = fresh(item)
    client.post(act(item, "to_review"), {"version": item.version})
    assert fresh(item).state == State.REVIEWING

    client = client_as("zhuren")
    item = fresh(item)
    assert "data-review-form" in page(client, reverse("information:detail", args=[item.pk]))
    client.post(act(item, "review"), {"decision": "approve", "comment": "同意报送", "version": item.version})
    assert fresh(item).state == State.APPROVED

    client = client_as("xinxi")
    item = fresh(item)
    today = timezone.localdate().isoformat()
    response = client.post(
        act(item, "send"),
        {
            "targets": [Target.PROVINCE, Target.PREFECTURE],
            "sent_on": today,
            "channel": "network",
            "version": item.version,
            FIELD: str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302 and fresh(item).state == State.SENT
    assert set(Sending.objects.filter(item=item).values_list("target", flat=True)) == {"province", "prefecture"}

    item = fresh(item)
    detail = page(client, reverse("information:detail", args=[item.pk]))
    assert "州级采用" in detail and "县级采用" not in detail  # only the levels it was sent to [46]
    response = client.post(
        act(item, "adopt"),
        {
            "level": Level.PREFECTURE,
            "publication": "《玉树政务信息》2026年第30期",
            "adopted_on": today,
            "instruction": "经验做法很好，请在全州推广。",
            "instructed_by": "州长",
            "version": item.version,
            FIELD: str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302 and fresh(item).state == State.ADOPTED
    detail = page(client, reverse("information:detail", args=[item.pk]))
    assert "州长批示" in detail and "《玉树政务信息》2026年第30期" in detail

    item = fresh(item)
    client.post(act(item, "archive"), {"version": item.version})
    assert fresh(item).state == State.ARCHIVED
    log = page(client, reverse("information:detail", args=[item.pk]))
    for label in ("来稿", "筛选选用", "编辑", "送审", "审核通过", "报送", "采用", "归档"):
        assert label in log


def test_an_urgent_item_goes_straight_to_the_reviewing_leader_46(client_as, office):
    """[46] 急事急报: an 紧急信息 skips screening; it is marked red on the list and the leader reviews it at once."""
    client = client_as("lianluo")
    client.post(
        reverse("information:submit"),
        {
            "kind": Kind.URGENT,
            "title": "测试乡发生雪灾",
            "body": "昨夜降雪四十厘米，三户牧民房屋受损。",
            "author": "扎西",
        },
    )
    item = InformationItem.objects.get()
    assert item.state == State.REVIEWING
    listing = page(client_as("zhuren"), reverse("information:list"))
    assert "data-urgent-tag" in listing and "紧急信息" in listing
    detail = page(client_as("zhuren"), reverse("information:detail", args=[item.pk]))
    assert "data-review-form" in detail and "急事急报" in detail
    assert "data-screen-form" not in page(client_as("xinxi"), reverse("information:detail", args=[item.pk]))


def test_the_information_officer_submits_for_any_unit_or_the_office_45(client_as, office):
    """[45], [44]: the office records an item a department sent, or writes its own (no unit)."""
    client = client_as("xinxi")
    form = page(client, reverse("information:submit"))
    assert 'name="unit"' in form and "县政府办公室（本办撰写）" in form
    client.post(
        reverse("information:submit"),
        {
            "kind": Kind.EXPERIENCE,
            "title": "农牧局做法",
            "body": BODY,
            "author": "王",
            "unit": office.units["department"].pk,
        },
    )
    client.post(
        reverse("information:submit"), {"kind": Kind.DYNAMIC, "title": "办公室自写", "body": BODY, "author": "陈"}
    )
    units = dict(InformationItem.objects.values_list("title", "unit"))
    assert units == {"农牧局做法": office.units["department"].pk, "办公室自写": None}


def test_a_double_click_on_submit_makes_one_item_46(client_as, office):
    client = client_as("lianluo")
    payload = {"kind": Kind.DYNAMIC, "title": "一条信息", "body": BODY, "author": "扎西", FIELD: str(uuid.uuid4())}
    first = client.post(reverse("information:submit"), payload)
    second = client.post(reverse("information:submit"), payload)
    assert InformationItem.objects.count() == 1 and first["Location"] == second["Location"]


# --- only the steps the rules allow are offered -------------------------------------------------------------------


def test_each_person_is_offered_only_the_steps_they_may_take_46(client_as, office):
    item = submitted(office)
    url = reverse("information:detail", args=[item.pk])
    contact = page(client_as("lianluo"), url)
    assert "data-withdraw-panel" in contact and "data-screen-form" not in contact
    leader = page(client_as("zhuren"), url)
    assert "data-actions" not in leader  # a leader reviews; nothing to do while it waits to be screened
    item = reviewing(office, title="另一条")
    url = reverse("information:detail", args=[item.pk])
    assert "data-review-form" not in page(client_as("xinxi"), url)
    assert "data-actions" not in page(client_as("lianluo"), url)


# --- refusals: 403, 409, 404, 400 — in Chinese, never a 500 --------------------------------------------------------


def test_a_refused_step_is_a_chinese_403_page_46(client_as, office):
    """[46] only the information staff screen; a contact's forged POST is refused with the reason."""
    item = submitted(office)
    response = client_as("lianluo").post(act(item, "screen"), {"decision": "keep", "version": item.version})
    assert response.status_code == 403
    assert "只有政务信息员可以筛选来稿" in response.content.decode()
    item = reviewing(office, title="待审核")
    response = client_as("xinxi").post(act(item, "review"), {"decision": "approve", "version": item.version})
    assert response.status_code == 403 and "只有办公室领导可以审核信息" in response.content.decode()
    assert fresh(item).state == State.REVIEWING


def test_a_submit_for_another_unit_is_refused_45(client_as, office):
    """[45] a contact submits for their own unit only: the unit is not even on their form."""
    client = client_as("lianluo")
    client.post(
        reverse("information:submit"),
        {"kind": Kind.DYNAMIC, "title": "冒名", "body": BODY, "author": "扎西", "unit": office.units["department"].pk},
    )
    assert InformationItem.objects.get().unit == office.units["township"]
    response = client_as("zhuren").get(reverse("information:submit"))
    assert response.status_code == 403 and "信息联络员" in response.content.decode()


def test_a_stale_page_is_a_409_46(client_as, office):
    """Someone acted since the page was opened: the step is not taken on an old page."""
    item = submitted(office)
    old_version = item.version
    services.screen_item(actor=office["xinxi"], pk=item.pk, keep=True)
    response = client_as("xinxi").post(act(item, "screen"), {"decision": "keep", "version": old_version})
    assert response.status_code == 409 and "已被他人处理" in response.content.decode()
    item = fresh(item)
    response = client_as("xinxi").post(
        reverse("information:edit", args=[item.pk]), {"title": "新标题", "body": BODY, "version": old_version}
    )
    assert response.status_code == 409


def test_a_unit_contact_gets_a_404_for_another_units_item_45(client_as, office):
    """[45] a contact sees their unit's items only: another unit's is "not found", not "forbidden"."""
    other = submitted(office, unit="department", by="xinxi", title="农牧局的信息")
    own = submitted(office, title="测试乡的信息")
    client = client_as("lianluo")
    assert client.get(reverse("information:detail", args=[other.pk])).status_code == 404
    assert client.post(act(other, "withdraw"), {"version": other.version}).status_code == 404
    assert client.get(reverse("information:compare", args=[other.pk])).status_code == 404
    listing = page(client, reverse("information:list"))
    assert "测试乡的信息" in listing and "农牧局的信息" not in listing and own.pk


def test_bad_input_is_a_400_with_a_chinese_message_46(client_as, office):
    """[46] 不采用 needs a reason; an empty 报送, a garbage date, adoption at a level not sent to — 400s in Chinese."""
    client = client_as("xinxi")
    item = submitted(office)
    response = client.post(act(item, "screen"), {"decision": "drop", "reason": " ", "version": item.version})
    assert response.status_code == 400 and "不采用的信息须写明理由" in response.content.decode()
    response = client.post(act(item, "screen"), {"decision": "maybe", "version": item.version})
    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    item = approved(office, title="待报送")
    response = client.post(act(item, "send"), {"sent_on": "2026-13-45", "channel": "network", "version": item.version})
    assert response.status_code == 400
    text = response.content.decode()
    assert "这个字段是必填项" in text or "必填" in text
    item = sent(office, Target.PREFECTURE, title="已报送州")
    response = client.post(
        act(item, "adopt"),
        {"level": Level.PROVINCE, "adopted_on": timezone.localdate().isoformat(), "version": item.version},
    )
    assert response.status_code == 400 and "没有报送省" in response.content.decode()  # not sent, not adopted [46]
    assert not Adoption.objects.exists()
    assert client.post(act(item, "nonsense"), {"version": item.version}).status_code == 404
    assert client.get(act(item, "archive")).status_code == 405
    assert client.get(reverse("information:compare", args=[item.pk]), {"a": "9"}).status_code == 400


def test_not_used_with_a_reason_shows_the_reason_to_the_unit_46(client_as, office):
    item = submitted(office)
    client_as("xinxi").post(
        act(item, "screen"), {"decision": "drop", "reason": "内容与上周信息重复", "version": item.version}
    )
    assert fresh(item).state == State.NOT_USED
    detail = page(client_as("lianluo"), reverse("information:detail", args=[item.pk]))
    assert "内容与上周信息重复" in detail and "data-actions" not in detail


def test_a_contact_withdraws_an_item_not_yet_screened_46(client_as, office):
    item = submitted(office)
    response = client_as("lianluo").post(act(item, "withdraw"), {"reason": "数据有误", "version": item.version})
    assert response.status_code == 302 and fresh(item).state == State.WITHDRAWN


# --- attachments -------------------------------------------------------------------------------------------------


def test_attachments_come_with_the_item_and_are_served_through_its_visibility_45_46(
    client_as, office, settings, tmp_path
):
    """[46] a unit sends a photo or a scan with its item; [45] another unit's contact cannot fetch it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import files

    settings.MEDIA_ROOT = tmp_path
    client = client_as("lianluo")
    scan = SimpleUploadedFile("巡查照片.pdf", files.pdf("INFO-ATTACHMENT"), content_type="application/pdf")
    client.post(
        reverse("information:submit"),
        {"kind": Kind.DYNAMIC, "title": "带附件的信息", "body": BODY, "author": "扎西", "files": [scan]},
    )
    item = InformationItem.objects.get()
    attachment = item.attachments.get()
    detail = page(client, reverse("information:detail", args=[item.pk]))
    assert "巡查照片.pdf" in detail and "data-attach-form" in detail  # may add more while it waits [46]
    url = reverse("information:attachment", args=[item.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    more = SimpleUploadedFile("补充材料.pdf", files.pdf("INFO-MORE"), content_type="application/pdf")
    response = client.post(reverse("information:attach", args=[item.pk]), {"files": [more]})
    assert response.status_code == 302 and item.attachments.count() == 2
    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("information:attach", args=[item.pk]), {"files": [fake]})
    assert response.status_code == 400 and item.attachments.count() == 2
    services.screen_item(actor=office["xinxi"], pk=item.pk, keep=True)
    late = SimpleUploadedFile("迟到的材料.pdf", files.pdf("INFO-LATE"), content_type="application/pdf")
    response = client.post(reverse("information:attach", args=[item.pk]), {"files": [late]})
    assert response.status_code == 403  # screened: the unit no longer changes it [46]
    other = client_as("xinxi")
    item2 = submitted(office, unit="department", by="xinxi", title="他局信息")
    assert other.get(url).status_code == 200
    client = client_as("lianluo")
    assert client.get(reverse("information:attachment", args=[item2.pk, attachment.pk])).status_code == 404


def test_the_item_page_costs_the_same_however_long_its_history(client_as, office, count_queries):
    """PERFORMANCE.md: revisions, sendings, adoptions and the log each come in one query."""
    client = client_as("xinxi")
    item = sent(office, Target.PREFECTURE)
    url = reverse("information:detail", args=[item.pk])
    client.get(url)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    item = editing(office, title="多次修改")
    for n in range(6):
        services.edit_item(actor=office["xinxi"], pk=item.pk, title=f"多次修改{n}", body=f"{BODY}{n}")
    services.submit_for_review(actor=office["xinxi"], pk=item.pk)
    services.review_item(actor=office["zhuren"], pk=item.pk, approve=True)
    today = timezone.localdate()
    services.send_item(
        actor=office["xinxi"],
        pk=item.pk,
        sendings=[services.SendingData(target=t, sent_on=today) for t in (Target.PROVINCE, Target.PREFECTURE)],
    )
    for level in (Level.PROVINCE, Level.PREFECTURE):
        services.record_adoption(
            actor=office["xinxi"],
            pk=item.pk,
            data=services.AdoptionData(level=level, adopted_on=today, instruction="好", instructed_by="州长"),
        )
    url = reverse("information:detail", args=[item.pk])
    client.get(url)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_lifecycle_page_and_the_items_steps_come_from_the_state_machine_46(client_as, office):
    """[46] 收集、筛选、编辑、报送、跟踪、存储: the page lists every transition with its article."""
    text = page(client_as("lianluo"), reverse("information:lifecycle"))
    for label in ("筛选选用", "不采用", "送审", "审核通过", "退回修改", "报送", "采用", "归档", "撤回"):
        assert label in text
    item = reviewing(office)
    assert 'class="lifecycle"' in page(client_as("zhuren"), reverse("information:detail", args=[item.pk]))


def test_screening_reads_as_chosen_not_as_adopted_46(client_as, office):
    """[46] 筛选 keeps an item for editing; "采用" is the 省/州/县's adoption, so a fresh 来稿 kept by the office must
    not read "已采用" (a clerk took it for adopted)."""
    item = submitted(office)
    client = client_as("xinxi")
    detail = page(client, reverse("information:detail", args=[item.pk]))
    assert "选用，进入编辑" in detail and "采用，进入编辑" not in detail.replace("选用，进入编辑", "")
    response = client.post(act(item, "screen"), {"decision": "keep", "version": item.version}, follow=True)
    text = response.content.decode()
    assert "筛选通过，已进入编辑" in text and "已采用，进入编辑" not in text


def test_an_urgent_items_path_leaves_out_editing_it_skipped_46(client_as, office):
    """[46] 急事急报: an urgent item goes straight to the reviewing leader; its path on the page does not show
    编辑中 as a step it went through."""
    item = submitted(office, kind=Kind.URGENT)
    assert item.state == State.REVIEWING
    detail = page(client_as("zhuren"), reverse("information:detail", args=[item.pk]))
    path = detail.split('class="lifecycle"')[1].split("</ol>")[0]
    assert "编辑中" not in path and "待审核" in path
    item = editing(office)
    path = page(client_as("xinxi"), reverse("information:detail", args=[item.pk])).split('class="lifecycle"')[1]
    assert "编辑中" in path.split("</ol>")[0]  # an ordinary item keeps it

"""The 发文 pages: thin views over the services — 4xx with a Chinese message for bad input, 409 when someone
acted first, 403 with the reason for a step that is not yours, 404 for what you may not see."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.outgoing import services
from documents.outgoing.choices import State
from documents.outgoing.models import Attachment, OutgoingDocument, Revision
from org.selectors import display_name
from tests.files import pdf

from .conftest import ALL_GATES, to_numbering

pytestmark = pytest.mark.django_db

PDF_BYTES = pdf()  # a real PDF: an upload must parse (core.uploads)


def _post(client, doc, action, data=None, **extra):
    payload = {"version": OutgoingDocument.objects.get(pk=doc.pk).version, **(data or {})}
    return client.post(reverse("outgoing:act", args=[doc.pk, action]), payload, **extra)


def test_line_staff_drafts_in_the_browser_form(client_as, office, series):
    """[30(1)] 拟稿 by line staff: the form creates the draft and its first version."""
    client = client_as("guikou2")
    assert client.get(reverse("outgoing:create")).status_code == 200
    response = client.post(
        reverse("outgoing:create"),
        {
            "authority": "government",
            "series": series["杂政"].pk,
            "doc_type": "notice",
            "title": "关于开展草原生态保护补助奖励政策落实情况检查的通知",
            "main_recipients": "各乡（镇）人民政府",
            "body": "一、检查内容\n补助资金发放情况。",
            "line": office.lines["agriculture"].pk,
            "importance": "ordinary",
            "origin": "line_staff",
            "secret_level": 0,
            "urgency": "",
            "flags": ["touches_funds"],
        },
    )
    doc = OutgoingDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("outgoing:detail", args=[doc.pk])
    assert doc.drafter == office["guikou2"] and doc.touches_funds
    assert Revision.objects.filter(document=doc).count() == 1


def test_only_line_staff_may_open_the_draft_form(client_as):
    """[30(1)] 由有关归口人员负责拟稿."""
    response = client_as("dazi").get(reverse("outgoing:create"))
    assert response.status_code == 403
    assert "只有归口人员可以拟稿" in response.content.decode()


def test_bad_draft_input_is_a_400_with_a_chinese_message(client_as, office, series):
    """Bad input → the form again with a Chinese message, never a 500."""
    client = client_as("guikou2")
    response = client.post(
        reverse("outgoing:create"),
        {
            "authority": "office",
            "series": series["杂政"].pk,  # a government series for an office document
            "doc_type": "notice",
            "title": "测试",
            "line": office.lines["agriculture"].pk,
            "importance": "ordinary",
            "origin": "line_staff",
            "secret_level": 0,
        },
    )
    assert response.status_code == 400
    assert "不属于杂多县人民政府办公室" in response.content.decode()
    assert not OutgoingDocument.objects.exists()


def test_detail_page_shows_who_must_still_sign_and_why_before_anyone_acts(client_as, draft, office):
    """[30(3)] the page shows, before anyone acts, the route and the rule behind each step."""
    doc = draft(flags=("touches_funds",))
    html = client_as("guikou2").get(reverse("outgoing:detail", args=[doc.pk])).content.decode()
    assert display_name(office["fuzhuren"]) in html and "核稿" in html  # [30(2)1]
    assert display_name(office["fuxianzhang1"]) in html and display_name(office["xianzhang"]) in html
    assert "涉及机构、人事、资金、资产及规划、政策和管理权限等调整" in html and "[30(3)1]" in html
    assert "（预计）" in html


def test_review_without_all_gates_is_a_400_and_nothing_moves(client_as, draft, office):
    """[30(2)] a review step cannot be passed with a gate unticked: 400 with the missing gates named."""
    doc = services.outgoing_submit(actor=office["guikou2"], pk=draft().pk)
    client = client_as("fuzhuren")
    response = _post(client, doc, "review", {"gates": ["issuing", "content"]})
    assert response.status_code == 400
    assert "法规政策关" in response.content.decode()
    response = _post(client, doc, "review", {"gates": list(ALL_GATES), "opinion": "同意"})
    assert response.status_code == 302
    assert OutgoingDocument.objects.get(pk=doc.pk).state == State.SIGNING


def test_someone_elses_step_is_a_403_with_the_reason(client_as, draft, office):
    """ActionRefused → 403 with its message."""
    doc = services.outgoing_submit(actor=office["guikou2"], pk=draft().pk)
    response = _post(client_as("fuxianzhang2"), doc, "review", {"gates": list(ALL_GATES)})
    assert response.status_code == 403
    assert "现在不是您审核该文稿的环节" in response.content.decode()


def test_a_stale_page_gets_409_with_what_happened(client_as, draft, office):
    """StaleAction → 409 with the Chinese message: someone acted after the page was loaded."""
    doc = draft()
    client = client_as("guikou2")
    old_version = doc.version
    services.outgoing_submit(actor=office["guikou2"], pk=doc.pk)
    response = client.post(reverse("outgoing:act", args=[doc.pk, "submit"]), {"version": old_version})
    assert response.status_code == 409
    assert "已被" in response.content.decode() and "请刷新页面" in response.content.decode()


def test_unknown_action_and_invisible_document_are_404(client_as, draft):
    doc = draft(secret_level=1)
    assert client_as("guikou2").post(reverse("outgoing:act", args=[doc.pk, "explode"])).status_code == 404
    assert client_as("guikou3").get(reverse("outgoing:detail", args=[doc.pk])).status_code == 404


def test_attachments_are_checked_and_served_only_through_the_document(client_as, draft):
    """Attachments: size/type checked, stored outside static, served only to those who may see the draft."""
    doc = draft(secret_level=1)
    client = client_as("guikou2")
    bad = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    response = _post(client, doc, "upload", {"kind": "attachment", "upload": bad})
    assert response.status_code == 400 and "内容与扩展名不符" in response.content.decode()
    exe = SimpleUploadedFile("工具.exe", b"MZ", content_type="application/octet-stream")
    assert _post(client, doc, "upload", {"kind": "attachment", "upload": exe}).status_code == 400
    good = SimpleUploadedFile("防火责任分解表.pdf", PDF_BYTES, content_type="application/pdf")
    assert (
        _post(client, doc, "upload", {"kind": "attachment", "title": "防火责任分解表", "upload": good}).status_code
        == 302
    )
    attachment = Attachment.objects.get(document=doc)
    assert "static" not in attachment.file.path
    url = reverse("outgoing:attachment", args=[doc.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert client_as("guikou3").get(url).status_code == 404  # not on the 秘密 draft
    client = client_as("guikou2")  # the same test client, signed in again as the drafter
    assert _post(client, doc, "remove-file", {"attachment_id": attachment.pk}).status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_at is not None and client.get(url).status_code == 200  # marked, never deleted


def test_uploaded_word_draft_is_read_for_the_phrase_checks(client_as, draft):
    """[30(3)2] a Word draft instead of browser text: its words are read, “经县人民政府同意” included."""
    import io
    import zipfile

    doc = draft(authority="office", body="")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            "<w:p><w:r><w:t>经县人民政府同意，现将有关事项通知如下。</w:t></w:r></w:p></w:body></w:document>",
        )
    upload = SimpleUploadedFile("正文.docx", buffer.getvalue())
    assert _post(client_as("guikou2"), doc, "upload", {"kind": "body", "upload": upload}).status_code == 302
    doc.refresh_from_db()
    assert "经县人民政府同意" in doc.body_file_text and doc.mentions_agreed


def test_compare_two_versions_marks_the_changed_characters(client_as, draft, office):
    """[30(2)] a reviewer compares two versions of the draft."""
    doc = services.outgoing_submit(actor=office["guikou2"], pk=draft(body="请各乡镇切实做好防火工作。").pk)
    services.outgoing_edit_text(actor=office["fuzhuren"], pk=doc.pk, title=doc.title, body="请各乡镇认真做好防火工作。")
    html = client_as("fuzhuren").get(reverse("outgoing:compare", args=[doc.pk]) + "?a=1&b=2").content.decode()
    assert "<del>切实</del><ins>认真</ins>" in html
    assert client_as("fuzhuren").get(reverse("outgoing:compare", args=[doc.pk]) + "?a=1&b=9").status_code == 400


def test_register_export_needs_the_export_permission(client_as, draft, office):
    """发文登记簿 [30(5)]: export is for the clerk, typist and office leaders; Excel opens with the rows."""
    from io import BytesIO

    from openpyxl import load_workbook

    doc = services.outgoing_number(actor=office["dazi"], pk=to_numbering(draft()).pk)
    assert client_as("guikou2").get(reverse("outgoing:register_export", args=["xlsx"])).status_code == 403
    response = client_as("shoufa").get(reverse("outgoing:register_export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A3"].value == doc.doc_number and sheet["B3"].value == doc.title
    assert client_as("shoufa").get(reverse("outgoing:register_export", args=["doc"])).status_code == 404
    response = client_as("zhuren").get(reverse("outgoing:register_export", args=["pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_department_draft_signature_is_recorded_from_the_page_with_a_scan(client_as, draft):
    """[30(2)1] 部门代拟稿: the line staff records the department head's signature (and its scan), then
    may send it; without it the page says why it cannot be sent."""
    doc = draft(drafting_unit="department")
    client = client_as("guikou2")
    html = client.get(reverse("outgoing:detail", args=[doc.pk])).content.decode()
    assert "部门代拟稿须先由拟文单位领导人签批" in html and 'data-action="submit"' not in html
    scan = SimpleUploadedFile("签批页.pdf", PDF_BYTES, content_type="application/pdf")
    response = _post(client, doc, "unit-signature", {"head_name": "多杰", "signed_on": "2026-03-02", "upload": scan})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.unit_head_name == "多杰" and Attachment.objects.filter(document=doc, kind="unit_signature").exists()
    assert 'data-action="submit"' in client.get(reverse("outgoing:detail", args=[doc.pk])).content.decode()
    assert _post(client, doc, "unit-signature", {"head_name": "", "signed_on": "x"}).status_code == 400


def test_only_the_drafter_edits_a_draft_and_only_while_drafting(client_as, draft, office):
    """[30(1)] the draft is the drafter's until sent; then reviewers correct words, signers send back."""
    doc = draft()
    assert client_as("guikou3").get(reverse("outgoing:edit", args=[doc.pk])).status_code == 403
    assert client_as("guikou2").get(reverse("outgoing:edit", args=[doc.pk])).status_code == 200
    services.outgoing_submit(actor=office["guikou2"], pk=doc.pk)
    assert client_as("guikou2").get(reverse("outgoing:edit", args=[doc.pk])).status_code == 403
    assert client_as("fuzhuren").get(reverse("outgoing:edit_text", args=[doc.pk])).status_code == 200
    assert client_as("fuxianzhang1").get(reverse("outgoing:edit_text", args=[doc.pk])).status_code == 403

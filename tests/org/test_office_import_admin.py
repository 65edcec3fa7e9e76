"""管理后台 → 从 Excel 导入办公室: download, upload and check, confirm; a bad file refused with its report."""

from __future__ import annotations

import re
from html import unescape

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from org.models import Profile
from org.office_workbook import build_template
from tests.factories import person

from .test_office_import import LINES, PEOPLE, SECTIONS, UNITS, changed, counts, fill, office_workbook

pytestmark = pytest.mark.django_db
User = get_user_model()
IMPORT_URL = "admin:org_office_import"


@pytest.fixture
def admin_client(client, db):
    client.force_login(person(staff=True, username="guanliyuan"))
    return client


def upload(client, data: bytes, name: str = "office.xlsx"):
    return client.post(reverse(IMPORT_URL), {"workbook": SimpleUploadedFile(name, data)})


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "no confirmation form"
    return unescape(match.group(1))


def test_the_org_admin_links_to_the_import(admin_client):
    url = reverse(IMPORT_URL)
    for page in ("admin:app_list", "admin:org_profile_changelist", "admin:auth_user_changelist"):
        kwargs = {"app_label": "org"} if page == "admin:app_list" else {}
        assert url in admin_client.get(reverse(page, kwargs=kwargs)).content.decode(), page


def test_the_page_offers_the_template_and_an_upload(admin_client):
    response = admin_client.get(reverse(IMPORT_URL))
    text = response.content.decode()
    assert response.status_code == 200
    assert "下载空白模板" in text and "下载当前组织机构" in text and 'type="file"' in text


def test_the_template_downloads_as_a_workbook(admin_client, tmp_path):
    response = admin_client.get(reverse("admin:org_office_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "office-template.xlsx" in response["Content-Disposition"]
    path = tmp_path / "t.xlsx"
    path.write_bytes(response.content)
    assert "人员" in openpyxl.load_workbook(path).sheetnames


def test_upload_checks_then_confirm_applies_and_shows_the_initial_passwords_once(admin_client):
    template = admin_client.get(reverse("admin:org_office_template")).content
    data = fill(template, people=PEOPLE, sections=SECTIONS, lines=LINES, units=UNITS)
    before = counts()

    checked = upload(admin_client, data)
    assert checked.status_code == 200
    text = checked.content.decode()
    assert "检查通过（试运行，未写入）" in text and "确认导入" in text
    assert counts() == before  # checking writes nothing

    applied = admin_client.post(reverse(IMPORT_URL), {"token": token_of(checked)})
    text = applied.content.decode()
    assert applied.status_code == 200 and "已导入。" in text
    assert "no-store" in applied["Cache-Control"]
    assert User.objects.filter(username__startswith="dz-").count() == len(PEOPLE)
    for username in (row[0] for row in PEOPLE):
        password = re.search(rf"<td>{username}</td><td>[^<]*</td><td><code>([^<]+)</code>", text).group(1)
        assert User.objects.get(username=username).check_password(password)
    assert Profile.objects.filter(must_change_password=True).count() == len(PEOPLE)

    again = admin_client.post(reverse(IMPORT_URL), {"token": token_of(checked)})  # a reload of the answer
    assert "已核对：表中内容与系统一致，无需改动。" in again.content.decode()
    assert "<code>" not in again.content.decode()  # the passwords are not shown twice


def test_a_bad_sheet_is_refused_with_its_report_and_nothing_written(admin_client):
    before = counts()
    response = upload(admin_client, office_workbook(people=changed(PEOPLE, 6, 4, "科员")))
    text = response.content.decode()
    assert response.status_code == 400
    assert "发现 1 处错误，整个文件未导入" in text
    assert "人员 第8行 E列（角色）" in text and "未知角色“科员”" in text
    assert 'name="token"' not in text  # nothing to confirm
    assert counts() == before


def test_a_file_that_is_no_workbook_gets_a_chinese_400(admin_client):
    response = upload(admin_client, "姓名,科室\n".encode(), name="office.csv")
    assert response.status_code == 400
    assert "文件不是 Excel 工作簿（.xlsx）" in response.content.decode()
    response = admin_client.post(reverse(IMPORT_URL), {})
    assert response.status_code == 400 and "请选择要上传的 .xlsx 文件" in response.content.decode()


def test_a_forged_or_stale_confirmation_is_refused(admin_client):
    response = admin_client.post(reverse(IMPORT_URL), {"token": "forged"})
    assert response.status_code == 400 and "请重新上传文件检查" in response.content.decode()
    assert not User.objects.filter(username__startswith="dz-").exists()


def test_a_confirmation_is_checked_again_against_the_office_as_it_is_then(admin_client):
    checked = upload(admin_client, office_workbook())
    person(username="dz-GUIKOU")  # meanwhile someone made an account the sheet's would clash with
    response = admin_client.post(reverse(IMPORT_URL), {"token": token_of(checked)})
    assert response.status_code == 400 and "只差大小写" in response.content.decode()
    assert not User.objects.filter(username="dz-guikou").exists()


def test_staff_without_the_permissions_may_not_import(client, db):
    clerk = person(username="houtai")
    User.objects.filter(pk=clerk.pk).update(is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert client.get(reverse("admin:org_office_template")).status_code == 403
    assert upload(client, build_template()).status_code == 403

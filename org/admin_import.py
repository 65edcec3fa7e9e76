"""管理后台 → 从 Excel 导入办公室: download the workbook, upload it, read the check, confirm to apply.

The uploaded file is checked (nothing written) and carried to the confirmation inside a signed token, so the
confirmation applies exactly the file whose report the administrator read; applying checks it again against
the database as it is then. The one-time passwords of new accounts are on the answer to the confirmation
only, which no cache keeps.
"""

from __future__ import annotations

import base64

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse

from .office_import import IMPORT_PERMISSIONS, WorkbookError, office_import
from .office_workbook import build_template

TOKEN_SALT = "org.office_import"
TOKEN_MAX_AGE = 60 * 60  # an hour to read the report and confirm
MAX_UPLOAD_MB = 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label="填好的导入表（.xlsx）",
        error_messages={"required": "请选择要上传的 .xlsx 文件。", "empty": "上传的文件是空的。"},
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"文件太大（上限 {MAX_UPLOAD_MB} MB）。导入表只需文字，请删去图片等内容。")
        return upload


def _may_import(request) -> None:
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied("您没有导入组织机构的权限（需可新增和修改账号、人员档案、科室、职务、业务归口、单位）。")


def office_template(request):
    """The workbook to fill in; ``?current=1``: filled with the office as it is now, to edit and import again."""
    _may_import(request)
    current = request.GET.get("current") == "1"
    response = HttpResponse(build_template(current=current), content_type=XLSX)
    filename = "office-current.xlsx" if current else "office-template.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def office_import_page(request, admin_site):
    _may_import(request)
    context = {
        **admin_site.each_context(request),
        "title": "从 Excel 导入办公室",
        "form": UploadForm(),
        "max_upload_mb": MAX_UPLOAD_MB,
    }
    status = 200
    if request.method == "POST" and "token" in request.POST:
        try:
            payload = signing.loads(request.POST["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
            name, data = payload["name"], base64.b64decode(payload["data"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            context["error"] = "确认已过期（超过一小时）或无效：请重新上传文件检查。"
            return TemplateResponse(request, "admin/org/office_import.html", context, status=400)
        report = office_import(data=data, actor=request.user)
        context.update(report=report, file_name=name)
        status = 200 if report.ok else 400
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return TemplateResponse(request, "admin/org/office_import.html", context, status=400)
        upload = form.cleaned_data["workbook"]
        data = upload.read()
        try:
            report = office_import(data=data, actor=request.user, dry_run=True)
        except WorkbookError as exc:
            context["error"] = str(exc)
            return TemplateResponse(request, "admin/org/office_import.html", context, status=400)
        context.update(report=report, file_name=upload.name)
        if report.ok and report.changed:
            context["token"] = signing.dumps(
                {"name": upload.name, "data": base64.b64encode(data).decode("ascii")}, salt=TOKEN_SALT
            )
        status = 200 if report.ok else 400
    response = TemplateResponse(request, "admin/org/office_import.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the answer to a confirmation holds the one-time passwords
    return response

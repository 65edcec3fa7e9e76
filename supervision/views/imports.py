"""政府工作报告任务分解 [11], [37]: the year's task list imported from the Excel sheet (template to download), and
the same sheet exported with each task's status.

The import checks every row and lists the bad ones by row number; then nothing is imported. Only when every row
is good are the tasks registered, all in one transaction (``imports.import_tasks``). The export goes through the
visibility selector like every list: a unit contact's sheet has their unit's tasks only [40].
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from core.idempotency import idempotent
from org.forms import PersonChoiceField
from org.roles import OFFICE_LEADERS
from org.selectors import pickable_people

from .. import exports, imports, rules
from ..models import Source
from ..rules import SUPERVISOR_ROLES
from ..selectors import items_visible_to


def _this_year() -> int:
    return timezone.localdate().year


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= _this_year() + 1 else _this_year()


class ImportForm(forms.Form):
    sheet = forms.FileField(label="任务分解表（.xlsx）")
    year = forms.TypedChoiceField(label="年度", coerce=int)
    first_responsible = PersonChoiceField(label="首办责任人", queryset=pickable_people(*OFFICE_LEADERS))
    handler = PersonChoiceField(label="经办人", queryset=pickable_people(*SUPERVISOR_ROLES))
    start = forms.BooleanField(label="导入后直接开始督办", required=False, initial=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        year = _this_year()
        self.fields["year"].choices = [(y, f"{y}年") for y in (year - 1, year, year + 1)]
        self.fields["year"].initial = year
        self.fields["first_responsible"].queryset = pickable_people(*OFFICE_LEADERS)
        self.fields["handler"].queryset = pickable_people(*SUPERVISOR_ROLES)
        if user is not None:
            self.fields["handler"].initial = user.pk
            if rules.is_office_leader(user):
                self.fields["first_responsible"].initial = user.pk


def _refuse_unless_registrar(request) -> None:
    if not rules.can_register(request.user):
        raise PermissionDenied("只有办公室督查人员可以导入政府工作报告任务分解 [37]。")


@idempotent
def work_report_import(request):
    """导入任务分解表: every row checked, nothing half-imported [11], [37]."""
    _refuse_unless_registrar(request)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            upload = form.cleaned_data["sheet"]
            data = upload.read(imports.MAX_BYTES + 1)
            result = imports.import_tasks(
                actor=request.user,
                data=data,
                year=form.cleaned_data["year"],
                first_responsible=form.cleaned_data["first_responsible"],
                handler=form.cleaned_data["handler"],
                start=form.cleaned_data["start"],
            )
            if result.ok:
                messages.success(request, f"已导入{len(result.items)}项任务 [37]。")
                return redirect(f"{reverse('supervision:work_report')}?year={form.cleaned_data['year']}")
            problems = result.messages()
        status = 400
    else:
        form = ImportForm(user=request.user)
    return render(
        request,
        "supervision/import_work_report.html",
        {
            "sup_contact": rules.is_unit_contact(request.user),
            "title": "导入政府工作报告任务分解",
            "form": form,
            "problems": problems,
        },
        status=status,
    )


def work_report(request):
    """The year's work-report tasks one may see, with their status, and the export [11], [37]."""
    if not rules.can_open_supervision(request.user):
        raise PermissionDenied("督查事项供办公室、县领导和责任单位联络员查看 [37]。")
    year = _year(request)
    qs = items_visible_to(request.user).filter(source=Source.WORK_REPORT, year=year)
    rows = list(exports.work_report_rows(qs)[:500])
    today = timezone.localdate()
    for item in rows:
        item.status_note = exports.status_note(item, today)
    return render(
        request,
        "supervision/import_work_report_list.html",
        {
            "sup_contact": rules.is_unit_contact(request.user),
            "title": f"{year}年政府工作报告任务分解",
            "year": year,
            "rows": rows,
            "count": qs.count(),
            "can_import": rules.can_register(request.user),
        },
    )


def work_report_xlsx(request):
    if not rules.can_open_supervision(request.user):
        raise PermissionDenied("督查事项供办公室、县领导和责任单位联络员查看 [37]。")
    year = _year(request)
    qs = items_visible_to(request.user).filter(source=Source.WORK_REPORT, year=year)
    return exports.download(exports.work_report_xlsx(qs, year=year), f"{year}年政府工作报告任务分解落实情况.xlsx")


def work_report_template(request):
    _refuse_unless_registrar(request)
    year = _year(request)
    return exports.download(imports.template_xlsx(year), f"{year}年政府工作报告任务分解（导入模板）.xlsx")


urlpatterns: list = [
    path("work-report/", work_report, name="work_report"),
    path("work-report/import/", work_report_import, name="work_report_import"),
    path("work-report/template.xlsx", work_report_template, name="work_report_template"),
    path("work-report.xlsx", work_report_xlsx, name="work_report_xlsx"),
]

"""Receptions for tests, made through the services (never by hand). Every helper takes the test ``office``.

- ``data(office, **kw)``: a ``RequestData`` (a reception of 4 from the prefecture, 2 accompanying, 1,800 yuan,
  received by 副县长 ``fuxianzhang1``, arriving on Thursday 17 September for two days);
- ``submitted(office, **kw)`` (by 综合科's ``guikou1``), ``approved`` (by ``fuzhuren_wenmi``, who is in charge of
  综合科; the county head ``xianzhang`` too above the threshold), ``held`` (marked held, the clock moved to the
  arrival day by the caller or ``arrive_on`` in the past), ``recorded``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from reception import services
from reception.models import Kind, MealLine
from tests import files

from .conftest import NOW

TODAY = NOW.date()
ARRIVE = TODAY + timedelta(days=2)


def letter(name: str = "公函.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.pdf(), content_type="application/pdf")


def data(office, **kw) -> services.RequestData:
    arrive = kw.pop("arrive_on", ARRIVE)
    values = {
        "kind": Kind.RECEPTION,
        "title": "州农牧局调研草原生态保护补奖工作",
        "purpose": "调研草原生态保护补助奖励政策落实情况",
        "visitor_count": 4,
        "arrive_on": arrive,
        "leave_on": arrive + timedelta(days=1),
        "visiting_unit": "玉树州农牧局",
        "letter_number": "玉农牧函〔2026〕18号",
        "visitors": "扎西 处长\n卓玛 科长\n王强 科员\n李娜 科员",
        "place": "县政府机关食堂",
        "receiving_leader": office["fuxianzhang1"],
        "accompany_count": 2,
        "meal_standard": Decimal("60"),
        "lodging": True,
        "estimated_cost": Decimal("1800"),
    }
    if "receiving_leader" in kw and isinstance(kw["receiving_leader"], str):
        kw["receiving_leader"] = office[kw["receiving_leader"]]
    values.update(kw)
    return services.RequestData(**values)


def submitted(office, *, by="guikou1", letter_file=None, **kw):
    return services.submit_request(actor=office[by], data=data(office, **kw), letter=letter_file)


def approved(office, **kw):
    obj = submitted(office, **kw)
    obj = services.approve_request(actor=office["fuzhuren_wenmi"], pk=obj.pk)
    if obj.needs_head:
        obj = services.head_approve_request(actor=office["xianzhang"], pk=obj.pk)
    return obj


def held(office, **kw):
    kw.setdefault("arrive_on", TODAY - timedelta(days=1))
    obj = approved(office, **kw)
    return services.mark_held(actor=office["guikou1"], pk=obj.pk)


def record_data(obj, **kw) -> services.RecordData:
    day: date = obj.arrive_on
    values = {
        "actual_visitors": "扎西 处长\n卓玛 科长\n王强 科员\n李娜 科员",
        "actual_visitor_count": 4,
        "actual_accompany_count": 2,
        "meals": [
            services.Meal(day, MealLine.Meal.LUNCH, 6, Decimal("360")),
            services.Meal(day, MealLine.Meal.DINNER, 6, Decimal("360.50")),
        ],
        "lodging_note": "杂多宾馆标准间2间1晚",
        "lodging_cost": Decimal("400"),
        "other_note": "公务用车油费",
        "other_cost": Decimal("120"),
    }
    values.update(kw)
    return services.RecordData(**values)


def recorded(office, **kw):
    obj = held(office, **kw)
    return services.record_reception(actor=office["guikou1"], pk=obj.pk, data=record_data(obj))

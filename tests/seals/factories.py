"""印信 records for tests, made through the services (never by hand) [7]."""

from __future__ import annotations

from datetime import date, timedelta

from seals import services
from seals.models import ApplicationReason, Purpose, SealKind, Serves

from .conftest import NOW

TODAY = NOW.date()
CLERK = "shoufa"  # 收发秘书 keeps the seals [7]
DIRECTOR = "zhuren"  # 办公室主任
DEPUTY = "fuzhuren"  # 办公室副主任
STAFF = "guikou1"  # an office staff member who asks for a use
CONTACT = "lianluo"  # 测试乡的联络员


def seal(office, *, name="杂多县人民政府", serves=Serves.COUNTY, kind=SealKind.OFFICIAL, actor=CLERK, **extra):
    """An own seal in use, registered by the clerk."""
    data = services.SealData(name=name, kind=kind, serves=serves, made_on=extra.pop("made_on", date(2015, 3, 1)))
    return services.seal_register(actor=office[actor], data=data)


def county_seal(office):
    return seal(office)


def office_seal(office):
    return seal(office, name="杂多县人民政府办公室", serves=Serves.OFFICE)


def request(office, the_seal=None, *, actor=STAFF, copies=2, **extra):
    """A 用印申请 waiting for a decision."""
    the_seal = the_seal or seal(office)
    data = services.RequestData(
        seal_id=the_seal.pk,
        subject=extra.pop("subject", "关于商请支持杂多县虫草采挖管理工作的函"),
        purpose=extra.pop("purpose", Purpose.LETTER),
        copies=copies,
        reason=extra.pop("reason", "县政府致州林草局公函"),
    )
    return services.request_submit(actor=office[actor], data=data)


def approved_request(office, the_seal=None, *, leader=DIRECTOR, **extra):
    waiting = request(office, the_seal, **extra)
    return services.request_approve(actor=office[leader], pk=waiting.pk, comment="同意")


def use(office, the_seal=None, *, copies=None, **extra):
    """A use on an approved request, recorded by the clerk."""
    approved = approved_request(office, the_seal, **extra)
    data = services.UseData(
        seal_id=approved.seal_id, subject="", purpose="", copies=copies or approved.copies, request_id=approved.pk
    )
    return services.use_record(actor=office[CLERK], data=data)


def application(office, *, unit="township", actor=CONTACT, **extra):
    """A 刻制印章申请 waiting for the director."""
    data = services.ApplicationData(
        unit_id=office.units[unit].pk,
        seal_name=extra.pop("seal_name", "杂多县测试乡人民政府"),
        kind=extra.pop("kind", SealKind.OFFICIAL),
        reason=extra.pop("reason", ApplicationReason.RENAMED),
        explanation=extra.pop("explanation", "乡政府更名，原印章停用，申请刻制新印章。"),
    )
    return services.application_submit(actor=office[actor], data=data)


def approved_application(office, **extra):
    waiting = application(office, **extra)
    return services.application_approve(actor=office[DIRECTOR], pk=waiting.pk, comment="同意刻制")


def made_application(office, *, made_on=None, **extra):
    approved = approved_application(office, **extra)
    return services.application_made(
        actor=office[CLERK], pk=approved.pk, made_on=made_on or TODAY, maker="杂多县公安局指定刻章点"
    )


def handed_over_application(office, *, handed_on=None, **extra):
    made = made_application(office, **extra)
    data = services.HandoverData(
        handed_on=handed_on or TODAY, received_by_name="才仁多杰", received_by_phone="0976-8512345"
    )
    return services.application_hand_over(actor=office[CLERK], pk=made.pk, data=data)


def days_ago(n: int):
    return NOW - timedelta(days=n)

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


def default_seal(office):
    """The county government's seal in use, registered the first time it is asked for."""
    from seals.models import Seal, SealState

    return Seal.objects.filter(serves=Serves.COUNTY, state=SealState.IN_USE).first() or seal(office)


def county_seal(office):
    return seal(office)


def office_seal(office):
    return seal(office, name="杂多县人民政府办公室", serves=Serves.OFFICE)


def request(office, the_seal=None, *, actor=STAFF, copies=2, **extra):
    """A 用印申请 waiting for a decision."""
    the_seal = the_seal or default_seal(office)
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


def outgoing_at_sealing(office, *, authority=None, secret_level=0, title="关于做好2026年冬春草原防火工作的通知"):
    """An outgoing document walked through its route to 用印 (printed, 30 copies) [30(5)]."""
    from documents.outgoing import services as outgoing
    from documents.outgoing.choices import Authority
    from documents.outgoing.demo import ensure_series
    from org.models import BusinessLine
    from tests.outgoing.conftest import to_numbering

    authority = authority or Authority.GOVERNMENT
    series = ensure_series()
    prefix = "杂政" if authority == Authority.GOVERNMENT else "杂政办"
    data = outgoing.DraftData(
        authority=authority,
        series=series[prefix],
        doc_type="notice",
        title=title,
        body="为切实做好草原防火工作，现将有关事项通知如下。",
        line=BusinessLine.objects.get(pk=office.lines["agriculture"].pk),
        main_recipients="各乡（镇）人民政府，县政府各部门",
        secret_level=secret_level,
        secrecy_period="10年" if secret_level else "",
        origin="line_staff",
    )
    doc = outgoing.outgoing_create_draft(actor=office["guikou2"], data=data)
    doc = outgoing.outgoing_number(actor=office["dazi"], pk=to_numbering(doc).pk)
    doc = outgoing.outgoing_sign_proof(actor=doc.drafter, pk=doc.pk)
    return outgoing.outgoing_print(actor=office["dazi"], pk=doc.pk, copies=30)

"""Information items for tests, made through the services (never by hand). Every helper takes the test ``office``.

- ``data(office, **kw)``: an ``ItemData`` (the township's, by default);
- ``submitted(office, **kw)`` (来稿, by the township's contact ``lianluo``), ``urgent(office)`` (紧急信息, straight
  to 待审核), ``editing`` (kept by ``xinxi``), ``reviewing`` (送审), ``approved`` (审核通过 by ``fuzhuren_wenmi``),
  ``sent(office, targets=(省, 州), sent_on=TODAY)``, ``adopted(office, level=省级采用)``, ``archived``;
- ``send(office, item, *targets, sent_on=TODAY)``: one more sending of an item already approved or sent.
"""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from information import services
from information.models import Channel, Kind, Level, Target
from tests import files

from .conftest import NOW

TODAY = NOW.date()
BODY = "今年以来，测试乡把草原生态保护补助奖励资金发放到户，全乡牧民人均增收八百元。\n下一步将建立长效管护机制。"


def pdf(name: str = "附件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.pdf(), content_type="application/pdf")


def data(office, *, unit="township", kind=Kind.DYNAMIC, title="测试乡草原补奖资金发放到户", **extra):
    return services.ItemData(
        title=title,
        body=extra.pop("body", BODY),
        kind=kind,
        unit=office.units[unit] if unit else None,
        author=extra.pop("author", "扎西"),
    )


def submitted(office, *, by="lianluo", uploads=(), **kwargs):
    return services.submit_item(actor=office[by], data=data(office, **kwargs), uploads=uploads)


def urgent(office, **kwargs):
    kwargs.setdefault("title", "测试乡突发雪灾，牧民转移安置")
    return submitted(office, kind=Kind.URGENT, **kwargs)


def editing(office, **kwargs):
    item = submitted(office, **kwargs)
    return services.screen_item(actor=office["xinxi"], pk=item.pk, keep=True)


def reviewing(office, **kwargs):
    item = editing(office, **kwargs)
    return services.submit_for_review(actor=office["xinxi"], pk=item.pk)


def approved(office, **kwargs):
    item = reviewing(office, **kwargs)
    return services.review_item(actor=office["fuzhuren_wenmi"], pk=item.pk, approve=True)


def send(office, item, *targets, sent_on: date = TODAY, channel=Channel.NETWORK):
    sendings = [services.SendingData(target=t, sent_on=sent_on, channel=channel) for t in targets]
    return services.send_item(actor=office["xinxi"], pk=item.pk, sendings=sendings)


def sent(office, *, targets=(Target.PROVINCE, Target.PREFECTURE), sent_on: date = TODAY, **kwargs):
    item = approved(office, **kwargs)
    return send(office, item, *targets, sent_on=sent_on)


def adopt(office, item, level=Level.PROVINCE, *, adopted_on: date = TODAY, **extra):
    adoption_data = services.AdoptionData(
        level=level,
        adopted_on=adopted_on,
        publication=extra.pop("publication", "《青海政务信息》2026年第12期"),
        **extra,
    )
    return services.record_adoption(actor=office["xinxi"], pk=item.pk, data=adoption_data)


def adopted(office, *, level=Level.PROVINCE, adopted_on: date = TODAY, **kwargs):
    item = sent(office, **kwargs)
    adopt(office, item, level, adopted_on=adopted_on)
    item.refresh_from_db()
    return item


def archived(office, **kwargs):
    item = adopted(office, **kwargs)
    return services.archive_item(actor=office["xinxi"], pk=item.pk)

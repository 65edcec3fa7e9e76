"""发文字号 under concurrency [30(5)]: gapless and unique per series and year when typists number at once."""

from __future__ import annotations

import threading

import pytest
from django.db import connections, transaction
from django.utils import timezone

from documents.outgoing import services
from documents.outgoing.choices import Authority
from documents.outgoing.models import OutgoingDocument
from tests import requires

from .conftest import to_numbering

pytestmark = [
    pytest.mark.django_db(transaction=True),
    requires.postgresql,  # row locks under threads
]

THREADS = 8


def test_numbers_are_gapless_and_unique_when_typists_number_at_once(draft, office):
    """[30(5)] eight documents of one series numbered by eight threads at once: 1…8, each once; another
    series counts on its own; a step that fails after taking a number gives it back (no gap)."""
    docs = [to_numbering(draft()) for _ in range(THREADS)]
    office_docs = [to_numbering(draft(authority=Authority.OFFICE)) for _ in range(3)]
    failing = to_numbering(draft())
    barrier = threading.Barrier(THREADS + 3 + 1)
    errors: list[BaseException] = []

    def number(doc, fail=False):
        try:
            barrier.wait()
            if fail:
                with transaction.atomic():
                    services.outgoing_number(actor=office["dazi"], pk=doc.pk)
                    raise RuntimeError("printer jammed")  # rolls back, number included
            else:
                services.outgoing_number(actor=office["shoufa"], pk=doc.pk)
        except RuntimeError:
            pass
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=number, args=(d,)) for d in docs + office_docs]
    threads.append(threading.Thread(target=number, args=(failing, True)))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors

    year = timezone.localtime().year
    numbered = OutgoingDocument.objects.filter(serial__isnull=False)
    gov = sorted(numbered.filter(series__prefix="杂政").values_list("serial", flat=True))
    off = sorted(numbered.filter(series__prefix="杂政办").values_list("serial", flat=True))
    assert gov == list(range(1, THREADS + 1))
    assert off == [1, 2, 3]
    assert set(numbered.filter(series__prefix="杂政").values_list("doc_number", flat=True)) == {
        f"杂政〔{year}〕{n}号" for n in range(1, THREADS + 1)
    }
    failing.refresh_from_db()
    assert failing.serial is None
    # The number the failed step took was given back: the next one closes the sequence.
    assert services.outgoing_number(actor=office["dazi"], pk=failing.pk).serial == THREADS + 1

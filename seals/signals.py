"""The outgoing link [30(5)]: when an outgoing document takes its 用印 step, the stamping goes into the
用印登记簿 with the in-use seal of its organ.

django-fsm's ``post_transition`` fires inside ``seal()``, before the outgoing service sets ``sealed_by`` and
saves; so the transition only marks the instance, and the document's own save (in the same transaction)
records the use with the person who sealed it. Nothing in ``documents/outgoing`` changes, and nothing here can
stop the outgoing step: a missing seal or a failure is a warning in the log.
"""

from __future__ import annotations

import logging

from django.db.models.signals import post_save
from django_fsm.signals import post_transition

logger = logging.getLogger("zaduo.seals")
PENDING = "_seals_use_pending"


def on_transition(sender, instance, name, source, target, **kwargs) -> None:
    if name == "seal":
        setattr(instance, PENDING, True)


def on_save(sender, instance, created, **kwargs) -> None:
    if not getattr(instance, PENDING, False):
        return
    setattr(instance, PENDING, False)
    from .services import record_outgoing_use

    try:
        record_outgoing_use(instance, instance.sealed_by)
    except Exception:  # the outgoing chapter is never blocked by this app
        logger.warning("outgoing_seal_unrecorded item=outgoing.outgoingdocument:%s", instance.pk, exc_info=True)


def connect() -> None:
    from documents.outgoing.models import OutgoingDocument

    post_transition.connect(on_transition, sender=OutgoingDocument, dispatch_uid="seals.outgoing.transition")
    post_save.connect(on_save, sender=OutgoingDocument, dispatch_uid="seals.outgoing.save")

"""The outgoing link [13][30(5)]: a normative outgoing document (公文类别 “规范性文件”) that reaches 已分发 is
taken into 法制科's register, once; a classified one never is (``services.register_on_distribution``).

A ``django_fsm.signals.post_transition`` receiver on ``documents.outgoing.models.OutgoingDocument``'s
``distribute`` step: it runs inside the distribution's transaction, in a savepoint of its own, so a failure to
register is logged and never undoes the distribution.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction
from django_fsm.signals import post_transition

logger = logging.getLogger("zaduo.normative")


def connect() -> None:
    from documents.outgoing.models import OutgoingDocument

    post_transition.connect(on_outgoing_transition, sender=OutgoingDocument, dispatch_uid="normative.outgoing")


def on_outgoing_transition(sender, instance, name, source, target, **kwargs) -> None:
    from documents.outgoing.choices import Importance
    from documents.outgoing.choices import State as OutgoingState

    if name != "distribute" or target != OutgoingState.DISTRIBUTED:
        return
    if instance.importance != Importance.NORMATIVE:
        return
    from .services import register_on_distribution

    try:
        with transaction.atomic():
            register_on_distribution(instance)
    except (DatabaseError, ValueError) as error:  # the distribution goes on; 法制科 can register by hand
        logger.exception("normative: registering outgoing %s failed: %s", instance.pk, error)

"""The document kinds records deal with, each seen through its own app's visibility selector.

Records keep one nullable foreign key per kind (``incoming``, ``outgoing``); this table says, for each
kind, how to find the documents a person may see, how a document is numbered and linked, and which states
take it out of the office's custody.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from documents.incoming.models import IncomingDocument
from documents.incoming.models import State as InState
from documents.incoming.models import TransitionLog as IncomingLog
from documents.incoming.selectors import incoming_visible_to
from documents.outgoing.choices import State as OutState
from documents.outgoing.models import OutgoingDocument
from documents.outgoing.models import TransitionLog as OutgoingLog
from documents.outgoing.selectors import outgoing_visible_to


@dataclass(frozen=True)
class DocKind:
    key: str
    label: str
    model: type
    log_model: type
    visible_to: Callable
    detail_url_name: str
    # Out of custody: filed papers are with the archive; 退文 and 撤稿 have left or never were papers.
    custody_exempt_states: tuple
    ready_to_file_state: str
    file_transition: str  # the document's 立卷归档 transition [26(5)], [30(5)]
    unfiled_exempt_states: tuple

    def number(self, doc) -> str:
        return self.flow.number(doc)

    @property
    def flow(self):
        """The document app's ``core.workflow.DocumentFlow``: lock, stale check and log go through it."""
        from importlib import import_module

        return import_module(f"{self.model._meta.app_config.name}.services").FLOW

    def url(self, doc) -> str:
        return reverse(self.detail_url_name, args=[doc.pk])

    def year(self, doc) -> int:
        return doc.year or doc.created_at.year


KINDS = {
    "incoming": DocKind(
        key="incoming",
        label="收文",
        model=IncomingDocument,
        log_model=IncomingLog,
        visible_to=incoming_visible_to,
        detail_url_name="incoming:detail",
        custody_exempt_states=(InState.FILED, InState.SENT_BACK),
        ready_to_file_state=InState.RETURNED,
        file_transition="file_document",
        unfiled_exempt_states=(InState.FILED, InState.SENT_BACK, InState.HANDED_OUT),
    ),
    "outgoing": DocKind(
        key="outgoing",
        label="发文",
        model=OutgoingDocument,
        log_model=OutgoingLog,
        visible_to=outgoing_visible_to,
        detail_url_name="outgoing:detail",
        custody_exempt_states=(OutState.FILED, OutState.ABANDONED),
        ready_to_file_state=OutState.DISTRIBUTED,
        file_transition="file_away",
        unfiled_exempt_states=(OutState.FILED, OutState.ABANDONED),
    ),
}


def kind_of(key: str) -> DocKind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"unknown document kind {key!r}") from None

"""The time limits of outgoing documents (发文) as deadline sources, registered by ``OutgoingConfig.ready()``.

None of its own yet: the 30 June hand-over of the documents the office issued [33] is records'
(``documents.records.deadline_sources.HandOverSource``, rule key ``outgoing.archive``), counted as the 档案 page
counts and linked to it.
"""

from __future__ import annotations

SOURCES: list = []

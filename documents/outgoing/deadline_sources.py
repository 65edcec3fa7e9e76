"""The time limits of outgoing documents (发文) as deadline sources, registered by ``OutgoingConfig.ready()``."""

from __future__ import annotations

from dataclasses import replace

from deadlines.registry import Deadline
from documents.incoming.deadline_sources import ArchiveSource

from .choices import State
from .models import OutgoingDocument


class OutgoingArchiveSource(ArchiveSource):
    """每年6月30日以前将上年度的公文立卷归档后转交县档案局 [33], for the documents the office issued: one item per
    numbering year, open while any numbered document of that year is not filed."""

    key = "outgoing.archive"  # stored with every reminder: never rename
    label = "上年度发文归档移交"
    item_type = "outgoing.archive_year"

    def _unfiled(self):
        return OutgoingDocument.objects.filter(year__isnull=False).exclude(state__in=[State.FILED, State.ABANDONED])

    def _deadline(self, ctx, year: int, count: int) -> Deadline:
        return replace(
            super()._deadline(ctx, year, count),
            title=f"{year}年度发文立卷归档并移交县档案局",
            url="/records/",
            detail=f"尚有 {count} 件{year}年度发文未归档。",
        )


SOURCES = [OutgoingArchiveSource()]

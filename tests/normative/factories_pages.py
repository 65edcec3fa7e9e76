"""Helpers of the page tests [13]: how many queries a page asks, so a list can be shown flat in its rows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

# The pages' own queries plus the top bar's (session, user, roles, the 我的待办 badge over every chapter's queue):
# the badge grows as chapters register their queues, so the budget has room; flatness is checked by equality.
BUDGET = 45


def queries_for(client, url: str) -> int:
    client.get(url)  # warm the session and the navigation's caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)

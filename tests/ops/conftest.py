"""Redis for the operations tests: REDIS_URL's server (it may be shared), every key under a prefix of the
test's own (``OPS_KEY_PREFIX``), and only those keys deleted afterwards — never FLUSHDB."""

from __future__ import annotations

import uuid

import pytest
import redis

from tests import requires


@pytest.fixture
def own_redis(settings):
    """REDIS_URL pointed at the real Redis with a key prefix of this test's own; yields the client."""
    settings.REDIS_URL = requires.redis_url()
    settings.OPS_KEY_PREFIX = f"zaduo-test-ops-{uuid.uuid4().hex}:"
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1)
    yield client
    ours = list(client.scan_iter(match=f"{settings.OPS_KEY_PREFIX}*", count=1000))
    if ours:
        client.delete(*ours)
    client.close()

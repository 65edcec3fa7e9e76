"""Secret calendar-feed addresses (ICS), one mechanism for every chapter that offers a feed (leave, meetings).

The address carries ``<person id>-<HMAC>``: the HMAC (SECRET_KEY, ``salted_hmac``) covers the person and a
random salt kept on the person's feed row; nothing stored lets anyone rebuild an address without SECRET_KEY.
重置 draws a new salt, and every address made with the old one stops working at once. Calendar programs cannot
sign in, so the feeds are login-exempt: each chapter's feed shows the least it can.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac


class FeedTokens:
    """Tokens for one chapter's feed. ``model`` has ``person`` (one-to-one), ``salt`` and ``reset_at``;
    ``allowed(person)`` says whether the person may still have the feed (active, still staff …)."""

    def __init__(self, *, model, key_salt: str, allowed: Callable[[object], bool]) -> None:
        self.model = model
        self.key_salt = key_salt
        self.allowed = allowed

    @staticmethod
    def _new_salt() -> str:
        return secrets.token_urlsafe(32)

    def _feed_of(self, person):
        feed, _ = self.model.objects.get_or_create(person=person, defaults={"salt": self._new_salt()})
        return feed

    def _signature(self, person_id: int, salt: str) -> str:
        return salted_hmac(self.key_salt, f"{person_id}:{salt}", algorithm="sha256").hexdigest()

    def token_for(self, person) -> str:
        feed = self._feed_of(person)
        return f"{person.pk}-{self._signature(person.pk, feed.salt)}"

    def reset(self, person) -> str:
        """A new secret: the old address stops working at once. Returns the new token."""
        feed = self._feed_of(person)
        feed.salt = self._new_salt()
        feed.reset_at = timezone.now()
        feed.save(update_fields=["salt", "reset_at"])
        return self.token_for(person)

    def person_for(self, token: str):
        """The person whose valid, current token this is — or None (malformed, forged, reset, not allowed)."""
        head, _, signature = token.partition("-")
        if not head.isdigit() or len(signature) != 64:
            return None
        feed = self.model.objects.filter(person_id=int(head)).select_related("person").first()
        if feed is None or not constant_time_compare(signature, self._signature(feed.person_id, feed.salt)):
            return None
        return feed.person if self.allowed(feed.person) else None

"""Sign-in throttling (django-axes) with two limits (issue 12).

* One account from one address: ``AXES_FAILURE_LIMIT`` failures (5) lock that pair. Never the account alone:
  then anyone could lock a colleague out by typing wrong passwords for them at another desk.
* One address across every account: ``AXES_ADDRESS_FAILURE_LIMIT`` failures (20) lock that address for every
  account — guessing a few passwords against every account from one desk is slowed as well. Only the desk that
  guessed is locked; a colleague at another desk signs in as before.

axes knows one limit for all its parameter sets, so the address's count is scaled to it (``20 × 5 / 20 = 5``);
and a successful sign-in clears only that account's failures from that address — not the address's count,
which an attacker holding one account could otherwise clear between rounds of guesses.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def _failures(request, **who) -> int:
    """Failed sign-ins within the cool-off period (axes keeps one row per account, address and browser)."""
    since = (getattr(request, "axes_attempt_time", None) or timezone.now()) - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since, **who)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_failures(request) -> int:
    """Failed sign-ins from the request's address, for any account."""
    return _failures(request, ip_address=_ip(request))


def _ip(request) -> str:
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request)


class SignInThrottle(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_account = _failures(request, username=get_client_username(request, credentials), ip_address=_ip(request))
        # Scaled so that reaching the address limit reaches axes's one limit: floor(n·L/A) ≥ L exactly when n ≥ A.
        per_address = address_failures(request) * settings.AXES_FAILURE_LIMIT
        per_address //= settings.AXES_ADDRESS_FAILURE_LIMIT
        return max(per_account, per_address)

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """On success, forget this account's failures from this address only."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=_ip(request)).delete()
        return count


def address_is_locked(request) -> bool:
    """Whether the lock comes from the address's failures across accounts (the lockout page says which)."""
    return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT

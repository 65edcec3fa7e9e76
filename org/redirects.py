"""Where a form sends the person afterwards: the page named in ``next`` if it is one of ours, else the home page.

``?next=abc`` used to reach ``redirect("abc")``, which takes a bare word for a URL name (NoReverseMatch, a 500);
``?next=//evil.example`` would leave the site. Every ``next`` goes through here (issue 12).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, value: str | None) -> str:
    """``value`` when it is a path on this site (``/…``), else an empty string."""
    value = (value or "").strip()
    if not value.startswith("/") or not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return value


def redirect_next(request, value: str | None, fallback: str = "") -> HttpResponseRedirect:
    """Go to ``next`` if it is safe, else to ``fallback`` (a URL name or path), else to the home page."""
    return HttpResponseRedirect(safe_next(request, value) or resolve_url(fallback or settings.LOGIN_REDIRECT_URL))

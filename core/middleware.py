"""What every request passes through: control characters stripped, a Chinese page for a 405, the CSP on pages.

Control characters never reach a form, a query or the database (issue 12).

A NUL byte in any field used to be a 500 (PostgreSQL: "A string literal cannot contain NUL"); other control
characters are invisible junk in a register. This middleware strips them from every GET and POST value and key,
and from uploaded file names, before any view or form — ours, the admin's, Django's sign-in — sees the data. Tab,
line feed and carriage return stay: a textarea holds them.
"""

from __future__ import annotations

import re
import time

from csp.middleware import CSPMiddleware
from django.http import QueryDict

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text: str) -> str:
    return CONTROL.sub("", text)


def _cleaned(data: QueryDict) -> QueryDict:
    if not any(CONTROL.search(key) or any(CONTROL.search(v) for v in values) for key, values in data.lists()):
        return data  # the usual case: nothing copied
    clean = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        clean.setlist(strip_control(key), [strip_control(v) for v in values])
    clean._mutable = False
    return clean


class ControlCharactersMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = _cleaned(request.POST)
            for _, uploads in request.FILES.lists():
                for upload in uploads:
                    if upload.name and CONTROL.search(upload.name):
                        upload.name = strip_control(upload.name)
        return self.get_response(request)


class MethodNotAllowedMiddleware:
    """Every 405 Django answers — ``require_POST``, ``require_GET``, ``require_safe``, a class-based view's
    ``http_method_names`` — is an empty body; a person who opens such an address (a bookmark, the sign-in's
    ``next``) saw a blank page. One place turns each into the Chinese 405 page (core.views.method_not_allowed);
    a response that already says something (the health check's JSON) is left as it is."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            from .views import method_not_allowed

            return method_not_allowed(request, response)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY) on the pages — the HTML answers — only. A PDF opened
    in the browser gets none: Chrome shows a PDF through an embedded viewer that ``object-src 'none'`` blocks
    ("此内容已被屏蔽", crbug.com/271452); files keep ``nosniff``, their Content-Disposition and X-Frame-Options."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)


class SessionRefreshMiddleware:
    """A signed-in person's session is written at most once every ``SESSION_REFRESH_EVERY`` seconds (issue 13).

    ``SESSION_SAVE_EVERY_REQUEST`` wrote the session row (a COMMIT, ~7 ms) on every page only to push its expiry
    forward. Here a page marks the session modified — Django's SessionMiddleware then saves it and sends the
    cookie with a fresh ``SESSION_COOKIE_AGE`` — only when the last refresh is older than a few minutes, so a
    session still ends after a working day without a request, less at most those few minutes. A session without
    a signed-in person (or one just flushed by signing out) is never written here. Placed right after
    SessionMiddleware."""

    KEY = "_zaduo_refreshed"

    def __init__(self, get_response) -> None:
        from django.conf import settings

        self.get_response = get_response
        self.every = int(getattr(settings, "SESSION_REFRESH_EVERY", 300))
        self.cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or (self.cookie not in request.COOKIES and not session.modified):
            return response
        from django.contrib.auth import SESSION_KEY

        if SESSION_KEY not in session:
            return response
        now = int(time.time())
        last = session.get(self.KEY)
        if session.modified or not isinstance(last, int) or not 0 <= now - last < self.every:
            session[self.KEY] = now  # marks it modified: saved with a new expiry, and the cookie re-sent
        return response


class RequestPersonMiddleware:
    """Who is asking, in at most one query a request: the signed-in person's profile, roles, this year's pledge
    and permissions (issue 13). ``display_name``, ``clearance_of``, ``roles_of``, ``has_pledged`` and
    ``has_perm`` read what this put on the request's user instead of a query each. Kept in the cache under the
    badges' generation (core/workqueue.py: any write to the office's, a chapter's or the roles' tables drops it).
    Placed after AuthenticationMiddleware."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            load_person(user)
        return self.get_response(request)


def load_person(user) -> None:
    from core import workqueue

    key = workqueue.cache_key("person", user)
    data = workqueue.cache_get(key) if key else None
    if not isinstance(data, dict):
        data = read_person(user)
        if key:
            workqueue.cache_set(key, data)
    apply_person(user, data)


def read_person(user) -> dict:
    """The person's profile, roles and this year's pledge in one query — their user row, left-joined to the
    profile, a row for each group, and whether the pledge exists — and their permissions (Django's two queries;
    a superuser's are all, left to Django)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.backends import ModelBackend
    from django.db.models import Exists, OuterRef

    from org.confidentiality import current_year
    from org.models import ConfidentialityPledge, Profile

    year = current_year()
    profile_fields = [f.attname for f in Profile._meta.concrete_fields]
    pledged = ConfidentialityPledge.objects.filter(user=OuterRef("pk"), year=year)
    rows = list(
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .annotate(pledged=Exists(pledged))
        .values("pledged", "groups__name", *[f"profile__{name}" for name in profile_fields])
    )
    first = rows[0] if rows else {}
    data = {
        "year": year,
        "profile": None
        if first.get("profile__id") is None
        else {name: first[f"profile__{name}"] for name in profile_fields},
        "groups": sorted({row["groups__name"] for row in rows if row["groups__name"]}),
        "pledged": bool(first.get("pledged")),
        "user_perms": None,
        "group_perms": None,
    }
    if user.is_active and not user.is_superuser:
        backend = ModelBackend()
        data["user_perms"] = sorted(backend.get_user_permissions(user))
        data["group_perms"] = sorted(backend.get_group_permissions(user))
    return data


def apply_person(user, data: dict) -> None:
    from org.models import Profile
    from org.roles import Role

    if data["profile"] is None:
        user._state.fields_cache["profile"] = None  # user.profile raises Profile.DoesNotExist, as before
    else:
        profile = Profile(**data["profile"])
        profile._state.adding, profile._state.db = False, "default"
        profile._state.fields_cache["user"] = user
        user._state.fields_cache["profile"] = profile
    names = set(data["groups"])
    user._zaduo_roles = frozenset(role for role in Role if role.value in names)
    user.__dict__.setdefault("_zaduo_pledged", {})[data["year"]] = data["pledged"]
    if data["user_perms"] is not None:
        user._user_perm_cache = set(data["user_perms"])
        user._group_perm_cache = set(data["group_perms"])


class NumberOutOfRangeMiddleware:
    """A number too large for the database in a form or an address (an id of twenty digits typed or forged) is
    refused as bad input, a Chinese 400 — never a 500. PostgreSQL's driver already answers such a value as "no such
    row"; SQLite, the default of ``make run``, raises ``OverflowError`` from deep inside a form's validation (ours,
    the admin's), so the one place to turn it into an answer is here. The view's transaction has rolled back."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OverflowError):
            return None
        from django.db import DatabaseError, transaction
        from django.http import HttpResponseBadRequest
        from django.shortcuts import render

        message = "提交的数字超出了允许的范围（例如编号过大），请检查后重试。"
        try:
            return render(request, "errors/400.html", {"message": message}, status=400)
        except (DatabaseError, transaction.TransactionManagementError):
            # Inside a transaction the error has spoilt (a test's), the page's menus cannot be read: plain words.
            return HttpResponseBadRequest(f"<!doctype html><title>请求有误</title><p>{message}</p>")

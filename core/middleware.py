"""What every request passes through: control characters stripped, a Chinese page for a 405, the CSP on pages.

Control characters never reach a form, a query or the database (issue 12).

A NUL byte in any field used to be a 500 (PostgreSQL: "A string literal cannot contain NUL"); other control
characters are invisible junk in a register. This middleware strips them from every GET and POST value and key,
and from uploaded file names, before any view or form — ours, the admin's, Django's sign-in — sees the data. Tab,
line feed and carriage return stay: a textarea holds them.
"""

from __future__ import annotations

import re

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

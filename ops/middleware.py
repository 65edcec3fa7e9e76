"""``/healthz`` answered before any other middleware.

A container's health check calls ``http://127.0.0.1:8000/healthz``: in production SecurityMiddleware would
redirect it to HTTPS, which gunicorn does not speak, and the host 127.0.0.1 is rarely in ALLOWED_HOSTS — the
check would fail on a healthy server. The answer carries no secret and builds no URL from the Host header,
so it needs neither check; nor a session, nor the sign-in wall.
"""

from __future__ import annotations

from . import views

PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return views.healthz(request)
        return self.get_response(request)

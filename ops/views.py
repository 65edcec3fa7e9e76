"""``/healthz``: what is wrong, for a monitor (the status code and JSON) and a person (the Chinese message)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import health

JSON_OPTIONS = {"ensure_ascii": False}


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """200 when every check passes, 503 with what is wrong; ``?only=database,redis`` checks just those."""
    try:
        only = health.parse_only(request.GET.get("only"))
    except ValueError as exc:
        body = {"status": "bad_request", "message": str(exc), "checks": list(health.CHECKS)}
        return JsonResponse(body, status=400, json_dumps_params=JSON_OPTIONS)
    report = health.run_checks(only)
    return JsonResponse(report.as_json(), status=200 if report.ok else 503, json_dumps_params=JSON_OPTIONS)

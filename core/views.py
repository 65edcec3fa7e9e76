"""Views shared by the whole site: the work queue, notifications, placeholders, sign-in lockout."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from org.redirects import redirect_next

from . import navigation, notices, notifications, workqueue
from .actions import log_refusal
from .models import Notification
from .pagination import page_number

# The most urgent hundred: a leader who holds thousands sees what to do first, and each chapter's own list
# (等我办理 …) pages through the rest; rendering more made the landing page slow at 1M documents (issue 13).
WORK_QUEUE_LIMIT = 100


def home(request):
    """我的待办: the landing page."""
    # Each chapter's count (cached, the badge's): only the chapters with something waiting are asked for items.
    counts = workqueue.counts_for(request.user)
    items = workqueue.items_for(request.user, limit=WORK_QUEUE_LIMIT, only={key for key, n in counts.items() if n})
    # Past the limit the total is the badge's count, not the number of rows shown. Read on every visit, so the
    # page's queries do not change with the length of the queue.
    counted = sum(counts.values())
    total = len(items) if len(items) < WORK_QUEUE_LIMIT else max(counted, len(items))
    return render(
        request,
        "core/home.html",
        {
            "items": items,
            "total": total,
            "limit": WORK_QUEUE_LIMIT,
            "cap": workqueue.CAP,
            "notices": notices.notices_for(request.user),
            "work_count": counted,  # the badge, counted once for the page
        },
    )


def notification_list(request):
    qs = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-id")
    if request.GET.get("unread") == "1":
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 30).get_page(page_number(request))
    return render(request, "core/notifications.html", {"page": page, "only_unread": request.GET.get("unread") == "1"})


@require_POST
def notification_read(request):
    ids = request.POST.getlist("id")
    try:
        parsed = [int(i) for i in ids] if ids else None
    except ValueError:
        return HttpResponse("参数有误。", status=400)
    count = notifications.mark_read(user=request.user, notification_ids=parsed)
    messages.success(request, f"已将 {count} 条通知标为已读。")
    return redirect_next(request, request.POST.get("next"), "core:notifications")


def chapter(request, slug: str):
    """A chapter whose app is not built yet says so plainly."""
    chapter = navigation.get(slug)
    if chapter is None:
        raise Http404("没有这个栏目。")
    if chapter.is_open:
        return redirect(chapter.url())
    return render(request, "core/chapter_closed.html", {"chapter": chapter})


def group(request, slug: str):
    """A group's page: its chapters this person may open; a group with none for them is a 404 like any
    chapter they cannot see (the top bar never shows it to them)."""
    found = navigation.GROUPS.get(slug)
    members = navigation.members_for(request.user, slug) if found else []
    if not members:
        raise Http404("没有这个栏目。")
    return render(request, "core/group.html", {"group": found, "members": members})


def lockout(request, original_response=None, credentials=None):
    """Shown by django-axes when sign-in is throttled: a plain Chinese explanation and a 429."""
    from .signin import address_is_locked

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "address_limit": settings.AXES_ADDRESS_FAILURE_LIMIT,
            "address_locked": address_is_locked(request),
            "cooloff_minutes": minutes,
        },
        status=429,
    )


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    log_refusal(403, request=request, error=exception)
    message = str(exception) if exception and str(exception) else "您没有权限执行此操作。"
    return render(request, "errors/403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def _same_site_referer(request) -> str:
    """The page the person came from, when it is one of ours — the page that holds the form."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return ""


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: the form was opened too long ago (or before signing in again) — say so in Chinese and
    offer to reload the page that holds it; nothing was submitted. Django's own page asked to set DEBUG=True."""
    log_refusal(403, request=request)
    return render(request, "errors/csrf.html", {"reload": _same_site_referer(request)}, status=403)


def method_not_allowed(request, response):
    """A GET (say, a bookmark or the sign-in's ``next``) on an address that only takes a form's POST: a Chinese
    405 page leading back to the page the person came from, with Django's ``Allow`` header kept
    (core.middleware.MethodNotAllowedMiddleware, for every ``require_POST`` and class-based view alike)."""
    page = render(request, "errors/405.html", {"back": _same_site_referer(request)}, status=405)
    page["Allow"] = response.get("Allow", "")
    return page


def server_error(request):
    # Rendered without the shared frame: whatever failed (the database, say) must not fail this page too.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)

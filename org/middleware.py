"""First sign-in: a person whose account was made with a one-time password changes it before anything else."""

from __future__ import annotations

from django.shortcuts import redirect

from .models import Profile

# What such a person may still open: the change-password pages, and signing in and out.
EXEMPT_VIEWS = frozenset({"password_change", "password_change_done", "login", "logout", "admin:logout"})


def must_change_password(user) -> bool:
    """True while the person still signs in with the password the office import gave them."""
    if not getattr(user, "is_authenticated", False):
        return False
    try:
        # ``user.profile`` is cached on the request's user: the frame's display_name reads the same row.
        return user.profile.must_change_password
    except Profile.DoesNotExist:
        return False


class PasswordChangeRequiredMiddleware:
    """Sends a person flagged ``must_change_password`` to 修改密码 from every other page, until they have."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in EXEMPT_VIEWS or not must_change_password(request.user):
            return None
        return redirect("password_change")

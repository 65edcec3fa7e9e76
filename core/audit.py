"""Security events and the access record: who opened what, who was refused, who failed to sign in [32].

Two places keep them, for two readers:
- the ``zaduo.security`` logger (JSON lines in production): sign-in failures and lockouts (django-axes),
  refused opens of a classified item, every access recorded below — for whoever watches the logs;
- ``core.models.AccessRecord`` (append-only, read in the admin): every successful opening of a classified
  document's page, PDF or file, and every look-up of personal data — so an administrator can answer "who opened
  this classified document this month" from the app itself.

A chapter calls ``record_open(user, doc, what)`` where it serves one document (it records only classified
ones) and ``record_access(user, obj, AccessRecord.What.PERSONAL_DATA)`` where a person's data is looked up
(petitions [47]–[50]). Neither ever writes a title: items are named by model label and id, and by the number
people know them by [32](九).
"""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType

from . import logs
from .models import AccessRecord

security = logging.getLogger("zaduo.security")

What = AccessRecord.What


def label_of(obj) -> str:
    """How people know the item, without its title: 收文2026-4（秘密件） for an archive kind's document."""
    from . import archive

    try:
        return archive.kind_for(obj).flow.name(obj)[:100]
    except LookupError:
        return f"{obj._meta.verbose_name}{obj.pk}"[:100]


def record_access(user, obj, what: str, *, label: str | None = None) -> AccessRecord:
    """Write down that ``user`` opened ``obj`` (``what``: a ``What`` value) — one row, one security log line."""
    level = int(getattr(obj, "secret_level", 0) or 0)
    record = AccessRecord.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),  # cached after the first look-up
        object_id=obj.pk,
        label=label_of(obj) if label is None else label[:100],
        secret_level=level,
        what=what,
        request_id=logs.current_request_id()[:64],
    )
    logs.event(security, "access", user=user, item=obj, what=what, secret_level=level)
    return record


def record_open(user, doc, what: str, *, response=None) -> AccessRecord | None:
    """Record a successful opening of ``doc`` when it is classified [32]; nothing for an unclassified one, nor
    when ``response`` (if given) did not serve it (a PDF that could not be rendered)."""
    if int(getattr(doc, "secret_level", 0) or 0) <= 0:
        return None
    if response is not None and response.status_code != 200:
        return None
    return record_access(user, doc, what)


def classified_refused(user, model, pk, level_field: str = "secret_level") -> None:
    """Someone asked for one item and was refused (``Visibility.get_for``'s 404): if it exists and is
    classified, that goes to the security log — by model and id, never the title. One query, only on refusal."""
    try:
        level = model._default_manager.filter(pk=pk).values_list(level_field, flat=True).first()
    except (ValueError, TypeError):
        return
    if level:
        logs.event(
            security,
            "classified_refused",
            user=user,
            item=f"{model._meta.label_lower}:{pk}",
            secret_level=level,
            level=logging.WARNING,
        )


# --- sign-in (django-axes) ----------------------------------------------------------------------------------


def _address(request) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")


def _sign_in_failed(sender, credentials=None, request=None, **_) -> None:
    # Django has already masked the password in ``credentials``; only the account name is written.
    username = str((credentials or {}).get("username", ""))[:150]
    logs.event(security, "sign_in_failed", username=username, ip=_address(request), level=logging.WARNING)


def _locked_out(sender, request=None, username=None, ip_address=None, **_) -> None:
    logs.event(
        security,
        "sign_in_locked_out",
        username=str(username or "")[:150],
        ip=ip_address or _address(request),
        level=logging.WARNING,
    )


def connect_security_signals() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.connect(_sign_in_failed, weak=False, dispatch_uid="zaduo_security_sign_in_failed")
    user_locked_out.connect(_locked_out, weak=False, dispatch_uid="zaduo_security_locked_out")

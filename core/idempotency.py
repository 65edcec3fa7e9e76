"""A form that creates something is submitted once: a repeat returns the first result.

Two POSTs of the registration form 0.8 s apart used to register two documents; a person whose connection
dropped after the commit resubmitted and got a second one. Every create form therefore carries a one-time
token (an idempotency key), and its view is wrapped by ``@idempotent``:

    @idempotent
    def register(request): ...                       # the view: unchanged otherwise

    <form method="post">{% csrf_token %}{% idempotency_field %} …   # the template: one tag

On a POST with a token the decorator, in one transaction with the view,

1. inserts ``IdempotencyKey(user, token)`` — unique, so a concurrent repeat waits for the first to commit;
2. runs the view; a redirect (the object was created) is kept as the key's ``result_url`` and commits with
   the object; any other answer (the form had errors) removes the key, so the corrected form goes through;
3. a repeat of a committed token does not run the view: it is redirected to ``result_url`` with a note.

A POST without a token (an old page, a script) is served as before. The key is per person: another
person's token is never looked at.
"""

from __future__ import annotations

import uuid
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils.html import format_html

from .models import IdempotencyKey

FIELD = "idempotency_key"
REPEATED = "该表单已经提交过，未重复创建；以下是第一次提交的结果。"


def token_of(request) -> uuid.UUID | None:
    """The POSTed token, or None when there is none or it is not one of ours."""
    value = request.POST.get(FIELD, "") if request.method == "POST" else ""
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def field(request=None) -> str:
    """The hidden input; a form shown again after errors keeps the token it was posted with."""
    token = token_of(request) if request is not None else None
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token or uuid.uuid4())


def _is_result(response) -> bool:
    return response.status_code in (301, 302, 303) and bool(response.get("Location"))


def _view_name(request, view) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match else "") or f"{view.__module__}.{view.__name__}"


def _repeat(request, token):
    key = IdempotencyKey.objects.filter(user=request.user, token=token).first()
    if key is None:  # the first submission failed meanwhile and took its key with it: run this one
        return None
    messages.info(request, REPEATED)
    return redirect(key.result_url)


def idempotent(view):
    """Wrap a view that creates something: one object per form token (see the module's docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = token_of(request)
        if token is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        done = _repeat(request, token)
        if done is not None:
            return done
        with transaction.atomic():
            try:
                with transaction.atomic():  # a savepoint: the unique index waits for a concurrent first
                    key = IdempotencyKey.objects.create(
                        user=request.user, token=token, view=_view_name(request, view)[:100]
                    )
            except IntegrityError:
                key = None
            if key is None:
                done = _repeat(request, token)
                if done is not None:
                    return done
                return view(request, *args, **kwargs)  # pragma: no cover - a first that failed in between
            response = view(request, *args, **kwargs)
            if _is_result(response):
                key.result_url = response["Location"][:300]
                key.save(update_fields=["result_url"])
            else:
                key.delete()  # never committed: the form had errors, the corrected one must go through
        return response

    wrapper.idempotent = True
    return wrapper

"""How views turn a service's refusal into a clear Chinese answer with the right 4xx status.

``@workflow_action`` wraps a POST view that calls a service: a ``ValidationError`` (bad input) is a 400,
an ``ActionRefused`` (not yours, not now) a 403, a ``StaleAction`` (someone else acted first) a 409 —
each a page that says what happened and leads back to the document. Nothing reaches a 500.

Every refusal is also a log line (``zaduo.workflow``, event ``refused``): status, view, item, reason kind —
not the message, which may name people or quote input.
"""

from __future__ import annotations

import logging
from functools import wraps

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import logs
from .workflow import ActionRefused, StaleAction

logger = logging.getLogger("zaduo.workflow")


def error_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


def log_refusal(status: int, *, request=None, error: Exception | None = None) -> None:
    """One ``refused`` line: who (the request's user), which view and item, the status and kind of refusal."""
    match = getattr(request, "resolver_match", None)
    logs.event(
        logger,
        "refused",
        user=getattr(request, "user", None) if request is not None else None,
        item=getattr(error, "item", "") or None,
        status=status,
        reason=type(error).__name__ if error is not None else "refused",
        view=match.view_name if match else None,
        target=(match.kwargs or None) if match else None,
        level=logging.WARNING if status == 403 else logging.INFO,
    )


def refusal_response(request, *, status: int, messages: list[str], back: str = "", error: Exception | None = None):
    log_refusal(status, request=request, error=error)
    titles = {400: "提交的内容有误", 403: "不能执行此操作", 409: "已被他人处理"}
    # Not ``messages``: that name is Django's message list, which base.html prints as the (green) banner —
    # the refusal would show twice, once as if it had succeeded.
    return render(
        request,
        "core/action_error.html",
        {"title": titles.get(status, "无法完成"), "reasons": messages, "back": back},
        status=status,
    )


def workflow_action(view):
    @require_POST
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        back = request.POST.get("back") or request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = ""
        try:
            return view(request, *args, **kwargs)
        except StaleAction as error:
            return refusal_response(request, status=409, messages=[error.message], back=back, error=error)
        except ActionRefused as error:
            return refusal_response(request, status=403, messages=[str(error)], back=back, error=error)
        except ValidationError as error:
            return refusal_response(request, status=400, messages=error_messages(error), back=back, error=error)

    return wrapped


def seen_version(request) -> int | None:
    """The document version the person's page showed, sent back with every action form."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def apply_to_form(form, call):
    """Run a service for a valid form. A refusal (bad input, not allowed) becomes the form's error and the
    result is ``None``; a ``StaleAction`` goes up to the view, which answers 409."""
    try:
        return call()
    except ValidationError as error:
        log_refusal(400, error=error)
        for message in error_messages(error):
            form.add_error(None, message)
    except ActionRefused as error:
        log_refusal(403, error=error)
        form.add_error(None, str(error))
    return None

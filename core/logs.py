"""Structured logs: who did what to which item, in which request — JSON lines in production, readable in dev.

Every log record carries ``request_id`` and ``user_id`` (``install_record_factory``, called by
``CoreConfig.ready``): a web request's come from ``RequestIdMiddleware``, a Celery task's from the request that
queued it (a task header) or else the task's own id. A line about an item says so with ``event``/``item``
fields passed as ``extra``; ``event(...)`` is the short way::

    logs.event(logger, "step", user=actor, item=doc, action="seal", from_state="numbered", to_state="sealed")

Never put a document's title into a log field: classified titles stay in the database [32](九).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

# The request (or task) being served on this thread/task: its id and, once known, the signed-in user's id.
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("zaduo_request_id", default="")
_request: contextvars.ContextVar[object | None] = contextvars.ContextVar("zaduo_request", default=None)

# Attributes every LogRecord has; anything else on a record came in through ``extra`` and is written out.
_STANDARD = set(vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None))) | {
    "message",
    "asctime",
    "request_id",
    "user_id",
    "taskName",
}


def current_request_id() -> str:
    return _request_id.get()


def _user_id_of_request() -> int | None:
    request = _request.get()
    if request is None:
        return None
    # Only a user the request has already loaded (django.contrib.auth caches it here): a log line never
    # costs a query, and never runs one in the middle of a failing database call.
    user = getattr(request, "_cached_user", None)
    return user.pk if user is not None and getattr(user, "is_authenticated", False) else None


def bind(request_id: str, request=None) -> tuple:
    """Make ``request_id`` (and the request, for its user) current; returns the tokens ``unbind`` takes."""
    return _request_id.set(request_id), _request.set(request)


def unbind(tokens: tuple) -> None:
    id_token, request_token = tokens
    _request_id.reset(id_token)
    _request.reset(request_token)


def new_request_id() -> str:
    return uuid.uuid4().hex


def clean_request_id(value: str | None) -> str:
    """An incoming X-Request-ID is kept when it is short and plain (a proxy's id); anything else is replaced."""
    return value if value and _VALID_REQUEST_ID.fullmatch(value) else new_request_id()


def install_record_factory() -> None:
    """Give every LogRecord ``request_id`` and ``user_id``, whichever handler (or test) reads it."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "zaduo", False):
        return

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = _request_id.get()
        record.user_id = _user_id_of_request()
        return record

    factory.zaduo = True
    logging.setLogRecordFactory(factory)


def item_label(obj) -> str:
    """``incoming.incomingdocument:42`` — the model label and primary key, never the title."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def event(logger: logging.Logger, name: str, *, user=None, item=None, level: int = logging.INFO, **fields) -> None:
    """One structured line: ``name`` is what happened (``step``, ``refused``, ``sign_in_failed`` …); ``user``
    the person acting (overrides the request's), ``item`` a model instance or a ready ``label:pk``."""
    extra = {"event": name, **fields}
    if user is not None:
        extra["actor_id"] = getattr(user, "pk", user)
    if item is not None:
        extra["item"] = item if isinstance(item, str) else item_label(item)
    message = " ".join([name, *(f"{k}={v}" for k, v in extra.items() if k != "event")])
    logger.log(level, message, extra=extra)


def _fields(record: logging.LogRecord) -> dict:
    return {key: value for key, value in vars(record).items() if key not in _STANDARD}


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for the log collector: time, level, logger, message, request and user ids, and
    every ``extra`` field."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
            "user_id": getattr(record, "user_id", None),
        }
        for key, value in _fields(record).items():
            line.setdefault(key, value)
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class ReadableFormatter(logging.Formatter):
    """Development: ``10:02:03 INFO zaduo.workflow [3f2a… u=7] step action=seal item=outgoing…:5``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(context)s%(message)s", datefmt="%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", "")
        user_id = getattr(record, "user_id", None)
        parts = [request_id[:8]] if request_id else []
        if user_id is not None:
            parts.append(f"u={user_id}")
        record.context = f"[{' '.join(parts)}] " if parts else ""
        return super().format(record)


class RequestIdMiddleware:
    """Takes the proxy's X-Request-ID (or makes one), keeps it current for every log line of the request, and
    sends it back, so a person's "it failed at 10:02" leads to the lines of that request."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        request_id = clean_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        tokens = bind(request_id, request)
        try:
            response = self.get_response(request)
        finally:
            unbind(tokens)
        response[REQUEST_ID_HEADER] = request_id
        return response


# --- Celery: a task logs under the request that queued it ---------------------------------------------------


def connect_celery() -> None:
    """A task published during a request carries its id (header ``zaduo_request_id``); the worker makes it
    current while the task runs (the task's own id when it came from beat)."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(_add_request_id_header, weak=False, dispatch_uid="zaduo_request_id_publish")
    task_prerun.connect(_bind_task, weak=False, dispatch_uid="zaduo_request_id_prerun")
    task_postrun.connect(_unbind_task, weak=False, dispatch_uid="zaduo_request_id_postrun")


_task_tokens: dict[str, tuple] = {}


def _add_request_id_header(headers=None, **_) -> None:
    if headers is not None and _request_id.get():
        headers.setdefault("zaduo_request_id", _request_id.get())


def _bind_task(task_id=None, task=None, **_) -> None:
    queued_by = getattr(getattr(task, "request", None), "zaduo_request_id", None)
    if not queued_by and _request_id.get():
        return  # run eagerly inside a request: its lines belong to that request
    _task_tokens[task_id] = (_request_id.set(str(queued_by or task_id or "")), _request.set(None))


def _unbind_task(task_id=None, **_) -> None:
    tokens = _task_tokens.pop(task_id, None)
    if tokens is not None:
        # A token made in another context (an eager task run inside a request) is left to its owner.
        with contextlib.suppress(ValueError):
            unbind(tokens)

"""What every document workflow shares: refusals users can read, stale-page detection, the log entry.

A service step goes: lock the row (``select_for_update``) → ``check_fresh`` (did someone act since this
person loaded the page?) → ``check_transition`` (is this step open to this person now?) → run the
django-fsm transition → save → ``record`` the log entry → side effects on commit.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_fsm import has_transition_perm


class ActionRefused(PermissionDenied):
    """A step this person may not take now. The message is shown to them as it is, in Chinese."""


class StaleAction(Exception):
    """Someone else acted on the document after this person loaded it: one wins, the other is told."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_fresh(obj, seen_version: int | None, *, describe) -> None:
    """Compare the version the person saw with the locked row's; ``describe()`` explains what happened."""
    if seen_version is not None and int(seen_version) != obj.version:
        raise StaleAction(describe())


def check_transition(bound_method, user, refusal: str) -> None:
    """The transition must exist from the current state and its ``permission=`` must allow this user."""
    if not has_transition_perm(bound_method, user):
        raise ActionRefused(refusal)


def record(
    log_model, *, document, actor, action: str, action_label: str, from_state: str, to_state: str, comment: str = ""
):
    return log_model.objects.create(
        document=document,
        actor=actor,
        at=timezone.now(),
        action=action,
        action_label=action_label,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
    )

"""The steps every workflow service repeats, for documents and for every chapter after them.

A service step goes: ``flow.begin(pk, seen_version)`` (lock the row with ``select_for_update`` and refuse a
stale page: did someone act since this person loaded it?) → ``flow.check(obj.transition, user, refusal)``
(is this step open to this person now? django-fsm's ``permission=``) → run the transition → ``flow.save``
(bumps ``version``) → ``flow.log`` (the append-only audit trail: who, when, from, to, comment) →
``flow.notify`` (in-app now, e-mail on commit).

``Flow`` knows nothing of secrecy; ``DocumentFlow`` adds what classified papers need [31], [32]: people are
put *on* a document through guardian's direct-FK table (``grant``), only people cleared for its level may
receive it (``require_clearance``), and a classified item is named by its number and level only in anything
others read (``name``, ``notify``). Who may *see* what is ``core.visibility``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import has_transition_perm

from org.selectors import clearance_of, display_name

from . import logs
from .visibility import secret_covers

logger = logging.getLogger("zaduo.workflow")


class ActionRefused(PermissionDenied):
    """A step this person may not take now. The message is shown to them as it is, in Chinese.
    ``item`` (``label:pk``), when the flow knows it, goes into the refusal's log line."""

    item = ""


class StaleAction(Exception):
    """Someone else acted on the item after this person loaded it: one wins, the other is told."""

    item = ""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_fresh(obj, seen_version: int | None, *, describe: Callable[[], str]) -> None:
    """Compare the version the person saw with the locked row's; ``describe()`` explains what happened."""
    if seen_version is not None and int(seen_version) != obj.version:
        raise StaleAction(describe())


def check_transition(bound_method, user, refusal: str) -> None:
    """The transition must exist from the current state and its ``permission=`` must allow this user."""
    if not has_transition_perm(bound_method, user):
        raise ActionRefused(refusal)


class Flow:
    """Lock, stale-page check, transition permission check, log and notify, bound to one workflow model.

    ``model`` extends ``core.models.WorkflowModel`` (state, version, timestamps) and has a ``log`` relation
    to its ``log_model`` (a ``core.models.TransitionLogBase`` with a ``document`` foreign key). ``noun`` is
    what users call it (收文, 销毁清册 …); ``url(obj)`` its page; ``kind`` labels its notifications.
    """

    def __init__(
        self,
        *,
        model,
        log_model,
        noun: str,
        url: Callable | None = None,
        select_related: tuple[str, ...] = (),
        kind: str = "",
    ) -> None:
        self.model = model
        self.log_model = log_model
        self.noun = noun
        self.url = url or (lambda obj: "")
        self.select_related = select_related
        self.kind = kind or model._meta.app_label

    # --- lock and freshness ---------------------------------------------------------------------------------
    def lock(self, pk):
        try:
            return self.model.objects.select_for_update().select_related(*self.select_related).get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError):
            refusal = ActionRefused(f"该{self.noun}不存在。")
            refusal.item = f"{self.model._meta.label_lower}:{pk}"
            raise refusal from None

    def stale_message(self, obj) -> Callable[[], str]:
        def describe() -> str:
            last = obj.log.select_related("actor__profile").order_by("-at", "-id").first()
            who = f"{display_name(last.actor)}于{timezone.localtime(last.at):%H:%M}" if last else "他人"
            return (
                f"该{self.noun}已被{who}处理（现状态：{obj.get_state_display()}），您的操作没有执行。"
                "请刷新页面查看最新情况后再办理。"
            )

        return describe

    def begin(self, pk, seen_version=None):
        """Lock the row and refuse a page loaded before someone else acted on it."""
        obj = self.lock(pk)
        try:
            check_fresh(obj, seen_version, describe=self.stale_message(obj))
        except StaleAction as stale:
            stale.item = logs.item_label(obj)
            raise
        return obj

    @staticmethod
    def check(bound_transition, user, refusal: str) -> None:
        try:
            check_transition(bound_transition, user, refusal)
        except ActionRefused as refused:
            obj = getattr(bound_transition, "__self__", None)
            refused.item = logs.item_label(obj) if obj is not None else ""
            raise

    # --- write ------------------------------------------------------------------------------------------------
    @staticmethod
    def save(obj, *, bump: bool = True) -> None:
        """Save; ``bump`` marks a change that makes pages loaded before it stale (state, holder, handling)."""
        if bump:
            obj.version += 1
        obj.save()

    def log(self, obj, actor, action: str, label: str, from_state: str, comment: str = ""):
        """Append to the audit trail, and write the step to the log stream (who, what, which item; never the
        title or comment, which may be classified). ``to_state`` is the state the object is in now."""
        entry = self.log_model.objects.create(
            document=obj,
            actor=actor,
            at=timezone.now(),
            action=action,
            action_label=label,
            from_state=from_state,
            to_state=obj.state,
            comment=comment,
        )
        logs.event(logger, "step", user=actor, item=obj, action=action, from_state=from_state, to_state=obj.state)
        return entry

    # --- tell people ------------------------------------------------------------------------------------------
    def name(self, obj) -> str:
        """How a notification, an e-mail or a log read by others names the object."""
        return getattr(obj, "title", "") or str(obj)

    def notify(self, users: Iterable, *, title: str, obj, body: str | None = None, kind: str = "") -> None:
        """An in-app notification now and an e-mail once the transaction commits; the body defaults to the
        object's name."""
        from . import notifications

        users = [u for u in users if u is not None]
        if users:
            notifications.notify(
                users,
                title=title,
                body=self.name(obj) if body is None else body,
                url=self.url(obj),
                kind=kind or self.kind,
            )


class DocumentFlow(Flow):
    """A ``Flow`` for papers that may be classified (``secret_level``) [31], [32].

    ``visibility`` is the model's ``core.visibility.Visibility``: ``grant`` writes the rows its selector
    reads. ``number(obj)`` is the number people know the paper by, used instead of a classified title.
    """

    def __init__(self, *, visibility, number: Callable, **kwargs) -> None:
        super().__init__(**kwargs)
        self.visibility = visibility
        self.number = number

    def grant(self, obj, users: Iterable) -> None:
        """Put people on the paper: the only way to see a classified one [32]."""
        self.visibility.grant(obj, users)

    def require_clearance(self, obj, users: Iterable, what: str) -> None:
        """A classified paper goes only to people cleared for its level [31], [32]."""
        if obj.secret_level <= 0:
            return
        short = sorted(
            {display_name(u) for u in users if u is not None and not secret_covers(clearance_of(u), obj.secret_level)}
        )
        if short:
            raise ValidationError(
                f"该{self.noun}为{obj.get_secret_level_display()}件，{what}{'、'.join(short)}的涉密等级不足，"
                "不能经手 [31][32]。请调整密级，或请管理员调整人员的涉密等级。"
            )

    def name(self, obj) -> str:
        if obj.secret_level > 0:
            return f"{self.noun}{self.number(obj)}（{obj.get_secret_level_display()}件）"
        return obj.title

    def notify(self, users: Iterable, *, title: str, obj, body: str | None = None, kind: str = "") -> None:
        # A classified title never goes into a notification or an e-mail [32](九).
        if obj.secret_level > 0:
            body = "涉密文件，请登录系统查看。"
        super().notify(users, title=title, obj=obj, body=body, kind=kind)

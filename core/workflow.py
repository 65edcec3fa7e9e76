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


class DocumentFlow:
    """The steps every document service repeats, bound to one document model (收文, 发文 …).

    ``begin`` locks the row and refuses a stale page; ``save`` bumps the version; ``log`` appends to the audit
    trail; ``grant`` puts people on the document (guardian's direct-FK table: the only way to see a
    classified one [32]); ``notify`` tells people on commit — naming a classified document by its number and
    level only, never its title, in the app or by e-mail [32](九).
    """

    def __init__(
        self,
        *,
        model,
        log_model,
        grant_model,
        view_codename: str,
        noun: str,
        number,
        url,
        select_related: tuple[str, ...] = (),
        kind: str = "",
    ) -> None:
        self.model = model
        self.log_model = log_model
        self.grant_model = grant_model
        self.view_codename = view_codename
        self.noun = noun  # 收文 / 发文
        self.number = number  # doc -> the number people know it by
        self.url = url  # doc -> its page
        self.select_related = select_related
        self.kind = kind or f"documents.{model._meta.app_label}"

    def lock(self, pk):
        try:
            return self.model.objects.select_for_update().select_related(*self.select_related).get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise ActionRefused(f"该{self.noun}不存在。") from None

    def stale_message(self, doc):
        def describe() -> str:
            from django.utils import timezone as tz

            from org.selectors import display_name

            last = doc.log.select_related("actor__profile").order_by("-at", "-id").first()
            who = f"{display_name(last.actor)}于{tz.localtime(last.at):%H:%M}" if last else "他人"
            return (
                f"该{self.noun}已被{who}处理（现状态：{doc.get_state_display()}），您的操作没有执行。"
                "请刷新页面查看最新情况后再办理。"
            )

        return describe

    def begin(self, pk, seen_version):
        doc = self.lock(pk)
        check_fresh(doc, seen_version, describe=self.stale_message(doc))
        return doc

    def save(self, doc, *, bump: bool = True) -> None:
        """Save; ``bump`` marks a change that makes pages loaded before it stale (state, holder, handling)."""
        if bump:
            doc.version += 1
        doc.save()

    def log(self, doc, actor, action: str, label: str, from_state: str, comment: str = ""):
        return record(
            self.log_model,
            document=doc,
            actor=actor,
            action=action,
            action_label=label,
            from_state=from_state,
            to_state=doc.state,
            comment=comment,
        )

    def grant(self, doc, users) -> None:
        from django.contrib.auth.models import Permission

        permission = Permission.objects.get(
            content_type__app_label=self.model._meta.app_label, codename=self.view_codename
        )
        self.grant_model.objects.bulk_create(
            [
                self.grant_model(user=user, permission=permission, content_object=doc)
                for user in {u.pk: u for u in users if u is not None}.values()
            ],
            ignore_conflicts=True,
        )

    def safe_name(self, doc) -> str:
        """The document as a notification, an e-mail or a log read by others may name it."""
        if doc.secret_level > 0:
            return f"{self.noun}{self.number(doc)}（{doc.get_secret_level_display()}件）"
        return doc.title

    def notify(self, users, *, title: str, doc, body: str = "", kind: str = "") -> None:
        from . import notifications

        users = [u for u in users if u is not None]
        if not users:
            return
        if doc.secret_level > 0:
            body = "涉密文件，请登录系统查看。"
        notifications.notify(users, title=title, body=body or doc.title, url=self.url(doc), kind=kind or self.kind)

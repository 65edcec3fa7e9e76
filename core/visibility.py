"""Who may see an item that may be classified: the rule every chapter's ONE visibility selector is built on.

An item is visible to a person when
- it is unclassified and the person's role may view that kind of item (the model's ``view_`` permission,
  given to roles in each app's ``roles.py``) — or the person is *on* it; or
- it is classified, the person's clearance covers its level, the person is *on* it, and the person has
  pledged to this year's confidentiality rules [31], [32]. Superusers are not exempt.

"On it" is a row in the model's guardian direct foreign-key table (``UserObjectPermissionBase``), written
by ``core.workflow.DocumentFlow.grant``; the table's unique (user, permission, object) index serves the
filter (PERFORMANCE.md: permission filters).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet, Subquery
from django.http import Http404

from org.confidentiality import has_pledged
from org.selectors import clearance_of

from . import audit


def secret_covers(clearance: int, level: int) -> bool:
    """A clearance covers every level up to its own [31], [32]."""
    return int(clearance) >= int(level)


class Visibility:
    """The visibility rule bound to one model and its grant table.

    ``queryset(user)`` is what an app's ``<thing>_visible_to(user)`` returns; ``condition(user, prefix)`` is
    the same rule as a ``Q`` on the item or, with ``prefix="document__"``, on rows pointing to one.
    """

    def __init__(self, *, model, grant_model, level_field: str = "secret_level") -> None:
        self.model = model
        self.grant_model = grant_model
        self.level_field = level_field
        self.codename = f"view_{model._meta.model_name}"
        self.perm = f"{model._meta.app_label}.{self.codename}"
        self.noun = model._meta.verbose_name

    def granted_ids(self, user, *, standalone: bool = False) -> QuerySet:
        """Ids of the items this person is *on*.

        ``standalone`` names the permission by a scalar subquery instead of a join, for a condition used on its
        own (``parts``): with the join PostgreSQL guesses ~10,000 grants for a clerk on a million documents and
        probed the documents a million times (29 s at 1M, issue 13). Inside the OR of ``condition`` the join's
        low guess is what keeps the planner on a cheap hashed subplan, so it stays there."""
        if not standalone:
            return self.grant_model.objects.filter(user=user, permission__codename=self.codename).values(
                "content_object_id"
            )
        from django.contrib.auth.models import Permission

        permission = Permission.objects.filter(
            content_type__app_label=self.model._meta.app_label, codename=self.codename
        ).values("pk")[:1]
        return self.grant_model.objects.filter(user=user, permission_id=Subquery(permission)).values(
            "content_object_id"
        )

    def condition(self, user, prefix: str = "", *, ignore_pledge: bool = False) -> Q | None:
        """The rule as a condition; ``None`` means nothing at all."""
        parts = self._parts(user, prefix, ignore_pledge=ignore_pledge, standalone=False)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else parts[0] | parts[1]

    def parts(self, user, prefix: str = "", *, ignore_pledge: bool = False) -> list[Q]:
        """The rule as disjoint conditions — unclassified items, then (if any) classified ones — whose OR is
        ``condition``. Counting each part alone lets an index answer the count: the OR of the two defeats
        every index (PERFORMANCE.md: permission filters). Empty means nothing at all."""
        return self._parts(user, prefix, ignore_pledge=ignore_pledge, standalone=True)

    def _parts(self, user, prefix: str, *, ignore_pledge: bool, standalone: bool) -> list[Q]:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return []
        level = f"{prefix}{self.level_field}"
        on_item = Q(**{f"{prefix}pk__in": self.granted_ids(user, standalone=standalone)})
        unclassified = Q(**{level: 0})
        if not user.has_perm(self.perm):
            unclassified &= on_item
        clearance = clearance_of(user)
        if clearance <= 0 or not (ignore_pledge or has_pledged(user)):
            # Classified papers also need this year's confidentiality pledge [32].
            return [unclassified]
        return [unclassified, Q(**{f"{level}__gt": 0, f"{level}__lte": clearance}) & on_item]

    def queryset(self, user, *, ignore_pledge: bool = False) -> QuerySet:
        """Every item ``user`` may see. ``ignore_pledge`` is only for telling someone they must pledge
        first, never for showing an item."""
        condition = self.condition(user, ignore_pledge=ignore_pledge)
        qs = self.model.objects.all()
        return qs.none() if condition is None else qs.filter(condition)

    def on_queryset(self, user) -> QuerySet:
        """Every item ``user`` is *on* and may see — ``queryset(user)`` narrowed to their grants, written so the
        grants are read once. Being on an item already meets the unclassified half's role test, so the rule
        reduces to the level check [31], [32]: unclassified, or within the clearance once pledged. The OR of
        ``condition`` would put a second probe of the grants in every row (issue 13: a clerk's 我经手的)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.model.objects.none()
        clearance = clearance_of(user)
        level = (
            Q(**{f"{self.level_field}__lte": clearance})
            if clearance > 0 and has_pledged(user)
            else Q(**{self.level_field: 0})
        )
        return self.model.objects.filter(level, pk__in=self.granted_ids(user, standalone=True))

    def get_for(self, user, pk, *, queryset: QuerySet | None = None, select_related: Iterable[str] = ()):
        """One item, answering 404 both for "missing" and for "not yours" [31], [32]."""
        qs = queryset if queryset is not None else self.queryset(user)
        try:
            return qs.select_related(*select_related).get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError):
            audit.classified_refused(user, self.model, pk, self.level_field)  # to the security log, if classified
            raise Http404(f"该{self.noun}不存在，或您无权查看。") from None

    def needs_pledge_for(self, user, pk) -> bool:
        """True when this person could open the item but for this year's confidentiality pledge [32]."""
        if has_pledged(user):
            return False
        return self.queryset(user, ignore_pledge=True).filter(pk=pk, **{f"{self.level_field}__gt": 0}).exists()

    def grant(self, obj, users: Iterable) -> None:
        """Put people on the item (idempotent)."""
        from django.contrib.auth.models import Permission

        permission = Permission.objects.get(content_type__app_label=self.model._meta.app_label, codename=self.codename)
        self.grant_model.objects.bulk_create(
            [
                self.grant_model(user=user, permission=permission, content_object=obj)
                for user in {u.pk: u for u in users if u is not None}.values()
            ],
            ignore_conflicts=True,
        )

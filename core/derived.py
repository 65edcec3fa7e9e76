"""Columns computed from other columns — a search's keys — kept right by every way a row is written (issue 13).

A model whose search reads a derived column (the two-character pieces of its title, a number in one spelling)
declares them once::

    class Document(DerivedColumnsMixin, WorkflowModel):
        derived = DerivedColumns(search_bigrams=(("title", "number"), bigrams.bigrams))
        objects = DerivedQuerySet.as_manager()

and ``save`` (also of a partly loaded row), the queryset's ``bulk_create``, ``bulk_update`` and ``update`` all
write the derived columns with their sources. A column is computed only when all its sources are loaded, so
filling it never costs a query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models, transaction


class DerivedColumns:
    """Each derived column with the fields it is computed from and the function computing it."""

    def __init__(self, **columns: tuple[tuple[str, ...], Callable[..., str]]) -> None:
        self.columns = columns
        self.sources = tuple(dict.fromkeys(source for sources, _ in columns.values() for source in sources))

    def fill(self, obj, only: Iterable[str] | None = None) -> None:
        """Compute the columns whose sources are all loaded (and, with ``only``, one of them is being written)."""
        deferred = obj.get_deferred_fields()
        written = None if only is None else set(only)
        for name, (sources, compute) in self.columns.items():
            if deferred.intersection(sources) or (written is not None and not written.intersection(sources)):
                continue
            setattr(obj, name, compute(*(getattr(obj, source) for source in sources)))

    def with_columns(self, fields: Iterable[str]) -> list[str]:
        """``fields`` plus the columns derived from any of them."""
        fields = list(fields)
        for name, (sources, _) in self.columns.items():
            if set(sources).intersection(fields) and name not in fields:
                fields.append(name)
        return fields


class DerivedQuerySet(models.QuerySet):
    """The bulk writes keep the model's ``derived`` columns."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            self.model.derived.fill(obj)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            self.model.derived.fill(obj)
        return super().bulk_update(objs, self.model.derived.with_columns(fields), *args, **kwargs)

    def update(self, **kwargs):
        derived = self.model.derived
        if not set(kwargs).intersection(derived.sources):
            return super().update(**kwargs)
        # A derived column depends on its sources row by row: re-computed for the rows just written.
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            plain = self.model._base_manager.using(self.db)
            rows = list(plain.filter(pk__in=pks).only("pk", *derived.sources))
            for obj in rows:
                derived.fill(obj)
            plain.bulk_update(rows, list(derived.columns), batch_size=1000)
        return count


class DerivedColumnsMixin:
    """``save`` writes the derived columns with their sources, also for a partly loaded row."""

    derived: DerivedColumns

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        deferred = self.get_deferred_fields()
        if update_fields is None and deferred and not self._state.adding:
            # Django saves only the loaded fields of a partly loaded row: name them, with the derived columns.
            update_fields = [
                f.attname for f in self._meta.concrete_fields if f.attname not in deferred and not f.primary_key
            ]
        self.derived.fill(self, only=update_fields)
        if update_fields is not None:
            kwargs["update_fields"] = self.derived.with_columns(update_fields)
        super().save(*args, **kwargs)

"""Re-encrypt petitioners' personal data under the current key; recompute the blind indexes; or only check [47]–[50].

    manage.py rotate_petition_keys --check      # which rows the configured keys cannot open (read-only)
    manage.py rotate_petition_keys              # every token not under the first key → re-encrypted under it
    manage.py rotate_petition_keys --reindex    # also every blind index → recomputed under PETITIONS_INDEX_KEY

docs/petitions-keys.md gives the procedure. Every ``EncryptedTextField`` of every model is found by itself (a field
added later is rotated too). Rows go in primary-key order, ``--batch`` at a time, each batch one transaction with
its rows locked; a token already under the first key and an index already right are left alone, so a second run
(or a run after an interruption) writes nothing it does not have to.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import TextField, Value
from django.db.models.functions import Cast

from petitions import crypto


class Command(BaseCommand):
    help = "把信访人个人信息重新加密到当前（第一个）密钥；--reindex 用当前索引密钥重算盲索引；--check 只检查。"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只检查：列出现有密钥解不开的行，不改数据")
        parser.add_argument("--reindex", action="store_true", help="同时用 PETITIONS_INDEX_KEY 重算盲索引")
        parser.add_argument("--batch", type=int, default=500, help="每批（一个事务）的行数，默认 500")

    def handle(self, *args, check=False, reindex=False, batch=500, **options):
        if batch < 1:
            raise CommandError("--batch 须为正整数。")
        crypto.reset_keys()  # the keys of this process's settings, not ones cached before
        self.unreadable: list[str] = []
        self.stale_tokens = self.stale_indexes = self.rotated = self.reindexed = self.rows = 0
        targets = [(model, crypto.encrypted_fields(model)) for model in apps.get_models()]
        targets = [(model, fields) for model, fields in targets if fields]
        for model, fields in targets:
            self._walk(model, fields, crypto.blind_index_pairs(model), check=check, reindex=reindex, batch=batch)
        self._report(check, reindex, targets)

    def _walk(self, model, fields, pairs, *, check, reindex, batch) -> None:
        """One model, in primary-key order, one locked batch per transaction."""
        raw = {f"raw_{f.attname}": Cast(f.attname, output_field=TextField()) for f in fields}
        index_names = [index.attname for _, index, _ in pairs]
        last = None
        while True:
            with transaction.atomic():
                rows = model._base_manager.order_by("pk")
                if last is not None:
                    rows = rows.filter(pk__gt=last)
                if not check:
                    rows = rows.select_for_update()
                rows = list(rows.annotate(**raw).values("pk", *raw, *index_names)[:batch])
                if not rows:
                    return
                last = rows[-1]["pk"]
                self.rows += len(rows)
                self._batch(model, fields, pairs, rows, check=check, reindex=reindex)

    def _batch(self, model, fields, pairs, rows, *, check, reindex) -> None:
        changed: dict[int, dict[str, object]] = {}
        for row in rows:
            clear: dict[str, str] = {}
            for field in fields:
                stored = row[f"raw_{field.attname}"] or ""
                try:
                    clear[field.attname] = crypto.decrypt(stored)
                except ValueError:
                    self.unreadable.append(f"{model._meta.label} pk={row['pk']} {field.attname}")
                    continue
                if not crypto.is_current(stored):
                    self.stale_tokens += 1
                    if not check:
                        token = crypto.rotate(stored)
                        # A Value typed as plain text: the field would encrypt the token a second time.
                        changed.setdefault(row["pk"], {})[field.attname] = Value(token, output_field=TextField())
                        self.rotated += 1
            for source, index, kind in pairs:
                if source.attname not in clear:
                    continue  # unreadable: reported above, its index left as it is
                right = crypto.index_of(kind, clear[source.attname])
                if row[index.attname] != right:
                    self.stale_indexes += 1
                    if reindex and not check:
                        changed.setdefault(row["pk"], {})[index.attname] = right
                        self.reindexed += 1
        if not changed:
            return
        objects, names = [], set()
        for pk, values in changed.items():
            instance = model(pk=pk)
            for name, value in values.items():
                setattr(instance, name, value)
                names.add(name)
            objects.append(instance)
        # Only the listed columns are written: no updated_at, no version, nothing else of the row.
        model._base_manager.bulk_update(objects, sorted(names))

    def _report(self, check, reindex, targets) -> None:
        where = "、".join(
            f"{m._meta.verbose_name}（{'、'.join(str(f.verbose_name) for f in fs)}）" for m, fs in targets
        )
        self.stdout.write(f"加密字段：{where or '无'}；共 {self.rows} 行。")
        if check:
            self.stdout.write(
                "均已使用当前（第一个）密钥。"
                if not self.stale_tokens
                else f"{self.stale_tokens} 个值仍用旧密钥加密：执行 rotate_petition_keys 重新加密。"
            )
            if self.stale_indexes:
                self.stdout.write(
                    f"{self.stale_indexes} 个盲索引与当前索引密钥不符：执行 rotate_petition_keys --reindex。"
                )
        else:
            self.stdout.write(f"重新加密 {self.rotated} 个值。")
            if reindex:
                self.stdout.write(f"重算 {self.reindexed} 个盲索引。")
            elif self.stale_indexes:
                self.stdout.write(f"{self.stale_indexes} 个盲索引与当前索引密钥不符：加 --reindex 重算。")
        if self.unreadable:
            for line in self.unreadable[:50]:
                self.stderr.write(f"  解不开：{line}")
            raise CommandError(
                f"{len(self.unreadable)} 个值用现有密钥解不开（PETITIONS_PII_KEYS 里缺了加密它们的旧密钥？）"
                "：这些值未改动。"
            )

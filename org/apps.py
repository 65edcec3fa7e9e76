from django.apps import AppConfig, apps
from django.db import connections
from django.db.models.signals import post_migrate


def _sync_roles(sender, verbosity=1, using="default", stdout=None, **kwargs):
    """``migrate`` applies the code's role table too, the same way ``manage.py sync_roles`` does."""
    # Groups carry permissions of models from every app, and Django creates each app's permissions in
    # that app's own post_migrate. So the roles are synced once, after the last app with models.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    from .models import CodeGrantedPermission
    from .roles import sync_roles

    # Migrating org backwards (or only part of the way) leaves no record table to sync against.
    if CodeGrantedPermission._meta.db_table not in connections[using].introspection.table_names():
        return
    report = sync_roles()
    if report.changed and verbosity >= 1 and stdout is not None:
        stdout.write(report.summary(limit=None if verbosity >= 2 else 0))


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = "组织机构"

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="org.sync_roles")

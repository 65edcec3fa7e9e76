from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs):
    # Groups carry permissions of models from every app, and Django creates each app's permissions in
    # that app's own post_migrate. So the roles are synced once, after the last app with models.
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    from .roles import sync_role_groups

    sync_role_groups()


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = "组织机构"

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="org.sync_roles")

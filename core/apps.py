from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共功能"

    def ready(self):
        from . import audit, logs

        logs.install_record_factory()  # request id and user id on every log line
        logs.connect_celery()  # a task logs under the request that queued it
        audit.connect_security_signals()  # sign-in failures and lockouts to "zaduo.security"

        from . import workqueue

        workqueue.install_invalidation()  # the 待办 badge's cached counts drop on any write to a chapter's tables

        from django.contrib import admin

        from . import admin_rules

        admin_rules.apply(admin.site)  # nothing deleted without a listed reason; the admin in Chinese

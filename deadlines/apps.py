from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    label = "deadlines"
    verbose_name = "期限与提醒"

    def ready(self) -> None:
        from . import registry
        from .sources.incoming import SOURCES

        # The incoming-document rules [26(1)], [26(6)5], [26(6)7], [28(1)], [33]. Later chapters register
        # their own sources from their AppConfig.ready() the same way.
        for source in SOURCES:
            registry.register(source)

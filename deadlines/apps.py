from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    """The engine only: each chapter registers its own sources from its ``AppConfig.ready()``."""

    name = "deadlines"
    label = "deadlines"
    verbose_name = "期限与提醒"

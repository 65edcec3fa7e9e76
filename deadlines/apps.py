from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    """The engine only: each chapter registers its own sources from its ``AppConfig.ready()``."""

    name = "deadlines"
    label = "deadlines"
    verbose_name = "期限与提醒"

    def ready(self) -> None:
        from core import notices

        from .notices import calendar_notices

        # 我的待办 warns when next year's holiday arrangements (调休) are not entered yet.
        notices.register("deadlines.calendar", calendar_notices)

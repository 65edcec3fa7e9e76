from django.apps import AppConfig


class DutyConfig(AppConfig):
    name = "duty"
    label = "duty"
    verbose_name = "值班"

    def ready(self) -> None:
        pass

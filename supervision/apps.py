from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    label = "supervision"
    verbose_name = "督查"

    def ready(self) -> None:
        pass

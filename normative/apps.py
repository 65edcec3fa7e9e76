from django.apps import AppConfig


class NormativeConfig(AppConfig):
    """规范性文件 (第十三条 [13]): the register of normative documents — 法制科 review, publication, filing with the
    higher level, validity, interpretation and clean-up."""

    name = "normative"
    label = "normative"
    verbose_name = "规范性文件"

    def ready(self) -> None:
        from . import lifecycle, signals  # noqa: F401  (registers the lifecycles)

        # The outgoing link: a normative outgoing document distributed is registered, once [13][30(5)].
        signals.connect()

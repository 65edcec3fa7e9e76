from django.apps import AppConfig


class LegalConfig(AppConfig):
    """行政法制 (第十三条 [13]): administrative reconsideration and litigation cases with their deadlines, and the
    clean-up of administrative licensing items."""

    name = "legal"
    label = "legal"
    verbose_name = "行政复议与应诉"

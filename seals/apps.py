from django.apps import AppConfig


class SealsConfig(AppConfig):
    """印信与印章管理 (第七条 [7]): the county government's seals, each use of one, and the seals the office makes
    for departments."""

    name = "seals"
    label = "seals"
    verbose_name = "印信"

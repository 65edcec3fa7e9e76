from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    """组织协调 (第九条 [9], 第十五条 [15]): disputes between departments and townships the office coordinates, up to
    the leader's decision and its follow-up."""

    name = "coordination"
    label = "coordination"
    verbose_name = "协调事项"

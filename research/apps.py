from django.apps import AppConfig


class ResearchConfig(AppConfig):
    """调查研究 (第四条 [4]) and 文字综合 (第五条 [5]): research tasks, and drafts of work
    reports and leaders' speeches."""

    name = "research"
    label = "research"
    verbose_name = "调研与文字综合"

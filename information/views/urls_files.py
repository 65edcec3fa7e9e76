"""The week against the quota, the scores and the 通报, the office's 《政务信息》, the statistics and the register
as Excel [44]–[46]."""

from django.urls import path

from . import files, stats

urlpatterns: list = [
    path("week/", files.week, name="week"),
    path("scores/", files.scores, name="scores"),
    path("scores/ranking.pdf", files.ranking_pdf, name="ranking_pdf"),
    path("publications/", files.publications, name="publications"),
    path("publications/new", files.publication_create, name="publication_create"),
    path("publications/<int:pk>/", files.publication, name="publication"),
    path("publications/<int:pk>/items", files.publication_items, name="publication_items"),
    path("publications/<int:pk>/issue", files.publication_issue, name="publication_issue"),
    path("publications/<int:pk>/pdf", files.publication_pdf, name="publication_pdf"),
    path("statistics/", stats.stats, name="stats"),
    path("register.xlsx", files.export, name="export"),
]

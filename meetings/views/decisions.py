"""Placeholder routes (the URL names other modules use); the pages are being built."""

from django.http import Http404
from django.urls import path


def decision(request, pk=None):
    raise Http404("页面建设中。")


urlpatterns: list = [
    path("decisions/<int:pk>/", decision, name="decision"),
]

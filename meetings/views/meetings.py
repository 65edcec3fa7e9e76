"""Placeholder routes (the URL names other modules use); the pages are being built."""

from django.http import Http404
from django.urls import path


def detail(request, pk=None):
    raise Http404("页面建设中。")


urlpatterns: list = [
    path("<int:pk>/", detail, name="detail"),
]

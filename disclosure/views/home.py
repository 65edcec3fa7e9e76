"""政务公开 overview [35], [36]: the units' catalogues, the inspections under way and the overdue findings."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import path


def home(request):
    return render(request, "disclosure/home.html", {"title": "政务公开"})


urlpatterns: list = [
    path("", home, name="home"),
]

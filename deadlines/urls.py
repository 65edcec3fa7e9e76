from django.urls import path

from . import views

app_name = "deadlines"

urlpatterns = [
    path("", views.board, name="board"),
    path("scan/", views.scan_now, name="scan_now"),
]

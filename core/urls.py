from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read, name="notifications_read"),
    path("chapter/<slug:slug>/", views.chapter, name="chapter"),
    path("group/<slug:slug>/", views.group, name="group"),
]

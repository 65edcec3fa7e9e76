from django.urls import path

from . import views

app_name = "outgoing"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("<int:pk>/", views.document_list, name="detail"),
]

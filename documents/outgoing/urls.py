from django.urls import path

from . import views

app_name = "outgoing"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.create, name="create"),
    path("register/", views.register, name="register"),
    path("register.<str:fmt>", views.register_export, name="register_export"),
    path("lifecycle/", views.lifecycle_page, name="lifecycle"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/text/", views.edit_text, name="edit_text"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/sheet.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/document.pdf", views.document_pdf, name="document_pdf"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]

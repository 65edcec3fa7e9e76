"""公务接待 pages [6]."""

from django.urls import path

from .views import files, pages, steps

app_name = "reception"

urlpatterns: list = [
    path("", pages.reception_list, name="list"),
    path("new/", pages.reception_create, name="create"),
    path("lifecycle/", pages.lifecycle_page, name="lifecycle"),
    path("ledger.xlsx", files.export, name="export"),
    path("<int:pk>/", pages.reception_detail, name="detail"),
    path("<int:pk>/edit/", pages.reception_edit, name="edit"),
    path("<int:pk>/record/", pages.record_form, name="record"),
    path("<int:pk>/act/<slug:action>/", steps.act, name="act"),
    path("<int:pk>/letter", files.letter, name="letter"),
    path("<int:pk>/schedule.pdf", files.schedule_pdf, name="schedule_pdf"),
    path("<int:pk>/record.pdf", files.record_pdf, name="record_pdf"),
]

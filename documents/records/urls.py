from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("", views.index, name="index"),
    path("file/<str:doc_kind>/<int:pk>/", views.file_document, name="file"),
    path("archive/", views.archive, name="archive"),
    path("components/<int:pk>/", views.component, name="component"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/new/", views.transfer_create, name="transfer_create"),
    path("transfers/<int:year>/list.<str:fmt>", views.transfer_list, name="transfer_list"),
    path("fixity/", views.fixity, name="fixity"),
    path("custody/", views.custody, name="custody"),
    path("custody/<str:doc_kind>/<int:pk>/", views.custody_record, name="custody_record"),
    path("destruction/", views.destruction_lists, name="destruction_lists"),
    path("destruction/new/", views.destruction_create, name="destruction_create"),
    path("destruction/<int:pk>/", views.destruction, name="destruction"),
    path("destruction/<int:pk>/add/", views.destruction_add, name="destruction_add"),
    path("destruction/<int:pk>/submit/", views.destruction_submit, name="destruction_submit"),
    path("destruction/<int:pk>/decide/", views.destruction_decide, name="destruction_decide"),
    path("destruction/<int:pk>/supervise/", views.destruction_supervise, name="destruction_supervise"),
    path("destruction/<int:pk>/complete/", views.destruction_complete, name="destruction_complete"),
    path("destruction/<int:pk>/list.pdf", views.destruction_pdf, name="destruction_pdf"),
]

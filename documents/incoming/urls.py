from django.urls import path

from . import absences, views

app_name = "incoming"

urlpatterns = [
    path("", views.registry, name="list"),
    path("waiting/", views.waiting, name="waiting"),
    path("mine/", views.mine, name="mine"),
    path("register/", views.register, name="register"),
    path("hand-out/", views.hand_out, name="hand_out"),
    path("register-book/", views.register_book, name="register_book"),
    path("lifecycle/", views.lifecycle_page, name="lifecycle"),
    path("absences/", absences.absences, name="absences"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/distribute/", views.distribute, name="distribute"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/pass-over/", views.pass_over, name="pass_over"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/chase/", views.chase, name="chase"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/receive-original/", views.receive_original, name="receive_original"),
    path("<int:pk>/mark-funding/", views.mark_funding, name="mark_funding"),
    path("<int:pk>/register-late/", views.register_late, name="register_late"),
    path("<int:pk>/return/", views.propose_return, name="propose_return"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/sheet.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("returns/<int:proposal_id>/decide/", views.decide_return, name="decide_return"),
    path("returns/<int:proposal_id>/slip.pdf", views.return_slip_pdf, name="return_slip_pdf"),
    path("attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]

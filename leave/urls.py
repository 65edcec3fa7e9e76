from django.urls import path

from . import views

app_name = "leave"

# The pages of 请销假 [51], [54]: requests and their steps, who is away, exports, the calendar feed, statistics.
urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.create, name="create"),
    path("plan/", views.plan, name="plan"),
    path("lifecycle/", views.lifecycle_page, name="lifecycle"),
    path("board/", views.board, name="board"),
    path("month/", views.month, name="month"),
    path("people/<int:user_id>/", views.person_year, name="person_year"),
    path("attendance.xlsx", views.attendance_xlsx, name="attendance_xlsx"),
    path("stats/", views.stats, name="stats"),
    path("calendar-feed/", views.feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/extend/", views.extend, name="extend"),
    path("<int:pk>/attachment/", views.attachment, name="attachment"),
    path("<int:pk>/form.pdf", views.form_pdf, name="form_pdf"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]

from django.urls import path

from . import views

app_name = "leave"

# The pages of 请销假 [51], [54]. The list and a request's page for now; the form, the approval page, the
# board, the calendar, the year page and the exports follow (they call ``services`` and ``selectors``).
urlpatterns = [
    path("", views.request_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
]

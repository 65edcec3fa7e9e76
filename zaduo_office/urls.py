from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ops import views as ops_views
from org import views as org_views

admin.site.site_header = "杂多县政府办公室 管理后台"
admin.site.site_title = "杂多县政府办公室"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", org_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("healthz", ops_views.healthz, name="healthz"),  # answered first by ops.middleware
    path("admin/", admin.site.urls),
    path("deadlines/", include("deadlines.urls")),
    path("incoming/", include("documents.incoming.urls")),
    path("org/", include("org.urls")),
    path("records/", include("documents.records.urls")),
    path("outgoing/", include("documents.outgoing.urls")),
    path("leave/", include("leave.urls")),
    path("meetings/", include("meetings.urls")),
    path("supervision/", include("supervision.urls")),
    path("duty/", include("duty.urls")),
    path("petitions/", include("petitions.urls")),
    path("information/", include("information.urls")),
    path("disclosure/", include("disclosure.urls")),
    path("seals/", include("seals.urls")),
    path("normative/", include("normative.urls")),
    path("legal/", include("legal.urls")),
    path("coordination/", include("coordination.urls")),
    path("research/", include("research.urls")),
    path("reception/", include("reception.urls")),
    path("", include("core.urls")),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

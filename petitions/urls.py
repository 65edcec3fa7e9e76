"""信访 pages. Each view module owns its routes (``urlpatterns``) so the pages grow module by module."""

app_name = "petitions"

urlpatterns = []

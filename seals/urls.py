"""印信 pages."""

app_name = "seals"

urlpatterns: list = []

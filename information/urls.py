"""The chapter's addresses: the items' pages and steps (``views/urls_pages.py``), and the week, scores,
publications, statistics and files (``views/urls_files.py``)."""

from .views import urls_files, urls_pages

app_name = "information"

urlpatterns = [*urls_pages.urlpatterns, *urls_files.urlpatterns]

"""The items' pages (the list, 报送信息, one item, 编辑, 比对, attachments) and their steps [44]–[46]."""

from . import items, steps

urlpatterns: list = [*items.urlpatterns, *steps.urlpatterns]

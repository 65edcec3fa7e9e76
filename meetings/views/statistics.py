"""Placeholder routes (the URL names other modules use); the pages are being built."""



urlpatterns: list = []

"""Uploaded originals: the one check in ``core.uploads`` (type by content, a PDF parsed, size limit)."""

from core.uploads import check_upload, validate_upload

__all__ = ["check_upload", "validate_upload"]

"""Uploaded originals: the generic check in ``core.uploads`` (type by content, size limit)."""

from core.uploads import EXTENSIONS, SIGNATURES, sniff, validate_upload

__all__ = ["EXTENSIONS", "SIGNATURES", "sniff", "validate_upload"]

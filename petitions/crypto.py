"""Petitioners' ID and phone numbers at rest: encrypted, and found again through a keyed hash (blind index).

ID numbers and phone numbers are sensitive personal information under the Personal Information Protection Law
(个人信息保护法 第二十八条), and petitioners' personal data is the most sensitive data the office keeps [47]–[50].
A database dump alone must reveal none of them, so:

- ``EncryptedTextField`` stores a Fernet token (AES-128-CBC + HMAC-SHA256, a fresh IV per write, so the same
  number never gives the same ciphertext). Keys come from ``settings.PETITIONS_PII_KEYS``: the first encrypts,
  every one decrypts, so a new key is put first and ``manage.py rotate_petition_keys`` re-encrypts the rows
  before the old key is dropped (docs/petitions-keys.md).
- ``blind_index(kind, value)`` is an HMAC-SHA256 of the normalised value under ``settings.PETITIONS_INDEX_KEY``;
  equal numbers give equal indexes, so repeat petitions are found with an indexed equality, and without the key
  the index cannot be reversed by hashing every possible ID number (an unkeyed hash could: there are only ~10^10).

Only petition staff and a case's handlers ever see the clear value on a page; everyone else sees
``petitions.identity.mask_*`` (rules.can_see_personal_data decides).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models

TOKEN_PREFIX = "pii1:"  # marks a stored value as ours, so a plain value left by a bug is noticed, never shown


def derived_key(secret: str, purpose: str) -> bytes:
    """A Fernet key derived from ``secret`` for one purpose: the default outside production (settings.py)."""
    digest = hashlib.sha256(f"zaduo-office:{purpose}:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _fernet() -> MultiFernet:
    keys = list(getattr(settings, "PETITIONS_PII_KEYS", []) or [])
    if not keys:
        raise ImproperlyConfigured("PETITIONS_PII_KEYS 未设置：信访人身份证号、电话无法加密保存。")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("PETITIONS_PII_KEYS 中有无效的密钥（须为 Fernet 密钥）。") from exc


@cache
def _current_fernet() -> Fernet:
    """The first key alone: a token it opens needs no rotation."""
    _fernet()  # the same checks, the same messages
    return Fernet(settings.PETITIONS_PII_KEYS[0])


def reset_keys() -> None:
    """Forget the cached keys (after settings change: tests, the rotation command)."""
    _fernet.cache_clear()
    _current_fernet.cache_clear()


def _keys_changed(*, setting, **kwargs) -> None:
    # override_settings / the pytest ``settings`` fixture: a test that swaps keys must not keep the old ones.
    if setting == "PETITIONS_PII_KEYS":
        reset_keys()


setting_changed.connect(_keys_changed, dispatch_uid="petitions.crypto.keys_changed")


def _token(stored: str) -> bytes:
    """The Fernet token inside a stored value; ValueError for anything we did not write."""
    if not stored.startswith(TOKEN_PREFIX):
        raise ValueError("stored personal data is not encrypted")
    try:
        return stored[len(TOKEN_PREFIX) :].encode("ascii")
    except UnicodeEncodeError as exc:
        raise ValueError("stored personal data is not a token of ours") from exc


def encrypt(value: str) -> str:
    if value == "":
        return ""
    return TOKEN_PREFIX + _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored:
        return ""
    try:
        return _fernet().decrypt(_token(stored)).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("stored personal data cannot be decrypted with the configured keys") from exc


def rotate(stored: str) -> str:
    """The same value encrypted under the current (first) key; ValueError if no configured key opens it."""
    if not stored:
        return ""
    try:
        token = _fernet().rotate(_token(stored))
    except InvalidToken as exc:
        raise ValueError("stored personal data cannot be decrypted with the configured keys") from exc
    return TOKEN_PREFIX + token.decode("ascii")


def is_current(stored: str) -> bool:
    """Whether ``stored`` is empty or opens with the first key (then rotating it would change nothing)."""
    if not stored:
        return True
    try:
        _current_fernet().decrypt(_token(stored))
    except (ValueError, InvalidToken):
        return False
    return True


def blind_index(kind: str, normalised_value: str) -> str:
    """Keyed hash of an already-normalised value (identity.normalise_*), or "" for no value."""
    if not normalised_value:
        return ""
    key = getattr(settings, "PETITIONS_INDEX_KEY", "")
    if not key:
        raise ImproperlyConfigured("PETITIONS_INDEX_KEY 未设置：无法查找重复信访。")
    message = f"{kind}:{normalised_value}".encode()
    return hmac.new(str(key).encode(), message, hashlib.sha256).hexdigest()[:40]


def encrypted_fields(model) -> list[models.Field]:
    """The model's EncryptedTextFields (the rotation command and the at-rest tests find them this way)."""
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def _normalisers() -> dict:
    from .identity import normalise_id_number, normalise_phone

    return {"id": normalise_id_number, "phone": normalise_phone}


def index_of(kind: str, clear_value: str) -> str:
    """The blind index of a clear value of ``kind`` ("id", "phone"), normalised first as the desk does."""
    return blind_index(kind, _normalisers()[kind](clear_value or ""))


def blind_index_pairs(model) -> list[tuple[models.Field, models.Field, str]]:
    """(encrypted field, its blind-index field, kind) of ``model``, by the naming the models keep:
    ``id_number`` → ``id_index`` (kind "id"), ``phone`` → ``phone_index`` (kind "phone"); ``<x>_index`` beside an
    encrypted ``<x>`` or ``<x>_number`` in general."""
    names = {f.name: f for f in model._meta.concrete_fields}
    pairs = []
    for field in encrypted_fields(model):
        stem = field.name.removesuffix("_number")
        index = names.get(f"{stem}_index")
        if index is not None and stem in _normalisers():
            pairs.append((field, index, stem))
    return pairs


class EncryptedTextField(models.TextField):
    """A text column holding ciphertext; Python code sees the clear value. Not searchable: use a blind index."""

    description = "加密保存的文本"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return encrypt(str(value))

    def get_lookup(self, lookup_name):
        # Ciphertext compares equal to nothing: a filter on the clear value is a bug, so refuse it loudly.
        if lookup_name not in {"isnull"}:
            raise TypeError(f"an encrypted field cannot be filtered with __{lookup_name}; use its blind index")
        return super().get_lookup(lookup_name)

"""Petitioners' identity numbers: normalised, checked, and masked for everyone who may not see them [47]–[50].

The 18-digit 公民身份号码 (GB 11643-1999) ends with a check character computed from the first 17 digits (ISO 7064
MOD 11-2); a mistyped number fails the check and is refused at the desk rather than stored wrong.
"""

from __future__ import annotations

import re
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


def normalise_id_number(value: str) -> str:
    """Upper-case, no spaces or dashes; full-width digits and Ｘ become half-width."""
    value = (value or "").strip().translate(str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX"))
    return re.sub(r"[\s\-]", "", value).upper()


def id_check_character(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_number_problem(value: str) -> str:
    """Why a (normalised) ID number is wrong, in Chinese, or "" when it is valid."""
    if not _ID_SHAPE.match(value):
        return "身份证号码应为18位：前17位是数字，最后一位是数字或X。"
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号码中的出生日期不存在，请核对。"
    if born.year < 1900 or born > date.today():
        return "身份证号码中的出生日期不存在，请核对。"
    if id_check_character(value[:17]) != value[17]:
        return "身份证号码校验位不符（GB 11643），请核对是否抄错。"
    return ""


def normalise_phone(value: str) -> str:
    """Digits only; a leading +86/0086 country code dropped. Landlines keep their area code (0xxx)."""
    digits = re.sub(r"\D", "", (value or "").translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            digits = digits[len(prefix) :]
    return digits


def phone_problem(value: str) -> str:
    """Why a (normalised) phone number is wrong, or "": an 11-digit mobile or a 7–12 digit landline."""
    if re.fullmatch(r"1[3-9]\d{9}", value) or re.fullmatch(r"0\d{9,11}|\d{7,8}", value):
        return ""
    return "电话号码应为11位手机号，或带区号的固定电话。"


def mask_id_number(value: str) -> str:
    """6301**********1234: the province/prefecture code and the last four stay, as on a printed receipt."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """139****1234."""
    if not value:
        return ""
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_address(value: str) -> str:
    """At most the first six characters (county, township) and the rest hidden: where, roughly, not the door."""
    if not value:
        return ""
    keep = min(6, max(len(value) // 3, 2))
    return value[:keep] + "****"


def mask_name(value: str) -> str:
    """张** — for places that show a petitioner to people who may not know who petitioned (statistics, notices)."""
    if not value:
        return ""
    return value[0] + "*" * max(len(value) - 1, 1)

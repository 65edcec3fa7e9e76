"""来文字号 written one way: the year's brackets as 〔〕 whatever was typed, so a search and the duplicate check
find “杂住建〔2026〕52号” however the clerk or the searcher typed it ([], （）, (), 【】, spaces, full-width digits).

The same function runs when a number is stored (services), when it is searched (selectors) and in the
migration that re-wrote the numbers stored before (0005): one spelling everywhere keeps the search a plain
``icontains`` on the pg_trgm index (PERFORMANCE.md), with no per-row function in the query.
"""

from __future__ import annotations

import re
import unicodedata

# After NFKC (full-width （）［］ become ()[]) every bracket pair the office types becomes the official 〔〕.
_BRACKETS = str.maketrans({"(": "〔", ")": "〕", "[": "〔", "]": "〕", "【": "〔", "】": "〕", "〖": "〔", "〗": "〕"})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """“杂住建 (2026) 52号”, “杂住建[2026]52号”, “杂住建（２０２６）５２号” → “杂住建〔2026〕52号”."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or "").translate(_BRACKETS))


def needs_normalising(text: str) -> bool:
    return normalise(text) != text

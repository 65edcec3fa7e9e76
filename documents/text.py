"""Reading what people typed, the same way for incoming and outgoing documents: the text folded to one form
(spaces, line breaks, full/half width), and the words that say a paper is about money [28(1)], [30(3)1]."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


def normalise(text: str) -> str:
    """The text as the checks read it: full-width letters, digits and punctuation folded to half width (NFKC:
    ，→, ０→0, the full-width space → a space), then every space and line break removed — a phrase broken over
    two lines or typed with spaces is the same phrase."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


# Words that say a paper asks for, grants or spends money: 申请经费 [28(1)], 涉及资金 [30(3)1]. A bare 款 is
# not one: 条款、第三款、款式、落款 are not about money — only the compounds that are (拨款、专款、款项 …).
FUNDING_WORDS = (
    "资金",
    "经费",
    "预算",
    "补助",
    "补贴",
    "奖补",
    "资助",
    "拨付",
    "拨款",
    "专款",
    "款项",
    "贷款",
    "借款",
    "欠款",
    "还款",
    "付款",
    "捐款",
    "善款",
    "赔款",
)
_FUNDING = re.compile("|".join(FUNDING_WORDS))


def funding_words(*texts: str) -> dict[str, int]:
    """How often each money word occurs in ``texts`` (normalised), in the order first seen: {"资金": 5}."""
    found: dict[str, int] = {}
    for text in texts:
        for match in _FUNDING.finditer(normalise(text)):
            found[match.group()] = found.get(match.group(), 0) + 1
    return found


def funding_summary(found: dict[str, int]) -> str:
    """“资金”5次、“补助”1次 — for the question put to the clerk or the drafter."""
    return "、".join(f"“{word}”{count}次" for word, count in found.items())

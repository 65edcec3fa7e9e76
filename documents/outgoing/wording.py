"""The words of a draft: names below 副科级 written into a county government document [30(6)1]; the phrases
“经县人民政府同意/研究” that change who signs an office document [30(3)2]."""

from __future__ import annotations

import re

from documents.text import normalise
from org.models import Profile, Rank

# Unit names that are below 副科级 by their kind: 村(牧)委会, 居委会, a department's 股室. The few characters
# before the suffix are shown so the drafter can find the place; it is a warning, so approximate is enough.
LOW_UNIT_PATTERN = re.compile(r"[\u4e00-\u9fa5]{2,4}(?:村民委员会|牧民委员会|居民委员会|村委会|牧委会|居委会|股室)")


def rank_warnings(text: str) -> list[str]:
    """写入县政府及办公室文件的单位和人员，一般应是副科级以上 [30(6)1] — a warning, never a block.

    People: anyone on the office's roll whose position ranks below 副科级 (or who has none) and whose full
    name appears in the text. Units: names whose kind is below 副科级 (股室, 村(牧)委会, 居委会).
    """
    if not text:
        return []
    warnings = []
    low = (
        Profile.objects.filter(user__is_active=True)
        .exclude(position__rank__gte=Rank.DEPUTY_SECTION)
        .values_list("full_name", flat=True)
    )
    named = sorted({name for name in low if len(name) >= 2 and name in text})
    if named:
        warnings.append(f"文中写入的人员{'、'.join(named)}职级在副科级以下，请确认确需写入 [30(6)1]。")
    units = sorted(set(LOW_UNIT_PATTERN.findall(text)))
    if units:
        warnings.append(f"文中写入的单位{'、'.join(units[:10])}可能在副科级以下，请确认确需写入 [30(6)1]。")
    return warnings


# --- “经县人民政府同意” / “经县人民政府研究” [30(3)2] ----------------------------------------------------------

# 经(杂多)县(人民)政府, not 经县人民政府办公室 (the office's own wording is not the county government's).
_COUNTY_GOVERNMENT = r"经(?:杂多)?县(?:人民)?政府(?!办公室)"
# What may stand between it and 研究/同意: a year, a meeting's number and kind (2026年第3次常务会议).
_MEETING = r"[0-9一二三四五六七八九十百零〇年度第次届常务全体专题县长办公会议]{0,20}?"
# Every 同意/批准 wording, 研究同意 and “研究，同意…” included: needs a county leader's agreement.
AGREED_PATTERN = re.compile(rf"{_COUNTY_GOVERNMENT}{_MEETING}(?:研究(?:决定)?,?)?(?:同意|批准)")
# 研究 not followed by 同意/批准: needs the decided matter (the meeting decision) [30(3)2].
STUDIED_PATTERN = re.compile(rf"{_COUNTY_GOVERNMENT}{_MEETING}研究(?!(?:决定)?,?(?:同意|批准))")


def phrase_flags(text: str) -> tuple[bool, bool]:
    """(says agreed, says studied) of ``text`` [30(3)2], read normalised."""
    flat = normalise(text)
    return bool(AGREED_PATTERN.search(flat)), bool(STUDIED_PATTERN.search(flat))

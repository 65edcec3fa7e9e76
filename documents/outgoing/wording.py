"""The words of a draft: names below 副科级 written into a county government document [30(6)1]."""

from __future__ import annotations

import re

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

"""Who may do what with 规范性文件 (第十三条 [13]) — the ``permission=`` of every transition, citing the article.

第十三条: the office organises the drafting, deliberation, review, amendment and interpretation of normative
documents and proposes their repeal. 法制科 (people whose ``Profile.section`` is the LEGAL section) keeps the
register: registers, publishes, records the filing, answers interpretation requests, runs a clean-up and
proposes a repeal. A clean-up's decision and a repeal proposal are decided by the county head or the executive
deputy head (常务副县长, in charge of 政府法制) — a county-government decision [13]. The office's director and
deputy directors and the county leaders see the whole register; every signed-in person sees the in-force list
(现行有效规范性文件目录), normative documents being public by nature.

Functions named ``can_<verb>(user)`` answer for the chapter; the transitions' permissions take ``(obj, user)``
as django-fsm calls them.
"""

from __future__ import annotations

from org.models import Section
from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role, has_role, roles_of
from org.selectors import section_code_of

DECIDING_ROLES = frozenset({Role.COUNTY_HEAD, Role.EXECUTIVE_DEPUTY_HEAD})
LEGAL_SECTION = Section.Code.LEGAL  # 法制科 keeps the register [13]


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_open_normative(user) -> bool:
    """The chapter (at least its in-force list): every signed-in person of the office, the county leaders and
    the units' 联络员 [13]. No query beyond ``roles_of`` (the top bar runs it on every page)."""
    return _active(user) and bool(roles_of(user))


def is_legal_section(user) -> bool:
    """A member of 法制科, who keeps the register [13]. Read once per request and cached on the user."""
    return _active(user) and section_code_of(user) == Section.Code.LEGAL


def is_decider(user) -> bool:
    """县长 or 常务副县长: decides a clean-up and a repeal proposal [13]."""
    return _active(user) and has_role(user, *DECIDING_ROLES)


def sees_register(user) -> bool:
    """The whole register (documents not yet published, filings, interpretations, clean-ups, proposals):
    法制科, the office's director and deputy directors and the county leaders [13]."""
    return _active(user) and (is_legal_section(user) or has_role(user, *OFFICE_LEADERS, *COUNTY_LEADERS))


def can_register(user) -> bool:
    """Register a document (from an issued outgoing document or an old paper one): 法制科 [13]."""
    return is_legal_section(user)


def can_export_register(user) -> bool:
    """规范性文件登记簿 (the whole register) as Excel: those who see it [13]."""
    return sees_register(user)


def can_export_in_force(user) -> bool:
    """现行有效规范性文件目录 as Excel/PDF: everyone who may open the chapter [13]."""
    return can_open_normative(user)


def can_start_cleanup(user) -> bool:
    """开展清理: 法制科 [13]."""
    return is_legal_section(user)


def can_propose_repeal(user) -> bool:
    """提出废止规范性文件的建议: 法制科 [13]."""
    return is_legal_section(user)


# --- the transitions' and objects' permissions (obj, user) ---------------------------------------------------


def can_keep_register(obj, user) -> bool:
    """Publish, record the filing and its acceptance, mark superseded, edit details, submit a clean-up:
    法制科 [13]."""
    return is_legal_section(user)


def can_answer_interpretation(interpretation, user) -> bool:
    """答复解释申请: 法制科 [13]."""
    return is_legal_section(user)


def can_decide_repeal(obj, user) -> bool:
    """Repeal a document, decide a clean-up: the county head or the executive deputy head [13]."""
    return is_decider(user)


def can_decide_proposal(proposal, user) -> bool:
    """Accept or reject a repeal proposal: the county head or the executive deputy head [13]."""
    return is_decider(user)

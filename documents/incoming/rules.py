"""Who may take each step of an incoming document — the ``permission=`` of every transition.

Each rule answers for one person and one document; the services check them before a transition runs and
the pages offer only the steps they allow. Roles come from ``org.roles``.
"""

from __future__ import annotations

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role, has_role


def _profile_flag(user, name: str) -> bool:
    profile = getattr(user, "profile", None)
    return bool(profile and getattr(profile, name, False))


def is_secretarial_deputy(user) -> bool:
    """分管文秘副主任 [26(1)]."""
    return has_role(user, Role.DEPUTY_DIRECTOR) and _profile_flag(user, "is_secretarial_deputy")


def is_clerk(user) -> bool:
    return has_role(user, Role.REGISTRY_CLERK)


def is_office_leader(user) -> bool:
    return has_role(user, *OFFICE_LEADERS)


# The roles that work with incoming documents [26]–[29]: they see the chapter, and ``roles.py`` gives them
# the unclassified ones. Typists, duty and petition staff are not among them; a document they are put on
# reaches them through 我的待办.
WORKING_ROLES = frozenset(
    {*COUNTY_LEADERS, *OFFICE_LEADERS, Role.SECTION_CHIEF, Role.LINE_STAFF, Role.REGISTRY_CLERK, Role.ARCHIVIST}
)


def can_open_incoming(user) -> bool:
    """The 收文 chapter is shown to the roles that work with incoming documents [26]–[29]."""
    return has_role(user, *WORKING_ROLES)


def can_register(doc, user) -> bool:
    """签收、登记 is the clerk's [26(1)], [29(1)]."""
    return is_clerk(user)


def can_distribute(doc, user) -> bool:
    """分办: the secretarial deputy gives the opinion; the clerk enters it on the deputy's opinion [26(2)];
    the clerk distributes 请示件 [28(1)] — a funding request's first reader is always the deputy."""
    return is_secretarial_deputy(user) or is_clerk(user)


def can_sign(doc, user) -> bool:
    """Only the reader whose turn it is signs [26(6)3], [26(6)5]."""
    current = getattr(doc, "_current_reader_id", None)
    if current is None:
        current = doc.readers.filter(status="current").values_list("reader_id", flat=True).first()
    return current == user.pk


def can_complete(doc, user) -> bool:
    """办结: the lead handler reports the result; the clerk may close on the handler's word [26(4)]."""
    return user.pk == doc.lead_handler_id or is_clerk(user)


def can_receive_original(doc, user) -> bool:
    """The original comes back to the clerk [26(4)], [26(6)6]."""
    return is_clerk(user)


def can_chase(doc, user) -> bool:
    """催办: the clerk by line [26(4)]; line staff for lower units' documents [28(2)4]."""
    return is_clerk(user) or user.pk == doc.lead_handler_id


def can_transfer(doc, user) -> bool:
    """转办 to a department with the leader's instruction: the clerk [26(3)]."""
    return is_clerk(user)


def can_propose_return(doc, user) -> bool:
    """退文由经办人提出 [29(3)]: the clerk or the lead handler."""
    return is_clerk(user) or user.pk == doc.lead_handler_id


def can_decide_return(doc, user) -> bool:
    """经办公室领导批准方可退文 [29(3)]."""
    return is_office_leader(user)


def can_file(doc, user) -> bool:
    """立卷归档: the clerk, or the archivist, once the original is back [26(5)], [33]."""
    return has_role(user, Role.REGISTRY_CLERK, Role.ARCHIVIST)


def can_record_absence(user) -> bool:
    """外出登记 of a county leader, who does not use 请销假, so circulation passes them over [26(6)3]: whoever
    holds ``org.add_absence`` — the 收发秘书 among them (org.roles)."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("org.add_absence")


def can_mark_funding(doc, user) -> bool:
    """补标申请经费: a 请示件 the clerk registered unticked is recognised later as a funding request by the
    分管文秘副主任, an office leader or the 收发秘书, before it is handled [28(1)]."""
    return bool(getattr(user, "is_authenticated", False)) and has_role(user, *OFFICE_LEADERS, Role.REGISTRY_CLERK)

"""Who may do what with records [31]–[34]."""

from __future__ import annotations

from org.models import Section
from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role, has_role


def is_records_keeper(user) -> bool:
    """收发秘书 files [26(5)], [33]; the archivist keeps the archive; 机要科 helps filing [28(2)5]."""
    return has_role(user, Role.REGISTRY_CLERK, Role.ARCHIVIST) or is_confidential_section_chief(user)


def is_confidential_section_chief(user) -> bool:
    profile = getattr(user, "profile", None)
    return bool(
        has_role(user, Role.SECTION_CHIEF)
        and profile
        and profile.section_id
        and profile.section.code == Section.Code.CONFIDENTIAL
    )


def can_draw_up(doc, user) -> bool:
    """The clerk or the archivist draws up a destruction list [34(1)]."""
    return has_role(user, Role.REGISTRY_CLERK, Role.ARCHIVIST)


def can_approve_destruction(doc, user) -> bool:
    """经有关领导批准后方可销毁 [34(1)]: an office or county leader, never the one who drew it up."""
    return has_role(user, *OFFICE_LEADERS, *COUNTY_LEADERS) and user.pk != doc.drawn_up_by_id


def can_supervise(doc, user) -> bool:
    """监销人: anyone on the office staff but the person who drew up the list [34(3)]."""
    return user.is_active and user.pk != doc.drawn_up_by_id


def can_file(doc, user) -> bool:
    """立卷归档 by the clerk (or the archivist) [26(5)], [33]."""
    return has_role(user, Role.REGISTRY_CLERK, Role.ARCHIVIST)


def can_open_records(user) -> bool:
    """The 档案 chapter: records keepers, office leaders and section chiefs (机要科 helps filing [28(2)5]).
    Asked on every page for the navigation: the roles first, so no query is made for the profile."""
    return has_role(user, *OFFICE_LEADERS, Role.SECTION_CHIEF) or is_records_keeper(user)


def can_see_fixity(user) -> bool:
    """完整性检查 of the filed files [33]: the records keepers, who look after the files and restore them."""
    return is_records_keeper(user)


def can_see_custody(user) -> bool:
    """The custody list of classified papers [31]: records keepers and office leaders."""
    return is_records_keeper(user) or has_role(user, *OFFICE_LEADERS)

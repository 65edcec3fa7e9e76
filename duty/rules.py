"""Who may do what on duty (值班) — the ``permission=`` of every transition, citing the article.

第四十一条: outside working hours the office keeps duty; the person on duty stays at the post and hands over
(交接班); on 元旦、春节、五一、国庆 and other statutory holidays a county-government leader and an office leader
are on duty (带班). 第四十二条: the office makes the roster; a missed post is a matter of responsibility.
第四十三条 with 第八条: urgent matters reported from townships and departments go at once to the county-government
and office leaders; a report to the 州政府值班室 only after they agree.

The office's leaders make and publish the roster and approve swaps; the people with the 值班人员 role are on it;
county-government and office leaders lead on holidays (带班), give instructions on emergency reports and agree
to the report to the prefecture.
"""

from __future__ import annotations

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, OFFICE_STAFF, Role, has_role

# The chapter is the office's and its leaders': the office staff keep duty and record; county leaders lead on
# holidays and instruct and agree on emergency reports [41], [43].
WORKING_ROLES = frozenset(OFFICE_STAFF | COUNTY_LEADERS)
# Who keeps the duty room's books: the people on duty, and the office's leaders and 收发秘书 who stand in.
RECORDER_ROLES = frozenset({Role.DUTY_OFFICER, Role.REGISTRY_CLERK, *OFFICE_LEADERS})
# The two levels whose agreement a report to the prefecture needs [43], [8].
COUNTY_LEVEL = "county"
OFFICE_LEVEL = "office"
LEVEL_LABELS = {COUNTY_LEVEL: "县政府领导", OFFICE_LEVEL: "办公室领导"}


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_open_duty(user) -> bool:
    """The 值班 chapter: the office's staff and the county's leaders [41], [43]."""
    return _active(user) and (user.is_superuser or has_role(user, *WORKING_ROLES))


def is_office_leader(user) -> bool:
    return _active(user) and has_role(user, *OFFICE_LEADERS)


def is_county_leader(user) -> bool:
    return _active(user) and has_role(user, *COUNTY_LEADERS)


def leader_level(user) -> str:
    """The level a leader agrees at: 县政府领导 or 办公室领导 ('' for anyone else) [43], [8]. A person holding
    both kinds of role (not expected) counts as a county-government leader."""
    if is_county_leader(user):
        return COUNTY_LEVEL
    if is_office_leader(user):
        return OFFICE_LEVEL
    return ""


def is_leader(user) -> bool:
    return bool(leader_level(user))


def can_make_roster(user) -> bool:
    """The office makes the roster [42]: its leaders (the one who makes it is its owner)."""
    return is_office_leader(user)


def can_be_rostered(user) -> bool:
    """Who may be put on a shift: the people with the 值班人员 role [41], [42]."""
    return _active(user) and has_role(user, Role.DUTY_OFFICER)


def can_record(user) -> bool:
    """Writes the duty log and records emergency reports: the duty room's people [41], [43]."""
    return _active(user) and has_role(user, *RECORDER_ROLES)


def sees_everything(user) -> bool:
    """Nothing on duty is classified (a secret matter is not written into the duty log); every page of the chapter
    is open to everyone who opens it. Kept as one function so a later rule has one place to go."""
    return can_open_duty(user)


# --- the transitions' permissions ------------------------------------------------------------------------------


def can_edit_roster(roster, user) -> bool:
    """The office leader who made the roster, or the director [42]."""
    return _active(user) and (user.pk == roster.made_by_id or has_role(user, Role.OFFICE_DIRECTOR))


def can_request_swap(swap, user) -> bool:
    return user.pk == swap.requested_by_id


def can_answer_swap(swap, user) -> bool:
    """The other person accepts or declines [42]."""
    return user.pk == swap.other_person_id


def can_approve_swap(swap, user) -> bool:
    """The office leader who made the roster approves a swap [42]; the director when that leader is gone."""
    return can_edit_roster(swap.shift.roster, user)


def can_confirm_handover(handover, user) -> bool:
    """The incoming person confirms (接班) [41]; an office leader may confirm on their word."""
    return _active(user) and (
        (handover.incoming_person_id is not None and user.pk == handover.incoming_person_id) or is_office_leader(user)
    )


def can_handle_report(report, user) -> bool:
    """The duty room records follow-ups and marks the report sent [43]."""
    return can_record(user) or is_leader(user)


def can_close_report(report, user) -> bool:
    return can_record(user) or is_leader(user)

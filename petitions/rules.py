"""Who may do what with petitions (信访件) — the ``permission=`` of every transition, citing the article.

第四十七条: the office explains, guides, routes (分流) and disperses petitions on the principle of shared
responsibility. 第四十八条: visitors are received warmly and every letter and visit is registered; no passing the
buck, no delay. 第四十九条: disruptions are prevented. 第五十条: patient work, not widening the conflict.

The petition staff (信访接待) register, decide whether to accept, route, answer and close. A case's handler
(an office person named at 受理) handles that case. The unit it is referred to answers through its contact
(单位联络员), who sees only their unit's cases. The organ's head (办公室主任) decides extensions
(《信访工作条例》第三十五条). Office and county leaders see every case for the leaders' statistics, with
personal data masked; so do superusers. Everyone else sees nothing.
"""

from __future__ import annotations

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, OFFICE_STAFF, Role, has_role

# Who sees every case with personal data masked (the leaders' statistics) [47].
LEADER_ROLES = frozenset({*OFFICE_LEADERS, *COUNTY_LEADERS})
# Who may record a disruption [49]: the petition staff, the office leaders, the duty officers (值班).
INCIDENT_ROLES = frozenset({Role.PETITION_RECEPTIONIST, *OFFICE_LEADERS, Role.DUTY_OFFICER})


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_petition_staff(user) -> bool:
    """信访接待: the office's petition staff [48]."""
    return _active(user) and has_role(user, Role.PETITION_RECEPTIONIST)


def is_leader(user) -> bool:
    """Office or county leader: every case, masked [47]."""
    return _active(user) and has_role(user, *LEADER_ROLES)


def is_organ_head(user) -> bool:
    """The organ's head for the 条例's approvals: the 办公室主任 (《信访工作条例》第三十五条)."""
    return _active(user) and has_role(user, Role.OFFICE_DIRECTOR)


def contact_unit_id(user) -> int | None:
    """The unit a 单位联络员 answers for, or None for everyone else [47]."""
    if not _active(user) or not has_role(user, Role.UNIT_CONTACT):
        return None
    profile = getattr(user, "profile", None)
    return getattr(profile, "unit_id", None)


def is_unit_contact(user) -> bool:
    return contact_unit_id(user) is not None


def is_contact_of(case, user) -> bool:
    """The contact of the unit the case is referred to now [47]."""
    unit_id = contact_unit_id(user)
    return unit_id is not None and case.unit_id is not None and case.unit_id == unit_id


def is_handler_of(case, user) -> bool:
    return _active(user) and case.handler_id is not None and case.handler_id == user.pk


def can_be_handler(user) -> bool:
    """承办人: a person of the office (not a county leader, not a unit contact)."""
    return _active(user) and has_role(user, *OFFICE_STAFF)


def can_open_petitions(user) -> bool:
    """The 信访 chapter is shown to the petition staff, the leaders, unit contacts, superusers — and to an
    office person handling an open case (one indexed query, only for people with none of those roles)."""
    if not _active(user):
        return False
    if user.is_superuser or has_role(user, Role.PETITION_RECEPTIONIST, Role.UNIT_CONTACT, *LEADER_ROLES):
        return True
    from .models import ENDED_STATES, Case

    return Case.objects.filter(handler_id=user.pk).exclude(state__in=ENDED_STATES).exists()


def can_register(user) -> bool:
    """登记: the petition staff; every letter and visit is registered [48]."""
    return is_petition_staff(user)


def can_lookup(user) -> bool:
    """Finding a person by ID number or phone (always with a reason, always logged) [48]."""
    return is_petition_staff(user)


def can_record_incident(user) -> bool:
    """登记信访突发事件 [49]."""
    return _active(user) and has_role(user, *INCIDENT_ROLES)


def can_view_statistics(user) -> bool:
    """The leaders' statistics: petition staff and leaders (superusers as leaders) [47]–[50]."""
    return _active(user) and (user.is_superuser or is_petition_staff(user) or is_leader(user))


def can_open_incidents(user) -> bool:
    """The incidents' pages: those who record them and the statistics' readers [49]."""
    return can_record_incident(user) or can_view_statistics(user)


def can_export(user) -> bool:
    """Excel and PDF exports of the register and the statistics (personal data masked in them) [47]."""
    return can_view_statistics(user)


def can_see_case(case, user) -> bool:
    """Python twin of ``selectors.cases_visible_to`` for one loaded case."""
    if not _active(user):
        return False
    if user.is_superuser or is_petition_staff(user) or is_leader(user):
        return True
    return is_handler_of(case, user) or is_contact_of(case, user)


def can_see_personal_data(user, case) -> bool:
    """ID number, phone and address in clear: the petition staff, the case's handler, and the contact of the
    unit it is referred to — nobody else, leaders and superusers included (个人信息保护法; issue 19) [48]."""
    if case is None:
        return is_petition_staff(user)
    return is_petition_staff(user) or is_handler_of(case, user) or is_contact_of(case, user)


# --- the transitions' permissions ------------------------------------------------------------------------------


def can_decide(case, user) -> bool:
    """受理 / 不予受理 / 转送·交办, and recording a review: the petition staff [47], [48]."""
    return is_petition_staff(user)


def can_handle(case, user) -> bool:
    """答复, 办结, 息诉罢访: the petition staff or the case's handler [48], [50]."""
    return is_petition_staff(user) or is_handler_of(case, user)


def can_record_unit_answer(case, user) -> bool:
    """The unit's answer: recorded by the office (petition staff, handler) or by the unit's contact [47]."""
    return can_handle(case, user) or is_contact_of(case, user)


def can_request_extension(case, user) -> bool:
    """延期申请: whoever handles it — the office, or the unit's contact for a referred case."""
    return can_record_unit_answer(case, user)


def can_decide_extension(case, user) -> bool:
    """延期 is approved by the organ's head (《信访工作条例》第三十五条): the 办公室主任."""
    return is_organ_head(user)

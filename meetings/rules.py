"""Who may do what with meetings — the ``permission=`` of every transition, citing the article.

第十七条: the office holds 主任办公会议, 室务会议 and 全体会议; 第十八、二十四、二十五条: each is chaired by the
director or a deputy director the director entrusts. 第六条: the office prepares and serves the county
government's meetings. The office (its leaders and the 收发秘书) organises; the chair approves the minutes.
"""

from __future__ import annotations

from org.roles import OFFICE_LEADERS, OUTSIDE_ROLES, Role, has_role, roles_of

from .kinds import spec_of

# The office organises meetings: its leaders and the 收发秘书 (会务) [6], [17].
ORGANISER_ROLES = (*OFFICE_LEADERS, Role.REGISTRY_CLERK)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_open_meetings(user) -> bool:
    """The 会议 chapter is shown to everyone of the office and the county leaders: every member of staff attends
    the 全体会议 [25], and county leaders chair and attend the county's meetings [6]. A unit's 联络员 is outside
    the office and has no meeting of the office's to see."""
    if not _active(user):
        return False
    return user.is_superuser or not (roles_of(user) and roles_of(user) <= OUTSIDE_ROLES)


def is_organiser(user) -> bool:
    """会务: the office's leaders and the 收发秘书 prepare and serve the meetings [6], [17]."""
    return _active(user) and (user.is_superuser or has_role(user, *ORGANISER_ROLES))


def can_schedule(user) -> bool:
    return is_organiser(user)


def chair_problem(kind: str, chair, entrusted_by) -> str:
    """Why ``chair`` may not chair a meeting of ``kind`` ('' when they may) [18], [24], [25], [6].

    The director chairs the office's meetings; a deputy director only *with a recorded entrustment* by the
    director. County meetings: the county head; the executive deputy (or, for 县长办公会议, a deputy head) when
    the county head entrusts; 专题会议: the county head or a deputy head."""
    spec = spec_of(kind)
    if chair is None:
        return f"请选择主持人：{spec.label}{spec.chair_rule} {spec.article}。"
    roles = roles_of(chair)
    if roles & spec.chairs:
        return ""
    if roles & spec.entrusted_chairs:
        if entrusted_by is None:
            return f"{spec.label}{spec.chair_rule}：由副职主持须记录委托人和委托情况 {spec.article}。"
        if not (roles_of(entrusted_by) & spec.chairs):
            return f"委托人应为有权主持{spec.label}的领导（{spec.chair_rule}）{spec.article}。"
        return ""
    return f"{spec.label}{spec.chair_rule} {spec.article}；所选人员不能主持。"


def can_propose(user, kind: str) -> bool:
    """Who may put forward a topic for a kind of meeting [18], [24], [25], [6]."""
    return _active(user) and bool(roles_of(user) & spec_of(kind).proposers)


def topic_decider_roles(kind: str) -> tuple:
    """The chair accepts topics onto the office's meetings (the director, who chairs or entrusts) [18], [24],
    [25]; for the county's meetings the office does (its leaders), as it prepares them [6]."""
    return (Role.OFFICE_DIRECTOR,) if spec_of(kind).office else tuple(OFFICE_LEADERS)


def decides_topics_of(user, kind: str) -> bool:
    return _active(user) and has_role(user, *topic_decider_roles(kind))


# --- the transitions' permissions ------------------------------------------------------------------------------


def can_organise_meeting(meeting, user) -> bool:
    return is_organiser(user)


def can_run_meeting(meeting, user) -> bool:
    """开会 / 散会: the organisers, or the chair."""
    return is_organiser(user) or user.pk == meeting.chair_id


def can_decide_topic(topic, user) -> bool:
    return decides_topics_of(user, topic.kind)


def can_run_topic(topic, user) -> bool:
    return is_organiser(user) or decides_topics_of(user, topic.kind)


def can_withdraw_topic(topic, user) -> bool:
    return user.pk == topic.proposer_id


def can_draft_minutes(minutes, user) -> bool:
    """The office drafts the minutes [17], [6]."""
    return is_organiser(user)


def can_approve_minutes(minutes, user) -> bool:
    """Only the meeting's chair approves its minutes [18], [24], [25], [6]."""
    return user.pk == minutes.meeting.chair_id


def can_issue_minutes(minutes, user) -> bool:
    return is_organiser(user)


def can_track_decision(decision, user) -> bool:
    """The office makes a decision a tracked item and records it done [15], [37]; the responsible leader too."""
    return is_organiser(user) or user.pk == decision.leader_id

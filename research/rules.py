"""Who may do what with research tasks and drafts — the ``permission=`` of every transition, citing the article.

第四条 [4]: the office researches what the county leaders ask for (调查研究), reports and serves their decisions.
第五条 [5]: the office drafts the government's work reports, the leaders' speeches and reports (文字综合).

- An office leader (主任, 副主任) or a county leader registers a task (立项 / 交办); the asking leader is a county
  leader or the office director.
- The team leader (组长) or lead drafter (主笔) and the members do the work; the team leader sends the report.
- The reviewers (审核人) review in their order, each only on their turn.
- Only the asking leader gives the 批示 on a report and the final approval (审定) of a draft.
- An office leader or the asking leader cancels a task, with a reason.
Superusers may do what an office leader does; they do not give a leader's 批示 or 审定 for them.
"""

from __future__ import annotations

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, OFFICE_STAFF, Role, has_role


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_office_leader(user) -> bool:
    return _active(user) and (user.is_superuser or has_role(user, *OFFICE_LEADERS))


def is_county_leader(user) -> bool:
    return _active(user) and has_role(user, *COUNTY_LEADERS)


def may_ask(user) -> bool:
    """Who may be the asking / commissioning leader: a county leader or the office director [4], [5]."""
    return _active(user) and has_role(user, *COUNTY_LEADERS, Role.OFFICE_DIRECTOR)


def sees_everything(user) -> bool:
    """The office's leaders (and superusers) see every task [4], [5]."""
    return is_office_leader(user)


def can_open_research(user) -> bool:
    """The chapter: office leaders, county leaders (what they asked for) and the office's staff (the tasks they
    are on) [4], [5]. Reads only the cached roles."""
    return _active(user) and (user.is_superuser or has_role(user, *OFFICE_STAFF, *COUNTY_LEADERS))


def can_create(user) -> bool:
    """立项 / 交办: an office leader, or a county leader for what they ask themselves [4], [5]."""
    return is_office_leader(user) or is_county_leader(user)


def is_team_leader(task, user) -> bool:
    """调研组组长 / 主笔人."""
    return _active(user) and task.lead_id == user.pk


def is_member(task, user) -> bool:
    """The lead or a member (the caller passes ``member_ids`` when it has them)."""
    if not _active(user):
        return False
    if task.lead_id == user.pk:
        return True
    ids = getattr(task, "member_ids", None)
    if ids is None:
        return task.member_rows.filter(user_id=user.pk).exists()
    return user.pk in ids


def can_work_on(task, user) -> bool:
    """Start the work, add fieldwork and versions, send a draft for review: the team [4], [5]."""
    return is_member(task, user)


def is_asking_leader(task, user) -> bool:
    """批示 a report, 审定 a draft: the leader who asked for it, no one else [4], [5]."""
    return _active(user) and task.leader_id == user.pk


def is_current_reviewer(task, user) -> bool:
    """审核: only the reviewer whose turn it is [5]."""
    return _active(user) and task.reviewer_now_id is not None and task.reviewer_now_id == user.pk


def can_close(task, user) -> bool:
    """结题 with the adoption recorded: the team leader or an office leader [4]."""
    return is_team_leader(task, user) or is_office_leader(user)


def can_cancel(task, user) -> bool:
    """撤销: an office leader or the asking leader [4], [5]."""
    return is_office_leader(user) or is_asking_leader(task, user)

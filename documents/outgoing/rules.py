"""Who may take each step of an outgoing document — the ``permission=`` of every transition.

Each rule answers for one person and one document; services check them before a transition runs and the
pages offer only the steps they allow. *Who must* review and sign is decided elsewhere (``routing`` for
[30(2)], ``signing`` for [30(3)]) and written as route steps; these rules only ask "is it this person's
step now". Roles come from ``org.roles``.
"""

from __future__ import annotations

from org.roles import COUNTY_LEADERS, OFFICE_LEADERS, Role, has_role

from .choices import Origin, Phase, State


def current_assignees(doc, phase: str) -> set[int]:
    """Ids of the people whose step of ``phase`` is open now in the document's current round.

    A page that asks many rules primes ``doc._current_assignees`` once (``selectors.prime``)."""
    cache = getattr(doc, "_current_assignees", None)
    if cache is None:
        cache = {}
        rows = doc.steps.filter(round=doc.round, status="current").values_list("phase", "assignee_id")
        for step_phase, user_id in rows:
            cache.setdefault(step_phase, set()).add(user_id)
    return cache.get(phase, set())


def is_line_staff_of(doc, user) -> bool:
    """有关归口人员 [30(1)], [30(4)]: staff of the document's business line."""
    cached = getattr(doc, "_line_staff_ids", None)
    if cached is not None:
        return user.pk in cached
    return doc.line.staff.filter(pk=user.pk).exists()


def is_drafter(doc, user) -> bool:
    return doc.drafter_id == user.pk


def unit_signature_present(doc) -> bool:
    """部门代拟的公文，由拟文单位领导人签批 before the line staff's first check [30(2)1]."""
    return doc.origin != Origin.DEPARTMENT or bool(doc.unit_head_name and doc.unit_head_signed_on)


# The roles that work with outgoing documents [30]: they see the chapter, and ``roles.py`` gives them the
# unclassified ones — the 打字室 included, it numbers and prints [30(5)]. Duty and petition staff are not
# among them; a document distributed to them reaches them through 我的待办.
WORKING_ROLES = frozenset(
    {
        *COUNTY_LEADERS,
        *OFFICE_LEADERS,
        Role.SECTION_CHIEF,
        Role.LINE_STAFF,
        Role.REGISTRY_CLERK,
        Role.TYPIST,
        Role.ARCHIVIST,
    }
)


def can_open_outgoing(user) -> bool:
    """The 发文 chapter is shown to the roles that work with outgoing documents [30]."""
    return has_role(user, *WORKING_ROLES)


def can_draft(user) -> bool:
    """拟稿 is the line staff's [30(1)]."""
    return has_role(user, Role.LINE_STAFF)


def can_submit(doc, user) -> bool:
    """The drafter sends the draft for review, signing the processing sheet [30(1)]."""
    return is_drafter(doc, user)


def can_abandon(doc, user) -> bool:
    return is_drafter(doc, user)


def can_review(doc, user) -> bool:
    """Only the reviewer whose step is open now reviews [30(2)]."""
    return user.pk in current_assignees(doc, Phase.REVIEW)


def can_sign(doc, user) -> bool:
    """Only a signer whose step is open now signs (会签: every co-signer's step is open at once) [30(3)]."""
    return user.pk in current_assignees(doc, Phase.SIGN)


def can_send_back(doc, user) -> bool:
    """Any reviewer or signer whose step is open may send it back for revision [30(2)]; the line staff
    doing the 复核 may too, when the signatures no longer match the text [30(4)]."""
    if doc.state == State.REVIEWING:
        return can_review(doc, user)
    if doc.state == State.SIGNING:
        return can_sign(doc, user)
    if doc.state == State.CHECKING:
        return can_recheck(doc, user)
    return False


def can_recheck(doc, user) -> bool:
    """复核 by the line staff concerned [30(4)]: the drafter or another staff member of the line."""
    return is_drafter(doc, user) or is_line_staff_of(doc, user)


def can_edit_text(doc, user) -> bool:
    """Who may change the words: the drafter while drafting, the reviewer at their step (核稿 means
    correcting), and the line staff at 复核 ("将审核意见修改进去") [30(2)], [30(4)]. Signers send back."""
    if doc.state == State.DRAFTING:
        return is_drafter(doc, user)
    if doc.state == State.REVIEWING:
        return can_review(doc, user)
    if doc.state == State.CHECKING:
        return can_recheck(doc, user)
    return False


def can_handle_files(doc, user) -> bool:
    """Files go with the words: the drafter while drafting, the line staff at 复核 (附件材料是否齐全) [30(4)]."""
    if doc.state == State.DRAFTING:
        return is_drafter(doc, user)
    return doc.state == State.CHECKING and can_recheck(doc, user)


def is_typing_room(user) -> bool:
    """打字室 numbers and prints [30(5)]; the registry clerk stands in for it (role table: 收发秘书 numbers)."""
    return has_role(user, Role.TYPIST, Role.REGISTRY_CLERK)


def is_clerk(user) -> bool:
    return has_role(user, Role.REGISTRY_CLERK)


def can_number(doc, user) -> bool:
    """编号、登记 by the 打字室 after 复核 [30(5)]."""
    return is_typing_room(user)


def can_sign_proof(doc, user) -> bool:
    """打印的公文由拟稿人负责校对，并在清样上签字 [30(5)]."""
    return is_drafter(doc, user)


def can_print(doc, user) -> bool:
    """缮印 by the 打字室 [30(5)]."""
    return is_typing_room(user)


def can_seal(doc, user) -> bool:
    """印刷后再由收发用印 [30(5)]."""
    return is_clerk(user)


def can_distribute(doc, user) -> bool:
    """收发分发 [30(5)]."""
    return is_clerk(user)


def can_file(doc, user) -> bool:
    """立卷、归档 [30(5)], [33]: the clerk, with the archivist."""
    return has_role(user, Role.REGISTRY_CLERK, Role.ARCHIVIST)

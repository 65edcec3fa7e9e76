from django.conf import settings

from org.confidentiality import handles_classified, has_pledged
from org.roles import roles_of
from org.selectors import display_name

from . import notifications, workqueue
from .navigation import chapters_for


def office(request):
    """The frame every page shares: who is signed in, their roles, navigation and the waiting-work badge."""
    user = getattr(request, "user", None)
    context = {"office_name": settings.OFFICE_NAME}
    if user is None or not user.is_authenticated:
        return context
    context.update(
        current_name=display_name(user),
        current_roles=sorted(roles_of(user), key=lambda r: list(type(r)).index(r)),
        nav_chapters=chapters_for(user),
        # Lazy: the badge's queries run only where the template shows it; both badges are cached per person and
        # dropped on any write that could change them (core/workqueue.py).
        work_count=lambda: workqueue.count_for(user),
        unread_count=lambda: workqueue.cached_count("notifications", user, lambda: notifications.unread_count(user)),
        # The pledge banner only for those who handle classified documents [32].
        needs_pledge=lambda: handles_classified(user) and not has_pledged(user),
    )
    return context

"""What the 印信 page tests need beyond tests/seals/factories.py: a second unit's 联络员, many rows for the lists'
query counts, the pages' addresses [7]."""

from __future__ import annotations

from django.urls import reverse

from org.models import Profile
from org.roles import Role
from seals import services
from seals.models import Purpose, Serves
from tests.factories import person

from . import factories as f


def department_contact(office):
    """The county department's 联络员 (the test office has the township's only)."""
    user = person(Role.UNIT_CONTACT, username="lianluo_dept", full_name="多杰才让")
    Profile.objects.filter(user=user).update(unit=office.units["department"])
    user.refresh_from_db()
    return user


def own_seals(office, n: int):
    """``n`` own seals in use, registered by the clerk."""
    return [f.seal(office, name=f"杂多县人民政府办公室专用章{i}", serves=Serves.NONE) for i in range(n)]


def requests(office, seal, n: int, *, actor=f.STAFF):
    return [
        services.request_submit(
            actor=office[actor],
            data=services.RequestData(
                seal_id=seal.pk, subject=f"证明材料第{i}号", purpose=Purpose.CERTIFICATE, copies=1, reason="办理"
            ),
        )
        for i in range(n)
    ]


def uses(office, seal, n: int):
    found = []
    for waiting in requests(office, seal, n):
        services.request_approve(actor=office[f.DEPUTY], pk=waiting.pk, comment="同意")
        found.append(
            services.use_record(
                actor=office[f.CLERK], data=services.UseData(seal_id=seal.pk, copies=1, request_id=waiting.pk)
            )
        )
    return found


def applications(office, n: int, *, unit="township", actor=f.CONTACT):
    return [f.application(office, unit=unit, actor=actor, seal_name=f"测试乡专用章{i}") for i in range(n)]


def url(name: str, *args, query: str = "") -> str:
    address = reverse(f"seals:{name}", args=args)
    return f"{address}?{query}" if query else address

"""Who sees which case, and who sees petitioners' personal data in clear [47], [48] (个人信息保护法)."""

from __future__ import annotations

import pytest
from django.http import Http404

from core.models import Notification
from petitions import rules, services
from petitions.models import CaseLog, State
from petitions.selectors import cases_visible_to, get_case_for, petitioners_masked_for_cases, petitioners_shown

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(office):
    """One case of each kind: registered; the office's (handler guikou2); referred to the township."""
    return {
        "registered": f.registered(office, people=[f.person(1)]),
        "own": f.accepted(office, people=[f.person(2)], handler=office["guikou3"]),
        "township": f.referred(office, people=[f.person(3)]),
    }


def _ids(user) -> set[int]:
    return set(cases_visible_to(user).values_list("pk", flat=True))


def test_petition_staff_and_leaders_see_every_case(office, cases):
    """[47] The petition staff handle every case; leaders see every case for the statistics."""
    every = {c.pk for c in cases.values()}
    for key in ("xinfang", "zhuren", "fuzhuren", "xianzhang", "fuxianzhang1", "admin"):
        assert _ids(office[key]) == every, key


def test_handler_sees_their_case_only(office, cases):
    """[48] The office person handling a case sees that case."""
    assert _ids(office["guikou3"]) == {cases["own"].pk}


def test_unit_contact_sees_their_units_cases_only(office, cases, other_contact):
    """[47] The township's contact sees what was routed to the township; another unit's contact nothing."""
    assert _ids(office["lianluo"]) == {cases["township"].pk}
    assert _ids(other_contact) == set()
    with pytest.raises(Http404):
        get_case_for(other_contact, cases["township"].pk)


def test_everyone_else_sees_nothing(office, cases):
    for key in ("dazi", "shoufa", "kezhang", "dangan", "zhiban"):
        assert _ids(office[key]) == set(), key
        with pytest.raises(Http404):
            get_case_for(office[key], cases["own"].pk)
    assert not rules.can_open_petitions(office["dazi"])
    assert rules.can_open_petitions(office["guikou3"])  # handles an open case


def _shown(case, user, **kw):
    return petitioners_shown(case, user, **kw)[0]


def test_personal_data_masked_for_an_office_leader_and_a_superuser(office, cases):
    """[48] Leaders and superusers see every case, but ID number, phone and address masked."""
    case = cases["township"]
    for key in ("zhuren", "xianzhang", "admin"):
        shown = _shown(case, office[key])
        assert not shown.clear
        assert shown.id_number == f.id_number(3)[:4] + "*" * 10 + f.id_number(3)[-4:]
        assert shown.phone == "139****" + f.phone(3)[-4:]
        assert f.id_number(3) not in str(shown) and f.phone(3) not in str(shown)


def test_personal_data_clear_for_petition_staff_the_handler_and_the_cases_unit_contact(office, cases):
    """[47][48] In clear for the petition staff, the case's handler and the contact of its unit."""
    assert _shown(cases["township"], office["xinfang"]).id_number == f.id_number(3)
    assert _shown(cases["township"], office["lianluo"]).phone == f.phone(3)
    assert _shown(cases["own"], office["guikou3"]).id_number == f.id_number(2)
    # …and nobody else's case: the township's contact on the office's own case (not visible anyway) is masked.
    assert not _shown(cases["own"], office["lianluo"]).clear


def test_lists_and_exports_mask_for_everyone(office, cases):
    """[48] A list needs no ID number: masked for the petition staff too."""
    assert not _shown(cases["own"], office["xinfang"], masked=True).clear
    masked = petitioners_masked_for_cases([c.pk for c in cases.values()])
    assert all(not p.clear and "*" in p.id_number for people in masked.values() for p in people)


def test_notifications_and_log_never_carry_an_id_or_phone_number(office):
    """[48] Whatever is sent or logged names the case by number and matter, never the person's numbers."""
    case = f.closed(office, referred_to_unit=True, people=[f.person(7)])
    extension_case = f.accepted(office, people=[f.person(8)])
    services.request_extension(actor=office["guikou2"], pk=extension_case.pk, reason="复杂", days=10)
    numbers = [f.id_number(7), f.phone(7), f.id_number(8), f.phone(8)]
    texts = [n.title + n.body for n in Notification.objects.all()]
    texts += [e.comment for e in CaseLog.objects.all()]
    assert texts and case.state == State.CLOSED
    assert not [t for t in texts for n in numbers if n in t]

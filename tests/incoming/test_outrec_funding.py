"""申请经费的请示 [28(1)] read from the title, not only from the box the clerk ticks: “关于申请…资金的请示”
unticked no longer goes straight to a deputy county head. The clerk ticks it or says why not; the answer is
in the document's history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from documents.incoming.models import IncomingDocument, Intake
from org.models import UnitKind

from .factories import register

pytestmark = pytest.mark.django_db

TITLE = "关于申请昂赛乡牧民定居点饮水工程配套资金的请示"


def _request(office, **extra):
    return register(office, title=TITLE, kind=UnitKind.TOWNSHIP, intake=Intake.REQUEST, doc_type="request", **extra)


def test_a_request_titled_for_funds_is_not_registered_unticked_without_a_word(office):
    """[28(1)] 申请经费的请示一律先送分管文秘副主任: the clerk is asked instead of the request going to a leader."""
    with pytest.raises(ValidationError) as refused:
        _request(office)
    assert "“资金”1次" in str(refused.value) and "申请经费" in str(refused.value)
    assert not IncomingDocument.objects.exists()


def test_the_clerk_confirms_a_funding_request_and_it_goes_to_the_secretarial_deputy(office):
    """[28(1)] Ticked: held by the 分管文秘副主任, and the confirmation is in the history."""
    doc = _request(office, is_funding_request=True)
    assert doc.holder == office["fuzhuren_wenmi"]
    entry = doc.log.get(action="funding_answer")
    assert entry.action_label == "确认申请经费" and "资金" in entry.comment


def test_the_clerk_explains_not_a_funding_request_and_it_is_logged(office):
    """[28(1)] “不属申请经费” with a reason: an ordinary 请示 the clerk distributes, the reason kept."""
    reason = "请示的是资金使用方案的批复，不申请新的经费"
    doc = _request(office, not_funding_reason=reason)
    assert not doc.is_funding_request and doc.holder == office["shoufa"]
    assert doc.log.get(action="funding_answer").comment == reason


def test_a_clause_is_not_money_and_a_superior_notice_is_not_asked(office):
    """条款/第三款 are not funding words; only a lower unit's 请示件 can be a funding request [28(1)]."""
    register(office, title="关于修订合同条款第三款的请示", kind=UnitKind.TOWNSHIP, intake=Intake.REQUEST)
    register(office, title="关于下达2026年草原生态保护补助奖励资金的通知")
    assert IncomingDocument.objects.count() == 2


def test_the_registration_page_asks_the_clerk(client_as, office):
    """[28(1)] On the registration page: the question as the form's error, then the reason accepted."""
    data = {
        "source_unit": office.units["township"].pk,
        "title": TITLE,
        "doc_type": "request",
        "intake": "request",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "copies": 1,
        "pages": 1,
        "secret_level": 0,
        "sender_number": "昂政〔2026〕7号",
    }
    client = client_as("shoufa")
    response = client.post(reverse("incoming:register"), data)
    assert response.status_code == 400 and "像是申请经费的请示" in response.content.decode()
    response = client.post(reverse("incoming:register"), {**data, "not_funding_reason": "只请示资金使用方案"})
    assert response.status_code == 302
    assert IncomingDocument.objects.get().log.filter(action="funding_answer").exists()

"""涉及资金 [30(3)1] read from the words, not only from a box: a 通知 naming 资金 five times, unticked, is not
signed by the deputy head alone. The drafter ticks it or says why not; the answer is in the history; a
reviewer or signer may tick it later and the route is planned again."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.workflow import ActionRefused
from documents.outgoing import services
from documents.outgoing.choices import Phase, StepStatus
from documents.outgoing.models import OutgoingDocument
from documents.outgoing.signing import signing_plan
from documents.text import funding_words
from tests.factories import key_of

from .conftest import ALL_GATES, current, walk_review

pytestmark = pytest.mark.django_db

FUNDS_BODY = (
    "为做好草原生态保护补助奖励资金发放工作，现就有关事项通知如下。"
    "一、资金发放对象。二、资金发放标准。三、资金拨付程序。四、资金监管。五、各乡镇要确保资金按时足额发放。"
)


def _route(doc):
    return [(s.seq, key_of(s.assignee), s.kind) for s in signing_plan(doc).steps]


def test_money_words_are_found_however_typed_and_a_clause_is_not_money():
    """[28(1)] [30(3)1] 资金、经费、预算、补助、拨款 … found across line breaks and spaces; 条款、第三款 are not."""
    assert funding_words("关于申请牧民定居点配套资\n金的请示") == {"资金": 1}
    assert funding_words("经 费", "预算", "补助") == {"经费": 1, "预算": 1, "补助": 1}
    assert funding_words("依照本条例第三条第二款和有关条款，落款处加盖印章，款式按标准。") == {}
    assert funding_words("拨款和专款专用") == {"拨款": 1, "专款": 1}


def test_a_draft_naming_funds_unticked_cannot_be_sent_until_the_drafter_answers(draft):
    """[30(3)1] 涉及资金的 → 分管副县长审核后县长签发: a 通知 naming 资金 five times, box unticked, is refused at 送审
    with the words found, instead of going for the deputy head to sign."""
    doc = draft(title="关于做好草原生态保护补助奖励发放工作的通知", body=FUNDS_BODY)
    assert doc.funds_question_open
    with pytest.raises(ValidationError) as refused:
        services.outgoing_submit(actor=doc.drafter, pk=doc.pk)
    assert "“资金”6次" in str(refused.value) and "涉及资金" in str(refused.value)
    assert OutgoingDocument.objects.get(pk=doc.pk).state == "drafting"


def test_the_drafter_confirms_funds_and_the_county_head_signs(draft):
    """[30(3)1] Confirmed as a funding matter: deputy head reviews, county head signs; the answer is logged."""
    doc = draft(body=FUNDS_BODY)
    doc = services.outgoing_answer_funds(actor=doc.drafter, pk=doc.pk, touches=True)
    assert doc.touches_funds and _route(doc) == [(1, "fuxianzhang1", "approve"), (2, "xianzhang", "sign")]
    entry = doc.log.get(action="funds_answer")
    assert entry.action_label == "确认涉及资金" and "资金" in entry.comment
    services.outgoing_submit(actor=doc.drafter, pk=doc.pk)


def test_the_drafter_explains_not_a_funding_matter_and_it_is_logged(draft):
    """[30(3)1] “不涉及资金” needs a reason; with one, the route stays the deputy head's and the reason is kept."""
    doc = draft(body=FUNDS_BODY)
    with pytest.raises(ValidationError):
        services.outgoing_answer_funds(actor=doc.drafter, pk=doc.pk, touches=False, reason=" ")
    reason = "资金已由州财政下达，本通知只部署发放情况检查"
    doc = services.outgoing_answer_funds(actor=doc.drafter, pk=doc.pk, touches=False, reason=reason)
    assert not doc.funds_question_open and doc.not_funds_reason == reason
    assert doc.log.get(action="funds_answer").comment == reason
    doc = services.outgoing_submit(actor=doc.drafter, pk=doc.pk)
    assert doc.state == "reviewing"


def test_the_draft_form_takes_the_reason_too(draft, office):
    """[30(3)1] The reason typed in the draft form answers the question as well, and is logged."""
    doc = draft(body=FUNDS_BODY, not_funds_reason="本文只部署检查")
    assert not doc.funds_question_open
    assert doc.log.filter(action="funds_answer", comment="本文只部署检查").exists()


def test_a_reviewer_ticks_funds_later_and_the_signing_route_follows(draft, office):
    """[30(3)1] The deputy director reviewing it ticks 涉及资金: when review ends, the county head signs."""
    doc = draft(body=FUNDS_BODY, not_funds_reason="只部署检查")
    doc = services.outgoing_submit(actor=doc.drafter, pk=doc.pk)
    with pytest.raises(ActionRefused):
        services.outgoing_answer_funds(actor=office["guikou2"], pk=doc.pk, touches=True)
    doc = services.outgoing_answer_funds(actor=office["fuzhuren"], pk=doc.pk, touches=True, reason="第二条定补助标准")
    assert doc.touches_funds and doc.not_funds_reason == ""
    assert doc.log.get(action="funds_set").actor == office["fuzhuren"]
    doc = walk_review(doc)
    assert [key_of(p) for p in current(doc, Phase.SIGN)] == ["fuxianzhang1"]
    assert doc.steps.get(round=doc.round, phase=Phase.SIGN, assignee=office["fuxianzhang1"]).kind == "approve"


def test_a_signer_ticks_funds_and_the_county_head_is_added_to_the_route(draft, office):
    """[30(3)1] Signing already begun: the deputy head, about to sign, ticks 涉及资金 — their step becomes 审核
    (approve) and the county head signs after; nothing already done is undone."""
    doc = draft(body=FUNDS_BODY, not_funds_reason="只部署检查")
    doc = walk_review(services.outgoing_submit(actor=doc.drafter, pk=doc.pk))
    assert [(key_of(s.assignee), s.kind) for s in doc.steps.filter(phase=Phase.SIGN, round=doc.round)] == [
        ("fuxianzhang1", "sign")
    ]
    doc = services.outgoing_answer_funds(actor=office["fuxianzhang1"], pk=doc.pk, touches=True, reason="涉及补助标准")
    open_steps = doc.steps.filter(round=doc.round, phase=Phase.SIGN, status__in=["current", "waiting"])
    assert [(key_of(s.assignee), s.kind, s.status) for s in open_steps.order_by("seq", "id")] == [
        ("fuxianzhang1", "approve", "current"),
        ("xianzhang", "sign", "waiting"),
    ]
    assert doc.steps.filter(round=doc.round, status=StepStatus.SUPERSEDED).count() == 1
    doc = services.outgoing_sign(actor=office["fuxianzhang1"], pk=doc.pk, gates=ALL_GATES, opinion="同意")
    doc = services.outgoing_sign(actor=office["xianzhang"], pk=doc.pk, gates=ALL_GATES, opinion="同意")
    assert doc.state == "checking" and services.missing_signatures(doc) == []


def test_the_page_asks_the_drafter_and_records_the_answer(client_as, draft):
    """[30(3)1] On the draft's page: the question with the words found, answered with a reason."""
    doc = draft(body=FUNDS_BODY)
    client = client_as("guikou2")
    html = client.get(reverse("outgoing:detail", args=[doc.pk])).content.decode()
    assert 'data-panel="funds"' in html and "“资金”6次" in html
    response = client.post(
        reverse("outgoing:act", args=[doc.pk, "funds"]),
        {"version": doc.version, "touches": "no", "reason": ""},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("outgoing:act", args=[doc.pk, "funds"]),
        {"version": doc.version, "touches": "no", "reason": "只部署检查"},
    )
    assert response.status_code == 302
    assert OutgoingDocument.objects.get(pk=doc.pk).not_funds_reason == "只部署检查"

"""What people do with supervision items (督查事项): one function per step of 第六章 with [11], [12], [15].

Every step is atomic: it locks the item (``FLOW.begin``, refusing a page loaded before someone else acted:
``StaleAction``, 409), checks the transition's permission (``rules``; ``ActionRefused``, 403), changes state
through django-fsm, writes the log and notifies people once the transaction commits. Bad input is a
``ValidationError`` (400) with a Chinese message citing the article. All arguments are keyword-only.

The form's data
- ``ItemData(source, title, text, first_responsible, handler, lead_unit, assisting_units=(), deadline=None,
  report_cycle="", report_day=None, is_major=False, deputy_head=None, year=None, secret_level=0,
  superior_leader="", superior_mode="", proposal_number="", proposer="", session="", assigned_on=None,
  answer_due=None)`` — ``deadline`` or ``report_cycle`` (or both); a proposal's ``answer_due`` defaults to
  ``assigned_on`` + ``settings.SUPERVISION_PROPOSAL_ANSWER_MONTHS`` (3) months and is its deadline.
- ``FeedbackData(text, received_via, received_on, unit=None, reporter="", late_reason="", for_report_on=None)``.

Registering
- ``item_create(*, actor, data: ItemData) -> Item`` — 登记 [37], [38].
- ``item_from_decision(*, actor, decision_pk, handler=None, first_responsible=None, deputy_head=None,
  is_major=False) -> Item`` — a meeting's decision (议定事项) becomes its item, one per decision; called by
  ``meetings.services.decision_track`` (立项督办) [15], [37].
- ``item_from_instruction(*, actor, reader_pk, handler=None, first_responsible=None, lead_unit=None,
  deadline=None) -> Item`` — a leader's 批示 on an incoming document (a signed ``incoming.Reader`` comment)
  becomes an item, text prefilled, source linked, secret level kept [11], [37], [31], [32].
- ``can_make_item_from(user, document) -> bool`` — the cheap check for the incoming page's button.
- ``item_update(*, actor, pk, seen_version=None, data: ItemData) -> Item`` — corrections; the deadline of a
  tracked item changes only through an extension; major/deputy only before 立项.

The lifecycle
- ``item_submit_for_approval(*, actor, pk, seen_version=None) -> Item`` — 报请立项 (major items) [39].
- ``item_approve(*, actor, pk, seen_version=None, comment="") -> Item`` — the 分管副县长 approves: 督办中 [39].
- ``item_refuse(*, actor, pk, seen_version=None, reason: str) -> Item`` — 不予立项, with the reason [39].
- ``item_start(*, actor, pk, seen_version=None) -> Item`` — 开始督办 (not major only) [37], [39].
- ``item_submit_close(*, actor, pk, seen_version=None, result: str) -> Item`` — 报请办结 [40], [12].
- ``item_send_back(*, actor, pk, seen_version=None, comment: str) -> Item`` — 退回继续督办 [38].
- ``item_close(*, actor, pk, seen_version=None, comment="") -> Item`` — the 首办责任人 closes: 已办结 [38].
- ``item_cancel(*, actor, pk, seen_version=None, reason: str) -> Item`` — 撤销 [38].

Feedback and extensions
- ``feedback_record(*, actor, pk, data: FeedbackData, uploads=()) -> Feedback`` — 反馈 from a unit (by the
  经办人, or the unit's contact through the system); a late item accepts only one with reason and progress [40].
- ``extension_request(*, actor, pk, reason: str, new_deadline: date) -> Extension`` — 延期申请 [40].
- ``extension_decide(*, actor, extension_id, approve: bool, comment="") -> Extension`` — the 首办责任人, or
  the 分管副县长 for a major item; approval changes the deadline, logged [38], [39].

Proposals [12]
- ``proposal_attach_answer(*, actor, pk, upload, answered_on: date) -> ProposalAnswer`` — the answer letter.
- ``proposal_record_satisfaction(*, actor, pk, seen_version=None, satisfaction: str) -> Item`` — 满意 /
  基本满意 / 不满意; 不满意 on the first round reopens the item for a second handling (二次办理).

Helpers
- ``default_answer_due(assigned_on: date) -> date``; ``next_report_date(cycle, day, after: date) -> date | None``.
- ``FLOW`` (the item's ``DocumentFlow``: ``FLOW.url(item)``, ``FLOW.name(item)``).
"""

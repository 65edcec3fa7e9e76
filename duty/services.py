"""Every write of the duty chapter (值班) [41], [42], [43], [8]: one function per step, keyword-only, atomic,
permission-checked (``ActionRefused`` → 403, ``StaleAction`` → 409, ``ValidationError`` → a Chinese message),
logged through ``core.workflow.Flow`` and notifying on commit. ``seen_version`` is the version of the item the
page showed (for shifts: their roster's); None skips the stale-page check.

The roster (值班表) [41], [42]
    roster_generate(*, actor, period: str, starts_on: date, ends_on: date, title: str = "", note: str = "") -> Roster
        A draft for a month (``Roster.Period.MONTH``) or a holiday period (``HOLIDAY``): one shift per active
        ``ShiftKind`` of each day's type (``duty.calendar``), filled by fair rotation among the 值班人员 (fewest
        past duties first, counting every active shift before), skipping anyone away (``org.Absence``: the leave
        chapter's approved absences) and anyone whose last shift ended less than ``DUTY_MIN_REST_HOURS`` before.
        A shift no one can take stays empty (shown as incomplete).
    shift_assign(*, actor, shift_pk: int, person_pk: int | None, seen_version: int | None = None) -> Shift
        Hand edit of who is on duty; refused for someone on approved leave or out at that time [42], for
        someone without the 值班人员 role, and for a rest shorter than the setting. Empty (None) is allowed on a
        draft. On a published roster the two people are told.
    roster_set_leaders(*, actor, roster_pk: int, day: date, county_leader_pk: int | None,
                       office_leader_pk: int | None, seen_version: int | None = None) -> Roster
        The 带班 leaders of a statutory holiday day (every shift of that day) [41].
    roster_publish(*, actor, pk: int, seen_version: int | None = None) -> Roster
        Refused while a statutory holiday day lacks a county-government leader and an office leader as 带班
        [41], or a shift has no one on it [42]; tells everyone on it.
    roster_cancel(*, actor, pk: int, reason: str, seen_version: int | None = None) -> Roster
        作废 (its shifts become inactive; nothing is deleted).

Swaps (换班) [42]
    swap_request(*, actor, shift_pk: int, other_person_pk: int, reason: str,
                 other_shift_pk: int | None = None) -> Swap
    swap_accept(*, actor, pk: int, seen_version: int | None = None) -> Swap          # the other person
    swap_decline(*, actor, pk: int, comment: str = "", seen_version: int | None = None) -> Swap
    swap_approve(*, actor, pk: int, comment: str = "", seen_version: int | None = None) -> Swap
        The office leader who made the roster; the shift(s) change hands, the roster's log keeps both names.
    swap_refuse(*, actor, pk: int, comment: str, seen_version: int | None = None) -> Swap
    swap_withdraw(*, actor, pk: int, seen_version: int | None = None) -> Swap       # the one who asked

Handover (交接班) [41], [42]
    handover_write(*, actor, shift_pk: int, open_matters: str) -> Handover
        The outgoing person (or an office leader) writes it; the incoming person is the next shift's.
    handover_confirm(*, actor, pk: int, note: str = "", seen_version: int | None = None) -> Handover
    A handover not confirmed within ``DUTY_HANDOVER_GRACE_MINUTES`` of the shift's end, and a shift with no
    one on post when it starts, are told to the roster's office leader exactly once by the reminder engine
    (``duty.deadline_sources``) [42].

The duty log (值班日志) [41]
    log_add(*, actor, caller: str, content: str, action_taken: str = "", phone: str = "",
            at: datetime | None = None, corrects_pk: int | None = None) -> LogEntry
        Append-only; filed under the shift on post at ``at``; a correction names the entry it corrects.

Emergency reports (突发事件报告) [43], [8]
    report_record(*, actor, title: str, received_at: datetime, place: str, description: str, source: str,
                  casualties: str = "", category: str = "other", level: str = "0",
                  occurred_at: datetime | None = None, source_unit_pk: int | None = None,
                  source_phone: str = "", from_entry_pk: int | None = None) -> EmergencyReport
        The 首报; the county-government and office leaders are told at once (the 带班 leaders of the shift first).
    report_follow_up(*, actor, pk: int, stage: str, content: str, casualties: str = "",
                     seen_version: int | None = None) -> FollowUp
        续报 or 终报 (``FollowUp.Stage``); a 终报 closes the report.
    report_acknowledge(*, actor, pk: int) -> LeaderNotice                 # a leader has read it (phone page)
    report_instruct(*, actor, pk: int, text: str, leader_pk: int | None = None) -> Instruction
        A leader writes it, or the duty room records it on a leader's word (``leader_pk``).
    report_agree(*, actor, pk: int, note: str = "", seen_version: int | None = None) -> Agreement
        A county-government or office leader, in person; the level is theirs. When both levels have agreed the
        report moves to 领导同意上报.
    report_send_to_prefecture(*, actor, pk: int, method: str, receiver: str = "",
                              seen_version: int | None = None) -> EmergencyReport
        Refused until a county-government leader AND an office leader have agreed — two agreements of one level
        are not both [43], [8]; numbers the 值班信息专报.
"""

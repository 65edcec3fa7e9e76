"""Letters to the petitioner, printed from templates through ``core.pdf`` (a CJK font embedded, the official
margins of GB/T 9704-2012) [47], [48], [50] and the 《信访工作条例》's written notices:

- 受理告知书: the case is accepted (or routed to the unit whose duty it is), and by when it will be handled;
- 不予受理告知书: not accepted, with the reason, and the lawful way to go instead [47];
- 处理意见书: the answer — with a review's opinion when there was one — and how to ask for 复查 (then 复核)
  within 30 days of receiving it [50];
- 延期告知书: an approved extension, with the reason and the new date (the 条例: 告知信访人延期理由).

A letter carries the petitioner's name and address, so only those who may see a case's personal data print it
(``rules.can_see_personal_data``: petition staff and the case's handlers); the ID number is printed masked even
for them — the letter goes by post and lies on desks (issue 19). People come only through
``selectors.petitioners_shown``, the one presenter of personal data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from core.pdf import render_pdf

from .models import Case, Extension, Handling, ReviewKind, State
from .selectors import petitioners_shown
from .services import handle_due_for


@dataclass(frozen=True)
class LetterKind:
    key: str
    title: str
    number_mark: str  # 杂信受字〔2026〕12号: the case's number with the letter's mark
    template: str


LETTERS = {
    kind.key: kind
    for kind in (
        LetterKind("accept", "信访事项受理告知书", "受字", "petitions/pdf/accept.html"),
        LetterKind("refuse", "信访事项不予受理告知书", "不受字", "petitions/pdf/refuse.html"),
        LetterKind("answer", "信访事项处理意见书", "答字", "petitions/pdf/answer.html"),
        LetterKind("extension", "信访事项延期办理告知书", "延字", "petitions/pdf/extension.html"),
    )
}


class LetterNotReady(ValueError):
    """The case has not reached the step the letter tells of (a Chinese message for a 400 page)."""


def approved_extension(case: Case, extension_id: int | None = None) -> Extension | None:
    qs = case.extensions.filter(approved=True)
    if extension_id is not None:
        return qs.filter(pk=extension_id).first()
    return qs.order_by("-decided_at", "-id").first()


def letter_problem(case: Case, kind: str, extension: Extension | None = None) -> str:
    """Why the letter cannot be printed yet, or "" when it can."""
    if kind == "accept" and (case.decided_at is None or case.state == State.REFUSED):
        return "该信访件尚未受理（或转送、交办），不能打印受理告知书 [48]。"
    if kind == "refuse" and case.state != State.REFUSED:
        return "该信访件未作不予受理决定，不能打印不予受理告知书 [47]。"
    if kind == "answer" and case.answered_at is None:
        return "该信访件尚未答复，不能打印处理意见书 [48]。"
    if kind == "extension" and extension is None:
        return "该信访件没有经批准的延期，不能打印延期告知书（《信访工作条例》第三十五条）。"
    return ""


def _number(case: Case, mark: str) -> str:
    # 杂信〔2026〕12号 → 杂信受字〔2026〕12号: the letter is filed under the case it answers.
    return case.number.replace("〔", f"{mark}〔", 1) if "〔" in case.number else f"{case.number}（{mark}）"


def _people(case: Case, user) -> dict:
    """Addressee, names, masked ID numbers and the address to send to — through the one presenter."""
    clear = petitioners_shown(case, user)
    masked = {p.pk: p for p in petitioners_shown(case, user, masked=True)}
    representatives = [p for p in clear if p.is_representative] or clear
    first = representatives[0] if representatives else None
    names = "、".join(p.name for p in representatives)
    if case.is_group:
        addressee = f"{first.name}等{case.head_count}人" if first else f"集体访{case.head_count}人"
        people = f"{names}（代表），共{case.head_count}人"
    else:
        addressee = names or "信访人"
        people = names
    return {
        "addressee": addressee,
        "people": people,
        # Never the ID number in full on paper, whoever prints it (issue 19).
        "id_numbers": "、".join(masked[p.pk].id_number for p in representatives if masked[p.pk].id_number),
        "address": next((p.address for p in representatives if p.address), ""),
    }


def _handled_by(case: Case) -> tuple[str, str]:
    """Whose duty the matter is, and how it went there (转送 / 交办), for the letters' wording [47]."""
    if case.handling in (Handling.TRANSFER, Handling.ASSIGN) and case.unit_id:
        return case.unit.name, case.get_handling_display()
    return "本机关", ""


def _answer_parts(case: Case) -> dict:
    """The answer, the latest review's opinion, and the next step open to the petitioner [50]."""
    review = case.reviews.filter(decided_at__isnull=False).order_by("-decided_at", "-id").first()
    if review is None:
        next_step = (
            f"如对本处理意见不服，可以自收到本处理意见书之日起{settings.PETITIONS_REVIEW_REQUEST_DAYS}日内，"
            "向原办理机关的上一级机关请求复查（《信访工作条例》第三十五条）。"
        )
        date = case.answered_at
    elif review.kind == ReviewKind.REVIEW:
        next_step = (
            f"如对复查意见不服，可以自收到复查意见之日起{settings.PETITIONS_REREVIEW_REQUEST_DAYS}日内，"
            "向复查机关的上一级机关请求复核（《信访工作条例》第三十六条）。"
        )
        date = review.decided_at
    else:
        next_step = (
            "复核意见为最终处理意见。对复核意见不服，仍以同一事实和理由提出信访请求的，不再受理"
            "（《信访工作条例》第三十六条）。"
        )
        date = review.decided_at
    return {
        "answer": case.answer,
        "review_label": review.get_kind_display() if review else "",
        "review_opinion": review.opinion if review else "",
        "next_step": next_step,
        "date": date,
    }


def letter_pdf(case: Case, kind: str, *, user, extension: Extension | None = None) -> bytes:
    """The letter ``kind`` (a key of ``LETTERS``) for ``case``, printed by ``user`` (who may see its personal
    data — the view checks). Raises ``LetterNotReady`` when the case has not reached that step."""
    letter_kind = LETTERS[kind]
    if kind == "extension" and extension is None:
        extension = approved_extension(case)
    problem = letter_problem(case, kind, extension)
    if problem:
        raise LetterNotReady(problem)
    handled_by, routed = _handled_by(case)
    letter = {
        "title": letter_kind.title,
        "number": _number(case, letter_kind.number_mark),
        "channel": case.get_channel_display(),
        "handled_by": handled_by,
        "routed": routed,
        "handle_days": settings.PETITIONS_HANDLE_DAYS,
        "max_extension_days": settings.PETITIONS_MAX_EXTENSION_DAYS,
        "date": case.decided_at,
        "paper": "意见书" if kind == "answer" else "告知书",
        # The limit as first told: an extension later moves ``handle_due`` (and has its own letter).
        "first_due": handle_due_for(case.handling_since) if case.handling_since else case.handle_due,
        **_people(case, user),
    }
    if kind == "refuse":
        letter["reason"] = case.refusal_reason
    elif kind == "answer":
        letter.update(_answer_parts(case))
        if case.handling in (Handling.TRANSFER, Handling.ASSIGN) and case.unit_id:
            letter["unit_name"] = case.unit.name
    elif kind == "extension":
        letter.update(
            reason=extension.reason,
            days=extension.days,
            old_due=extension.old_due,
            new_due=extension.new_due,
            accepted_on=case.handling_since,
            date=extension.decided_at,
        )
    letter["date"] = timezone.localtime(letter["date"]) if letter["date"] else timezone.localtime()
    return render_pdf(letter_kind.template, {"case": case, "letter": letter})


def filename(case: Case, kind: str) -> str:
    return f"{LETTERS[kind].title}-{case.number}.pdf"

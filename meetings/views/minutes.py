"""会议纪要 page (by meeting): the office starts and drafts it, records the 议定事项 (each with its responsible
unit, leader and deadline), sends it to the chair; the chair approves it or sends it back with a comment — on a
phone; the office issues it, numbered, once approved [17], [18], [24], [25], [6], [37].

Through ``get_meeting_for`` (404 for a meeting one may not see, classified included [31], [32]). Before it is
issued the minutes' words are seen by the office's organisers and the chair only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pdf import PdfFontMissing, pdf_response
from core.workflow import StaleAction
from org.selectors import display_name

from .. import pdf, rules, services
from ..forms_work import CommentForm, DecisionForm, MinutesBodyForm, RequiredCommentForm
from ..models import Minutes, MinutesState, State
from ..selectors import decision_rows, get_meeting_for

DRAFTING_MEETING_STATES = (State.IN_PROGRESS, State.ENDED)


def _minutes_of(meeting):
    return Minutes.objects.filter(meeting=meeting).select_related("drafted_by__profile", "approved_by__profile").first()


def may_read_draft(user, meeting) -> bool:
    """The minutes before issue: the office (who drafts) and the chair (who approves) [17], [18]."""
    return rules.is_organiser(user) or user.pk == meeting.chair_id


def _context(request, meeting, minutes, **extra) -> dict:
    user = request.user
    organiser = rules.is_organiser(user)
    issued = minutes is not None and minutes.state == MinutesState.ISSUED
    readable = minutes is not None and (issued or may_read_draft(user, meeting))
    drafting = minutes is not None and minutes.state == MinutesState.DRAFTING
    context = {
        "title": f"会议纪要：{meeting.title}",
        "meeting": meeting,
        "minutes": minutes,
        "readable": readable,
        "can_start": minutes is None and organiser and meeting.state in DRAFTING_MEETING_STATES,
        "can_edit": drafting and organiser,
        "can_submit": drafting and organiser and meeting.state == State.ENDED,
        "can_approve": minutes is not None and minutes.state == MinutesState.PENDING and user.pk == meeting.chair_id,
        "can_issue": minutes is not None and minutes.state == MinutesState.APPROVED and organiser,
        # Decisions are part of what the chair approves: recorded while the minutes are being drafted [17], [18].
        "can_add_decision": organiser
        and meeting.state in DRAFTING_MEETING_STATES
        and (minutes is None or minutes.state == MinutesState.DRAFTING),
        "decisions": list(decision_rows(meeting.decisions.all()).order_by("position", "id")),
        "log": list(minutes.log.select_related("actor__profile").order_by("at", "id")) if readable else [],
        "chair": display_name(meeting.chair),
    }
    if context["can_edit"] and "body_form" not in extra:
        context["body_form"] = MinutesBodyForm(initial={"body": minutes.body})
    if context["can_add_decision"] and "decision_form" not in extra:
        context["decision_form"] = DecisionForm(meeting=meeting)
    context.update(extra)
    return context


@idempotent
def minutes(request, pk: int):
    """The minutes of one meeting; POSTs of the body and of a new 议定事项 come back here with their errors."""
    user = request.user
    meeting = get_meeting_for(user, pk)
    m = _minutes_of(meeting)
    if request.method == "POST":
        return _post(request, meeting, m)
    return render(request, "meetings/minutes.html", _context(request, meeting, m))


def _post(request, meeting, m):
    user = request.user
    back = request.path
    what = request.POST.get("what", "")
    try:
        if what == "body":
            form = MinutesBodyForm(request.POST)
            if m is None:
                raise Http404("纪要尚未起草。")
            if form.is_valid():
                saved = apply_to_form(
                    form,
                    lambda: services.minutes_save(
                        actor=user, pk=m.pk, seen_version=seen_version(request), body=form.cleaned_data["body"]
                    ),
                )
                if saved is not None:
                    messages.success(request, "纪要已保存。")
                    return redirect("meetings:minutes", pk=meeting.pk)
            return render(request, "meetings/minutes.html", _context(request, meeting, m, body_form=form), status=400)
        if what == "decision":
            form = DecisionForm(request.POST, meeting=meeting)
            if form.is_valid():
                added = apply_to_form(
                    form, lambda: services.decision_add(actor=user, pk=meeting.pk, data=form.to_data())
                )
                if added is not None:
                    messages.success(request, f"已记录议定事项第{added.position}项。")
                    return redirect(f"{request.path}#decisions")
            return render(
                request, "meetings/minutes.html", _context(request, meeting, m, decision_form=form), status=400
            )
    except StaleAction as error:
        return refusal_response(request, status=409, messages=[error.message], back=back, error=error)
    raise Http404("没有这个操作。")


def _comment(request, form_class) -> str:
    form = form_class(request.POST)
    if not form.is_valid():
        raise ValidationError("退回修改请写明修改意见。" if form_class is RequiredCommentForm else "意见过长。")
    return form.cleaned_data["comment"]


DONE = {
    "start": "已开始起草纪要。",
    "submit": "纪要已送主持人审定 [17]。",
    "approve": "纪要已审定 [18][24][25]。",
    "send_back": "纪要已退回修改，意见已告知起草人。",
    "issue": "纪要已印发，已通知全体参会人员 [17][6]。",
}


@workflow_action
def minutes_act(request, pk: int, action: str):
    """Every button of the minutes posts here: 起草, 送审, 审定, 退回修改, 印发."""
    user = request.user
    meeting = get_meeting_for(user, pk)
    if action == "start":
        services.minutes_start(actor=user, pk=meeting.pk)
    else:
        m = _minutes_of(meeting)
        if m is None or action not in DONE:
            raise Http404("纪要尚未起草，或没有这个操作。")
        version = seen_version(request)
        if action == "submit":
            services.minutes_submit(actor=user, pk=m.pk, seen_version=version)
        elif action == "approve":
            services.minutes_approve(actor=user, pk=m.pk, seen_version=version, comment=_comment(request, CommentForm))
        elif action == "send_back":
            services.minutes_send_back(
                actor=user, pk=m.pk, seen_version=version, comment=_comment(request, RequiredCommentForm)
            )
        elif action == "issue":
            m = services.minutes_issue(actor=user, pk=m.pk, seen_version=version)
            messages.success(request, f"{m.number_label}已印发，已通知全体参会人员 [17][6]。")
            return redirect("meetings:minutes", pk=meeting.pk)
    messages.success(request, DONE[action])
    return redirect("meetings:minutes", pk=meeting.pk)


def minutes_pdf(request, pk: int):
    """会议纪要 (PDF): numbered once issued; before that only the office and the chair print it, marked 草稿."""
    meeting = get_meeting_for(request.user, pk)
    m = _minutes_of(meeting)
    if m is None or not (m.state == MinutesState.ISSUED or may_read_draft(request.user, meeting)):
        raise Http404("纪要尚未印发。")
    try:
        content = pdf.minutes_pdf(m)
    except PdfFontMissing as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    name = m.number_label or f"{meeting.number_label}纪要（草稿）"
    return pdf_response(content, f"{name}.pdf")


urlpatterns: list = [
    path("<int:pk>/minutes/", minutes, name="minutes"),
    path("<int:pk>/minutes/pdf/", minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/minutes/<slug:action>/", minutes_act, name="minutes_act"),
]

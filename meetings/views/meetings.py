"""One meeting's pages: the list, 筹备/修改 (conflicts shown before saving), the detail page with its buttons,
materials, the clerk's attendance page and the lifecycle [6], [17], [18], [24], [25].

Thin: read through ``selectors`` (404 for "missing" and "not yours" alike), act through ``services``. Bad input
→ the page again with a Chinese message and 400; someone acted first → 409; a step this person may not take →
403 with the reason (``core.actions``). Nothing a person types reaches a 500.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from core import audit
from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pagination import page_number
from core.workflow import StaleAction
from documents.outgoing.rules import can_draft
from org.selectors import cleared_for, person_label, pickable_people

from .. import drafts, lifecycle, rules, selectors, services
from ..forms import AttendanceForm, CancelForm, ListFilterForm, MaterialForm, MeetingForm, kind_from
from ..kinds import SPECS, spec_of
from ..models import HELD_STATES, UPCOMING_STATES, Attendee, Meeting, State, TopicState

PAGE_SIZE = 50
# 上级及外单位会议 come from an incoming 会议通知, not from this form [26(6)4].
FORM_KINDS = [key for key in SPECS if key != "external"]


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _organiser_only(user, what: str) -> None:
    _require(rules.is_organiser(user), f"只有办公室领导和收发秘书可以{what} [6][17]。")


# --- the list ------------------------------------------------------------------------------------------------------


def meeting_list(request):
    """会议列表: every meeting this person may see, newest first; filters by kind, state, year and words of the
    title (icontains: the pg_trgm index on UPPER(title) serves it). Paged, page numbers capped."""
    form = ListFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。"])
    f = form.cleaned_data if form.is_bound else {}
    qs = selectors.meetings_visible_to(request.user)
    if f.get("kind"):
        qs = qs.filter(kind=f["kind"])
    if f.get("state"):
        qs = qs.filter(state=f["state"])
    if f.get("year"):
        qs = qs.filter(year=f["year"])
    words = (f.get("q") or "").strip()
    if words:
        qs = qs.filter(title__icontains=words)
    page = Paginator(selectors.list_rows(qs).order_by("-starts_at", "-id"), PAGE_SIZE).get_page(page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "title": "会议列表",
            "page": page,
            "form": form if form.is_bound else ListFilterForm(),
            "query": query.urlencode(),
            "organiser": rules.is_organiser(request.user),
            "nav": "list",
        },
    )


# --- 筹备 / 修改: the kind first, then the form; conflicts shown before saving [17] ----------------------------


def _fingerprint(texts: list[str]) -> str:
    """What the organiser saw: 仍然保存 confirms these conflicts, not ones that appeared since."""
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]


def _save(user, form: MeetingForm, meeting: Meeting | None, version, conflicts: list[str]) -> Meeting:
    data = form.to_data()
    with transaction.atomic():
        if meeting is None:
            return services.meeting_create(
                actor=user, data=data, attendees=form.chosen_people(), units=form.chosen_units(), conflicts=conflicts
            )
        saved = services.meeting_update(
            actor=user,
            pk=meeting.pk,
            seen_version=version,
            data=data,
            reason=form.cleaned_data.get("reason") or "",
            conflicts=conflicts,
        )
        before = MeetingForm.initial_for(meeting)
        people = form.chosen_people()
        chair_first = [data.chair.pk, *[p.pk for p in people if p.pk != data.chair.pk]]
        if set(chair_first) != set(before["attendees"]) or {u.pk for u in form.chosen_units()} != set(before["units"]):
            saved = services.meeting_set_attendees(actor=user, pk=meeting.pk, people=people, units=form.chosen_units())
        return saved


def _form_page(request, kind: str, meeting: Meeting | None):
    user = request.user
    spec = spec_of(kind)
    chair = None
    default_ids: list[int] = []
    if meeting is not None:
        initial = MeetingForm.initial_for(meeting)
    else:
        # The one who chairs this kind by right (the director, the county head) is chosen already [18][6].
        chair = pickable_people(*spec.chairs).first()
        default_ids = [p.pk for p in services.default_attendees(kind, chair)]
        initial = {
            "attendees": default_ids,
            "chair": chair.pk if chair else None,
        }
    form = MeetingForm(request.POST or None, kind=kind, meeting=meeting, initial=initial)
    status = 200
    conflicts: list[str] = []
    fingerprint = ""
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            found = services.schedule_check(
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                room=d.get("room"),
                people=[d["chair"], *form.chosen_people()],
                exclude=meeting,
            )
            conflicts = [c.text for c in found]
            fingerprint = _fingerprint(conflicts)
            if conflicts and request.POST.get("confirm") != fingerprint:
                status = 200  # not an error: shown, and the organiser decides [17]
            else:
                try:
                    saved = apply_to_form(form, lambda: _save(user, form, meeting, seen_version(request), conflicts))
                except StaleAction as error:
                    back = reverse("meetings:detail", args=[meeting.pk]) if meeting else ""
                    return refusal_response(request, status=409, messages=[error.message], back=back, error=error)
                if saved is not None:
                    done = (
                        "已保存" + ("（存在冲突，已记入办理记录）" if conflicts else "") + "。核对后请“发出会议通知”。"
                    )
                    messages.success(request, done)
                    return redirect("meetings:detail", pk=saved.pk)
                conflicts = []
    # 姓名（职务） of the kind's default attendees, in their order, from one query (no query per person).
    labels = {p.pk: person_label(p) for p in pickable_people().filter(pk__in=default_ids)} if default_ids else {}
    defaults = [labels[pk] for pk in default_ids if pk in labels]
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "title": f"修改会议安排：{meeting.title}" if meeting else f"筹备{spec.label}",
            "form": form,
            "meeting": meeting,
            "spec": spec,
            "kind": kind,
            "defaults": defaults,
            # Who may chair only when entrusted: the form shows 委托人/委托情况 when one of them is chosen [18][6].
            "needs_entrustment": list(
                pickable_people(*spec.entrusted_chairs)
                .exclude(pk__in=pickable_people(*spec.chairs).values("pk"))
                .values_list("pk", flat=True)
            )
            if spec.entrusted_chairs
            else [],
            "conflicts": conflicts,
            "fingerprint": fingerprint,
            "organiser": True,
            "nav": "create" if meeting is None else "",
        },
        status=status,
    )


@idempotent
def create(request):
    """筹备会议 [6], [17]: the kind first — its chair rule, article and default attendees — then the form."""
    _organiser_only(request.user, "筹备会议")
    kind = kind_from(request.GET.get("kind") or request.POST.get("kind"))
    if kind is None or kind not in FORM_KINDS:
        if request.GET.get("kind"):
            return refusal_response(request, status=400, messages=["没有这种会议类型，请从列表中选择。"])
        return render(
            request,
            "meetings/meeting_kind.html",
            {
                "title": "筹备会议：选择会议类型",
                "specs": [SPECS[k] for k in FORM_KINDS],
                "organiser": True,
                "nav": "create",
            },
        )
    return _form_page(request, kind, None)


def edit(request, pk: int):
    """修改会议安排 / 改期: before the meeting is held; after the notice, a change of time or place needs a reason
    and everyone is told [17]."""
    meeting = selectors.get_meeting_for(request.user, pk)
    _organiser_only(request.user, "修改会议安排")
    if meeting.state not in UPCOMING_STATES:
        return refusal_response(
            request,
            status=403,
            messages=[f"会议{meeting.get_state_display()}，不能修改。"],
            back=reverse("meetings:detail", args=[pk]),
        )
    return _form_page(request, meeting.kind, meeting)


# --- one meeting -------------------------------------------------------------------------------------------------


BUTTONS = ("send_notice", "open", "close", "cancel")


def _counts(seats) -> dict:
    s = Attendee.Status
    return {
        "expected": len(seats),
        "present": sum(1 for a in seats if a.status in (s.PRESENT, s.SUBSTITUTED)),
        "leave": sum(1 for a in seats if a.status == s.LEAVE),
        "absent": sum(1 for a in seats if a.status == s.ABSENT),
    }


def _seats(meeting: Meeting) -> list[Attendee]:
    qs = meeting.attendees.select_related("person__profile__position", "unit", "substitute__profile")
    if meeting.state != State.CANCELLED:
        qs = qs.filter(active=True)
    return list(qs.order_by("sort_order", "id"))


def _can_sign_in(meeting: Meeting, seat: Attendee | None) -> bool:
    return (
        seat is not None
        and seat.active
        and seat.status == Attendee.Status.EXPECTED
        and meeting.state in (State.NOTIFIED, State.IN_PROGRESS)
        and timezone.now() >= meeting.starts_at - services.SIGN_IN_OPENS
    )


def detail(request, pk: int):
    """The meeting: facts, chair (with the 委托), agenda, attendees, materials, the log, the lifecycle and the
    buttons this person may press [6], [17], [18], [24], [25]."""
    user = request.user
    meeting = selectors.get_meeting_for(user, pk)
    audit.record_open(user, meeting, audit.What.DETAIL)  # classified only [32]
    organiser = rules.is_organiser(user)
    seats = _seats(meeting)
    mine = next((a for a in seats if a.person_id == user.pk), None)
    actions = [
        (t.name, t.custom.get("label", t.name))
        for t in meeting.get_available_user_state_transitions(user)
        if t.name in BUTTONS
    ]
    uploads = (organiser or user.pk == meeting.chair_id) and meeting.state != State.CANCELLED
    agenda = list(
        meeting.topics.filter(state__in=[TopicState.ACCEPTED, TopicState.DISCUSSED]).order_by("position", "id")
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "title": f"会议：{meeting.title}",
            "meeting": meeting,
            "steps": lifecycle.steps_for(meeting),
            "agenda": agenda,
            "seats": seats,
            "counts": _counts([a for a in seats if a.active]),
            "mine": mine,
            "can_sign_in": _can_sign_in(meeting, mine),
            "materials": selectors.materials_for(user, meeting),
            "material_form": MaterialForm(topics=agenda) if uploads else None,
            "log": list(meeting.log.select_related("actor__profile").order_by("at", "id")),
            "actions": dict(actions),
            "can_edit": organiser and meeting.state in UPCOMING_STATES,
            "can_attendance": organiser and meeting.state in (State.NOTIFIED, *HELD_STATES),
            "can_minutes": (organiser and meeting.state in (State.IN_PROGRESS, State.ENDED))
            or meeting.state == State.MINUTES_ISSUED,
            "organiser": organiser,
            # A county meeting's notice or minutes drafted as an outgoing document by line staff [6], [30(1)].
            "to_outgoing": _to_outgoing(user, meeting),
            "nav": "",
        },
    )


def _to_outgoing(user, meeting) -> list[tuple[str, str]]:
    if not can_draft(user):
        return []
    base = reverse("outgoing:create") + f"?from_meeting={meeting.pk}&as="
    out = []
    if drafts.can_become_notice(meeting):
        out.append(("转为发文拟稿（会议通知）", base + "notice"))
    if drafts.can_become_minutes(meeting):
        out.append(("转为发文拟稿（会议纪要）", base + "minutes"))
    return out


@dataclass(frozen=True)
class Action:
    """One button of the meeting page: the service, the form whose fields are its keyword arguments, what the
    person is told, and whether the service takes the page's version (stale → 409)."""

    service: Callable
    done: str
    form: type[forms.Form] | None = None
    versioned: bool = True


ACTIONS = {
    "send_notice": Action(services.meeting_send_notice, "会议通知已发出，参会人员已收到提醒 [6][17]。"),
    "open": Action(services.meeting_open, "已开会。"),
    "close": Action(services.meeting_close, "已散会：未签到的人员已按请假或缺席登记。"),
    "cancel": Action(services.meeting_cancel, "会议已取消，参会人员已收到通知 [17]。", CancelForm),
    "sign_in": Action(services.attendance_sign_in, "已签到。", versioned=False),
}


@workflow_action
def act(request, pk: int, action: str):
    """Every button of the meeting page posts here: read the form, call the one service, answer."""
    meeting = selectors.get_meeting_for(request.user, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这个操作。")
    data = {}
    if spec.form is not None:
        form = spec.form(request.POST)
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        data = form.cleaned_data
    if spec.versioned:
        data["seen_version"] = seen_version(request)
    spec.service(actor=request.user, pk=meeting.pk, **data)
    messages.success(request, spec.done)
    return redirect("meetings:detail", pk=meeting.pk)


# --- materials ----------------------------------------------------------------------------------------------------


@workflow_action
@idempotent
def material_add(request, pk: int):
    """上传会议材料 with its secret level (the chair and the organisers) [31], [32]."""
    meeting = selectors.get_meeting_for(request.user, pk)
    agenda = list(meeting.topics.filter(state__in=[TopicState.ACCEPTED, TopicState.DISCUSSED]))
    form = MaterialForm(request.POST, request.FILES, topics=agenda)
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    d = form.cleaned_data
    services.material_add(
        actor=request.user,
        pk=meeting.pk,
        upload=d["file"],
        title=d.get("title") or "",
        secret_level=d["secret_level"],
        topic_pk=d.get("topic"),
    )
    messages.success(request, "材料已上传。")
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#materials")


@workflow_action
def material_withdraw(request, pk: int, material_id: int):
    """撤下材料 (kept, no longer shown or served), by the chair and the organisers; the reason goes in the log."""
    meeting = selectors.get_meeting_for(request.user, pk)
    services.material_withdraw(
        actor=request.user, pk=meeting.pk, material_id=material_id, reason=request.POST.get("reason", "")[:200]
    )
    messages.success(request, "材料已撤下（记录保留）。")
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#materials")


def material(request, pk: int, material_id: int):
    """A material, only through the meeting's visibility and ``materials_for`` (classified ones to cleared
    people on the meeting who pledged) — 404 otherwise; a classified opening is recorded [31], [32]."""
    meeting = selectors.get_meeting_for(request.user, pk)
    item = next((m for m in selectors.materials_for(request.user, meeting) if m.pk == material_id), None)
    if item is None:
        raise Http404("该材料不存在，或您无权查看。")
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不在服务器上，请联系管理员。") from None
    # The classified material itself, or the classified meeting it belongs to [32].
    audit.record_open(request.user, item if item.secret_level > 0 else meeting, audit.What.ATTACHMENT)
    response = FileResponse(handle, as_attachment=True, filename=item.file_name, content_type=item.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- 签到: the clerk's page, phone first [17] -----------------------------------------------------------------------


def attendance(request, pk: int):
    """签到登记: each attendee a row with big buttons 签到 / 请假 / 缺席 / 代会; 应到/实到/请假/缺席 at the top."""
    meeting = selectors.get_meeting_for(request.user, pk)
    _organiser_only(request.user, "登记签到")
    if meeting.state not in (State.NOTIFIED, *HELD_STATES):
        return refusal_response(
            request,
            status=403,
            messages=[f"会议{meeting.get_state_display()}，不能登记签到（发出会议通知后开始登记）。"],
            back=reverse("meetings:detail", args=[pk]),
        )
    seats = [a for a in _seats(meeting) if a.active]
    # 代会 of a classified meeting: only people cleared for its level (the service checks again) [31], [32].
    people = [(p.pk, person_label(p)) for p in cleared_for(meeting.secret_level)]
    return render(
        request,
        "meetings/attendance.html",
        {
            "title": f"签到登记：{meeting.title}",
            "meeting": meeting,
            "seats": seats,
            "counts": _counts(seats),
            "people": people,
            "organiser": True,
            "nav": "",
        },
    )


@workflow_action
def attendance_record(request, pk: int, attendee_id: int):
    meeting = selectors.get_meeting_for(request.user, pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    d = form.cleaned_data
    seat = services.attendance_record(
        actor=request.user,
        pk=meeting.pk,
        attendee_id=attendee_id,
        status=d["status"],
        substitute=d.get("substitute"),
        note=d.get("note") or "",
        representative=d.get("representative") or "",
    )
    messages.success(request, f"{seat.name}：{seat.get_status_display()}。")
    return redirect(reverse("meetings:attendance", args=[meeting.pk]) + f"#a-{seat.pk}")


def lifecycle_page(request):
    return render(request, "core/lifecycle.html", {"lifecycle": lifecycle.LIFECYCLE})


urlpatterns: list = [
    path("list/", meeting_list, name="list"),
    path("new/", create, name="create"),
    path("lifecycle/", lifecycle_page, name="lifecycle"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/act/<slug:action>/", act, name="act"),
    path("<int:pk>/materials/", material_add, name="material_add"),
    path("<int:pk>/materials/<int:material_id>/", material, name="material"),
    path("<int:pk>/materials/<int:material_id>/withdraw/", material_withdraw, name="material_withdraw"),
    path("<int:pk>/attendance/", attendance, name="attendance"),
    path("<int:pk>/attendance/<int:attendee_id>/", attendance_record, name="attendance_record"),
]

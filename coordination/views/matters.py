"""协调事项 pages: the list (filters: state, unit, year; search), 登记, one matter (parties, how it came, talks,
the proposal and the decision, the history, the steps this person may take), the steps, the printable
协调事项呈批单 and the register as Excel [9], [15].

Every read goes through ``selectors.matters_visible_to`` / ``get_matter_for`` (404 for "missing" and "not yours"
alike); every write through ``services``; refusals become Chinese 4xx pages (``core.actions``). A party's 联络员
never reads the office's proposal before the leader has decided (``rules.can_read_proposal``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from org.selectors import display_name

from .. import exports, lifecycle, pdf, rules, selectors, services
from ..forms import MatterFilterForm, MatterForm, ProposeForm, SuperviseForm, TalkForm
from ..models import OPEN_STATES, Party, State

PAGE_SIZE = 50


def _allowed(user) -> None:
    if not rules.can_open_coordination(user):
        raise PermissionDenied("协调事项供办公室工作人员、县政府领导和有关单位联络员查看 [9]。")


def filtered(user, d: dict):
    qs = selectors.matters_visible_to(user)
    state = d.get("state", "")
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state:
        qs = qs.filter(state=state)
    if d.get("unit"):
        qs = qs.filter(Exists(Party.objects.filter(matter_id=OuterRef("pk"), unit_id=d["unit"].pk)))
    if d.get("year"):
        qs = qs.filter(year=d["year"])
    for word in (d.get("q") or "").split()[:5]:
        qs = qs.filter(Q(title__icontains=word) | Q(matter__icontains=word))
    return qs


def _valid_filters(request, contact):
    form = MatterFilterForm(request.GET or None, contact=contact)
    if form.is_bound and not form.is_valid():
        reasons = [m for errors in form.errors.values() for m in errors]
        return form, refusal_response(request, status=400, messages=["筛选条件不正确，请从页面上选择。", *reasons])
    return form, None


def matter_list(request):
    """协调事项: every matter this person may see, newest first [9]."""
    user = request.user
    _allowed(user)
    contact = rules.is_unit_contact(user)
    form, refused = _valid_filters(request, contact)
    if refused:
        return refused
    qs = filtered(user, form.cleaned_data if form.is_bound else {}).order_by("-created_at", "-id")
    paginator = Paginator(selectors.list_rows(qs), PAGE_SIZE)
    number = request.GET.get("page", "1")
    if not number.isdigit():
        return refusal_response(request, status=400, messages=["页码不正确。"])
    try:
        page = paginator.page(int(number))
    except EmptyPage:
        raise Http404("没有这一页。") from None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coordination/matter_list.html",
        {
            "title": "本单位协调事项" if contact else "协调事项",
            "page": page,
            "form": form,
            "contact": contact,
            "query": query.urlencode(),
            "can_register": rules.can_register(user),
            "can_export": rules.can_export(user),
        },
    )


@idempotent  # a double click registers one matter
def matter_create(request):
    """登记协调事项 [9]."""
    user = request.user
    if not rules.can_register(user):
        raise PermissionDenied("只有办公室工作人员可以登记协调事项 [9]。")
    initial = {"handler": user.pk} if rules.is_office_handler(user) else {}
    if rules.is_office_leader(user):
        initial["lead"] = user.pk
    form = MatterForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            matter = apply_to_form(
                form,
                lambda: services.matter_register(
                    actor=user,
                    data=services.MatterData(
                        title=d["title"],
                        matter=d["matter"],
                        origin=d["origin"],
                        parties=tuple(d["parties"]),
                        lead=d["lead"],
                        handler=d["handler"],
                        instructed_by=d.get("instructed_by"),
                        instruction=d.get("instruction", ""),
                        incoming=d.get("incoming"),
                        requested_by=d.get("requested_by"),
                        line=d.get("line"),
                        due_on=d.get("due_on"),
                    ),
                ),
            )
            if matter is not None:
                messages.success(request, f"已登记{matter.number_label}。")
                return redirect("coordination:detail", pk=matter.pk)
        status = 400
    return render(request, "coordination/matter_form.html", {"title": "登记协调事项", "form": form}, status=status)


def offered(matter, user) -> dict:
    """What this page offers this person — only the steps the services would take from them [9]."""
    s = matter.state
    handle = rules.can_handle(matter, user)
    return {
        "start": s == State.REGISTERED and handle,
        "talk": s in (State.REGISTERED, State.COORDINATING) and handle,
        "propose": s == State.COORDINATING and rules.can_propose(matter, user),
        "decide": s == State.PROPOSED and rules.can_decide(matter, user),
        "supervise": s == State.DECIDED and handle and matter.supervision_item_id is None,
        "close": s == State.DECIDED and handle,
        "withdraw": s in (State.REGISTERED, State.COORDINATING, State.PROPOSED) and rules.can_withdraw(matter, user),
    }


def matter_detail(request, pk: int):
    user = request.user
    matter = selectors.get_matter_for(user, pk)
    can = offered(matter, user)
    contact = rules.is_unit_contact(user) and not rules.sees_everything(user)
    default_leader = services.default_leader(matter) if can["propose"] else None
    return render(
        request,
        "coordination/matter_detail.html",
        {
            "title": matter.title,
            "matter": matter,
            "parties": selectors.parties_of(matter),
            "talks": list(selectors.talks_of(matter)),
            "log": list(selectors.log_of(matter)),
            "steps": lifecycle.steps_for(matter),
            "can": can,
            "any_step": any(can.values()),
            "show_proposal": rules.can_read_proposal(matter, user),
            "can_print": rules.can_print(matter, user),
            "contact": contact,
            "talk_form": TalkForm(auto_id="talk-%s", initial={"held_on": timezone.localdate()})
            if can["talk"]
            else None,
            "propose_form": ProposeForm(auto_id="propose-%s", initial={"leader": getattr(default_leader, "pk", None)})
            if can["propose"]
            else None,
            "default_leader": default_leader,
            "supervise_form": SuperviseForm(auto_id="supervise-%s") if can["supervise"] else None,
        },
    )


# --- the steps ---------------------------------------------------------------------------------------------------


def _valid(form) -> dict:
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    return form.cleaned_data


def _text(request) -> str:
    return (request.POST.get("text") or "").strip()


def _start(request, user, matter, version):
    services.matter_start(actor=user, pk=matter.pk, seen_version=version)
    return "已开始协调 [9]。"


def _talk(request, user, matter, version):
    d = _valid(TalkForm(request.POST))
    services.talk_record(
        actor=user, pk=matter.pk, held_on=d["held_on"], kind=d["kind"], attendees=d["attendees"], content=d["content"]
    )
    return "已记录协调情况 [9]。"


def _propose(request, user, matter, version):
    d = _valid(ProposeForm(request.POST))
    done = services.matter_propose(
        actor=user, pk=matter.pk, seen_version=version, proposal=d["proposal"], leader=d.get("leader")
    )
    return f"处理意见已报{display_name(done.leader)}决策 [9]。"


def _decide(request, user, matter, version):
    services.matter_decide(actor=user, pk=matter.pk, seen_version=version, decision=_text(request))
    return "已批示 [9]。"


def _send_back(request, user, matter, version):
    services.matter_send_back(actor=user, pk=matter.pk, seen_version=version, comment=_text(request))
    return "已退回再协调 [9]。"


def _supervise(request, user, matter, version):
    d = _valid(SuperviseForm(request.POST))
    item = services.matter_to_supervision(actor=user, pk=matter.pk, seen_version=version, deadline=d["deadline"])
    return f"已转督查事项{item.number_label} [37]。"


def _close(request, user, matter, version):
    services.matter_close(actor=user, pk=matter.pk, seen_version=version, result=_text(request))
    return "已办结 [9]。"


def _withdraw(request, user, matter, version):
    services.matter_withdraw(actor=user, pk=matter.pk, seen_version=version, reason=_text(request))
    return "已撤销。"


STEPS = {
    "start": _start,
    "talk": _talk,
    "propose": _propose,
    "decide": _decide,
    "send_back": _send_back,
    "supervise": _supervise,
    "close": _close,
    "withdraw": _withdraw,
}


@idempotent  # 记录协调情况 and 转督查 create a record: a double click records one
@workflow_action
def matter_act(request, pk: int, action: str):
    """One step, by the service that owns it (permission and state checked there) [9]."""
    user = request.user
    matter = selectors.get_matter_for(user, pk)
    step = STEPS.get(action)
    if step is None:
        raise Http404("没有这个操作。")
    messages.success(request, step(request, user, matter, seen_version(request)))
    return redirect("coordination:detail", pk=matter.pk)


# --- files -------------------------------------------------------------------------------------------------------


def matter_pdf(request, pk: int):
    """协调事项呈批单 [9]: the matter, the parties, the talks, the office's proposal and the leader's 批示."""
    user = request.user
    matter = selectors.get_matter_for(user, pk)
    if not rules.can_print(matter, user):
        raise Http404("没有找到该协调事项。")
    content = pdf.matter_pdf(matter, selectors.parties_of(matter), list(selectors.talks_of(matter)))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="coordination-{matter.year}-{matter.serial}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def matter_export(request):
    """协调事项登记簿 as Excel, by the list's filters [9]."""
    user = request.user
    if not rules.can_export(user):
        raise PermissionDenied("协调事项登记簿供办公室导出 [9]。")
    form, refused = _valid_filters(request, False)
    if refused:
        return refused
    qs = filtered(user, form.cleaned_data if form.is_bound else {}).order_by("-created_at", "-id")
    rows = selectors.list_rows(qs)[: exports.MAX_ROWS]
    return exports.download(exports.register_xlsx(rows), f"协调事项登记簿-{timezone.localdate():%Y%m%d}.xlsx")


def lifecycle_page(request):
    _allowed(request.user)
    return render(request, "coordination/lifecycle.html", {"lifecycle": lifecycle.LIFECYCLE, "title": "办理流程"})


urlpatterns: list = [
    path("", matter_list, name="list"),
    path("new/", matter_create, name="create"),
    path("lifecycle/", lifecycle_page, name="lifecycle"),
    path("register.xlsx", matter_export, name="export"),
    path("<int:pk>/", matter_detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", matter_act, name="act"),
    path("<int:pk>/form.pdf", matter_pdf, name="pdf"),
]

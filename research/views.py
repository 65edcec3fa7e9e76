"""调研与文字综合 pages [4], [5]: the one list of both kinds, the forms, a task's page with its versions, history
and steps, a version's text, the diff of two versions, the final draft as PDF, the Excel export. Thin: form →
service → answer; everything read goes through ``selectors.tasks_visible_to``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property

from core.actions import apply_to_form, refusal_response, seen_version, workflow_action
from core.idempotency import idempotent
from core.pdf import pdf_response
from core.workflow import StaleAction
from documents.outgoing.diffs import compare

from . import exports, pdf, rules, selectors, services
from .forms import ADOPTION_CHOICES, FieldworkForm, FilterForm, TaskForm, VersionForm
from .lifecycle import steps_for
from .models import ENDED_STATES, Kind, State, Task, Version

PAGE_SIZE = 50
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: COUNT_CAP + 1].count()
        self.capped = counted > COUNT_CAP
        return min(counted, COUNT_CAP)


def _allowed(user) -> None:
    if not rules.can_open_research(user):
        raise PermissionDenied("调研与文字综合供县领导和县政府办公室人员使用 [4][5]。")


def filtered(request):
    """The list's rows after the filters; (queryset, form)."""
    form = FilterForm(request.GET or None)
    qs = selectors.tasks_visible_to(request.user)
    if form.is_bound and not form.is_valid():
        return None, form
    data = form.cleaned_data if form.is_bound else {}
    if data.get("q"):
        qs = qs.filter(Q(title__icontains=data["q"]) | Q(aim__icontains=data["q"]))
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("state"):
        qs = qs.filter(state=data["state"])
    if data.get("leader"):
        qs = qs.filter(leader_id=data["leader"])
    if data.get("year"):
        qs = qs.filter(year=data["year"])
    if data.get("due") == "soon":
        qs = selectors.due_soon(qs)
    elif data.get("due") == "overdue":
        qs = selectors.overdue(qs)
    return qs, form


@login_required
def task_list(request):
    _allowed(request.user)
    qs, form = filtered(request)
    if qs is None:
        response = render(request, "research/list.html", {"form": form, "page": None, "title": "调研与文字综合"})
        response.status_code = 400
        return response
    paginator = CappedPaginator(selectors.list_rows(qs).order_by("-created_at", "-id"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    from org.roles import COUNTY_LEADERS, Role
    from org.selectors import person_label, pickable_people

    leaders = [(u.pk, person_label(u)) for u in pickable_people(*COUNTY_LEADERS, Role.OFFICE_DIRECTOR)]
    return render(
        request,
        "research/list.html",
        {
            "title": "调研与文字综合",
            "form": form,
            "page": page,
            "paginator": paginator,
            "query": query.urlencode(),
            "leaders": leaders,
            "leader_value": request.GET.get("leader", ""),
            "can_create": rules.can_create(request.user),
            "today": timezone.localdate(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@login_required
@idempotent  # a double click registers one task
def task_new(request, kind):
    _allowed(request.user)
    if kind not in Kind.values:
        raise Http404("没有这类任务。")
    if not rules.can_create(request.user):
        raise PermissionDenied("调研课题和文稿任务由办公室领导或县领导立项、交办 [4][5]。")
    form = TaskForm(request.POST or None, kind=kind)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            task = apply_to_form(
                form,
                lambda: services.create_task(
                    actor=request.user,
                    kind=kind,
                    title=d["title"],
                    leader=d["leader"],
                    lead=d["lead"],
                    due_on=d["due_on"],
                    aim=d.get("aim", ""),
                    genre=d.get("genre", ""),
                    members=list(d.get("members") or []),
                    units=list(d.get("units") or []),
                    reviewers=form.reviewers() if kind == Kind.DRAFTING else [],
                ),
            )
            if task is not None:
                return redirect("research:detail", task.pk)
        status = 400
    label = "调研课题立项" if kind == Kind.RESEARCH else "交办文稿"
    return render(request, "research/form.html", {"form": form, "title": label, "kind": kind}, status=status)


def _context(request, task, **extra):
    user = request.user
    task.member_ids = set(task.member_rows.values_list("user_id", flat=True))
    names = {t.name for t in task.get_available_user_state_transitions(user)}
    versions = list(task.versions.select_related("made_by__profile").order_by("number"))
    opinions = list(task.opinions.select_related("by__profile", "version").order_by("at", "id"))
    for v in versions:
        v.opinion_list = [o for o in opinions if o.version_id == v.pk]
    on_team = rules.can_work_on(task, user)
    can = {
        "start": bool(names & {"start_research", "start_drafting"}),
        "version": on_team and task.state in (State.ASSIGNED, State.RESEARCHING, State.COMMISSIONED, State.DRAFTING),
        "fieldwork": on_team and task.kind == Kind.RESEARCH and task.state in (State.ASSIGNED, State.RESEARCHING),
        "report": "report" in names,
        "instruct": "instruct" in names,
        "close": "close" in names,
        "submit": bool(names & {"to_review", "to_approval"}),
        "review": bool(names & {"pass_on", "reviewed", "review_return"}),
        "decide": bool(names & {"approve", "approval_return"}),
        "cancel": bool(names & {"cancel_research", "cancel_drafting"}),
        "pdf": task.kind == Kind.DRAFTING and task.state == State.FINAL and any(v.body for v in versions),
    }
    context = {
        "title": task.title,
        "task": task,
        "steps": steps_for(task),
        "versions": versions,
        "latest": versions[-1] if versions else None,
        "members": list(task.member_rows.select_related("user__profile").order_by("id")),
        "reviewers": list(task.reviewers.select_related("user__profile").order_by("order")),
        "units": list(task.units.all()),
        "fieldwork": list(task.fieldwork.select_related("recorded_by__profile")),
        "log": list(task.log.select_related("actor__profile").order_by("at", "id")),
        "can": can,
        "any_step": any(can.values()),
        "adoption_choices": ADOPTION_CHOICES,
        "version_form": VersionForm(),
        "fieldwork_form": FieldworkForm(),
        "overdue": task.state not in ENDED_STATES and task.due_on < timezone.localdate(),
        "text_versions": [v for v in versions if v.body],
    }
    context.update(extra)
    return context


@login_required
def task_detail(request, pk):
    _allowed(request.user)
    task = selectors.get_task_for(request.user, pk)
    return render(request, "research/detail.html", _context(request, task))


@login_required
@idempotent  # a double click adds one version
def task_version(request, pk):
    """提交新稿: the form on the task's page posts here; a refusal re-renders the page with the errors."""
    _allowed(request.user)
    task = selectors.get_task_for(request.user, pk)
    if request.method != "POST":
        return redirect("research:detail", task.pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = apply_to_form(
                form,
                lambda: services.add_version(
                    actor=request.user,
                    pk=task.pk,
                    seen_version=seen_version(request),
                    body=form.cleaned_data["body"],
                    upload=form.cleaned_data.get("file"),
                    note=form.cleaned_data["note"],
                ),
            )
        except StaleAction as error:
            return refusal_response(request, status=409, messages=[error.message], error=error)
        if result is not None:
            return redirect("research:detail", task.pk)
    task.refresh_from_db()
    return render(request, "research/detail.html", _context(request, task, version_form=form), status=400)


@login_required
def task_fieldwork(request, pk):
    _allowed(request.user)
    task = selectors.get_task_for(request.user, pk)
    if request.method != "POST":
        return redirect("research:detail", task.pk)
    form = FieldworkForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        result = apply_to_form(
            form,
            lambda: services.add_fieldwork(
                actor=request.user, pk=task.pk, on=d["on"], place=d["place"], findings=d["findings"]
            ),
        )
        if result is not None:
            return redirect("research:detail", task.pk)
    task.refresh_from_db()
    return render(request, "research/detail.html", _context(request, task, fieldwork_form=form), status=400)


def _yes(request, name) -> bool:
    return request.POST.get(name) in ("1", "yes", "true", "on")


ACTIONS = {
    "start": lambda r, pk, v: services.start_task(actor=r.user, pk=pk, seen_version=v),
    "report": lambda r, pk, v: services.send_report(
        actor=r.user, pk=pk, seen_version=v, comment=r.POST.get("comment", "")
    ),
    "instruct": lambda r, pk, v: services.instruct(actor=r.user, pk=pk, seen_version=v, text=r.POST.get("text", "")),
    "close": lambda r, pk, v: services.close_task(
        actor=r.user, pk=pk, seen_version=v, adoption=r.POST.get("adoption", ""), note=r.POST.get("note", "")
    ),
    "submit": lambda r, pk, v: services.submit_draft(
        actor=r.user, pk=pk, seen_version=v, comment=r.POST.get("comment", "")
    ),
    "review": lambda r, pk, v: services.review_draft(
        actor=r.user, pk=pk, seen_version=v, passed=_yes(r, "passed"), opinion=r.POST.get("opinion", "")
    ),
    "decide": lambda r, pk, v: services.decide_draft(
        actor=r.user, pk=pk, seen_version=v, approved=_yes(r, "approved"), opinion=r.POST.get("opinion", "")
    ),
    "cancel": lambda r, pk, v: services.cancel_task(
        actor=r.user, pk=pk, seen_version=v, reason=r.POST.get("reason", "")
    ),
}


@login_required
@workflow_action
def task_act(request, pk, action):
    _allowed(request.user)
    task = selectors.get_task_for(request.user, pk)
    step = ACTIONS.get(action)
    if step is None:
        raise Http404("没有这项操作。")
    step(request, task.pk, seen_version(request))
    return redirect("research:detail", task.pk)


def _version_of(request, pk, number) -> tuple[Task, Version]:
    _allowed(request.user)
    task = selectors.get_task_for(request.user, pk)
    try:
        return task, task.versions.select_related("made_by__profile").get(number=number)
    except Version.DoesNotExist:
        raise Http404("没有这一稿。") from None


@login_required
def version_text(request, pk, number):
    task, version = _version_of(request, pk, number)
    return render(
        request, "research/version.html", {"task": task, "v": version, "title": f"{task.title} {version.label}"}
    )


@login_required
def version_file(request, pk, number):
    _task, version = _version_of(request, pk, number)
    if not version.file:
        raise Http404("这一稿没有上传文件。")
    response = FileResponse(version.file.open("rb"), as_attachment=True, filename=version.file_name or "file")
    response["Content-Type"] = version.content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def version_diff(request, pk):
    """Two text versions side by side, changed characters marked [5]."""
    _allowed(request.user)
    task = selectors.get_task_for(request.user, pk)
    texts = {v.number: v for v in task.versions.exclude(body="").order_by("number")}
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        numbers = sorted(texts)
        if len(numbers) < 2:
            raise Http404("至少要有两稿正文才能比较。") from None
        a, b = numbers[-2], numbers[-1]
    if a not in texts or b not in texts:
        raise Http404("没有这一稿的正文。")
    return render(
        request,
        "research/diff.html",
        {
            "task": task,
            "a": texts[a],
            "b": texts[b],
            "lines": compare(texts[a].body, texts[b].body),
            "numbers": sorted(texts),
            "title": f"{task.title} v{a}与v{b}对照",
        },
    )


@login_required
def task_pdf(request, pk):
    """The final draft as an A4 PDF [5]."""
    _allowed(request.user)
    task = selectors.get_task_for(request.user, pk)
    if task.kind != Kind.DRAFTING or task.state != State.FINAL:
        raise Http404("只有已定稿的文稿可以打印。")
    version = task.versions.exclude(body="").order_by("-number").first()
    if version is None:
        raise Http404("定稿为上传的文件，请直接下载打印。")
    return pdf_response(pdf.final_draft(task, version), f"{task.title[:40]}（定稿）.pdf")


@login_required
def task_export(request):
    _allowed(request.user)
    qs, _form = filtered(request)
    if qs is None:
        return refusal_response(request, status=400, messages=["筛选条件有误。"])
    return exports.tasks_xlsx(selectors.list_rows(qs).order_by("-created_at", "-id"))


@login_required
def lifecycle_page(request, key):
    """The two lifecycles as tables read from the state machine [4], [5]."""
    _allowed(request.user)
    from . import lifecycle

    chosen = {"research": lifecycle.LIFECYCLE, "drafting": lifecycle.DRAFTING}.get(key)
    if chosen is None:
        raise Http404("没有这个流程。")
    return render(request, "core/lifecycle.html", {"lifecycle": chosen, "title": chosen.title})


urlpatterns = [
    path("lifecycle/<str:key>/", lifecycle_page, name="lifecycle"),
    path("", task_list, name="list"),
    path("export.xlsx", task_export, name="export"),
    path("new/<str:kind>/", task_new, name="new"),
    path("<int:pk>/", task_detail, name="detail"),
    path("<int:pk>/version/", task_version, name="version"),
    path("<int:pk>/fieldwork/", task_fieldwork, name="fieldwork"),
    path("<int:pk>/act/<str:action>/", task_act, name="act"),
    path("<int:pk>/v/<int:number>/", version_text, name="version_text"),
    path("<int:pk>/v/<int:number>/file/", version_file, name="version_file"),
    path("<int:pk>/diff/", version_diff, name="diff"),
    path("<int:pk>/pdf/", task_pdf, name="pdf"),
]

"""登记 — the desk [48]: every letter and visit is registered, and registering is where every case starts.

One form for the case and its petitioners (a 集体访: the head count and up to five representatives, 条例第十八条;
each ID number checked by its GB 11643 checksum, each phone by its shape). Before saving, a confirmation step
shows the earlier cases of the same person (ID number or phone, through the blind index) or the same matter
(same township, similar title); the petition staff link each or dismiss it, then save [48]. A double click
registers one case (``@idempotent``: the confirmation page renders, so the token stays usable until the save
redirects).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path

from core.actions import apply_to_form
from core.idempotency import idempotent

from .. import rules, services
from ..forms import CaseForm, PetitionerFormSet
from ..models import Channel


def _rows_typed(post) -> list[dict]:
    """What was typed in each petitioner row, as initial values for a form that shows no errors yet."""
    raw = post.get("p-TOTAL_FORMS", "1")
    total = min(int(raw), 30) if raw.isdigit() else 1
    names = ("name", "id_number", "phone", "address", "township", "is_representative")
    return [{n: post.get(f"p-{i}-{n}", "") for n in names} for i in range(total)]


def _repeats(form: CaseForm, people: list[dict]) -> list[dict]:
    """The earlier cases the desk shows before saving, each with why it matched [48]."""
    d = form.cleaned_data
    found: dict[int, dict] = {}

    def add(cases, why: str):
        for case in cases:
            row = found.setdefault(case.pk, {"case": case, "why": []})
            if why not in row["why"]:
                row["why"].append(why)

    for person in people:
        if not (person.get("id_number") or person.get("phone")):
            continue
        hits = services.find_repeats(id_number=person.get("id_number", ""), phone=person.get("phone", ""))
        who = person["name"] if len(people) > 1 else "信访人"
        add(hits.by_id, f"{who}身份证号码相同")
        add(hits.by_phone, f"{who}联系电话相同")
    matter = services.find_repeats(title=d["title"], township=d.get("township"))
    add(matter.by_matter, "同一属地、事由相近")
    rows = sorted(found.values(), key=lambda r: (r["case"].received_at, r["case"].pk), reverse=True)
    person_match = {pk for pk, r in found.items() if any("相同" in w for w in r["why"])}
    for row in rows:
        row["same_person"] = row["case"].pk in person_match
    return rows


def _decisions(request, rows: list[dict]) -> tuple[list[int], list[int], list[dict]]:
    """Each match's answer from the confirmation page: link (关联) or dismiss (不是同一事项); unanswered rows."""
    linked, dismissed, open_rows = [], [], []
    for row in rows:
        answer = request.POST.get(f"repeat-{row['case'].pk}", "")
        row["answer"] = answer
        if answer == "link":
            linked.append(row["case"].pk)
        elif answer == "dismiss":
            dismissed.append(row["case"].pk)
        else:
            open_rows.append(row)
    return linked, dismissed, open_rows


def _data(form: CaseForm, people: list[dict], linked: list[int], dismissed: list[int]):
    d = form.cleaned_data
    return services.CaseData(
        channel=d["channel"],
        received_at=d["received_at"],
        category=d["category"],
        title=d["title"],
        request=d["request"],
        content=d.get("content", ""),
        township=d.get("township"),
        place=d.get("place", ""),
        is_group=d.get("is_group", False),
        head_count=d["head_count"],
        is_skip_level=d.get("is_skip_level", False),
        petitioners=tuple(
            services.PetitionerData(
                name=p["name"],
                id_number=p.get("id_number", ""),
                phone=p.get("phone", ""),
                address=p.get("address", ""),
                township=p.get("township"),
                is_representative=p.get("is_representative", False),
            )
            for p in people
        ),
        earlier_ids=tuple(linked),
        dismissed_ids=tuple(dismissed),
    )


@idempotent  # a double click registers one case
def case_new(request):
    """登记信访件 [48]: the form; then the earlier cases of the same person or matter to link or dismiss; then
    the case, its 15-day limit to decide running."""
    user = request.user
    if not rules.can_register(user):
        raise PermissionDenied("只有信访接待人员可以登记信访件 [48]。")
    if request.method != "POST":
        context = {"form": CaseForm(), "formset": PetitionerFormSet(prefix="p")}
        return render(request, "petitions/case_form.html", {"title": "登记信访件", "pet_desk": True, **context})
    if request.POST.get("add_person"):
        # Without script: one more empty petitioner row, what was typed kept, no errors shown yet.
        context = {
            "form": CaseForm(initial=request.POST.dict()),
            "formset": PetitionerFormSet(prefix="p", initial=_rows_typed(request.POST)),
        }
        return render(request, "petitions/case_form.html", {"title": "登记信访件", "pet_desk": True, **context})
    form = CaseForm(request.POST)
    is_group = form.is_valid() and form.cleaned_data.get("is_group", False)
    formset = PetitionerFormSet(request.POST, prefix="p", is_group=is_group)
    context = {"title": "登记信访件", "form": form, "formset": formset, "pet_desk": True}
    if not (form.is_valid() and formset.is_valid()):
        return render(request, "petitions/case_form.html", context, status=400)
    people = formset.people()
    rows = _repeats(form, people)
    linked, dismissed, open_rows = _decisions(request, rows)
    if open_rows or (rows and not request.POST.get("confirmed")):
        # The confirmation step: every match answered before the case is saved [48].
        status = 400 if request.POST.get("confirmed") else 200
        return render(
            request,
            "petitions/case_confirm.html",
            {
                **context,
                "title": "登记信访件：核对重复信访",
                "rows": rows,
                "people": people,
                "unanswered": bool(request.POST.get("confirmed")) and bool(open_rows),
                "channel_label": Channel(form.cleaned_data["channel"]).label,
            },
            status=status,
        )
    case = apply_to_form(form, lambda: services.register_case(actor=user, data=_data(form, people, linked, dismissed)))
    if case is None:
        return render(request, "petitions/case_form.html", context, status=400)
    note = f"，关联此前{case.earlier.count()}件（重复信访）" if case.is_repeat else ""
    messages.success(
        request,
        f"已登记信访件{case.number}{note}。请于{case.accept_due:%Y年%m月%d日}前决定是否受理并告知信访人"
        "（《信访工作条例》：收到之日起15日内）。",
    )
    return redirect("petitions:detail", pk=case.pk)


urlpatterns: list = [
    path("new/", case_new, name="new"),
]

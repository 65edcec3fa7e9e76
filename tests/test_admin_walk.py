"""The admin, walked model by model (issue 12): what may be deleted, and that every page speaks Chinese.

The walk reads ``admin.site``, so a new app's models are covered with no edit here. Data comes from the demo
builders every chapter registers (``seed_demo``), so each model has rows and a change page to render; nothing
here names a demo person or document.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import CASCADE
from django.test import RequestFactory
from django.urls import reverse
from django_fsm import FSMFieldMixin

from core.admin_rules import DELETABLE, label_of

CJK = re.compile(r"[\u4e00-\u9fff]")

# The models whose rows the admin may delete, and why each may. Everything else is deactivated or end-dated.
EXPECTED_DELETABLE = {
    "deadlines.calendaroverride": "a mistaken 调休/节假日 entry; nothing points to it",
    "axes.accessattempt": "deleting the failed sign-ins is how an administrator lifts a lockout",
}


def _superuser():
    user = get_user_model().objects.filter(is_superuser=True, is_active=True).first()
    if user is None:
        user = get_user_model().objects.create_superuser("t-walk-admin", "walk@office.test", "x")
    return user


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _pointed_to() -> set[str]:
    """Models that another model's foreign key, one-to-one or many-to-many points at."""
    targets = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete) or field.related_model in (None, model):
                continue
            if field.one_to_one and field.remote_field.on_delete is CASCADE:
                continue  # a part of the row it points at, deleted with it (axes' attempt expiration)
            targets.add(label_of(field.related_model))
    return targets


@pytest.mark.django_db
def test_only_the_listed_models_may_be_deleted_in_the_admin_and_no_role(office):
    """Issue 12: notifications, groups (the role 收发秘书 with its members), scan runs, absences, positions,
    sections and standing recipients were deletable. Nothing a record points to, and no role, is."""
    request = _request(office["admin"])
    office["admin"].is_superuser = True
    deletable = {}
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.first()
        if model_admin.has_delete_permission(request) or (obj and model_admin.has_delete_permission(request, obj)):
            deletable[label_of(model)] = DELETABLE.get(label_of(model), "")
        else:
            assert "delete_selected" not in model_admin.get_actions(request), label_of(model)
    assert set(deletable) == set(EXPECTED_DELETABLE), deletable
    assert all(deletable.values()), "every deletable model says why in core.admin_rules.DELETABLE"
    assert not set(deletable) & _pointed_to(), "a model that records point to is never deletable"
    group = Group.objects.first()
    client = __import__("django.test", fromlist=["Client"]).Client()
    client.force_login(office["admin"])
    assert client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"}).status_code == 403
    assert Group.objects.filter(pk=group.pk).exists()


class _Page(HTMLParser):
    """Column headers of the change list, labels of the change form, and the text of every cell."""

    def __init__(self):
        super().__init__()
        self.headers: list[str] = []
        self.labels: list[str] = []
        self.cells: list[str] = []
        self._stack: list[tuple[str, str]] = []  # (tag, what is being collected)
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = attrs.get("class") or ""
        what = ""
        if any(t == "nav" for t, _ in self._stack) or "visually-hidden" in classes:
            pass  # the sidebar's list of models, and text for screen readers only
        elif tag == "th" and attrs.get("scope") == "col":
            what = "header"
        elif tag == "label" or (tag == "h2" and self._stack and "fieldset" in [t for t, _ in self._stack]):
            what = "label"
        elif tag == "td" or (tag == "th" and "field-" in classes) or (tag == "div" and "readonly" in classes):
            what = "cell"
        if tag in ("input", "br", "img", "meta", "link", "hr"):
            return
        self._stack.append((tag, what))
        if what:
            self._text = []

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, what = self._stack.pop()
            if what:
                text = " ".join("".join(self._text).split())
                {"header": self.headers, "label": self.labels, "cell": self.cells}[what].append(text)
            if open_tag == tag:
                break

    def handle_data(self, data):
        self._text.append(data)


def _ascii_only(text: str) -> bool:
    text = text.strip(" :：*")
    return bool(text) and not CJK.search(text) and not text.isdigit()


def _state_codes() -> dict[str, set[str]]:
    """Every FSM state's code, where it differs from its label: the raw codes a page must not show."""
    codes: dict[str, set[str]] = {}
    for model in apps.get_models():
        for field in model._meta.fields:
            if isinstance(field, FSMFieldMixin) and field.choices:
                codes.setdefault(label_of(model), set()).update(
                    str(value) for value, label in field.flatchoices if str(value) != str(label)
                )
    return codes


@pytest.mark.django_db(transaction=False)
def test_every_admin_page_speaks_chinese_and_shows_no_raw_state():
    """Issue 12: "DOCUMENT", "NUMBER LABEL", raw states (proofing, drafting), "AXES / Access attempts" — every
    change list and one change page per model, with the demo office's rows."""
    call_command("seed_demo", stdout=__import__("io").StringIO())
    user = _superuser()
    from django.test import Client

    Client().post(reverse("login"), {"username": user.get_username(), "password": "wrong"})  # axes' rows
    client = Client()
    client.force_login(user)
    raw = set().union(*_state_codes().values())
    problems = []
    index = client.get(reverse("admin:index")).content.decode()
    for app_config in apps.get_app_configs():
        shown = f"/admin/{app_config.label}/" in index
        if shown and not CJK.search(str(app_config.verbose_name)):
            problems.append(f"app {app_config.label}: {app_config.verbose_name}")
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if not CJK.search(str(meta.verbose_name_plural)):
            problems.append(f"{label_of(model)}: model name {meta.verbose_name_plural!r}")
        pages = [reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")]
        obj = model_admin.get_queryset(_request(user)).order_by("-pk").first()
        if obj is not None:
            pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            page = _Page()
            page.feed(response.content.decode())
            for header in page.headers:
                if _ascii_only(header):
                    problems.append(f"{url}: column {header!r}")
            for label in page.labels:
                if _ascii_only(label):
                    problems.append(f"{url}: label {label!r}")
            for cell in page.cells:
                if cell in raw:
                    problems.append(f"{url}: raw state {cell!r}")
    assert not problems, "\n".join(sorted(set(problems)))

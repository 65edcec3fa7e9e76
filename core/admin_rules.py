"""The admin's rules for every app (issue 12), applied once to whatever ``admin.site`` holds — a new app's
models included, with no edit here:

* **Nothing is deleted** unless its model is listed in ``DELETABLE`` with the reason it may be. A record that
  others point to (a notification a reminder links, a section people belong to, a role — a ``Group`` — with its
  members) is deactivated or end-dated instead; the bulk 删除 action goes with the permission.
* **Bad input is a 400, never a 500**: a bulk action posted with a row id that is no id (``abc``), and a form
  re-shown with a chosen person or unit that is no id (Django's autocomplete widget looks it up as it is).
* **The admin speaks Chinese**: django-axes' app is called 登录防护 and its two unnamed columns get names
  (its field and model names are translated in ``core/locale``).

``apply(admin.site)`` runs from ``CoreConfig.ready()``, after the admin has imported every app's ``admin.py``.
``tests/test_admin_walk.py`` walks the site and fails on a model deletable without a reason, and on an English
column header or a raw state code on any page.
"""

from __future__ import annotations

from types import MethodType

from django.apps import apps
from django.contrib.admin import helpers, options, widgets
from django.core.exceptions import BadRequest, ValidationError

# "app_label.model_name" → why a row of it may be deleted.
DELETABLE: dict[str, str] = {
    "deadlines.calendaroverride": "调休、节假日的一条更正：删去即回到法定安排，没有记录指向它。",
    "axes.accessattempt": "删除登录失败记录即解除该账号或地址的锁定（django-axes 的做法）；审计另有登录日志。",
}


def label_of(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _never(self, request, obj=None) -> bool:
    return False  # deactivate or end-date instead (core.admin_rules)


def _checked_response_action(self, request, queryset):
    pk = self.model._meta.pk
    for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
        try:
            pk.to_python(value)
        except ValidationError:
            raise BadRequest("所选记录的编号有误，请回到列表重新勾选。") from None
    return type(self).response_action(self, request, queryset)


class _ValidChoicesOnly:
    """Django's autocomplete widget filters the related table by the submitted value as it is: ``abc`` for an id
    is a ValueError (a 500) when the form is shown again with its errors. Values that are no key are dropped."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        valid = []
        for item in value:
            try:
                key.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class AutocompleteSelect(_ValidChoicesOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_ValidChoicesOnly, widgets.AutocompleteSelectMultiple):
    pass


def apply(site) -> None:
    for model, model_admin in site._registry.items():
        if label_of(model) not in DELETABLE:
            model_admin.has_delete_permission = MethodType(_never, model_admin)
        model_admin.response_action = MethodType(_checked_response_action, model_admin)
    # ModelAdmin.formfield_for_* build these widgets by their module-level names.
    options.AutocompleteSelect = AutocompleteSelect
    options.AutocompleteSelectMultiple = AutocompleteSelectMultiple
    _axes_in_chinese(site)


def _axes_in_chinese(site) -> None:
    if not apps.is_installed("axes"):
        return
    apps.get_app_config("axes").verbose_name = "登录防护"
    from axes.models import AccessAttempt

    model_admin = site._registry.get(AccessAttempt)
    if model_admin is None:
        return
    for name, description in (("expiration", "锁定到期时间"), ("status", "状态")):
        method = getattr(type(model_admin), name, None)
        if method is not None:
            method.short_description = description

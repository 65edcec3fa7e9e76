"""Every form of the office, labelled for a screen reader and a clerk alike — in one place (issue 14, WCAG 2.1 AA).

``OfficeFormRenderer`` is the project's FORM_RENDERER, so each form (the admin's included) gets, without a line
of its own:
- the ``---------`` placeholder of a select said in words: 请选择阅文人, 请选择来文单位 … from the field's label;
- in a formset, each row's controls named with the row's number (第 2 行 阅文人), since a table row's cell
  has no <label> of its own — the 分办 form's reader rows, their 先送 boxes, attachment rows …;
- ``{{ field.as_field_group }}`` and ``{{ form }}`` rendered by core/_field.html, whose help text and error
  carry the ids Django's ``aria-describedby`` points at (``id_title_helptext``, ``id_title_error``).
"""

from __future__ import annotations

import re

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

DASHES = "---------"
# A formset names its forms "<prefix>-<index>" (BaseFormSet.add_prefix); the index counts from 0.
ROW_PREFIX = re.compile(r".+-(\d+)")


def choose_label(label) -> str:
    """请选择 + what the field is: the words a select shows before anything is chosen."""
    words = str(label or "").strip().rstrip("：:")
    return f"请选择{words}" if words else "请选择"


def row_number(form) -> int | None:
    """The 1-based row of a formset's form, or None for a form on its own."""
    match = ROW_PREFIX.fullmatch(form.prefix or "")
    return int(match.group(1)) + 1 if match else None


class AccessibleBoundField(BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        # form.fields are the form's own deep copies: changing them here touches no other form.
        label = field.label if field.label is not None else self.label
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = choose_label(label)
        elif isinstance(field, forms.ChoiceField):
            # A model field's blank choice (BLANK_CHOICE_DASH); groups are kept as they are.
            choices = list(field.choices)
            if any(value == "" and text == DASHES for value, text in choices):
                words = choose_label(label)
                field.choices = [(v, words if v == "" and t == DASHES else t) for v, t in choices]

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        row = row_number(self.form)
        widget = widget or self.field.widget
        if row is not None and not widget.is_hidden and "aria-label" not in attrs:
            attrs["aria-label"] = f"第 {row} 行 {self.label}"
        return attrs


class OfficeFormRenderer(DjangoTemplates):
    """FORM_RENDERER: the accessible bound field and the office's one field template for every form."""

    bound_field_class = AccessibleBoundField
    field_template_name = "core/_field.html"

"""Form fields the chapters share: choosing people by name and position (``org.selectors.person_label``)."""

from __future__ import annotations

from django import forms

from .selectors import person_label


class PersonChoiceField(forms.ModelChoiceField):
    """One person, labelled 姓名（职务）; give it ``org.selectors.pickable_people(...)`` as the queryset."""

    def label_from_instance(self, obj) -> str:
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """Several people, labelled like ``PersonChoiceField``."""

    def label_from_instance(self, obj) -> str:
        return person_label(obj)

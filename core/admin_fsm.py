"""django-fsm-2's admin integration, made safe for our workflows.

django-fsm-2 4.2.4 does not check a transition's ``permission=`` when a change-form POST names a
transition (fixed upstream, unreleased), and it would call the model method directly — skipping our
services' locking, logging and notifications. This mixin checks the permission and routes every admin
transition through the app's service, so the admin is just another way of taking the same step.

Only the steps named in ``fsm_services`` exist here: any other name — posted to the change page or asked for
at ``…/<id>/transition/<name>/`` — is a 404 with a Chinese message, never an AttributeError (issue 12). A
step is offered only to someone who may change the item and may take the step, so no button leads to a 403.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django_fsm import has_transition_perm
from django_fsm.admin import FSMAdminMixin

from .workflow import ActionRefused, StaleAction

UNKNOWN_STEP = "没有这个办理操作。"


def transition_label(model_or_obj, name: str) -> str:
    """The Chinese label a ``step(label=…)`` gave the transition — whatever the item's state is."""
    method = getattr(model_or_obj, name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        return name
    transitions = meta.transitions.values() if isinstance(meta.transitions, dict) else meta.transitions
    for transition in transitions:
        if transition.custom.get("label"):
            return transition.custom["label"]
    return name


class ServiceFSMAdminMixin(FSMAdminMixin):
    # transition name → service(actor=…, pk=…); only these are offered in the admin.
    fsm_services: dict = {}
    fsm_transition_success_msg = "“{transition_name}”已完成。"
    fsm_transition_not_allowed_msg = "您无权执行“{transition_name}”，或当前状态不允许。"

    def is_fsm_transition_visible(self, transition) -> bool:
        return transition.name in self.fsm_services

    def get_fsm_block_label(self, fsm_field_name: str) -> str:
        return "办理操作"

    def _known(self, obj, transition_name) -> bool:
        method = getattr(obj, transition_name, None) if transition_name in self.fsm_services else None
        return method is not None and hasattr(method, "_django_fsm")

    def _get_fsm_transition_by_name(self, *, obj, transition_name):
        if not self._known(obj, transition_name):
            raise Http404(UNKNOWN_STEP)
        return super()._get_fsm_transition_by_name(obj=obj, transition_name=transition_name)

    def _get_fsm_extra_context(self, *, request, obj):
        # Offer only what this person may do: without the change permission the post would be a 403.
        if obj is None or not self.has_change_permission(request, obj):
            return
        yield from super()._get_fsm_extra_context(request=request, obj=obj)

    def fsm_transition_view(self, request, object_id, transition_name, **kwargs):
        # Our steps have no forms of their own: they are buttons on the change page. Any name here is unknown.
        obj = self.get_object(request, object_id)
        if (
            obj is None
            or not self._known(obj, transition_name)
            or not self.get_fsm_transition_form(
                self._get_fsm_transition_by_name(obj=obj, transition_name=transition_name)
            )
        ):
            raise Http404(UNKNOWN_STEP)
        return super().fsm_transition_view(request, object_id, transition_name, **kwargs)

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None) -> bool:
        if not self._known(obj, transition_name):
            raise Http404(UNKNOWN_STEP)
        service = self.fsm_services[transition_name]
        method = getattr(obj, transition_name)
        label = transition_label(obj, transition_name)
        if not has_transition_perm(method, request.user):
            self.message_user(
                request, self.fsm_transition_not_allowed_msg.format(transition_name=label), messages.ERROR
            )
            return False
        try:
            service(actor=request.user, pk=obj.pk, **(kwargs or {}))
        except StaleAction as error:
            self.message_user(request, f"“{label}”未执行：{error.message}", messages.ERROR)
            return False
        except (ActionRefused, ValidationError) as error:
            text = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, f"“{label}”未执行：{text}", messages.ERROR)
            return False
        self.message_user(request, self.fsm_transition_success_msg.format(transition_name=label), messages.SUCCESS)
        return True

    def save_model(self, request, obj, form, change):
        # Documents change only through services; the change form exists to show and to run transitions.
        if not change:
            super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # nothing is ever hard-deleted


class TransitionLogDisplay:
    """For an admin or inline of a ``TransitionLogBase``: the states by their Chinese names, the person by name
    (issue 12: the lists showed ``proofing``, ``drafting`` and usernames)."""

    log_fields = ["at", "actor_name", "action_label", "from_label", "to_label", "comment"]

    @staticmethod
    def _label(obj, code: str) -> str:
        document = obj._meta.get_field("document").related_model
        return str(dict(document._meta.get_field("state").flatchoices).get(code, code or "—"))

    @admin.display(description="原状态", ordering="from_state")
    def from_label(self, obj) -> str:
        return self._label(obj, obj.from_state)

    @admin.display(description="新状态", ordering="to_state")
    def to_label(self, obj) -> str:
        return self._label(obj, obj.to_state)

    @admin.display(description="操作人", ordering="actor__profile__full_name")
    def actor_name(self, obj) -> str:
        from org.selectors import display_name

        return display_name(obj.actor)

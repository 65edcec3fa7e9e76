"""django-fsm-2's admin integration, made safe for our workflows.

django-fsm-2 4.2.4 does not check a transition's ``permission=`` when a change-form POST names a
transition (fixed upstream, unreleased), and it would call the model method directly — skipping our
services' locking, logging and notifications. This mixin checks the permission and routes every admin
transition through the app's service, so the admin is just another way of taking the same step.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django_fsm import has_transition_perm
from django_fsm.admin import FSMAdminMixin

from .workflow import ActionRefused, StaleAction


class ServiceFSMAdminMixin(FSMAdminMixin):
    # transition name → service(actor=…, pk=…); only these are offered in the admin.
    fsm_services: dict = {}
    fsm_transition_success_msg = "“{transition_name}”已完成。"
    fsm_transition_not_allowed_msg = "您无权执行“{transition_name}”，或当前状态不允许。"

    def is_fsm_transition_visible(self, transition) -> bool:
        return transition.name in self.fsm_services

    def get_fsm_block_label(self, fsm_field_name: str) -> str:
        return "办理操作"

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None) -> bool:
        service = self.fsm_services.get(transition_name)
        method = getattr(obj, transition_name, None)
        label = transition_name
        if method is not None and hasattr(method, "_django_fsm"):
            transition = method._django_fsm.get_transition(obj.state)
            label = transition.custom.get("label", transition_name) if transition else transition_name
        if service is None or method is None or not has_transition_perm(method, request.user):
            self.message_user(
                request, self.fsm_transition_not_allowed_msg.format(transition_name=label), messages.ERROR
            )
            return False
        try:
            service(actor=request.user, pk=obj.pk, **(kwargs or {}))
        except StaleAction as error:
            self.message_user(request, error.message, messages.ERROR)
            return False
        except (ActionRefused, ValidationError) as error:
            text = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, text, messages.ERROR)
            return False
        self.message_user(request, self.fsm_transition_success_msg.format(transition_name=label), messages.SUCCESS)
        return True

    def save_model(self, request, obj, form, change):
        # Documents change only through services; the change form exists to show and to run transitions.
        if not change:
            super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # nothing is ever hard-deleted

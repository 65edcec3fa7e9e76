"""印章 [7]: the clerk registers, suspends, resumes and surrenders the seals; a seal not in use stamps nothing;
a surrendered seal stays with its history; nothing is deleted."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core.workflow import ActionRefused
from seals import services
from seals.models import Seal, SealKind, SealState, SealUse, Serves

from . import factories as f
from .factories import CLERK, DIRECTOR


def _stamp(office, request):
    data = services.UseData(seal_id=request.seal_id, copies=1, request_id=request.pk)
    return services.use_record(actor=office[CLERK], data=data)


def test_the_clerk_registers_a_seal_with_a_gapless_number_7(office):
    first = f.county_seal(office)
    second = f.office_seal(office)
    assert (first.number, second.number) == ("印〔2026〕1号", "印〔2026〕2号")
    assert first.keeper == office[CLERK] and first.state == SealState.IN_USE
    assert first.log.get().action == "register"


@pytest.mark.parametrize("who", [DIRECTOR, "guikou1", "lianluo"])
def test_only_the_clerk_registers_seals_7(office, who):
    with pytest.raises(ActionRefused, match="只有收发秘书"):
        f.seal(office, actor=who)
    assert not Seal.objects.exists()


def test_one_seal_in_use_per_organ_7(office):
    """[7] The county government's papers have one seal in use, so the outgoing 用印 step knows which."""
    f.county_seal(office)
    with pytest.raises(ValidationError, match="已有在用"):
        f.seal(office, name="杂多县人民政府（新）")
    assert f.seal(office, name="杂多县人民政府钢印", kind=SealKind.EMBOSSED, serves=Serves.NONE).pk


@pytest.mark.parametrize("step", ["suspend", "surrender"])
def test_a_suspended_or_surrendered_seal_cannot_be_logged_7(office, step):
    """[7] An approved request on a seal no longer in use is not stamped; no use is recorded."""
    approved = f.approved_request(office)
    getattr(services, f"seal_{step}")(actor=office[CLERK], pk=approved.seal_id, reason="印章更换")
    with pytest.raises(ActionRefused, match="不能用印"):
        _stamp(office, approved)
    assert not SealUse.objects.exists()


def test_a_request_for_a_seal_not_in_use_is_refused_7(office):
    seal = f.county_seal(office)
    services.seal_suspend(actor=office[CLERK], pk=seal.pk, reason="印面损坏")
    with pytest.raises(ValidationError, match="不能申请用印"):
        f.request(office, seal)


def test_suspend_needs_a_reason_and_resume_brings_it_back_7(office):
    seal = f.county_seal(office)
    with pytest.raises(ValidationError, match="停用原因"):
        services.seal_suspend(actor=office[CLERK], pk=seal.pk, reason="")
    seal = services.seal_suspend(actor=office[CLERK], pk=seal.pk, reason="送修")
    assert seal.state == SealState.SUSPENDED and seal.state_reason == "送修"
    seal = services.seal_resume(actor=office[CLERK], pk=seal.pk)
    assert seal.state == SealState.IN_USE
    assert list(seal.log.values_list("action", flat=True)) == ["register", "suspend", "resume"]


def test_a_surrendered_seal_is_final_and_keeps_its_history_7(office):
    """[7] Nothing is deleted: surrendered, the seal stays in the register with its uses and its log."""
    use = f.use(office)
    seal = services.seal_surrender(actor=office[CLERK], pk=use.seal_id, reason="机构更名，旧印章缴销")
    assert seal.state == SealState.SURRENDERED
    with pytest.raises(ActionRefused):
        services.seal_resume(actor=office[CLERK], pk=seal.pk)
    assert seal.uses.count() == 1
    assert [e.action for e in seal.log.order_by("at", "id")] == ["register", "use", "surrender"]


def test_only_the_clerk_changes_a_seals_state_7(office):
    seal = f.county_seal(office)
    with pytest.raises(ActionRefused, match="只有收发秘书"):
        services.seal_suspend(actor=office[DIRECTOR], pk=seal.pk, reason="停用")


def test_a_page_loaded_before_a_change_is_refused_7(office):
    from core.workflow import StaleAction

    seal = f.county_seal(office)
    seen = seal.version
    services.seal_suspend(actor=office[CLERK], pk=seal.pk, seen_version=seen, reason="送修")
    with pytest.raises(StaleAction):
        services.seal_surrender(actor=office[CLERK], pk=seal.pk, seen_version=seen, reason="缴销")


@pytest.mark.parametrize("model", ["seal", "sealrequest", "sealuse", "sealapplication"])
def test_the_admin_deletes_nothing_7(office, model):
    """[7] Nothing is hard-deleted, not even by the administrator."""
    from django.apps import apps

    klass = apps.get_model("seals", model)
    request = RequestFactory().get("/")
    request.user = office["admin"]
    model_admin = admin.site._registry[klass]
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_add_permission(request)

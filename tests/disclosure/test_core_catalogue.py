"""公开目录 [35]: kept by the office; everything public except what law keeps secret — and then with the law."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from core.workflow import ActionRefused, StaleAction
from disclosure import rules, selectors, services
from disclosure.models import CatalogueEntry, CatalogueLog, Exempt

from .factories import CONTACT, OFFICER, entry


def test_an_exempt_entry_without_its_legal_basis_is_refused_35(office):
    """[35]: an entry marked 国家秘密 or 其他依法不予公开 needs the law that keeps it back — refused without, in
    the service and in the database."""
    with pytest.raises(ValidationError, match=r"法律依据 \[35\]"):
        entry(office, title="某涉密事项", exempt=Exempt.STATE_SECRET, legal_basis="  ")
    with pytest.raises(ValidationError, match=r"其他依法不予公开.*\[35\]"):
        entry(office, title="内部管理信息", exempt=Exempt.OTHER_LEGAL)
    assert not CatalogueEntry.objects.exists()

    kept = entry(office, title="某涉密事项", exempt=Exempt.STATE_SECRET, legal_basis="《中华人民共和国保守国家秘密法》")
    assert kept.is_exempt and kept.legal_basis.startswith("《中华人民共和国保守国家秘密法》")
    # Changing it to exempt without a basis is refused too.
    public = entry(office, title="政府工作报告")
    with pytest.raises(ValidationError, match=r"\[35\]"):
        services.entry_change(
            actor=office[OFFICER],
            entry_pk=public.pk,
            data=services.EntryData(title="政府工作报告", exempt=Exempt.OTHER_LEGAL),
        )
    # The database itself refuses an exempt row without a basis [35].
    with pytest.raises(IntegrityError), transaction.atomic():
        CatalogueEntry.objects.filter(pk=kept.pk).update(legal_basis="")


def test_a_public_entry_keeps_no_legal_basis_35(office):
    """[35]: a public entry stores no basis (a basis left in the form of an entry switched back to 公开 goes)."""
    e = entry(office, exempt=Exempt.OTHER_LEGAL, legal_basis="《政府信息公开条例》第十六条")
    catalogue = e.catalogue
    changed = services.entry_change(
        actor=office[OFFICER],
        entry_pk=e.pk,
        seen_version=catalogue.version,
        data=services.EntryData(title="财政预决算", exempt=Exempt.NONE, legal_basis="《政府信息公开条例》第十六条"),
    )
    assert changed.exempt == Exempt.NONE and changed.legal_basis == ""


def test_entries_are_added_changed_retired_and_restored_never_deleted_and_each_change_logged_35(office):
    """[35]: the office keeps the checklist; a retired entry stays (停用, with its reason); every change is in
    the checklist's log with who and what."""
    e = entry(office)
    catalogue = e.catalogue
    services.entry_change(
        actor=office[OFFICER],
        entry_pk=e.pk,
        seen_version=1,
        data=services.EntryData(title="财政预决算和“三公”经费", published_where="政府网站、公开栏", frequency="yearly"),
    )
    services.entry_retire(actor=office[OFFICER], entry_pk=e.pk, seen_version=2, reason="并入新目录第3项")
    e.refresh_from_db()
    assert not e.active and e.retire_reason == "并入新目录第3项"
    assert list(selectors.active_entries(catalogue)) == []
    services.entry_restore(actor=office[OFFICER], entry_pk=e.pk, seen_version=3)
    assert CatalogueEntry.objects.filter(pk=e.pk, active=True).exists()
    log = list(CatalogueLog.objects.filter(document=catalogue).order_by("at", "id"))
    assert [row.action for row in log] == ["create", "add", "change", "retire", "restore"]
    assert all(row.actor == office[OFFICER] for row in log)
    assert "→ 财政预决算和“三公”经费" in log[2].comment and log[3].comment == "并入新目录第3项"
    assert (log[3].from_state, log[3].to_state) == ("active", "retired")


def test_a_page_loaded_before_another_change_is_refused_stale_35(office):
    """Two officers on the same checklist: the second, whose page is older, is told and nothing changes (409)."""
    e = entry(office)
    seen = e.catalogue.version
    services.entry_retire(actor=office["zhuren"], entry_pk=e.pk, seen_version=seen, reason="停止发布")
    with pytest.raises(StaleAction, match=r"已被.*修改"):
        services.entry_change(
            actor=office[OFFICER], entry_pk=e.pk, seen_version=seen, data=services.EntryData(title="新名称")
        )
    with pytest.raises(StaleAction):
        services.entry_add(
            actor=office[OFFICER],
            unit_pk=office.units["township"].pk,
            seen_version=seen,
            data=services.EntryData(title="另一事项"),
        )
    assert CatalogueEntry.objects.get(pk=e.pk).title == "财政预决算"


def test_only_the_office_keeps_checklists_and_a_contact_reads_their_own_unit_only_35(office):
    """[35]: the office keeps the units' checklists; a township's 联络员 reads theirs and no other."""
    entry(office, unit="township")
    entry(office, unit="department", title="农牧补贴发放")
    with pytest.raises(ActionRefused, match=r"\[35\]"):
        entry(office, actor=CONTACT, title="联络员自己加的")
    with pytest.raises(ActionRefused):
        entry(office, actor="guikou1", title="归口人员加的")
    contact = office[CONTACT]
    assert rules.can_open_disclosure(contact) and not rules.can_keep_catalogue(contact)
    assert [c.unit for c in selectors.catalogues_visible_to(contact)] == [office.units["township"]]
    assert {e.title for e in selectors.entries_visible_to(contact)} == {"财政预决算"}
    assert selectors.get_catalogue_for(contact, office.units["township"].pk).unit == office.units["township"]
    with pytest.raises(Http404):
        selectors.get_catalogue_for(contact, office.units["department"].pk)
    assert selectors.catalogues_visible_to(office[OFFICER]).count() == 2
    assert not selectors.catalogues_visible_to(office["guikou1"]).exists()
    assert not rules.can_open_disclosure(office["guikou1"])

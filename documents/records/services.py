"""What people do with records: custody [31], filing and hand-over [26(5)], [33], destruction [34].

Each public function is one step: atomic, permission-checked, logged, notifying on commit.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import archive
from core.pdf import ARCHIVAL
from core.serials import next_serial
from core.workflow import ActionRefused, Flow
from documents.types import SecretLevel, secret_covers
from org.roles import Role
from org.selectors import clearance_of, display_name, users_with_role

from . import fixity, rules
from .models import (
    ArchiveClass,
    Custody,
    CustodyEvent,
    DestructionEntry,
    DestructionList,
    DestructionLog,
    DestructionState,
    FileItem,
    Retention,
    RetentionRule,
    Supervision,
    Transfer,
    content_type_of,
)

# --- custody of classified papers [31] -----------------------------------------------------------------------


@transaction.atomic
def custody_record(
    *, actor, doc_kind: str, pk, event: str, person=None, at: datetime | None = None, note: str = ""
) -> Custody:
    """Record where a classified paper went: handed to someone, returned, or placed in the safe [31]."""
    if not rules.is_records_keeper(actor):
        raise ActionRefused("只有收发秘书、机要科或档案管理员可以登记涉密文件交接 [31]。")
    try:
        kind = archive.kind_of(doc_kind)
        doc = kind.flow.lock(pk)
    except (LookupError, ActionRefused):
        doc = None
    if doc is None or doc.secret_level <= SecretLevel.NONE:
        raise ValidationError("只有涉密文件需要登记交接 [31]。")
    if event not in CustodyEvent.Kind.values:
        raise ValidationError("请选择交接事项。")
    if event == CustodyEvent.Kind.HANDED:
        if person is None:
            raise ValidationError("请选择送交给谁。")
        if not secret_covers(clearance_of(person), doc.secret_level):
            raise ValidationError(f"{display_name(person)}的涉密等级不足，不能接收该文件 [31]。")
    at = at or timezone.now()
    document = {"content_type": content_type_of(kind), "object_id": doc.pk}
    CustodyEvent.objects.create(**document, kind=event, person=person, at=at, recorded_by=actor, note=note.strip())
    place = Custody.Place.SAFE if event == CustodyEvent.Kind.PLACED_IN_SAFE else Custody.Place.WITH_PERSON
    holder = None if place == Custody.Place.SAFE else (person if event == CustodyEvent.Kind.HANDED else actor)
    custody, _ = Custody.objects.update_or_create(**document, defaults={"place": place, "holder": holder, "since": at})
    label = dict(CustodyEvent.Kind.choices)[event]
    kind.flow.log(
        doc,
        actor,
        "custody",
        f"涉密文件{label}",
        doc.state,
        comment=(display_name(person) if person else "") + (f" {note.strip()}" if note.strip() else ""),
    )
    return custody


# --- filing (立卷归档) [26(5)], [33] -----------------------------------------------------------------------------


def retention_kind(doc) -> list[str]:
    """The schedule's kinds that describe ``doc``, most specific first; ``any`` last [33]."""
    return [*archive.kind_for(doc).retention_kinds(doc), "any"]


def default_retention(kinds: list[str]) -> tuple[str, ArchiveClass | None]:
    """The retention schedule's answer: the first matching rule by priority."""
    rules_by_kind = {}
    for rule in RetentionRule.objects.select_related("archive_class").order_by("priority", "id"):
        rules_by_kind.setdefault(rule.kind, rule)
    for kind in kinds:
        if kind in rules_by_kind:
            rule = rules_by_kind[kind]
            return rule.retention, rule.archive_class
    return Retention.LONG, None


def archive_code(year: int, retention: str, archive_class: ArchiveClass, number: int) -> str:
    """档号 = 全宗号-年度-保管期限-机构(问题)代码-件号 (DA/T 22), e.g. 001-2026-D30-BGS-0012."""
    return f"{settings.ARCHIVE_FONDS}-{year}-{retention}-{archive_class.code}-{number:04d}"


def _new_item(
    *, actor, year: int, retention: str, archive_class: ArchiveClass, title: str, secret_level: int, **source
) -> FileItem:
    number = next_serial(f"archive:{archive_class.code}", year)  # 件号, gapless per class and year
    return FileItem.objects.create(
        year=year,
        retention=retention,
        archive_class=archive_class,
        number=number,
        archive_code=archive_code(year, retention, archive_class, number),
        title=title,
        secret_level=secret_level,
        filed_by=actor,
        **source,
    )


@transaction.atomic
def file_document(
    *,
    actor,
    doc_kind: str,
    pk,
    seen_version=None,
    archive_class: ArchiveClass | None = None,
    retention: str | None = None,
) -> FileItem:
    """立卷归档, the same for every kind of document [26(5)], [30(5)], [33]: lock it, check it may be filed now
    (its filing transition's permission), take the retention from the schedule (or the filer's choice), give
    the 件 its 件号 and 档号, store what its kind files with it — for a 收文 the 批阅单 with the leaders'
    instructions [26(5)], [28(2)5]; for a 发文 the 公文处理单, the document as issued and every revision [30(5)]
    — each part as PDF/A with the SHA-256 of its stored bytes [33] (``fixity``), run the transition and log
    it. Filed documents are read-only from then on."""
    try:
        kind = archive.kind_of(doc_kind)
    except LookupError:
        raise ActionRefused("没有这种文件。") from None
    doc = kind.flow.begin(pk, seen_version)
    file_it = getattr(doc, kind.file_transition)
    kind.flow.check(file_it, actor, kind.file_refusal)
    default, default_class = default_retention(retention_kind(doc))
    retention = retention or default
    if retention not in Retention.values:
        raise ValidationError("请选择保管期限。")
    archive_class = archive_class or default_class
    if archive_class is None:
        raise ValidationError("请选择档案分类。")
    item = _new_item(
        actor=actor,
        year=kind.filing_year(doc),
        retention=retention,
        archive_class=archive_class,
        title=doc.title,
        secret_level=doc.secret_level,
        content_type=content_type_of(kind),
        object_id=doc.pk,
    )
    # Each part with the SHA-256 of its stored bytes, for the integrity check [33].
    for index, (part, name, content) in enumerate(kind.parts(doc)):
        fixity.add_rendered(
            item=item, kind=part, name=name, content=content, filename=f"{item.archive_code}-{index}.pdf"
        )
    for part, name, stored_as in kind.files(doc):
        fixity.add_stored(item=item, kind=part, name=name, stored_as=stored_as)
    from_state = doc.state
    file_it()
    doc.holder = None
    kind.flow.save(doc)
    kind.flow.log(
        doc,
        actor,
        "file",
        "立卷归档",
        from_state,
        comment=f"档号 {item.archive_code}（{item.get_retention_display()}）",
    )
    return item


@transaction.atomic
def transfer_year(*, actor, year: int, received_by: str, note: str = "") -> Transfer:
    """移交: hand a year's filed 件 to the county archives bureau, by 30 June of the next year [33]."""
    if not rules.is_records_keeper(actor):
        raise ActionRefused("只有收发秘书或档案管理员可以办理档案移交 [33]。")
    if year >= timezone.localdate().year:
        raise ValidationError("只能移交以前年度的档案 [33]。")
    if not received_by.strip():
        raise ValidationError("请填写县档案局接收人。")
    items = FileItem.objects.select_for_update().filter(year=year, transfer__isnull=True)
    if not items.exists():
        raise ValidationError(f"{year}年度没有待移交的归档文件。")
    transfer = Transfer.objects.create(
        year=year, handed_at=timezone.now(), handed_by=actor, received_by=received_by.strip(), note=note.strip()
    )
    items.update(transfer=transfer)
    return transfer


# --- destruction (销毁) [34] ---------------------------------------------------------------------------------------


def _url(dl: DestructionList) -> str:
    return f"/records/destruction/{dl.pk}/"


# Lock, stale-page check, log and notifications for the destruction list's steps [34].
DESTRUCTION = Flow(
    model=DestructionList, log_model=DestructionLog, noun="销毁清册", url=_url, kind="records.destruction"
)


@transaction.atomic
def destruction_create(*, actor, title: str) -> DestructionList:
    """Draw up a 销毁清册 [34(1)]."""
    if not rules.can_draw_up(None, actor):
        raise ActionRefused("只有收发秘书或档案管理员可以编制销毁清册 [34]。")
    if not title.strip():
        raise ValidationError("请填写清册名称。")
    dl = DestructionList.objects.create(title=title.strip(), drawn_up_by=actor)
    DESTRUCTION.log(dl, actor, "create", "编制清册", "")
    return dl


@transaction.atomic
def destruction_add_entry(
    *,
    actor,
    pk,
    kind: str,
    description: str,
    copies: int = 1,
    document=None,
) -> DestructionEntry:
    """Register what is to be destroyed: only what is not kept — duplicates, copies, drafts. A filed 件 is
    never on a destruction list; it is kept, and only its spare copies may go [34(1)]."""
    dl = DESTRUCTION.lock(pk)
    if dl.state != DestructionState.DRAFT or actor.pk != dl.drawn_up_by_id:
        raise ActionRefused("只有编制人可以在清册提交审批前添加条目。")
    if kind not in DestructionEntry.Kind.values:
        raise ValidationError("销毁的只能是重份文件、复印件、草稿等不需保存的材料 [34(1)]。")
    if not description.strip():
        raise ValidationError("请填写销毁材料的名称。")
    if copies < 1:
        raise ValidationError("份数至少为 1。")
    if document is not None:
        try:
            archive.kind_for(document)
        except LookupError:
            raise ValidationError("只能登记档案所管文件的重份、复印件或草稿。") from None
        # A duplicate waits until the document it repeats is filed: the 件 in the archive is what is kept.
        if kind == DestructionEntry.Kind.DUPLICATE and not FileItem.objects.of(document).exists():
            raise ValidationError("该文件尚未归档：须先将需保存的文件整理归档，其余材料方可登记销毁 [34(1)]。")
    entry = DestructionEntry.objects.create(
        destruction_list=dl,
        kind=kind,
        description=description.strip(),
        copies=copies,
        document=document,
        secret_level=document.secret_level if document else 0,
    )
    # The log is read by every supervisor: a classified copy is named by its level only [32].
    named = f"涉密材料（{SecretLevel(entry.secret_level).label}）" if entry.secret_level else entry.description
    DESTRUCTION.log(dl, actor, "add_entry", "登记销毁条目", dl.state, comment=f"{entry.get_kind_display()}：{named}")
    return entry


@transaction.atomic
def destruction_submit(*, actor, pk, seen_version=None) -> DestructionList:
    dl = DESTRUCTION.begin(pk, seen_version)
    DESTRUCTION.check(dl.submit, actor, "只有编制人可以提交清册审批 [34(1)]。")
    if actor.pk != dl.drawn_up_by_id:
        raise ActionRefused("只有编制人可以提交清册审批 [34(1)]。")
    if not dl.entries.exists():
        raise ValidationError("清册中还没有登记任何条目。")
    from_state = dl.state
    dl.submit()
    DESTRUCTION.save(dl)
    DESTRUCTION.log(dl, actor, "submit", "提交审批", from_state)
    leaders = [u for role in (Role.OFFICE_DIRECTOR, Role.DEPUTY_DIRECTOR) for u in users_with_role(role)]
    DESTRUCTION.notify(leaders, title=f"销毁清册待审批：{dl.title}", obj=dl, body="")
    return dl


@transaction.atomic
def destruction_decide(*, actor, pk, seen_version=None, approve: bool, comment: str = "") -> DestructionList:
    """经有关领导批准后方可销毁 [34(1)]."""
    dl = DESTRUCTION.begin(pk, seen_version)
    method = dl.approve if approve else dl.send_back
    DESTRUCTION.check(method, actor, "销毁清册须由编制人以外的有关领导审批 [34(1)]。")
    from_state = dl.state
    method()
    if approve:
        dl.approved_by = actor
        dl.approved_at = timezone.now()
    DESTRUCTION.save(dl)
    DESTRUCTION.log(
        dl, actor, "approve" if approve else "send_back", "批准销毁" if approve else "退回修改", from_state, comment
    )
    DESTRUCTION.notify(
        [dl.drawn_up_by], title=f"{'已批准' if approve else '退回'}销毁清册：{dl.title}", obj=dl, body=comment
    )
    return dl


@transaction.atomic
def destruction_supervise(*, actor, pk) -> Supervision:
    """监销人必须在文件销毁清册上签字 [34(3)]: each supervisor signs for themselves, in the system."""
    dl = DESTRUCTION.lock(pk)
    if dl.state != DestructionState.APPROVED:
        raise ActionRefused("清册经领导批准后，方可监销签字 [34(1)]。")
    if not rules.can_supervise(dl, actor):
        raise ActionRefused("编制人不能为自己编制的清册监销 [34(3)]。")
    if dl.supervisions.filter(supervisor=actor).exists():
        raise ActionRefused("您已在该清册上签字。")
    signature = Supervision.objects.create(destruction_list=dl, supervisor=actor)
    DESTRUCTION.log(dl, actor, "supervise", "监销签字", dl.state)
    return signature


@transaction.atomic
def destruction_complete(
    *, actor, pk, seen_version=None, method: str, place: str, destroyed_at: datetime | None = None
) -> DestructionList:
    """完成销毁: under two or more supervisors who have signed, with method, place and time recorded [34(3)];
    the list becomes a PDF and is itself filed."""
    from . import exports

    dl = DESTRUCTION.begin(pk, seen_version)
    if dl.state != DestructionState.APPROVED:
        raise ActionRefused("清册尚未经领导批准，不能销毁 [34(1)]。")
    if dl.supervisions.values("supervisor").distinct().count() < 2:
        raise ActionRefused("须有两名以上监销人在系统中签字后，方可完成销毁 [34(3)]。")
    DESTRUCTION.check(dl.complete, actor, "只有收发秘书或档案管理员可以登记完成销毁 [34]。")
    if not method.strip() or not place.strip():
        raise ValidationError("请填写销毁方式和地点。")
    destroyed_at = destroyed_at or timezone.now()
    if destroyed_at > timezone.now():
        raise ValidationError("销毁时间不能晚于现在。")
    from_state = dl.state
    dl.complete()
    dl.method, dl.place, dl.destroyed_at = method.strip(), place.strip(), destroyed_at
    DESTRUCTION.save(dl)
    DESTRUCTION.log(dl, actor, "complete", "完成销毁", from_state, comment=f"{dl.method}，{dl.place}")
    retention, archive_class = default_retention(["destruction_list", "any"])
    archive_class = archive_class or ArchiveClass.objects.order_by("sort_order", "code").first()
    if archive_class is None:
        raise ValidationError("尚未设置档案分类，无法将销毁清册归档。")
    level = max([e.secret_level for e in dl.entries.all()] or [0])
    item = _new_item(
        actor=actor,
        year=timezone.localtime(destroyed_at).year,
        retention=retention or Retention.PERMANENT,
        archive_class=archive_class,
        title=f"销毁清册：{dl.title}",
        secret_level=level,
        destruction_list=dl,
    )
    fixity.add_rendered(
        item=item,
        kind="销毁清册",
        name=f"销毁清册-{dl.pk}.pdf",
        content=exports.destruction_pdf(dl, pdf_variant=ARCHIVAL),
        filename=f"{item.archive_code}.pdf",
    )
    return dl

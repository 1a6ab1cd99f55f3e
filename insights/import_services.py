"""Writes for importing an idea wall's CSV file: upload, map the columns, confirm, run (in Celery)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from initiatives.models import TargetGroup
from innbyggerstemmen.core.task_queue import STALLED_AFTER, enqueue, enqueue_on_commit

from . import imports
from .imports import PlannedRow
from .models import IdeaWallImport, ImportStatus, Insight, Kind, Source
from .selectors import meetings_for, similar_to_texts
from .services import insight_bulk_create, insight_meeting_check, insight_merge

# Imports that were uploaded but never confirmed are deleted (with their raw content) after this long.
DRAFT_RETENTION = timedelta(days=2)


def idea_wall_import_parsed(*, idea_import: IdeaWallImport) -> imports.ParsedFile:
    return imports.parse(idea_import.content, idea_import.delimiter)


@transaction.atomic
def idea_wall_import_start(*, initiative, user, name: str, size: int, raw: bytes) -> tuple[IdeaWallImport, bool]:
    """Keep an uploaded file for the mapping step. Returns (import, already_imported).

    The same file (by fingerprint) in the same initiative is the same import: a file already
    imported, or being imported, is not started again.
    """
    try:
        decoded, parsed = imports.read_upload(name=name, size=size, raw=raw)
    except imports.ImportFileError as error:
        raise ValidationError(str(error)) from None
    text = decoded.text
    fingerprint = imports.fingerprint(text)
    existing = (
        IdeaWallImport.objects.select_for_update().filter(initiative=initiative, fingerprint=fingerprint).first()
    )
    if existing is not None:
        if existing.status in (ImportStatus.QUEUED, ImportStatus.DONE):
            return existing, True
        # An unfinished or failed earlier attempt: start it over with this upload.
        existing.content, existing.delimiter, existing.row_count = text, parsed.delimiter, len(parsed.rows)
        existing.encoding = decoded.encoding
        existing.status, existing.error, existing.created_by = ImportStatus.DRAFT, "", user
        existing.save(
            update_fields=[
                "content", "delimiter", "encoding", "row_count", "status", "error", "created_by", "updated_at"
            ]
        )
        return existing, False
    try:
        with transaction.atomic():
            idea_import = IdeaWallImport.objects.create(
                initiative=initiative,
                created_by=user,
                filename=name[-200:],
                fingerprint=fingerprint,
                content=text,
                delimiter=parsed.delimiter,
                encoding=decoded.encoding,
                row_count=len(parsed.rows),
                mapping={"targets": imports.guess_mapping(parsed.headings)},
            )
    except IntegrityError:
        # The same file uploaded at the same moment by someone else.
        return IdeaWallImport.objects.get(initiative=initiative, fingerprint=fingerprint), True
    return idea_import, False


def _require_draft(idea_import: IdeaWallImport) -> None:
    if idea_import.status != ImportStatus.DRAFT:
        raise ValidationError(_("This file has already been imported."))


@transaction.atomic
def idea_wall_import_set_mapping(
    *,
    idea_import: IdeaWallImport,
    targets: list[str],
    default_kind: str,
    source: str,
    target_group_ids: list[int] = (),
    meeting=None,
) -> IdeaWallImport:
    """Save what each column becomes and the defaults for the whole file (and the meeting it came from)."""
    idea_import = IdeaWallImport.objects.select_for_update().get(pk=idea_import.pk)
    _require_draft(idea_import)
    parsed = idea_wall_import_parsed(idea_import=idea_import)
    valid_targets = {value for value, _label in imports.TARGETS}
    if len(targets) != len(parsed.headings) or set(targets) - valid_targets:
        raise ValidationError(_("Choose what each column becomes."))
    if imports.TEXT not in targets:
        raise ValidationError(_("Choose at least one column that holds the insight text."))
    if targets.count(imports.KIND) > 1:
        raise ValidationError(_("Choose at most one column for the kind."))
    if default_kind not in Kind.values or source not in Source.values:
        raise ValidationError(_("Choose a kind and a source."))
    insight_meeting_check(idea_import.initiative, meeting)
    idea_import.mapping = {
        "meeting": meeting.pk if meeting else None,
        "targets": list(targets),
        "default_kind": default_kind,
        "source": source,
        "target_groups": sorted(int(pk) for pk in target_group_ids),
        "confirmed": True,
    }
    idea_import.save(update_fields=["mapping", "updated_at"])
    return idea_import


def idea_wall_import_is_mapped(idea_import: IdeaWallImport) -> bool:
    return bool(idea_import.mapping.get("confirmed"))


def idea_wall_import_plan(
    *, idea_import: IdeaWallImport, include_flagged: bool = True, cut_long: bool | None = None
) -> imports.Plan:
    """What the import will create and reject, against the initiative's insights as they are now.

    ``cut_long`` defaults to what was chosen on confirming (the preview passes False to show the long rows).
    """
    mapping = idea_import.mapping
    existing = Insight.objects.filter(initiative_id=idea_import.initiative_id).values_list("text", flat=True)
    return imports.plan(
        idea_wall_import_parsed(idea_import=idea_import),
        targets=mapping["targets"],
        default_kind=mapping.get("default_kind", Kind.IDEA),
        existing_texts=existing.iterator(),
        include_flagged=include_flagged,
        cut_long=mapping.get("cut_long", False) if cut_long is None else cut_long,
    )


def idea_wall_import_similar(*, idea_import: IdeaWallImport, plan: imports.Plan) -> list[list[Insight]]:
    """For each row the import will create, the initiative's insights that say much the same."""
    return similar_to_texts(initiative=idea_import.initiative, texts=[row.text for row in plan.create])


def _merge_targets(idea_import: IdeaWallImport, rows: set[int], cut_long: bool) -> dict[str, int]:
    """Row number → the insight it resembles most, for the chosen rows (found again here, never taken from the form)."""
    plan = idea_wall_import_plan(idea_import=idea_import, cut_long=cut_long)
    similar = idea_wall_import_similar(idea_import=idea_import, plan=plan)
    return {
        str(row.number): found[0].pk
        for row, found in zip(plan.create, similar, strict=True)
        if found and row.number in rows
    }


@transaction.atomic
def idea_wall_import_confirm(
    *, idea_import: IdeaWallImport, include_flagged: bool, cut_long: bool = False, merge_rows: Iterable[int] = ()
) -> IdeaWallImport:
    """Queue the import. Confirming twice queues it once. ``cut_long`` cuts over-long texts to the limit;
    ``merge_rows``: rows to merge, once created, into the initiative's insight they resemble most."""
    from .tasks import run_idea_wall_import

    idea_import = IdeaWallImport.objects.select_for_update().get(pk=idea_import.pk)
    if idea_import.status in (ImportStatus.QUEUED, ImportStatus.DONE):
        return idea_import
    _require_draft(idea_import)
    if not idea_wall_import_is_mapped(idea_import):
        raise ValidationError(_("Choose what each column becomes first."))
    idea_import.status = ImportStatus.QUEUED
    idea_import.include_flagged = include_flagged
    idea_import.mapping = {
        **idea_import.mapping,
        "cut_long": bool(cut_long),
        "merge_into": _merge_targets(idea_import, set(merge_rows), bool(cut_long)) if merge_rows else {},
    }
    idea_import.save(update_fields=["status", "include_flagged", "mapping", "updated_at"])
    enqueue_on_commit(run_idea_wall_import, idea_import.pk)
    return idea_import


def source_description_for(filename: str) -> str:
    """ "Idévegg-import: vegg.csv", in the portal's language whoever runs it."""
    with translation.override(settings.LANGUAGE_CODE):
        return (_("Idea wall import: %(filename)s") % {"filename": filename})[:200]


def idea_wall_imports_requeue_stalled(*, now=None) -> int:
    """Queue again the confirmed imports whose task was lost (a broker outage, a killed worker); returns how many."""
    from .tasks import run_idea_wall_import

    cutoff = (now or timezone.now()) - STALLED_AFTER
    ids = list(
        IdeaWallImport.objects.filter(status=ImportStatus.QUEUED, updated_at__lt=cutoff).values_list("pk", flat=True)
    )
    for import_id in ids:
        enqueue(run_idea_wall_import, import_id)
    return len(ids)


def idea_wall_import_run(*, import_id: int) -> int:
    """Create the planned insights through the insight services; returns how many were created.

    Only a queued import runs, and it is marked done in the same transaction, under a row
    lock: running the task twice creates nothing twice.
    """
    with transaction.atomic():
        idea_import = (
            IdeaWallImport.objects.select_for_update().select_related("initiative").filter(pk=import_id).first()
        )
        if idea_import is None or idea_import.status != ImportStatus.QUEUED:
            return 0
        mapping = idea_import.mapping
        target_groups = list(TargetGroup.objects.filter(pk__in=mapping.get("target_groups", [])))
        meeting = meetings_for(initiative=idea_import.initiative).filter(pk=mapping.get("meeting") or 0).first()
        planned = idea_wall_import_plan(idea_import=idea_import, include_flagged=idea_import.include_flagged)
        groups: dict[tuple, list[PlannedRow]] = {}
        for row in planned.create:
            groups.setdefault((row.kind, tuple(row.themes)), []).append(row)
        created = merges = 0
        try:
            with transaction.atomic():
                for (kind, themes), rows in groups.items():
                    made = insight_bulk_create(
                        initiative=idea_import.initiative,
                        user=idea_import.created_by,
                        texts=[row.text for row in rows],
                        said_on_each=[row.said_on for row in rows],
                        kind=kind,
                        source=mapping.get("source", Source.CITIZENS),
                        source_description=source_description_for(idea_import.filename),
                        theme_names=themes,
                        target_groups=target_groups,
                        meeting=meeting,
                    )
                    created += len(made)
                    merges += _merge_rows(idea_import, zip(rows, made, strict=True))
        except ValidationError as error:
            idea_import.status = ImportStatus.FAILED
            idea_import.error = " ".join(error.messages)[:500]
            idea_import.save(update_fields=["status", "error", "updated_at"])
            return 0
        idea_import.status = ImportStatus.DONE
        idea_import.created_count = created
        idea_import.rejected_count = len(planned.rejected)
        idea_import.result = {**planned.reason_counts(), **({imports.MERGED: merges} if merges else {})}
        idea_import.finished_at = timezone.now()
        # The raw file may name the wall's authors; the fingerprint is all that is kept.
        idea_import.content = ""
        idea_import.save(
            update_fields=[
                "status", "created_count", "rejected_count", "result", "finished_at", "content", "updated_at",
            ]
        )
        return created


def _merge_rows(idea_import: IdeaWallImport, created) -> int:
    """Merge each created row the coordinator chose into the insight it resembled; one still there and not
    merged meanwhile. The new insight is kept under it, with its source. Returns how many were merged."""
    targets = idea_import.mapping.get("merge_into") or {}
    merged = 0
    for row, insight in created:
        target_pk = targets.get(str(row.number))
        target = Insight.objects.filter(
            pk=target_pk, initiative_id=idea_import.initiative_id, merged_into__isnull=True
        ).first() if target_pk else None
        if target is not None:
            insight_merge(initiative=idea_import.initiative, insights=[target, insight])
            merged += 1
    return merged


def idea_wall_imports_purge(*, now=None) -> int:
    """Delete imports that were uploaded but never confirmed (or failed), with their raw content."""
    cutoff = (now or timezone.now()) - DRAFT_RETENTION
    deleted, _by_model = IdeaWallImport.objects.filter(
        Q(status=ImportStatus.DRAFT) | Q(status=ImportStatus.FAILED), updated_at__lt=cutoff
    ).delete()
    return deleted

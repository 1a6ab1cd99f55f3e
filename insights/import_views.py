"""Import an idea wall's CSV file: upload, map the columns, preview, confirm, see the result.

Every step needs the right to change the initiative's insights; the import is loaded through its
initiative, so another initiative's import is not found.
"""
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from initiatives.access import load_initiative
from innbyggerstemmen.core.htmx import render_page_or_partial

from . import import_services, imports, selectors
from .import_forms import IdeaWallConfirmForm, IdeaWallMappingForm, IdeaWallUploadForm
from .models import IdeaWallImport, ImportStatus

CHANGE = "insights.change_insights"


class CappedMemoryUploadHandler(FileUploadHandler):
    """Keep an upload in memory, never in a temporary file, and at most one byte over the limit.

    A larger file keeps its real size, so the import refuses it as too large.
    """

    def __init__(self, request=None, limit: int = imports.MAX_BYTES):
        super().__init__(request)
        self.limit = limit

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.size = 0

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        room = self.limit + 1 - self.buffer.tell()
        if room > 0:
            self.buffer.write(raw_data[:room])
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def _load_import(initiative, import_pk) -> IdeaWallImport:
    idea_import = IdeaWallImport.objects.filter(initiative=initiative, pk=import_pk).first()
    if idea_import is None:
        raise Http404
    return idea_import


def _already_imported_message(request, idea_import):
    when = date_format(localtime(idea_import.finished_at or idea_import.created_at), "DATETIME_FORMAT")
    messages.info(
        request,
        _("This file was already imported (%(when)s). Nothing new was created.") % {"when": when}
        if idea_import.status == ImportStatus.DONE
        else _("This file is already being imported. Nothing new will be created."),
    )


@csrf_exempt
@login_required
def import_upload(request, pk):
    # The upload handlers must be set before anything reads the request body; CSRF is checked just after.
    request.upload_handlers = [CappedMemoryUploadHandler(request)]
    return _import_upload(request, pk)


@csrf_protect
def _import_upload(request, pk):
    initiative = load_initiative(request, pk, CHANGE)
    form = IdeaWallUploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            idea_import, already = import_services.idea_wall_import_start(
                initiative=initiative, user=request.user, name=upload.name, size=upload.size, raw=upload.read()
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if already:
                _already_imported_message(request, idea_import)
                return redirect(idea_import)
            return redirect("insights:import_mapping", pk, idea_import.pk)
    recent = IdeaWallImport.objects.filter(initiative=initiative).order_by("-created_at", "-id")[:10]
    return render(
        request,
        "insights/import/upload.html",
        {"initiative": initiative, "form": form, "recent": recent},
        status=400 if form.errors else 200,
    )


def _redirect_if_not_draft(request, idea_import):
    if idea_import.status == ImportStatus.DRAFT:
        return None
    _already_imported_message(request, idea_import)
    return redirect(idea_import)


@login_required
def import_mapping(request, pk, import_pk):
    initiative = load_initiative(request, pk, CHANGE)
    idea_import = _load_import(initiative, import_pk)
    if (response := _redirect_if_not_draft(request, idea_import)) is not None:
        return response
    parsed = import_services.idea_wall_import_parsed(idea_import=idea_import)
    form = IdeaWallMappingForm(
        request.POST if request.method == "POST" else None,
        parsed=parsed,
        targets=idea_import.mapping.get("targets", []),
        target_groups=selectors.target_groups_for(initiative=initiative),
        meetings=selectors.meetings_for(initiative=initiative),
        mapping=idea_import.mapping,
    )
    if request.method == "POST" and form.is_valid():
        try:
            import_services.idea_wall_import_set_mapping(
                idea_import=idea_import,
                targets=form.targets(),
                default_kind=form.cleaned_data["default_kind"],
                source=form.cleaned_data["source"],
                target_group_ids=[group.pk for group in form.cleaned_data.get("target_groups", [])],
                meeting=form.cleaned_data.get("meeting"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("insights:import_preview", pk, idea_import.pk)
    return render(
        request,
        "insights/import/mapping.html",
        {
            "initiative": initiative,
            "idea_import": idea_import,
            "form": form,
            "row_count": len(parsed.rows),
            "encoding": imports.encoding_label(idea_import.encoding),
            "text_guessed": imports.TEXT in idea_import.mapping.get("targets", []),
        },
        status=400 if form.errors else 200,
    )


@login_required
def import_preview(request, pk, import_pk):
    initiative = load_initiative(request, pk, CHANGE)
    idea_import = _load_import(initiative, import_pk)
    if (response := _redirect_if_not_draft(request, idea_import)) is not None:
        return response
    if not import_services.idea_wall_import_is_mapped(idea_import):
        return redirect("insights:import_mapping", pk, idea_import.pk)
    plan = import_services.idea_wall_import_plan(idea_import=idea_import, cut_long=False)
    similar = import_services.idea_wall_import_similar(idea_import=idea_import, plan=plan)
    rows = list(zip(plan.create, similar, strict=True))
    form = IdeaWallConfirmForm(
        request.POST if request.method == "POST" else None, mergeable_rows=[row.number for row, found in rows if found]
    )
    if request.method == "POST" and form.is_valid():
        try:
            idea_import = import_services.idea_wall_import_confirm(
                idea_import=idea_import,
                include_flagged=form.cleaned_data["include_flagged"],
                cut_long=form.cleaned_data["cut_long"],
                merge_rows=form.cleaned_data["merge"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(idea_import)
    return render(
        request,
        "insights/import/preview.html",
        {
            "initiative": initiative,
            "idea_import": idea_import,
            "plan": plan,
            "rows": rows,
            "similar_count": sum(1 for _row, found in rows if found),
            "form": form,
            "encoding": imports.encoding_label(idea_import.encoding),
            "source_description": import_services.source_description_for(idea_import.filename),
        },
    )


@login_required
def import_detail(request, pk, import_pk):
    """The import's status and result; while it runs, htmx asks again every two seconds."""
    initiative = load_initiative(request, pk, CHANGE)
    idea_import = _load_import(initiative, import_pk)
    if idea_import.status == ImportStatus.DRAFT:
        target = "import_preview" if import_services.idea_wall_import_is_mapped(idea_import) else "import_mapping"
        return redirect(f"insights:{target}", pk, idea_import.pk)
    reasons = [
        (str(imports.REASONS.get(code, code)), count)
        for code, count in sorted(idea_import.result.items())
        if code != imports.MERGED
    ]
    merged = idea_import.result.get(imports.MERGED, 0)
    context = {"initiative": initiative, "idea_import": idea_import, "reasons": reasons, "merged": merged}
    return render_page_or_partial(request, "insights/import/detail.html", "insights/import/_status.html", context)

"""Initiative pages: dashboard, create, detail, edit and the run sheet."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from innbyggerstemmen.core.csv_files import ImportFileError
from innbyggerstemmen.core.htmx import redirect_unless_htmx, render_page_or_partial
from innbyggerstemmen.core.personal_data import personal_data_anonymise_initiatives

from . import selectors, services
from .access import load_initiative
from .filters import InitiativeFilter
from .forms import ActivityForm, InitiativeForm, PopulationUploadForm
from .models import Activity
from .population import population_import
from .retention import retention_status


@login_required
def dashboard(request):
    filters = InitiativeFilter(
        request.GET,
        queryset=selectors.initiative_list_for_user(user=request.user),
        organisations=selectors.initiative_owners() if request.user.is_staff else None,
    )
    page = Paginator(filters.qs, 24).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/dashboard.html",
        {"page": page, "filters": filters, "can_create": request.user.has_perm("initiatives.show_create_link")},
    )


@login_required
def initiative_create(request):
    if not request.user.has_perm("initiatives.add_initiative"):
        raise PermissionDenied
    organisations = selectors.organisations_for_user(user=request.user)
    form = InitiativeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_create(
                user=request.user,
                owner_organisation=form.cleaned_data["owner_organisation"],
                target_groups=form.chosen_target_groups(),
                measures=form.chosen_measures(),
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The initiative was created."))
            return redirect(initiative)
    if request.method == "GET" and organisations.count() == 1:
        form.initial["owner_organisation"] = organisations.first()
    return render(request, "initiatives/initiative_form.html", {"form": form})


@login_required
def initiative_detail(request, pk):
    initiative = load_initiative(request, pk)
    user = request.user
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "overview": selectors.initiative_overview(initiative),
            "can_edit": user.has_perm("initiatives.change_initiative", initiative),
            "can_manage_partners": user.has_perm("initiatives.manage_partners", initiative),
            "retention": retention_status(initiative),
        },
    )


@login_required
@require_POST
def personal_data_remove(request, pk):
    """The coordinator removes participants' personal data now, before the retention period ends."""
    initiative = load_initiative(request, pk, "initiatives.manage_partners")
    count = personal_data_anonymise_initiatives(initiative_ids=[initiative.pk], actor=request.user)
    messages.success(request, _("Personal data of %(count)s records was removed. Counts and answers are kept.") % {"count": count})
    return redirect(initiative)


@login_required
def initiative_edit(request, pk):
    initiative = load_initiative(request, pk, "initiatives.change_initiative")
    form = InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_update(
                initiative=initiative,
                target_groups=form.chosen_target_groups(),
                measures=form.chosen_measures(),
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(initiative)
    return render(request, "initiatives/initiative_form.html", {"form": form, "initiative": initiative})


# Run sheet ("kjøreplan") -------------------------------------------------------------


def _runsheet_response(request, initiative, *, add_form=None):
    context = {
        "initiative": initiative,
        "timeline": selectors.activity_timeline(initiative=initiative),
        "add_form": add_form or ActivityForm(),
        "can_edit": request.user.has_perm("initiatives.change_runsheet", initiative),
    }
    return render_page_or_partial(
        request, "initiatives/runsheet/page.html", "initiatives/runsheet/_section.html", context
    )


def _load_activity(request, pk, activity_pk):
    initiative = load_initiative(request, pk, "initiatives.change_runsheet")
    return initiative, get_object_or_404(Activity, pk=activity_pk, initiative=initiative)


@login_required
def runsheet(request, pk):
    return _runsheet_response(request, load_initiative(request, pk))


@login_required
@require_POST
def activity_add(request, pk):
    initiative = load_initiative(request, pk, "initiatives.change_runsheet")
    form = ActivityForm(request.POST)
    if not form.is_valid():
        return _runsheet_response(request, initiative, add_form=form)
    services.activity_create(initiative=initiative, **form.cleaned_data)
    return redirect_unless_htmx(
        request, reverse("initiatives:runsheet", args=[pk]), lambda: _runsheet_response(request, initiative)
    )


@login_required
def activity_edit(request, pk, activity_pk):
    initiative, activity = _load_activity(request, pk, activity_pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        services.activity_update(activity=activity, **form.cleaned_data)
        # The form replaced one row; the saved result replaces the whole run sheet.
        return redirect_unless_htmx(
            request,
            reverse("initiatives:runsheet", args=[pk]),
            lambda: retarget(reswap(_runsheet_response(request, initiative), "outerHTML"), "#runsheet"),
        )
    context = {"initiative": initiative, "activity": activity, "form": form}
    return render_page_or_partial(
        request, "initiatives/runsheet/edit_page.html", "initiatives/runsheet/_edit_form.html", context
    )


@login_required
@require_POST
def activity_delete(request, pk, activity_pk):
    initiative, activity = _load_activity(request, pk, activity_pk)
    services.activity_delete(activity=activity)
    if not request.htmx:
        messages.success(request, _("The activity was deleted."))
    return redirect_unless_htmx(
        request, reverse("initiatives:runsheet", args=[pk]), lambda: _runsheet_response(request, initiative)
    )


@login_required
@require_POST
def activity_move(request, pk, activity_pk):
    initiative, activity = _load_activity(request, pk, activity_pk)
    try:
        services.activity_move(activity=activity, direction=request.POST.get("direction", ""))
    except ValidationError:
        messages.error(request, _("The activity could not be moved."))
    return redirect_unless_htmx(
        request, reverse("initiatives:runsheet", args=[pk]), lambda: _runsheet_response(request, initiative)
    )


@login_required
def population(request):
    """The national team imports the population figures each initiative's reach is set against."""
    if not request.user.has_perm("initiatives.import_population"):
        raise PermissionDenied
    form = PopulationUploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = population_import(name=upload.name, size=upload.size, raw=upload.read())
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Imported %(figures)s figures for %(municipalities)s municipality (%(years)s).",
                    "Imported %(figures)s figures for %(municipalities)s municipalities (%(years)s).",
                    result.municipalities,
                )
                % {
                    "figures": result.figures,
                    "municipalities": result.municipalities,
                    "years": ", ".join(map(str, result.years)),
                },
            )
            return redirect("initiatives:population")
    return render(
        request,
        "initiatives/population.html",
        {"form": form, "summary": selectors.population_summary()},
        status=400 if form.errors else 200,
    )

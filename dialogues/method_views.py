"""The method library ("skattekisten"): method cards, and copying a card's run sheet into an initiative."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from initiatives import selectors as initiative_selectors
from initiatives.access import load_initiative
from innbyggerstemmen.core.access import found_or_404

from . import method_selectors as selectors
from . import method_services as services
from .method_forms import MethodCopyForm
from .models import MethodCard

VIEW = "dialogues.view_methods"
CHANGE_RUNSHEET = "initiatives.change_runsheet"


def _require_library(request) -> None:
    if not request.user.has_perm(VIEW):
        raise PermissionDenied


def _load_method(request, slug: str) -> MethodCard:
    _require_library(request)
    return found_or_404(selectors.method_get, slug=slug)


@login_required
def method_list(request):
    _require_library(request)
    methods = [method.localized() for method in selectors.method_list()]
    return render(request, "dialogues/methods/method_list.html", {"methods": methods})


def _detail(request, method, form=None, status=200):
    initiatives = list(initiative_selectors.initiatives_with_changeable_runsheet(user=request.user))
    context = {
        "method": method.localized(),
        "initiatives": initiatives,
        "form": form or MethodCopyForm(initiatives=initiatives),
    }
    return render(request, "dialogues/methods/method_detail.html", context, status=status)


@login_required
def method_detail(request, slug):
    return _detail(request, _load_method(request, slug))


@login_required
@require_POST
def method_copy(request, slug):
    """Append the card's activities to the chosen initiative's run sheet (needs change_runsheet there)."""
    method = _load_method(request, slug)
    raw = request.POST.get("initiative", "").strip()
    # 404 for an initiative the user cannot see, 403 for one they see but may not plan.
    initiative = load_initiative(request, int(raw), CHANGE_RUNSHEET) if raw.isdigit() else None
    initiatives = list(initiative_selectors.initiatives_with_changeable_runsheet(user=request.user))
    form = MethodCopyForm(request.POST, initiatives=initiatives)
    if initiative is not None and form.is_valid():
        created = services.method_copy_to_runsheet(
            method=method.localized(), initiative=initiative, starts_at=form.cleaned_data["starts_at"]
        )
        messages.success(
            request,
            ngettext(
                "%(count)s activity from “%(method)s” was added to the run sheet.",
                "%(count)s activities from “%(method)s” were added to the run sheet.",
                len(created),
            )
            % {"count": len(created), "method": method.localized().name},
        )
        anchor = f"#activity-{created[0].pk}" if created else ""
        return redirect(reverse("initiatives:runsheet", args=[initiative.pk]) + anchor)
    return _detail(request, method, form=form, status=400)

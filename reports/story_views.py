"""Stories ("skattekisten"): finished initiatives told for other districts; read by all police staff."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from initiatives.access import load_initiative
from initiatives.models import Status
from innbyggerstemmen.core.access import found_or_404

from . import story_selectors as selectors
from . import story_services as services
from .story_forms import StoryForm

VIEW = "reports.view_stories"
PUBLISH = "reports.publish_story"


def _require_stories(request) -> None:
    """Partners (no membership in a police organisation) may not read the collection."""
    if not request.user.has_perm(VIEW):
        raise PermissionDenied


@login_required
def story_list(request):
    _require_stories(request)
    page = Paginator(selectors.story_list(), 20).get_page(request.GET.get("page"))
    return render(request, "reports/stories/list.html", {"page": page})


@login_required
def story_detail(request, pk):
    _require_stories(request)
    story = found_or_404(selectors.story_detail, pk=pk)
    initiative = story.initiative
    return render(
        request,
        "reports/stories/detail.html",
        {
            "story": story,
            "initiative": initiative,
            "counts": selectors.story_counts(initiative=initiative),
            "can_open_initiative": request.user.has_perm("initiatives.view_initiative", initiative),
            "can_publish": request.user.has_perm(PUBLISH, initiative),
        },
    )


@login_required
def story_publish(request, pk):
    initiative = load_initiative(request, pk, PUBLISH)
    story = selectors.story_for(initiative=initiative)
    initial = {} if story else {"method": ", ".join(selectors.methods_used(initiative=initiative))}
    form = StoryForm(request.POST or None, instance=story, initial=initial)
    finished = initiative.status == Status.COMPLETED
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_publish(initiative=initiative, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The story was published."))
            return redirect(story)
    return render(
        request,
        "reports/stories/publish.html",
        {"initiative": initiative, "form": form, "story": story, "finished": finished},
    )


@login_required
@require_POST
def story_withdraw(request, pk):
    initiative = load_initiative(request, pk, PUBLISH)
    story = selectors.story_for(initiative=initiative)
    if story is None:
        raise Http404
    services.story_withdraw(story=story)
    messages.success(request, _("The story was withdrawn."))
    return redirect(initiative)

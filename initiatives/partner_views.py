"""Partner management on an initiative, and accepting an invitation."""
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innbyggerstemmen.accounts.models import User

from . import partner_services as services
from . import selectors as initiative_selectors
from .access import forget_roles, load_initiative
from .models import Invitation, Partnership
from .partner_forms import AcceptInvitationForm, InvitationForm

MANAGE = "initiatives.manage_partners"


def _partners_page(request, initiative, form=None, status=200):
    return render(
        request,
        "initiatives/partners/partners.html",
        {
            "initiative": initiative,
            "partners": initiative_selectors.partner_list(initiative=initiative),
            "invitations": initiative_selectors.invitation_list(initiative=initiative),
            "form": form or InvitationForm(),
            "can_manage": request.user.has_perm(MANAGE, initiative),
        },
        status=status,
    )


@login_required
def partners(request, pk):
    initiative = load_initiative(request, pk)
    if request.method == "POST":
        initiative = load_initiative(request, pk, MANAGE)
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    initiative=initiative, invited_by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
                return redirect("initiatives:partners", pk=pk)
        return _partners_page(request, initiative, form)
    return _partners_page(request, initiative)


def _invitation_action(request, pk, invitation_pk, action, success_message):
    initiative = load_initiative(request, pk, MANAGE)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, initiative=initiative)
    try:
        action(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success_message % {"email": invitation.email})
    return redirect("initiatives:partners", pk=pk)


@login_required
@require_POST
def invitation_resend(request, pk, invitation_pk):
    return _invitation_action(
        request, pk, invitation_pk, services.invitation_resend, _("The invitation to %(email)s was sent again.")
    )


@login_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    return _invitation_action(
        request, pk, invitation_pk, services.invitation_revoke, _("The invitation to %(email)s was withdrawn.")
    )


@login_required
@require_POST
def partner_remove(request, pk, partnership_pk):
    initiative = load_initiative(request, pk, MANAGE)
    partnership = get_object_or_404(Partnership.objects.select_related("user"), pk=partnership_pk, initiative=initiative)
    services.partnership_remove(partnership=partnership, removed_by=request.user)
    messages.success(request, _("%(user)s no longer has access to the initiative.") % {"user": partnership.user})
    return redirect("initiatives:partners", pk=pk)


def invitation_accept(request, token):
    """Open an invitation link: create the account, or attach the initiative to the logged-in one."""
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as error:
        return render(request, "initiatives/partners/invitation_invalid.html", {"message": error.message}, status=410)

    user = request.user
    if user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept_existing_user(token=token, user=user)
            except services.InvitationError as error:
                return render(request, "initiatives/partners/invitation_invalid.html", {"message": error.message}, status=410)
            forget_roles(user)
            messages.success(request, _("Welcome! You now have access to %(title)s.") % {"title": invitation.initiative})
            return redirect(invitation.initiative)
        return render(request, "initiatives/partners/invitation_accept.html", {"invitation": invitation, "existing": True})

    if User.objects.filter(email__iexact=invitation.email).exists():
        return render(request, "initiatives/partners/invitation_accept.html", {"invitation": invitation, "login_first": True})

    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.invitation_accept_new_user(
                token=token, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
            )
        except services.InvitationError as error:
            return render(request, "initiatives/partners/invitation_invalid.html", {"message": error.message}, status=410)
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! You now have access to %(title)s.") % {"title": invitation.initiative})
        return redirect(invitation.initiative)
    return render(request, "initiatives/partners/invitation_accept.html", {"invitation": invitation, "form": form})

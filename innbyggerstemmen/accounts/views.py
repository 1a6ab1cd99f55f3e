"""The signed-in person's own settings."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innbyggerstemmen.core.forms import StyledFormMixin

from .models import User


class ProfileForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "wants_digest"]
        labels = {"wants_digest": gettext_lazy("Send me a weekly summary of what needs following up")}
        help_texts = {
            "wants_digest": gettext_lazy(
                "Actions nobody has updated for 30 days, insights sent on and not received after 7 days, meetings "
                "without “you said, we did” two weeks after, and surveys closing this week. Nothing is sent when "
                "there is nothing to say."
            )
        }


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes were saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200)

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.accounts.models import User
from innbyggerstemmen.core.forms import StyledFormMixin

from .models import PartnerRole


class InvitationForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=PartnerRole.choices,
        initial=PartnerRole.VIEWER,
        widget=forms.RadioSelect,
        help_text=_(
            "Editors can change the initiative; facilitators run meetings and see participants; "
            "viewers can only read."
        ),
    )
    organisation_name = forms.CharField(
        label=_("Organisation"), required=False, help_text=_("For example the municipality or volunteer organisation.")
    )


class AcceptInvitationForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            try:
                password_validation.validate_password(
                    password1, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

from django import forms
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.bot_protection import add_bot_fields, check_bot
from innbyggerstemmen.core.forms import StyledFormMixin
from insights.services import INSIGHT_TEXT_MAX

from .models import LiveWall


class PostForm(StyledFormMixin, forms.Form):
    """A post from a phone in the room: the prompt and the idea, nothing about the person."""

    def __init__(self, *args, prompts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prompt"] = forms.TypedChoiceField(
            label=_("Which prompt are you answering?"),
            choices=[(prompt.pk, prompt.text) for prompt in prompts],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose one of the wall's prompts."), "invalid_choice": _("Choose one of the wall's prompts.")},
        )
        if len(prompts) == 1:
            self.fields["prompt"].initial = prompts[0].pk
        self.fields["text"] = forms.CharField(
            label=_("Your idea"),
            help_text=_("No names, phone numbers or e-mail addresses. Your name is not asked for and not stored."),
            max_length=INSIGHT_TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"required": _("Write your idea before you send it.")},
        )
        self.fields["send_for_review"] = forms.BooleanField(
            label=_("Send it anyway: the host reads it before it is shown on the screen"),
            required=False,
            widget=forms.HiddenInput,
        )
        add_bot_fields(self)

    def ask_for_review(self) -> None:
        """After a personal-data warning: offer to send it anyway, for a moderator to read first."""
        self.fields["send_for_review"].widget = forms.CheckboxInput(attrs={"class": "ds-input"})

    def clean(self):
        cleaned = super().clean()
        check_bot(self, min_seconds_setting="LIVE_POST_MIN_SECONDS")
        return cleaned


class PromptForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("New prompt"),
        max_length=200,
        help_text=_("A question the groups answer, e.g. “What makes a good summer?”"),
    )


class MarginForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = LiveWall
        fields = ["margin_minutes"]


class CloseForm(StyledFormMixin, forms.Form):
    hidden_posts = forms.ChoiceField(
        label=_("Hidden posts"),
        choices=[
            ("leave", _("Leave them out: only what was shown becomes insights")),
            ("keep", _("Keep them too, marked “hidden on the wall”")),
        ],
        initial="leave",
        widget=forms.RadioSelect,
    )

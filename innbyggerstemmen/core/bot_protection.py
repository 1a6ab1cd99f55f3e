"""Bot protection for citizens' public forms, without a CAPTCHA a youth would struggle with.

A honeypot field people never see, and the time the form was handed out,
signed: a form sent back faster than a person could fill it, or a day later,
is refused, and each handed-out form can be sent once (a replayed token is not a new signup). The views add rate limits (django-ratelimit): per address, sized so a
school's 400 pupils behind one network address all get through, and per meeting or
survey, a ceiling on what any number of addresses can send to one form.
"""
import secrets
import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import UsedFormToken

SALT = "innbyggerstemmen.public-form.started"
DEFAULT_MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 60 * 60
HONEYPOT = "website"
STARTED = "started"


def form_timestamp() -> str:
    """The signed start time, with a nonce that makes the token single-use (form_token_claim)."""
    return signing.dumps([time.time(), secrets.token_urlsafe(12)], salt=SALT)


def add_bot_fields(form: forms.Form) -> None:
    """Give a form the honeypot and the signed start time."""
    form.fields[HONEYPOT] = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form.fields[STARTED] = forms.CharField(required=False, widget=forms.HiddenInput)
    form.initial[STARTED] = form_timestamp()


def restart_form(form: forms.Form) -> forms.Form:
    """A form sent back to be corrected gets a new start time (and token): the old one is used or refused."""
    form.data = form.data.copy()
    form.data[STARTED] = form_timestamp()
    return form


def check_bot(form: forms.Form, *, min_seconds_setting: str) -> None:
    """Raise a ValidationError (shown as a form error) when the form looks sent by a bot."""
    if form.cleaned_data.get(HONEYPOT):
        raise forms.ValidationError(_("We could not accept the form. Please try again."), code="bot")
    try:
        started, nonce = signing.loads(form.data.get(STARTED, ""), salt=SALT)
        started = float(started)
    except (signing.BadSignature, TypeError, ValueError):
        raise forms.ValidationError(
            _("The form has expired. Please check your answers and send it again."), code="expired"
        ) from None
    elapsed = time.time() - started
    if elapsed > MAX_FORM_AGE_SECONDS:
        raise forms.ValidationError(
            _("The form has expired. Please check your answers and send it again."), code="expired"
        )
    if elapsed < getattr(settings, min_seconds_setting, DEFAULT_MIN_FILL_SECONDS):
        raise forms.ValidationError(
            _("The form was sent too quickly. Please check your answers and send it again."), code="too_fast"
        )
    form.form_nonce = str(nonce)[:32]


def form_token_claim(form: forms.Form) -> bool:
    """Use up the valid form's token; False when it was used before (a replay, or a double submit).

    Recorded in the database, not the cache, so it holds across web nodes and through a Redis outage.
    """
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(nonce=form.form_nonce)
    except IntegrityError:
        return False
    return True


def used_form_tokens_purge() -> int:
    """Forget tokens older than a form may be: they are refused as expired anyway."""
    cutoff = timezone.now() - timedelta(seconds=MAX_FORM_AGE_SECONDS)
    deleted, _by_model = UsedFormToken.objects.filter(used_at__lt=cutoff).delete()
    return deleted


def url_slug(group, request) -> str:
    """django-ratelimit key: the meeting's or survey's public slug, for a ceiling per form."""
    return request.resolver_match.kwargs["slug"]

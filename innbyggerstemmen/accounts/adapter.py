"""allauth adapter: no open signup, and allauth's e-mails go through our queue."""
from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.client_address import client_address
from innbyggerstemmen.core.services import email_queue

LOCKED_OUT_MESSAGE = _(
    "Too many login attempts. Logging in is blocked for a while; try again in an hour, or reset your password."
)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts come from invitations (partners) or the national team (staff).
        return False

    def get_client_ip(self, request):
        # allauth's own rate limits see the same client address as axes and django-ratelimit.
        return client_address(request)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is None and getattr(request, "axes_locked_out", False):
            # django-axes refused the attempt: say so instead of "wrong password".
            raise forms.ValidationError(LOCKED_OUT_MESSAGE, code="locked_out")
        return user

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for alternative, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = alternative
        email_queue(to=email, subject=message.subject, body=message.body, html_body=html)


def axes_username(request, credentials=None):
    """The address being tried, from allauth's login form ("login"/email) or the admin's ("username")."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        value = request.POST.get("login") or request.POST.get("username")
    return (value or "").strip().lower()

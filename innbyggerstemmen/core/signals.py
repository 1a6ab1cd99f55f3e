"""Sign-ins and sign-outs go to the audit log (Django's auth signals are the only hook for them)."""
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from .audit import Action, audit_record


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    audit_record(actor=user, action=Action.LOGIN)


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=Action.LOGOUT)


@receiver(user_login_failed)
def record_login_failed(sender, credentials, request=None, **kwargs):
    # Record which address was tried, never the password.
    tried = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    audit_record(actor=None, action=Action.LOGIN_FAILED, detail=str(tried)[:254])

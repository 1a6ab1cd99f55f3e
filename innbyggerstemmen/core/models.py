"""Shared base models and the outgoing e-mail queue."""
from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class OutgoingEmail(models.Model):
    """One e-mail to one recipient.

    The row is the idempotence key: the sending task only sends a row whose
    ``sent_at`` is empty and marks it in the same transaction, so running the
    task twice sends nothing twice. ``dedupe_key`` lets a caller make "this
    reminder to this person" unique in the database.
    """

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["sent_at"], name="email_unsent_idx"),
            # A person's access or erasure request finds the e-mails sent to them, in any case (iexact).
            models.Index(Upper("to"), name="email_to_ci_idx"),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"


class AuditEvent(models.Model):
    """Who did what to which object, and when. Append-only from the application."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOGOUT = "logout", _("Signed out")
        PERMISSION_GRANTED = "permission_granted", _("Access granted")
        PERMISSION_REVOKED = "permission_revoked", _("Access removed")
        PERSONAL_DATA_VIEWED = "personal_data_viewed", _("Personal data viewed")
        PERSONAL_DATA_EXPORTED = "personal_data_exported", _("Personal data exported")
        PERSONAL_DATA_ERASED = "personal_data_erased", _("Personal data erased")
        PERSONAL_DATA_ANONYMISED = "personal_data_anonymised", _("Personal data anonymised")

    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("who"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        # The log is read newest first, a page at a time from the last row shown (core.pagination.keyset_page),
        # all of it or one action's events; the text search has trigram indexes on PostgreSQL (migration 0004).
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_recent_idx"),
            models.Index(fields=["action", "-at", "-id"], name="audit_action_recent_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")

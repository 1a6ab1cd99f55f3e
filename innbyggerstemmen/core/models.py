"""Shared base models, the outgoing e-mail queue, the audit log and stored PDFs."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class OutgoingEmail(models.Model):
    """One e-mail to one recipient.

    The row is the idempotence key: a sender locks the row (rows another sender holds are
    skipped), marks it sent and talks to the mail server in that one transaction, so a second
    task, a retry or a second worker sends nothing twice, and a worker killed mid-batch loses
    only its open transaction: that row is sent again by the sweeper (core.tasks.sweep_unsent_emails).
    ``dedupe_key`` lets a caller make "this reminder to this person" unique in the database.
    A row that cannot be sent (a refused address, a header the mail library rejects, or
    ``MAX_ATTEMPTS`` failures) gets ``failed_at`` and its error, shown to the national team.
    """

    MAX_ATTEMPTS = 8

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Extra headers, e.g. List-Unsubscribe on news to citizens.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    failed_at = models.DateTimeField(_("given up"), null=True, blank=True)
    # Set when the e-mail is cancelled before it is sent (its person's data was erased).
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

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
        # all of it or one action's events; the search for an object has a trigram index on PostgreSQL (0004).
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_recent_idx"),
            models.Index(fields=["action", "-at", "-id"], name="audit_action_recent_idx"),
            # One person's events, by the labels AuditActor finds for a search (core.audit).
            models.Index(fields=["actor_label"], name="audit_actor_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")


class AuditActor(models.Model):
    """Each "who" the audit log has named, once: the person search reads these few thousand, not a million events.

    A substring of an address (``bruker1234@``) shares its common trigrams (``bru``, ``ker``) with every
    address in the log, so a trigram index on the events read most of them (14 ms at a million events).
    Written with each event (core.audit.audit_record) and, like the log, never changed or deleted.
    """

    label = models.CharField(_("who"), max_length=254, unique=True)

    class Meta:
        verbose_name = _("person in the audit log")
        verbose_name_plural = _("people in the audit log")

    def __str__(self):
        return self.label


class StoredPdf(models.Model):
    """One rendering of a PDF document about one object, keyed by a hash of exactly what it shows.

    Every PDF the portal offers is made this way (core.stored_pdfs): asked for on a page,
    rendered by a Celery task, kept in the database (so the worker and the web server need
    no shared file system) and given again while nothing it shows has changed. The unique
    (document, subject, fingerprint) row is the idempotence fact: asking twice renders once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    document = models.CharField(_("document"), max_length=50)  # a registered document, e.g. "reports.summary"
    subject_id = models.PositiveBigIntegerField(_("about object"))
    content_fingerprint = models.CharField(_("content fingerprint"), max_length=64)
    language = models.CharField(_("language"), max_length=10, default="nb")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    content = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("PDF")
        verbose_name_plural = _("PDFs")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["document", "subject_id", "-requested_at"], name="storedpdf_latest_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "subject_id", "content_fingerprint"], name="storedpdf_once_per_content"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "ready", "failed"]), name="storedpdf_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | Q(content__isnull=False), name="storedpdf_ready_has_content"
            ),
        ]

    def __str__(self):
        return f"{self.document} {self.subject_id} ({self.get_status_display()})"


class JobRun(models.Model):
    """When a scheduled job last finished: the heartbeat the health check and the pages read.

    One row per job, overwritten at each run (core.jobs.job_run_record). The "beat" row is
    written every minute by a task that beat sends and a worker runs, so an old one means the
    schedule has stopped (no beat, no worker or no broker) and nightly jobs are not running.
    """

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_finished_at = models.DateTimeField(_("last finished"))

    class Meta:
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")

    def __str__(self):
        return self.name


class UsedFormToken(models.Model):
    """A public form's token that has been sent once (core.bot_protection.form_token_claim)."""

    nonce = models.CharField(max_length=32, unique=True)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)

"""What reports keep: rendered summary PDFs and the stories of finished initiatives."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from innbyggerstemmen.core.models import TimeStampedModel


class SummaryPdfStatus(models.TextChoices):
    PENDING = "pending", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class SummaryPdf(models.Model):
    """One rendering of an initiative's PDF summary, keyed by a hash of exactly what it shows.

    The unique (initiative, content_fingerprint) row is the idempotence fact: asking again
    while nothing has changed finds the same row and renders nothing. The PDF is kept in the
    database so the Celery worker and the web server need no shared file system.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="summary_pdfs", verbose_name=_("initiative")
    )
    content_fingerprint = models.CharField(_("content fingerprint"), max_length=64)
    language = models.CharField(_("language"), max_length=10, default="nb")
    status = models.CharField(
        _("status"), max_length=20, choices=SummaryPdfStatus.choices, default=SummaryPdfStatus.PENDING
    )
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
        # Moved from initiatives with its table (migrations initiatives 0006 / reports 0001).
        db_table = "initiatives_summarypdf"
        verbose_name = _("summary PDF")
        verbose_name_plural = _("summary PDFs")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["initiative", "-requested_at"], name="summarypdf_latest_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "content_fingerprint"], name="summarypdf_once_per_content"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "ready", "failed"]), name="summarypdf_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | Q(content__isnull=False), name="summarypdf_ready_has_content"
            ),
        ]

    def __str__(self):
        return f"{self.initiative} ({self.get_status_display()})"


class Story(TimeStampedModel):
    """A finished initiative told for other districts to learn from ("skattekisten")."""

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="story", verbose_name=_("initiative")
    )
    summary = models.TextField(_("what was done"))
    lessons = models.TextField(_("what we learned"))
    method = models.CharField(
        _("method used"), max_length=200, blank=True, help_text=_("For example: Nærmiljøprat, dialogue meeting, survey.")
    )
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        db_table = "initiatives_story"
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["-published_at"], name="story_published_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(summary=""), name="story_has_summary"),
        ]

    def __str__(self):
        return str(self.initiative)

    def get_absolute_url(self):
        return reverse("stories:detail", args=[self.pk])

"""What reports keep: the stories of finished initiatives (their PDFs are core.StoredPdf rows)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from innbyggerstemmen.core.models import TimeStampedModel


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

"""Publishing finished initiatives as stories for other districts to learn from."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import Initiative, Status

from .models import Story


def story_publish(*, initiative: Initiative, user, summary: str, lessons: str, method: str = "") -> Story:
    """Publish (or update) the story of a finished initiative."""
    if initiative.status != Status.COMPLETED:
        raise ValidationError(_("Only a finished initiative can be published as a story. Set its status to Finished first."))
    summary, lessons, method = summary.strip(), lessons.strip(), method.strip()
    if not summary or not lessons:
        raise ValidationError(_("Write both what was done and what you learned."))
    with transaction.atomic():
        story, _created = Story.objects.update_or_create(
            initiative=initiative,
            defaults={"summary": summary, "lessons": lessons, "method": method, "published_by": user},
            create_defaults={
                "summary": summary,
                "lessons": lessons,
                "method": method,
                "published_by": user,
                "published_at": timezone.now(),
            },
        )
    return story


def story_withdraw(*, story: Story) -> None:
    story.delete()

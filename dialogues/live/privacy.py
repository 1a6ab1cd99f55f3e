"""What a live wall keeps: the posts' text, never who wrote them. A post may still name someone despite the
warning, so posts go when the meeting's data goes; the insights made from them stay (checked by a person)."""
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.personal_data import Provider
from innbyggerstemmen.core.privacy import PersonalField

from .models import LivePost, LiveWall

PERSONAL_FIELDS = {
    "live.LivePost.text": PersonalField(
        _(
            "Show the ideas posted in the room on the screen and keep them as insights. Nothing about who "
            "posted (no name, account, IP address or device) is stored; text that looks like a name, phone "
            "number or e-mail address is held back until a moderator has read it."
        ),
        _("Deleted when the meeting's participant data is deleted, or after the initiative ends."),
    ),
}


def anonymise_expired(now: datetime) -> int:
    """Posts go with the meeting's promise to its participants (``retention_months`` after it, 31-day months)."""
    walls = LiveWall.objects.filter(meeting__ends_at__lt=now - timedelta(days=28), posts__isnull=False).distinct()
    expired = [
        wall.pk
        for wall in walls.select_related("meeting").only("pk", "meeting__ends_at", "meeting__retention_months")
        if wall.meeting.ends_at + timedelta(days=31 * wall.meeting.retention_months) < now
    ]
    deleted, _by_model = LivePost.objects.filter(wall_id__in=expired).delete() if expired else (0, {})
    return deleted


def anonymise_ended(initiative_ids) -> int:
    deleted, _by_model = LivePost.objects.filter(wall__meeting__initiative_id__in=initiative_ids).delete()
    return deleted


PROVIDER = Provider(fields=PERSONAL_FIELDS, anonymise_ended=anonymise_ended, anonymise_expired=anonymise_expired)

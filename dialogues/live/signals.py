from .models import LiveWall
from .services import codes_ensure


def group_gets_a_link(sender, instance, created, **kwargs) -> None:
    if created:
        wall = LiveWall.objects.filter(meeting_id=instance.meeting_id).first()
        if wall is not None:
            codes_ensure(wall=wall)

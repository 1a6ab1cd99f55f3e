"""Demo: the wall of Nærmiljøprat #1 in Tønsberg, with the groups' ideas as they were posted (not yet closed)."""
from django.db import transaction

from dialogues.demo import TONSBERG_TITLE
from dialogues.models import Meeting

from .models import LivePost
from .services import prompt_add, wall_open

PROMPTS = ["Hva er en god sommer?", "Hva kan du selv bidra med?"]
IDEAS = [
    (0, "Gruppe 1", "Steder å være på kvelden som ikke koster penger"),
    (0, "Gruppe 1", "Badeplasser med lys og søppelkasser"),
    (0, "Gruppe 2", "Åpen idrettshall i helgene"),
    (0, "Gruppe 2", "Voksne ute på kveldstid, ikke bare politi"),
    (0, "Gruppe 3", "Sommerjobb for ungdom"),
    (0, "Gruppe 3", "Steder å være på kvelden uten å betale"),
    (0, "Gruppe 4", "Tryggere vei hjem fra byen om natta"),
    (1, "Gruppe 1", "Være natteravn en kveld i måneden"),
    (1, "Gruppe 2", "Si ifra hvis jeg ser noe som ikke er greit"),
    (1, "Gruppe 4", "Hjelpe til å arrangere en sommerfest i parken"),
]


def load(stdout=None) -> None:
    meeting = Meeting.objects.filter(title="Nærmiljøprat #1", initiative__title=TONSBERG_TITLE).first()
    if meeting is None:
        return
    with transaction.atomic():
        wall = wall_open(meeting=meeting)
        if wall.posts.exists():
            return
        prompts = [wall.prompts.filter(text=text).first() or prompt_add(wall=wall, text=text) for text in PROMPTS]
        groups = {group.name: group for group in meeting.groups.all()}
        posts = [
            LivePost(wall=wall, prompt=prompts[prompt], group=groups.get(group), text=text)
            for prompt, group, text in IDEAS
        ]
        LivePost.objects.bulk_create(posts)
        duplicate, kept = posts[5], posts[0]
        LivePost.objects.filter(pk=duplicate.pk).update(merged_into=kept)
        LivePost.objects.filter(pk=posts[7].pk).update(is_highlighted=True)
    if stdout is not None:
        stdout.write(f"Demo live wall ready for “{meeting.title}”.")

import io

from django.core.management import call_command

from dialogues.models import Meeting, Registration


def test_demo_adds_the_two_tonsberg_meetings_once(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    first = Meeting.objects.get(title="Nærmiljøprat #1")
    second = Meeting.objects.get(title="Nærmiljøprat #2")
    assert first.initiative.title == "En god sommer i Tønsberg"
    assert second.follow_up_of == first
    assert Registration.objects.filter(meeting=first).count() == 20
    assert first.groups.count() == 4

"""Demo meetings for the Tønsberg summer: Nærmiljøprat #1 with its participants, and #2 as its follow-up."""
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from .models import AgeGroup, Group, Meeting, MeetingFormat, MethodCard, Registration, RegistrationStatus
from .services import consent_text_version

OSLO = ZoneInfo("Europe/Oslo")
TONSBERG_TITLE = "En god sommer i Tønsberg"

PARTICIPANTS = [
    # name, age group, area, may contact again, attended
    ("Astrid", AgeGroup.AGE_26_66, "Sentrum", True, True),
    ("Bjørn H.", AgeGroup.AGE_67, "Kaldnes", True, True),
    ("Camilla", AgeGroup.AGE_26_66, "Husvik", False, True),
    ("Dina", AgeGroup.AGE_16_18, "Sentrum", True, True),
    ("Emil", AgeGroup.AGE_13_15, "Ringshaug ungdomsskole", True, False),
    ("Fatima", AgeGroup.AGE_26_66, "Eik", True, True),
    ("Geir", AgeGroup.AGE_26_66, "Sentrum", False, True),
    ("Hanne", AgeGroup.AGE_19_25, "Kaldnes", True, True),
    ("Ibrahim", AgeGroup.AGE_16_18, "Eik", True, True),
    ("Jorunn", AgeGroup.AGE_67, "Husvik", True, False),
    ("Kim", AgeGroup.AGE_19_25, "Sentrum", False, True),
    ("Linnea", AgeGroup.AGE_13_15, "Kuppern ungdomsskole", True, True),
    ("Magnus", AgeGroup.AGE_26_66, "Træleborg", True, True),
    ("Nora", AgeGroup.AGE_26_66, "Sentrum", True, True),
    ("Ole", AgeGroup.AGE_67, "Eik", False, False),
    ("Pernille", AgeGroup.AGE_26_66, "Kaldnes", True, True),
    ("Rashid", AgeGroup.AGE_19_25, "Træleborg", True, True),
    ("Sofie", AgeGroup.AGE_16_18, "Sentrum", True, True),
    ("Tore", AgeGroup.AGE_26_66, "Husvik", True, True),
    ("Unni", AgeGroup.AGE_26_66, "Sentrum", False, True),
]

GROUPS = [
    ("Gruppe 1", "Politikontakten", "Frivillig referent"),
    ("Gruppe 2", "Deltakelsesleder i kommunen", "Ungdomsrådet"),
    ("Gruppe 3", "SLT-koordinator", "Politistudent"),
    ("Gruppe 4", "Natteravnene", "Frivillig referent"),
]


def load(stdout=None) -> None:
    from initiatives.models import Initiative

    initiative = Initiative.objects.filter(title=TONSBERG_TITLE).order_by("pk").first()
    if initiative is None:
        return
    method = MethodCard.objects.get_or_create(slug="naermiljoprat", defaults={"name": "Nærmiljøprat"})[0]
    with transaction.atomic():
        first, created = Meeting.objects.get_or_create(
            initiative=initiative,
            title="Nærmiljøprat #1",
            defaults={
                "method": method,
                "description": "Hva er en god sommer for ungdom i Tønsberg? Vi snakker sammen i små grupper, "
                "deler i plenum og samler ideer til hva politiet, kommunen, frivillige og dere selv kan gjøre.",
                "format": MeetingFormat.DIGITAL,
                "meeting_link": "https://meet.example.no/naermiljoprat-1",
                "starts_at": datetime(2021, 5, 27, 18, 0, tzinfo=OSLO),
                "ends_at": datetime(2021, 5, 27, 19, 30, tzinfo=OSLO),
                "capacity": 80,
                "signup_deadline": datetime(2021, 5, 26, 12, 0, tzinfo=OSLO),
                "uses_waitlist": True,
                "target_groups": "Beboere i Tønsberg, foreldre, ungdom fra 13 år",
                "ask_area": True,
                "created_by": initiative.created_by,
            },
        )
        if created:
            groups = [
                Group.objects.create(meeting=first, name=name, facilitator=facilitator, note_taker=note_taker)
                for name, facilitator, note_taker in GROUPS
            ]
            for index, (name, age_group, area, contact_again, attended) in enumerate(PARTICIPANTS):
                Registration.objects.create(
                    meeting=first,
                    name_or_nickname=name,
                    email=f"deltaker{index + 1}@example.no",
                    age_group=age_group,
                    area=area,
                    consent_given_at=datetime(2021, 5, 10 + index % 10, 12, 0, tzinfo=OSLO),
                    consent_text_version=consent_text_version(age_group=age_group, language="nb"),
                    may_contact_again=contact_again,
                    status=RegistrationStatus.CONFIRMED,
                    attended=attended,
                    group=groups[index % len(groups)],
                )
        Meeting.objects.get_or_create(
            initiative=initiative,
            title="Nærmiljøprat #2",
            defaults={
                "method": method,
                "follow_up_of": first,
                "description": "Hvordan gikk sommeren? Vi ser på hva som ble gjort med innspillene fra første "
                "nærmiljøprat, og hva vi bør gjøre annerledes neste år.",
                "format": MeetingFormat.DIGITAL,
                "meeting_link": "https://meet.example.no/naermiljoprat-2",
                "starts_at": datetime(2021, 9, 16, 18, 0, tzinfo=OSLO),
                "ends_at": datetime(2021, 9, 16, 19, 30, tzinfo=OSLO),
                "capacity": 80,
                "uses_waitlist": True,
                "target_groups": "Deltakerne fra nærmiljøprat #1 og andre beboere",
                "ask_area": True,
                "created_by": initiative.created_by,
            },
        )
    if stdout is not None:
        stdout.write(f"Demo meetings ready for “{initiative.title}”.")

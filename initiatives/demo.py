"""The Tønsberg summer 2021 (DESIGN.md) as a demo initiative with its run sheet."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from innbyggerstemmen.accounts.models import Organisation, User

from .models import Activity, Initiative, InvolvementMode, PartnerRole, Partnership, Phase, Status
from .services import target_groups_from_names

OSLO = ZoneInfo("Europe/Oslo")
TONSBERG_TITLE = "En god sommer i Tønsberg"

RUN_SHEET = [
    # title, minutes from start, duration, purpose, method, roles, responsible
    ("Velkommen og hensikt", 0, 10, "Skape trygghet og forklare hvorfor politiet og kommunen spør.",
     "Plenum", "Vert: politikontakt", "Politikontakten"),
    ("Hva er en god sommer?", 10, 25, "Få fram hva beboerne mener gir en trygg og god sommer for ungdom.",
     "Gruppearbeid i digitale grupper", "Fasilitator per gruppe, referent per gruppe", "Deltakelsesleder i kommunen"),
    ("Deling i plenum", 35, 15, "Alle hører hva de andre gruppene kom fram til.", "Plenum",
     "Vert, referenter", "Politikontakten"),
    ("Hva kan vi gjøre sammen?", 50, 25, "Ideer til tiltak: hvem kan gjøre hva i sommer?",
     "Gruppearbeid", "Fasilitator per gruppe, referent per gruppe", "Deltakelsesleder i kommunen"),
    ("Oppsummering og veien videre", 75, 15, "Fortelle hva som skjer med innspillene (KUBA) og invitere til ny prat.",
     "Plenum", "Vert", "Politikontakten"),
]


def load(stdout=None) -> None:
    organisation = Organisation.objects.get(name="Sør-Øst politidistrikt")
    coordinator = User.objects.get(email="koordinator@example.no")
    initiative, created = Initiative.objects.get_or_create(
        title=TONSBERG_TITLE,
        owner_organisation=organisation,
        defaults={
            "problem": "Økning i ungdomskriminalitet og uro i sentrum og nærmiljøet om sommeren.",
            "goal": "Forebygge ungdomskriminalitet gjennom sommeren ved at nærmiljøet, kommunen, frivillige "
            "og politiet sammen finner og gjennomfører tiltak.",
            "municipality": "Tønsberg",
            "area_description": "Sentrum og nærliggende boligområder",
            "involvement_mode": InvolvementMode.CO_PRODUCER,
            "phase": Phase.EVALUATE,
            "status": Status.ACTIVE,
            "anchored_by": "Stasjonssjef og politirådet i Tønsberg",
            "anchored_on": date(2021, 4, 20),
            "start_date": date(2021, 4, 1),
            "end_date": date(2021, 10, 31),
            "created_by": coordinator,
        },
    )
    if not created:
        return
    initiative.target_groups.set(
        target_groups_from_names(["Ungdom 13–15 år", "Elever på ungdomsskolen", "Beboere i nærmiljøet", "Foreldre"])
    )
    start = datetime(2021, 5, 27, 18, 0, tzinfo=OSLO)
    for position, (title, offset, minutes, purpose, method, roles, responsible) in enumerate(RUN_SHEET):
        Activity.objects.create(
            initiative=initiative,
            position=position,
            title=title,
            starts_at=start + timedelta(minutes=offset),
            duration_minutes=minutes,
            purpose=purpose,
            method=method,
            roles=roles,
            responsible=responsible,
        )
    Partnership.objects.get_or_create(
        user=User.objects.get(email="partner@example.no"), initiative=initiative, defaults={"role": PartnerRole.EDITOR}
    )
    Initiative.objects.get_or_create(
        title="Trygg i Oslo sentrum",
        owner_organisation=Organisation.objects.get(name="Oslo politidistrikt"),
        defaults={"problem": "Uro blant ungdom i sentrum på kveldstid.", "municipality": "Oslo"},
    )

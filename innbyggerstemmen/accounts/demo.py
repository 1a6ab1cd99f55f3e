"""Demo organisations and users (logins listed in the README)."""
import csv
from pathlib import Path

from allauth.account.models import EmailAddress

from .models import Membership, Organisation, User

ORGANISATIONS_CSV = Path(__file__).parent / "data" / "organisations.csv"
DEMO_PASSWORD = "demo-passord-2021"

DEMO_USERS = [
    # email, name, organisation (police membership), staff
    ("admin@example.no", "Nina Nasjonal", "Politidirektoratet", True),
    ("koordinator@example.no", "Kari Politikontakt", "Sør-Øst politidistrikt", False),
    ("oslo@example.no", "Ola Koordinator", "Oslo politidistrikt", False),
    ("partner@example.no", "Per Medvirkning", None, False),
]


def organisations_import(path: Path = ORGANISATIONS_CSV) -> int:
    """Create the organisations in the CSV (kind,name) that do not exist yet; returns how many."""
    created = 0
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            _, was_created = Organisation.objects.get_or_create(name=row["name"].strip(), defaults={"kind": row["kind"]})
            created += was_created
    return created


def load(stdout=None) -> None:
    organisations_import()
    Organisation.objects.get_or_create(name="Tønsberg kommune", defaults={"kind": Organisation.Kind.MUNICIPALITY})
    for email, name, organisation, staff in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": name, "is_staff": staff, "is_superuser": staff}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if organisation:
            Membership.objects.get_or_create(user=user, organisation=Organisation.objects.get(name=organisation))

"""Searches ignore case in Norwegian letters on SQLite (the embedded default) as on PostgreSQL."""
from django.urls import reverse

from innbyggerstemmen.accounts.models import User
from innbyggerstemmen.core.audit import Action, audit_record
from tests.factories import UserFactory


def _names(**lookup):
    return sorted(User.objects.filter(**lookup).values_list("full_name", flat=True))


def test_a_name_is_found_whatever_the_case_of_its_norwegian_letters(db):
    for name in ("Øyvind Ås", "Bjørg Eide", "Ola 100% Nordmann", "Ola 1000 Nordmann", "Åse\nLinje"):
        UserFactory(full_name=name)
    assert _names(full_name__icontains="øyvind") == ["Øyvind Ås"]
    assert _names(full_name__icontains="BJØRG") == ["Bjørg Eide"]
    assert _names(full_name__istartswith="ÅS") == ["Åse\nLinje"]
    assert _names(full_name__iexact="øyvind ås") == ["Øyvind Ås"]
    # A percent sign or an underscore typed into a search is that character, not a wildcard.
    assert _names(full_name__icontains="100%") == ["Ola 100% Nordmann"]
    assert _names(full_name__icontains="o_a") == []
    assert _names(full_name__icontains="e\nl") == ["Åse\nLinje"]


def test_the_audit_trail_finds_a_person_whatever_the_case_typed(client, national, coordinator):
    person = UserFactory(full_name="Øyvind Ås")
    audit_record(actor=coordinator, action=Action.PERSONAL_DATA_VIEWED, obj=person, detail="profil")
    client.force_login(national)
    page = client.get(reverse("audit_log"), {"q": "øyvind ÅS"})
    assert [event.object_label for event in page.context["page"].rows] == ["Øyvind Ås"]

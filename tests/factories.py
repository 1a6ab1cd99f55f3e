"""factory_boy factories shared by all test modules."""
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from initiatives.models import Activity, Initiative, Invitation, PartnerRole, Partnership
from innbyggerstemmen.accounts.models import Membership, Organisation, User

PASSWORD = "riktig-hest-batteri-stift"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Politidistrikt {n}")
    kind = Organisation.Kind.DISTRICT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.no")
    full_name = factory.Faker("name", locale="no_NO")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            # Staff and partners have proven their address (allauth requires it at login).
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class CoordinatorFactory(UserFactory):
    """Police staff with a membership in an organisation (``organisation=`` to choose which)."""

    @factory.post_generation
    def organisation(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.create(user=obj, organisation=extracted or OrganisationFactory())


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    title = factory.Sequence(lambda n: f"Initiativ {n}")
    owner_organisation = factory.SubFactory(OrganisationFactory)
    problem = "Uro blant ungdom i sentrum."
    goal = "Tryggere sommer."


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Aktivitet {n}")
    position = factory.Sequence(lambda n: n)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    user = factory.SubFactory(UserFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    role = PartnerRole.VIEWER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invitert{n}@example.no")
    initiative = factory.SubFactory(InitiativeFactory)
    role = PartnerRole.EDITOR
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))

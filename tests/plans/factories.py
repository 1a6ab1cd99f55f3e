"""Factories for action plans, their measures and status reports."""
import factory

from initiatives.plans.models import ActionPlan, Measure, MeasureState, StatusReport


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    name = factory.Sequence(lambda n: f"Handlingsplan {n}")
    slug = factory.Sequence(lambda n: f"handlingsplan-{n}")
    period = "2009–2012"


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    package = "Tidlig innsats"
    title = factory.Sequence(lambda n: f"Tiltak {n + 1}")
    responsible = "JD"
    period = "2009–2012"
    status = MeasureState.NOT_STARTED


class StatusReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusReport

    plan = factory.SubFactory(ActionPlanFactory)
    title = "Status per august 2011"
    as_of = factory.Faker("date_between", start_date="-2y", end_date="today")

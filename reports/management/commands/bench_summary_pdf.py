"""Time the initiative summary PDF for a large initiative: 500 insights, 50 actions (nothing is kept).

    python manage.py bench_summary_pdf [--insights 500] [--actions 50] [--pdf OUT.pdf]

Everything is created inside a transaction that is rolled back at the end, so the database is
left as it was. Prints the seconds spent collecting the data and rendering the PDF.
"""
import random
import time
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from dialogues.models import Meeting, Registration
from dialogues.surveys.models import Answer, Question, Response, Survey
from initiatives.models import Initiative, TargetGroup
from innbyggerstemmen.accounts.models import Organisation
from insights.models import FollowUpAction, Insight, KubaInput, KubaItem, Theme
from reports.summary import summary_data
from reports.summary_services import _load, summary_pdf_render


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Build a throwaway initiative with many insights and actions, render its summary PDF and print the time."

    def add_arguments(self, parser):
        parser.add_argument("--insights", type=int, default=500)
        parser.add_argument("--actions", type=int, default=50)
        parser.add_argument("--pdf", type=Path, help="Also write the PDF here.")
        parser.add_argument("--language", default="nb")

    def handle(self, *args, insights: int, actions: int, pdf: Path | None, language: str, **options):
        result = {}
        try:
            with transaction.atomic():
                initiative = self._build(insights=insights, actions=actions)
                with translation.override(language):
                    started = time.perf_counter()
                    summary_data(initiative=_load(initiative.pk))
                    result["data"] = time.perf_counter() - started
                    started = time.perf_counter()
                    result["pdf"] = summary_pdf_render(initiative=_load(initiative.pk), language=language)
                    result["render"] = time.perf_counter() - started
                raise _Rollback
        except _Rollback:
            pass
        if pdf:
            pdf.write_bytes(result["pdf"])
        self.stdout.write(
            f"Summary PDF of an initiative with {insights} insights and {actions} actions: "
            f"{len(result['pdf']) / 1024:.0f} kB.\n"
            f"Collecting the data: {result['data']:.2f} s\n"
            f"Render time (data and PDF): {result['render']:.2f} s"
        )

    def _build(self, *, insights: int, actions: int) -> Initiative:

        rng = random.Random(2021)
        now = timezone.now()
        organisation, _ = Organisation.objects.get_or_create(
            name="Benchmark politidistrikt (midlertidig)", defaults={"kind": "district"}
        )
        initiative = Initiative.objects.create(
            title="Benchmark: En god sommer på Øvre Åsgård",
            owner_organisation=organisation,
            problem="Uro blant ungdom i sentrum om sommeren.",
            goal="Færre ungdommer involvert i kriminalitet i sommerferien.",
        )
        initiative.target_groups.add(*[TargetGroup.objects.get_or_create(name=n)[0] for n in ("Ungdom 13–15 år", "Foreldre")])

        meetings = [
            Meeting.objects.create(
                initiative=initiative, title=f"Nærmiljøprat {i + 1}", starts_at=now - timedelta(days=90 - i * 20),
                ends_at=now - timedelta(days=90 - i * 20) + timedelta(hours=2), capacity=200,
            )
            for i in range(4)
        ]
        ages = ["13-15", "16-18", "19-25", "26-66", "67+"]
        Registration.objects.bulk_create(
            Registration(
                meeting=meetings[i % 4], name_or_nickname=f"Deltaker {i}", email=f"bench{i}@example.invalid",
                age_group=rng.choice(ages), consent_given_at=now, consent_text_version="bench",
                attended=rng.random() < 0.8,
            )
            for i in range(280)
        )

        themes = Theme.objects.bulk_create(
            Theme(initiative=initiative, name=f"Tema {i + 1}: trygghet, fritid og skolevei") for i in range(12)
        )
        kinds = ["quote", "idea", "need", "observation", "concern"]
        created = Insight.objects.bulk_create(
            Insight(
                initiative=initiative, kind=rng.choice(kinds), is_priority=rng.random() < 0.1,
                text=f"Innspill {i}: det er for lite å gjøre for ungdom på kveldstid, og gangveien er mørk. " * 2,
            )
            for i in range(insights)
        )
        Through = Insight.themes.through
        Through.objects.bulk_create(
            Through(insight_id=insight.pk, theme_id=theme.pk)
            for insight in created
            for theme in rng.sample(themes, 2)
        )
        statuses = ["not_started", "being_planned", "started", "completed"]
        owners = ["police", "municipality", "volunteers", "business", "citizens"]
        made = FollowUpAction.objects.bulk_create(
            FollowUpAction(
                initiative=initiative, title=f"Tiltak {i + 1}: flere voksne ute i helgene", owner=rng.choice(owners),
                status=rng.choice(statuses), responsible="Ansvarlig enhet",
            )
            for i in range(actions)
        )
        kuba = KubaInput.objects.create(initiative=initiative, intro="Beslutningsgrunnlag til tiltaksledermøtet.")
        KubaItem.objects.bulk_create(
            KubaItem(kuba_input=kuba, position=i, text=f"Punkt {i + 1}: prioriter kveldspatrulje", action=made[i])
            for i in range(min(10, len(made)))
        )

        survey = Survey.objects.create(
            initiative=initiative, title="Hvordan var sommeren?", opens_at=now - timedelta(days=30),
            closes_at=now - timedelta(days=1),
        )
        questions = [
            Question.objects.create(survey=survey, position=i, kind="likert", text=f"Påstand {i + 1}: jeg følte meg trygg")
            for i in range(4)
        ] + [Question.objects.create(survey=survey, position=5, kind="single", text="Var du ute om kvelden?", choices=["Ja", "Nei"])]
        responses = Response.objects.bulk_create(
            Response(survey=survey, completed=True, submitted_at=now - timedelta(days=rng.randint(1, 29)),
                     respondent_group=rng.choice(["youth", "adults", "adults", "adults"]))
            for _ in range(500)
        )
        Answer.objects.bulk_create(
            (
                Answer(response=response, question=question, number=rng.randint(1, 5))
                if question.kind == "likert"
                else Answer(response=response, question=question, choice=rng.choice(["Ja", "Nei"]))
            )
            for response in responses
            for question in questions
        )
        return initiative

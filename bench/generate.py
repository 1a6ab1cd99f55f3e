"""Fill a database with a realistic portal at a given size, fast.

Rows are made as dicts of the fields that vary; every other column gets its
model default (callable defaults such as tokens and slugs are called per row).
On PostgreSQL the rows go in with COPY, with the big tables' secondary indexes
dropped during the load and rebuilt after it; elsewhere (SQLite in the tests)
with ``bulk_create`` in large batches. Primary keys are given explicitly so
children can point at parents without reading them back; the sequences are
reset at the end.

The generator also makes the few well-known objects the benchmark measures
(a coordinator, a large and a small initiative, a large and a small meeting
and survey, an open signup meeting); ``targets()`` finds them again.
"""
from __future__ import annotations

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

SEED = 2021
BENCH_DOMAIN = "bench.invalid"
COORDINATOR_EMAIL = f"koordinator@{BENCH_DOMAIN}"
NATIONAL_EMAIL = f"nasjonal@{BENCH_DOMAIN}"
SMALL_COORDINATOR_EMAIL = f"liten@{BENCH_DOMAIN}"
SMALL_ORGANISATION = "Bench: liten enhet"
LARGE_INITIATIVE = "Bench: stort initiativ"
SMALL_INITIATIVE = "Bench: lite initiativ"
SIGNUP_MEETING = "Bench: åpen påmelding"
LARGE_MEETING_REGISTRATIONS = 400
SMALL_ITEMS = 5  # insights, registrations, responses of the small targets
COPY_BATCH = 20_000
BULK_BATCH = 2_000


@dataclass(frozen=True)
class Size:
    name: str
    districts: int
    initiatives_per_district: int
    meetings: int
    registrations: int
    insights: int
    responses: int
    audit_events: int

    @property
    def initiatives(self) -> int:
        return self.districts * self.initiatives_per_district

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "districts": self.districts,
            "initiatives": self.initiatives,
            "meetings": self.meetings,
            "registrations": self.registrations,
            "insights": self.insights,
            "survey_responses": self.responses,
            "audit_events": self.audit_events,
        }


SIZES = {
    "tiny": Size("tiny", 1, 3, 4, 40, 60, 20, 120),
    "small": Size("small", 2, 20, 100, 5_000, 50_000, 10_000, 50_000),
    # Audit log: a few years of sign-ins, participant-list views and access changes.
    "national": Size("national", 12, 200, 2_000, 100_000, 1_000_000, 200_000, 1_000_000),
}


@dataclass
class Targets:
    """The objects the benchmark requests, found by their well-known names."""

    coordinator: object
    small_coordinator: object
    national: object
    large_initiative: object
    small_initiative: object
    large_meeting: object
    small_meeting: object
    signup_meeting: object
    large_survey: object
    small_survey: object
    large_theme_id: int | None
    small_theme_id: int | None


def targets() -> Targets:
    User = apps.get_model("accounts", "User")
    Initiative = apps.get_model("initiatives", "Initiative")
    Meeting = apps.get_model("dialogues", "Meeting")
    Survey = apps.get_model("surveys", "Survey")
    Theme = apps.get_model("insights", "Theme")
    large = Initiative.objects.get(title=LARGE_INITIATIVE)
    small = Initiative.objects.get(title=SMALL_INITIATIVE)
    return Targets(
        coordinator=User.objects.get(email=COORDINATOR_EMAIL),
        small_coordinator=User.objects.get(email=SMALL_COORDINATOR_EMAIL),
        national=User.objects.get(email=NATIONAL_EMAIL),
        large_initiative=large,
        small_initiative=small,
        large_meeting=Meeting.objects.filter(initiative=large).exclude(title=SIGNUP_MEETING).order_by("id").first(),
        small_meeting=Meeting.objects.filter(initiative=small).order_by("id").first(),
        signup_meeting=Meeting.objects.get(title=SIGNUP_MEETING),
        large_survey=Survey.objects.filter(initiative=large).order_by("id").first(),
        small_survey=Survey.objects.filter(initiative=small).order_by("id").first(),
        large_theme_id=Theme.objects.filter(initiative=large).order_by("id").values_list("id", flat=True).first(),
        small_theme_id=Theme.objects.filter(initiative=small).order_by("id").values_list("id", flat=True).first(),
    )


# Writing rows --------------------------------------------------------------------------------


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


class Inserter:
    """Insert dict rows into one model's table with COPY (PostgreSQL) or bulk_create."""

    def __init__(self, model):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.static = {}
        self.per_row = {}
        now = timezone.now()
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.static[field.attname] = now
            elif field.has_default():
                if callable(field.default):
                    self.per_row[field.attname] = field.default
                else:
                    self.static[field.attname] = field.default
            elif field.null:
                self.static[field.attname] = None
            elif isinstance(field, models.AutoField):
                continue
            elif field.blank and isinstance(field, (models.CharField, models.TextField)):
                self.static[field.attname] = ""

    def _complete(self, row: dict) -> dict:
        values = {**self.static, **row}
        for name, default in self.per_row.items():
            if name not in row:
                values[name] = default()
        return values

    def insert(self, rows) -> int:
        if uses_postgres():
            return self._copy(rows)
        count, batch = 0, []
        for row in rows:
            batch.append(self.model(**self._complete(row)))
            if len(batch) >= BULK_BATCH:
                self.model.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        if batch:
            self.model.objects.bulk_create(batch)
            count += len(batch)
        return count

    def _copy(self, rows) -> int:
        from psycopg.types.json import Jsonb

        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        columns = [f for f in self.fields if f.attname in first or f.attname in self.static or f.attname in self.per_row]
        json_columns = {f.attname for f in columns if isinstance(f, models.JSONField)}
        names = ", ".join(connection.ops.quote_name(f.column) for f in columns)
        sql = f"COPY {connection.ops.quote_name(self.model._meta.db_table)} ({names}) FROM STDIN"
        attnames = [f.attname for f in columns]
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in _chain_one(first, rows):
                values = self._complete(row)
                for name in json_columns:
                    values[name] = Jsonb(values[name])
                copy.write_row([values[name] for name in attnames])
                count += 1
        return count


def _chain_one(first, rest):
    yield first
    yield from rest


def insert(model, rows) -> int:
    return Inserter(model).insert(rows)


def next_id(model) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


@contextmanager
def secondary_indexes_dropped(*models_):
    """Drop the non-constraint indexes of these tables for a bulk load and rebuild them afterwards."""
    if not uses_postgres():
        yield
        return
    tables = [m._meta.db_table for m in models_]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            # Check the loaded rows' foreign keys now: an index cannot be built while checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)


def reset_sequences(model_list) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# Content -------------------------------------------------------------------------------------

PLACES = [
    "Torget", "skolegården", "brygga", "idrettsparken", "kjøpesenteret", "busstasjonen", "biblioteket",
    "ungdomsklubben", "badeplassen", "sentrum", "skateparken", "fotballbanen", "parkeringshuset", "stranda",
]
SUBJECTS = [
    "Ungdommene", "Foreldrene", "Naboene", "Elevene", "Beboerne", "De eldre", "Butikkansatte", "Trenerne",
]
SENTENCES = [
    "{s} savner et trygt sted å møtes om kvelden ved {p}.",
    "{s} opplever at det er for lite lys ved {p} når det blir mørkt.",
    "{s} foreslår at politiet går mer patrulje til fots ved {p}.",
    "{s} er bekymret for salg av narkotika rundt {p}.",
    "{s} ønsker flere aktiviteter i sommerferien, gjerne ved {p}.",
    "{s} sier at festing og støy ved {p} skaper utrygghet.",
    "{s} vil gjerne bli kjent med politikontakten sin.",
    "{s} mener at nattravnene gjør en viktig jobb i helgene.",
    "{s} forteller om mobbing og hatefulle ytringer på nett.",
    "{s} ønsker bedre busstilbud sent på kvelden fra {p}.",
    "{s} tror at en åpen hall om kvelden kan forebygge kriminalitet.",
    "{s} har sett hærverk og knuste vinduer ved {p}.",
    "{s} vil ha sommerjobb og meningsfulle oppgaver.",
    "{s} sier det er vanskelig å vite hvem man kan kontakte når noe skjer.",
    "{s} foreslår et nabolagsmøte om trafikksikkerhet ved {p}.",
    "{s} opplever at el-sparkesykler kjører for fort ved {p}.",
]
TARGET_GROUPS = [
    "Ungdom 13–15 år", "Ungdom 16–18 år", "Unge voksne", "Foreldre", "Eldre", "Innvandrere",
    "Næringsdrivende", "Skoler", "Frivillige", "Beboere i nærmiljøet",
]
THEMES = ["Trygghet", "Møteplasser", "Rus", "Trafikk", "Nettvett", "Sommer", "Belysning", "Fritid"]
DISTRICT_FALLBACK = [f"Bench politidistrikt {n}" for n in range(1, 13)]


def _district_names(count: int) -> list[str]:
    path = Path(apps.get_app_config("accounts").path) / "data" / "organisations.csv"
    names = []
    if path.exists():
        import csv

        with path.open(encoding="utf-8") as handle:
            names = [row["name"] for row in csv.DictReader(handle) if row.get("kind") == "district"]
    names += [n for n in DISTRICT_FALLBACK if n not in names]
    return names[:count]


def insight_text(rng: random.Random) -> str:
    parts = [rng.choice(SENTENCES).format(s=rng.choice(SUBJECTS), p=rng.choice(PLACES)) for _ in range(rng.randint(1, 3))]
    return " ".join(parts)


def _spread(total: int, buckets: int) -> list[int]:
    base, rest = divmod(total, buckets) if buckets else (0, 0)
    return [base + (1 if i < rest else 0) for i in range(buckets)]


# The generator -----------------------------------------------------------------------------


class Generator:
    def __init__(self, size: Size, *, seed: int = SEED, log=print):
        self.size = size
        self.rng = random.Random(seed)
        self.log = log
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.timings: dict[str, float] = {}
        self.m = {label: apps.get_model(label) for label in (
            "accounts.Organisation", "accounts.User", "accounts.Membership", "initiatives.Initiative",
            "initiatives.TargetGroup", "initiatives.Activity", "dialogues.Meeting", "dialogues.Registration",
            "surveys.Survey", "surveys.Question", "surveys.Response", "surveys.Answer", "insights.Theme",
            "insights.Insight", "insights.FollowUpAction", "core.AuditEvent",
        )}

    def model(self, label):
        return self.m[label]

    @contextmanager
    def step(self, name):
        started = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - started
        self.log(f"  {name}: {self.timings[name]:.1f} s")

    def run(self) -> dict[str, float]:
        self.log(f"Generating size {self.size.name}: {self.size.as_dict()}")
        with transaction.atomic():
            with self.step("organisations, users, initiatives"):
                self.people_and_initiatives()
            with self.step("meetings and registrations"):
                self.meetings()
            with self.step("insights, themes, actions"):
                self.insights()
            with self.step("surveys, responses, answers"):
                self.surveys()
            with self.step("audit log"):
                self.audit_events()
            with self.step("sequences"):
                reset_sequences(list(self.m.values()) + self._through_models())
        if uses_postgres():
            # As autovacuum would in a while: statistics, and the visibility map that lets counts be
            # read from an index alone (VACUUM cannot run inside a transaction, as in the tests).
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with self.step(command.lower()), connection.cursor() as cursor:
                cursor.execute(command)
        return self.timings

    def _through_models(self):
        Insight = self.model("insights.Insight")
        FollowUpAction = self.model("insights.FollowUpAction")
        Initiative = self.model("initiatives.Initiative")
        return [
            Insight.themes.through,
            Insight.target_groups.through,
            FollowUpAction.insights.through,
            Initiative.target_groups.through,
        ]

    # People and initiatives ------------------------------------------------------------

    def people_and_initiatives(self):
        Organisation = self.model("accounts.Organisation")
        User = self.model("accounts.User")
        Membership = self.model("accounts.Membership")
        Initiative = self.model("initiatives.Initiative")
        TargetGroup = self.model("initiatives.TargetGroup")
        Activity = self.model("initiatives.Activity")
        size, rng = self.size, self.rng

        self.districts = []
        for name in _district_names(size.districts):
            org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": "district"})
            self.districts.append(org)
        # The small initiative belongs to a unit of its own, whose only coordinator sees nothing else;
        # the benchmark's coordinator is a member of both.
        self.small_organisation = Organisation.objects.create(name=SMALL_ORGANISATION, kind="special_agency")
        self.coordinator = User.objects.create_user(COORDINATOR_EMAIL, full_name="Kari Bench")
        small_coordinator = User.objects.create_user(SMALL_COORDINATOR_EMAIL, full_name="Lise Bench")
        self.national = User.objects.create_user(NATIONAL_EMAIL, full_name="Nina Bench", is_staff=True)
        Membership.objects.create(user=self.coordinator, organisation=self.districts[0])
        Membership.objects.create(user=self.coordinator, organisation=self.small_organisation)
        Membership.objects.create(user=small_coordinator, organisation=self.small_organisation)
        others = [
            User(email=f"koordinator{i}@{BENCH_DOMAIN}", full_name=f"Koordinator {i}", password="!")
            for i in range(1, len(self.districts))
        ]
        User.objects.bulk_create(others)
        Membership.objects.bulk_create(
            Membership(user=user, organisation=org) for user, org in zip(others, self.districts[1:])
        )
        self.creators = [self.coordinator, *others]

        self.target_groups = [TargetGroup.objects.get_or_create(name=name)[0] for name in TARGET_GROUPS]

        first = next_id(Initiative)
        rows, self.initiatives = [], []  # (id, district index)
        statuses = ["planned", "active", "active", "completed"]
        phases = ["understand", "explore", "develop", "deliver", "evaluate"]
        for d, org in enumerate(self.districts):
            for i in range(size.initiatives_per_district):
                pk = first + len(rows)
                title = (
                    LARGE_INITIATIVE if (d, i) == (0, 0) else SMALL_INITIATIVE if (d, i) == (0, 1)
                    else f"{rng.choice(THEMES)} i {rng.choice(PLACES)} {2020 + i % 6} ({org.name} #{i + 1})"
                )
                start = self.today - timedelta(days=rng.randint(30, 1500))
                rows.append({
                    "id": pk,
                    "title": title,
                    "owner_organisation_id": self.small_organisation.pk if (d, i) == (0, 1) else org.pk,
                    "problem": "Ungdom samles om kvelden og naboene føler seg utrygge.",
                    "goal": "Færre hendelser og tryggere nærmiljø gjennom sommeren.",
                    "municipality": rng.choice(PLACES).capitalize(),
                    "status": rng.choice(statuses),
                    "phase": rng.choice(phases),
                    "start_date": start,
                    # Ended ones ended recently: the retention job has nothing of theirs to do yet.
                    "end_date": self.today + timedelta(days=rng.randint(-30, 365)),
                    "created_by_id": self.creators[d].pk,
                })
                self.initiatives.append((pk, d))
        insert(Initiative, rows)
        self.large_initiative, self.small_initiative = first, first + 1

        through = Initiative.target_groups.through
        insert(through, (
            {"initiative_id": pk, "targetgroup_id": tg.pk}
            for pk, _d in self.initiatives
            for tg in rng.sample(self.target_groups, 2)
        ))
        insert(Activity, (
            {"initiative_id": pk, "position": n, "title": f"Aktivitet {n + 1}", "purpose": "Bli kjent og dele ideer.",
             "roles": "Vert, fasilitator per gruppe, referent", "responsible": "Politikontakten"}
            for pk, _d in self.initiatives
            for n in range(5)
        ))

    # Meetings and registrations --------------------------------------------------------

    def meetings(self):
        Meeting = self.model("dialogues.Meeting")
        Registration = self.model("dialogues.Registration")
        size, rng = self.size, self.rng
        first = next_id(Meeting)
        meeting_rows = []
        # The large and the small initiative get the first two meetings; the rest go round the others.
        others = [pk for pk, _d in self.initiatives if pk not in (self.large_initiative, self.small_initiative)]
        owners = [self.large_initiative, self.small_initiative] + [
            others[n % len(others)] if others else self.large_initiative for n in range(max(size.meetings - 2, 0))
        ]
        for n, initiative_id in enumerate(owners[: size.meetings]):
            starts = self.now + timedelta(days=rng.randint(-700, 90), hours=rng.randint(0, 8))
            meeting_rows.append({
                "id": first + n, "initiative_id": initiative_id, "title": f"Nærmiljøprat {n + 1}",
                "description": "Vi vil høre hva du mener om nærmiljøet ditt.", "starts_at": starts,
                "ends_at": starts + timedelta(hours=2), "capacity": 60, "created_by_id": self.coordinator.pk,
            })
        # An open meeting in the future with room for every signup the benchmark sends.
        starts = self.now + timedelta(days=60)
        meeting_rows.append({
            "id": first + len(meeting_rows), "initiative_id": self.large_initiative, "title": SIGNUP_MEETING,
            "description": "Åpent møte for alle som bor i området.", "starts_at": starts,
            "ends_at": starts + timedelta(hours=2), "capacity": 1_000_000, "created_by_id": self.coordinator.pk,
        })
        insert(Meeting, meeting_rows)
        regular = [row["id"] for row in meeting_rows[: size.meetings]]
        large_meeting, small_meeting = regular[0], regular[1] if len(regular) > 1 else regular[0]

        large = min(LARGE_MEETING_REGISTRATIONS, max(size.registrations // 10, 2 * SMALL_ITEMS))
        small = min(SMALL_ITEMS, size.registrations)
        rest = regular[2:] or [large_meeting]
        counts = {large_meeting: large, small_meeting: small}
        for meeting_id, count in zip(rest, _spread(max(size.registrations - large - small, 0), len(rest))):
            counts[meeting_id] = counts.get(meeting_id, 0) + count
        ages = ["13-15", "16-18", "19-25", "26-66", "26-66", "67+"]

        def registrations():
            n = 0
            for meeting_id, count in counts.items():
                for k in range(count):
                    n += 1
                    yield {
                        "meeting_id": meeting_id, "name_or_nickname": f"Deltaker {n}",
                        "email": f"deltaker{n}@example.no", "age_group": rng.choice(ages),
                        "consent_given_at": self.now - timedelta(days=30), "consent_text_version": "2021-1",
                        "status": "confirmed" if k < 60 else "waitlisted", "attended": rng.random() < 0.6,
                    }

        with secondary_indexes_dropped(Registration):
            insert(Registration, registrations())

    # Insights --------------------------------------------------------------------------

    def insights(self):
        Theme = self.model("insights.Theme")
        Insight = self.model("insights.Insight")
        FollowUpAction = self.model("insights.FollowUpAction")
        size, rng = self.size, self.rng

        theme_first = next_id(Theme)
        themes_of: dict[int, list[int]] = {}
        theme_rows = []
        for pk, _d in self.initiatives:
            ids = []
            for name in THEMES[:5]:
                ids.append(theme_first + len(theme_rows))
                theme_rows.append({"id": ids[-1], "initiative_id": pk, "name": name})
            themes_of[pk] = ids
        insert(Theme, theme_rows)

        large = min(max(size.insights // 100, 2 * SMALL_ITEMS), size.insights)
        small = min(SMALL_ITEMS, size.insights - large)
        others = [pk for pk, _d in self.initiatives if pk not in (self.large_initiative, self.small_initiative)]
        counts = {self.large_initiative: large, self.small_initiative: small}
        for pk, count in zip(others, _spread(size.insights - large - small, len(others))):
            counts[pk] = count
        creator_of = {pk: self.creators[d].pk for pk, d in self.initiatives}

        first = next_id(Insight)
        kinds = ["quote", "idea", "need", "observation", "concern"]
        sources = ["citizens", "citizens", "citizens", "research", "experience"]
        span = 4 * 365 * 24 * 3600
        insight_themes, insight_groups = [], []
        self.insight_ids_of: dict[int, list[int]] = {}

        def insight_rows():
            pk = first
            for initiative_id, count in counts.items():
                ids = []
                small = initiative_id == self.small_initiative
                for _ in range(count):
                    ids.append(pk)
                    # The small initiative's insights all match the benchmark's filters (first theme, idea, citizens).
                    chosen = themes_of[initiative_id][:1] if small else rng.sample(themes_of[initiative_id], rng.randint(0, 2))
                    for theme_id in chosen:
                        insight_themes.append({"insight_id": pk, "theme_id": theme_id})
                    if rng.random() < 0.5:
                        insight_groups.append({"insight_id": pk, "targetgroup_id": rng.choice(self.target_groups).pk})
                    yield {
                        "id": pk, "initiative_id": initiative_id, "kind": "idea" if small else rng.choice(kinds),
                        # The small initiative's insights all match the benchmark's search word.
                        "text": SENTENCES[0].format(s=rng.choice(SUBJECTS), p=rng.choice(PLACES))
                        if small else insight_text(rng),
                        "source": "citizens" if small else rng.choice(sources), "source_description": "Nærmiljøprat",
                        "actor_police": rng.random() < 0.4, "actor_municipality": rng.random() < 0.4,
                        "actor_volunteers": rng.random() < 0.2, "actor_business": rng.random() < 0.1,
                        "actor_citizens": rng.random() < 0.2, "is_priority": rng.random() < 0.1,
                        "is_surplus": rng.random() < 0.03, "created_by_id": creator_of[initiative_id],
                        "created_at": self.now - timedelta(seconds=rng.randint(0, span)),
                    }
                    pk += 1
                self.insight_ids_of[initiative_id] = ids[:20]

        through_themes = Insight.themes.through
        through_groups = Insight.target_groups.through
        with secondary_indexes_dropped(Insight, through_themes, through_groups):
            insert(Insight, insight_rows())
            insert(through_themes, insight_themes)
            insert(through_groups, insight_groups)
        del insight_themes[:], insight_groups[:]

        action_first = next_id(FollowUpAction)
        action_rows, action_links = [], []
        statuses = ["not_started", "being_planned", "started", "completed"]
        owners = ["police", "municipality", "volunteers", "business", "citizens"]
        for pk, _d in self.initiatives:
            for n in range(5):
                action_id = action_first + len(action_rows)
                action_rows.append({
                    "id": action_id, "initiative_id": pk, "title": f"Tiltak {n + 1}: {rng.choice(THEMES).lower()}",
                    "owner": rng.choice(owners), "status": rng.choice(statuses), "created_by_id": creator_of[pk],
                })
                for insight_id in self.insight_ids_of.get(pk, [])[n * 3 : n * 3 + 3]:
                    action_links.append({"followupaction_id": action_id, "insight_id": insight_id})
        insert(FollowUpAction, action_rows)
        insert(FollowUpAction.insights.through, action_links)

    # Surveys ---------------------------------------------------------------------------

    def surveys(self):
        Survey = self.model("surveys.Survey")
        Question = self.model("surveys.Question")
        Response = self.model("surveys.Response")
        Answer = self.model("surveys.Answer")
        size, rng = self.size, self.rng

        # One survey in every fourth initiative, and always in the large and the small one.
        with_survey = [self.large_initiative, self.small_initiative] + [
            pk for n, (pk, _d) in enumerate(self.initiatives[2:]) if n % 4 == 0
        ]
        first = next_id(Survey)
        survey_rows = []
        for n, initiative_id in enumerate(with_survey):
            opens = self.now - timedelta(days=rng.randint(40, 700))
            survey_rows.append({
                "id": first + n, "initiative_id": initiative_id, "title": f"Hvordan var sommeren? ({n + 1})",
                "opens_at": opens, "closes_at": opens + timedelta(days=30), "created_by_id": self.coordinator.pk,
            })
        insert(Survey, survey_rows)

        question_specs = [
            ("age_group", "Hvor gammel er du?", []),
            ("likert", "Jeg føler meg trygg i nærmiljøet mitt.", []),
            ("likert", "Politiet lytter til det innbyggerne sier.", []),
            ("single", "Hvor fikk du vite om tiltaket?", ["Skolen", "Facebook", "Naboer", "Politiet", "Annet"]),
            ("scale", "Hvor fornøyd er du med sommeren, fra 0 til 10?", []),
            ("long_text", "Hva bør vi gjøre annerledes neste år?", []),
        ]
        q_first = next_id(Question)
        questions_of: dict[int, list[tuple[int, str, list]]] = {}
        question_rows = []
        for survey in survey_rows:
            own = []
            for position, (kind, text, choices) in enumerate(question_specs):
                pk = q_first + len(question_rows)
                question_rows.append({
                    "id": pk, "survey_id": survey["id"], "position": position, "kind": kind, "text": text,
                    "choices": choices, "required": kind == "age_group",
                })
                own.append((pk, kind, choices))
            questions_of[survey["id"]] = own
        insert(Question, question_rows)

        survey_ids = [row["id"] for row in survey_rows]
        opens_of = {row["id"]: row["opens_at"] for row in survey_rows}
        large = min(max(size.responses // 20, 2 * SMALL_ITEMS), size.responses)
        small = min(SMALL_ITEMS, size.responses - large)
        rest = survey_ids[2:] or survey_ids[:1]
        counts = {survey_ids[0]: large, survey_ids[1]: small}
        for survey_id, count in zip(rest, _spread(size.responses - large - small, len(rest))):
            counts[survey_id] = counts.get(survey_id, 0) + count
        youth = {"13-15", "16-18"}
        ages = ["13-15", "16-18", "19-25", "26-66", "26-66", "26-66", "67+"]
        answers = []
        r_first = next_id(Response)
        comments = [
            "Mer lys i parken.", "Flere voksne ute om kvelden.", "Fortsett med sommeraktivitetene!",
            "Politiet bør være mer synlige.", "Bedre informasjon på sosiale medier.",
        ]

        def response_rows():
            pk = r_first
            for survey_id, count in counts.items():
                for _ in range(count):
                    age = rng.choice(ages)
                    submitted = opens_of[survey_id] + timedelta(seconds=rng.randint(0, 30 * 24 * 3600))
                    for question_id, kind, choices in questions_of[survey_id]:
                        row = {"response_id": pk, "question_id": question_id}
                        if kind == "age_group":
                            row["choice"] = age
                        elif kind == "single":
                            row["choice"] = rng.choice(choices)
                        elif kind == "likert":
                            row["number"] = rng.randint(1, 5)
                        elif kind == "scale":
                            row["number"] = rng.randint(0, 10)
                        elif rng.random() < 0.3:
                            row["text"] = rng.choice(comments)
                        else:
                            continue
                        answers.append(row)
                    yield {
                        "id": pk, "survey_id": survey_id, "submitted_at": submitted, "started_at": submitted,
                        "completed": True, "respondent_group": "youth" if age in youth else "adults",
                    }
                    pk += 1

        with secondary_indexes_dropped(Response, Answer):
            insert(Response, response_rows())
            insert(Answer, answers)
        del answers[:]

    # Audit log ----------------------------------------------------------------------------

    def audit_events(self):
        from innbyggerstemmen.core.audit import remember_actors

        AuditEvent = self.model("core.AuditEvent")
        actions = AuditEvent.Action.values
        size, rng, now = self.size, self.rng, self.now
        span = 3 * 365 * 24 * 3600  # seconds: the oldest event is three years old
        actors = set()

        def named(label: str) -> str:
            actors.add(label)
            return label

        with secondary_indexes_dropped(AuditEvent):
            insert(AuditEvent, (
                {
                    "at": now - timedelta(seconds=span * (size.audit_events - n) / size.audit_events),
                    "actor_label": named(f"bruker{rng.randrange(2_000)}@{BENCH_DOMAIN}"),
                    "action": actions[rng.randrange(len(actions))],
                    "object_label": f"Møte {rng.randrange(size.meetings)}",
                }
                for n in range(size.audit_events)
            ))
        # Everyone the log names, as audit_record keeps them (core.AuditActor): the person search reads this list.
        remember_actors(sorted(actors))


def generate(size: Size | str, *, seed: int = SEED, log=print) -> dict[str, float]:
    """Fill the current database (already migrated) to ``size``; returns seconds per step."""
    if isinstance(size, str):
        size = SIZES[size]
    return Generator(size, seed=seed, log=log).run()


def table_counts() -> dict[str, int]:
    """Row counts of the tables the sizes are about."""
    labels = {
        "districts": ("accounts.Organisation", {"kind": "district"}),
        "initiatives": ("initiatives.Initiative", {}),
        "meetings": ("dialogues.Meeting", {}),
        "registrations": ("dialogues.Registration", {}),
        "insights": ("insights.Insight", {}),
        "survey_responses": ("surveys.Response", {}),
        "audit_events": ("core.AuditEvent", {}),
    }
    return {name: apps.get_model(label).objects.filter(**f).count() for name, (label, f) in labels.items()}


def generated_today() -> date:
    return timezone.localdate()


__all__ = ["SIZES", "Size", "Targets", "generate", "targets", "table_counts", "insert", "datetime"]

"""Insights, actions, KUBA input and a published feedback page for the Tønsberg summer 2021."""
from datetime import date

from django.utils import timezone

from initiatives.models import Initiative, TargetGroup
from innbyggerstemmen.accounts.models import User

from . import services
from .models import ActionStatus, FeedbackPage, Insight, NationalTheme
from .national_themes import national_theme_save

TONSBERG_TITLE = "En god sommer i Tønsberg"

# text, kind, source, themes, actors, target groups, priority, on the feedback page
INSIGHTS = [
    ("Det finnes nesten ingen steder for ungdom å være om kvelden uten å bruke penger.", "need", "citizens",
     "Møteplasser", ["municipality", "volunteers"], ["Ungdom 13–15 år"], True, True),
    ("Fritidsklubben stenger klokken 21, akkurat når det begynner å skje noe i byen.", "observation", "citizens",
     "Møteplasser", ["municipality"], ["Ungdom 13–15 år"], True, True),
    ("Åpne skolegården og ballbingen lenger utover kvelden i sommerferien.", "idea", "citizens",
     "Møteplasser", ["municipality"], ["Elever på ungdomsskolen"], False, True),
    ("Vi vil ha et sted å henge som ikke er kjøpesenteret.", "quote", "citizens",
     "Møteplasser", ["municipality", "business"], ["Ungdom 13–15 år"], False, False),
    ("En benk og litt tak over hodet ved brygga hadde gjort mye.", "idea", "citizens",
     "Møteplasser", ["municipality"], ["Ungdom 13–15 år"], False, False),
    ("Mange foreldre vet ikke hvor ungdommene er om kvelden.", "concern", "citizens",
     "Trygghet i sentrum", ["citizens"], ["Foreldre"], False, False),
    ("Flere voksne ute i sentrum fredag og lørdag kveld gir ro.", "idea", "citizens",
     "Trygghet i sentrum", ["volunteers", "citizens"], ["Beboere i nærmiljøet"], True, True),
    ("Natteravnene trenger flere frivillige for å gå hver helg.", "need", "own_experience",
     "Trygghet i sentrum", ["volunteers"], ["Beboere i nærmiljøet"], True, False),
    ("Uro ved kollektivknutepunktet etter kl. 22 har økt de siste tre somrene.", "observation", "research",
     "Trygghet i sentrum", ["police"], [], True, False),
    ("Det er mørkt og uoversiktlig i parken bak biblioteket.", "concern", "citizens",
     "Trygghet i sentrum", ["municipality"], ["Beboere i nærmiljøet"], False, True),
    ("Politiet bør være synlige og slå av en prat, ikke bare kjøre forbi.", "idea", "citizens",
     "Trygghet i sentrum", ["police"], ["Ungdom 13–15 år"], True, True),
    ("Ungdom sier de blir møtt med mistenksomhet i butikkene.", "observation", "citizens",
     "Trygghet i sentrum", ["business"], ["Ungdom 13–15 år"], False, False),
    ("Gratis aktiviteter hele sommeren, ikke bare første uka.", "need", "citizens",
     "Aktiviteter", ["municipality", "volunteers"], ["Elever på ungdomsskolen"], True, True),
    ("Sommerjobb for 15-åringer, for eksempel i parkvesenet.", "idea", "citizens",
     "Aktiviteter", ["municipality", "business"], ["Ungdom 13–15 år"], True, True),
    ("Idrettslagene kan åpne hallen fredag kveld med trenere til stede.", "idea", "citizens",
     "Aktiviteter", ["volunteers"], ["Ungdom 13–15 år"], True, False),
    ("Kajakk, fiske og bading med voksne som kan sjøen.", "idea", "citizens",
     "Aktiviteter", ["volunteers"], ["Elever på ungdomsskolen"], False, False),
    ("Ungdom som ikke reiser bort om sommeren kjeder seg mest i juli.", "observation", "research",
     "Aktiviteter", ["municipality"], ["Ungdom 13–15 år"], False, False),
    ("Aktivitetene må annonseres der ungdom faktisk er, i sosiale medier.", "idea", "citizens",
     "Aktiviteter", ["municipality"], ["Ungdom 13–15 år"], False, False),
    ("Musikk og scene i sentrum en kveld i uka.", "idea", "citizens",
     "Aktiviteter", ["municipality", "business"], ["Beboere i nærmiljøet"], False, True),
    ("Ungdomsundersøkelsen viser at 1 av 4 føler seg ensomme i ferien.", "observation", "research",
     "Møteplasser", ["municipality"], ["Ungdom 13–15 år"], False, False),
    ("Butikkene kan sponse premier til en sommerturnering.", "idea", "citizens",
     "Aktiviteter", ["business"], [], False, False),
    ("Naboer kan arrangere grillkveld i borettslaget og invitere ungdommene.", "idea", "citizens",
     "Møteplasser", ["citizens"], ["Beboere i nærmiljøet"], False, False),
    ("Erfaringen fra 2020 er at bekymringsmeldinger kommer for sent til skolene.", "observation", "own_experience",
     "Trygghet i sentrum", ["police", "municipality"], [], False, False),
    ("Vi trenger en voksen å snakke med som ikke er lærer eller politi.", "quote", "citizens",
     "Møteplasser", ["volunteers"], ["Ungdom 13–15 år"], False, True),
    ("Hærverket på skolen skjer oftest søndag kveld.", "observation", "own_experience",
     "Trygghet i sentrum", ["police"], [], False, False),
    ("Kommunens busstilbud om kvelden er for dårlig til at ungdom kommer seg hjem.", "concern", "citizens",
     "Aktiviteter", ["municipality"], ["Ungdom 13–15 år"], False, False),
]

# title, owner, responsible, status, period, insight texts (prefixes), published, progress note
ACTIONS = [
    ("Fritidsklubben holder åpent til kl. 23 fredag og lørdag", "municipality", "Tønsberg kommune, Ungdomstjenesten",
     ActionStatus.COMPLETED, (date(2021, 6, 18), date(2021, 8, 14)), ["Fritidsklubben stenger", "Det finnes nesten"],
     True, "Åpningstiden utvidet fra 18. juni; i snitt 45 besøkende per kveld."),
    ("Natteravner i sentrum hver helg", "volunteers", "Natteravnene Tønsberg",
     ActionStatus.STARTED, (date(2021, 6, 1), date(2021, 8, 31)), ["Flere voksne ute", "Natteravnene trenger"],
     True, "Tolv nye frivillige rekruttert etter nærmiljøpraten."),
    ("Politiet går fast runde og prater med ungdom ved brygga", "police", "Politikontakten, Tønsberg politistasjon",
     ActionStatus.STARTED, (date(2021, 6, 15), date(2021, 8, 15)), ["Politiet bør være synlige", "Uro ved kollektiv"],
     True, ""),
    ("Gratis sommeraktiviteter hele ferien", "municipality", "Kultur og fritid, i samarbeid med idrettslagene",
     ActionStatus.BEING_PLANNED, (date(2021, 6, 21), date(2021, 8, 13)), ["Gratis aktiviteter", "Idrettslagene kan"],
     True, ""),
    ("Sommerjobb for 15-åringer i parkvesenet", "business", "Næringsforeningen og Park og idrett",
     ActionStatus.NOT_STARTED, (None, None), ["Sommerjobb for 15"], False, ""),
]


def load(stdout=None) -> None:
    initiative = Initiative.objects.filter(title=TONSBERG_TITLE).first()
    if initiative is None or Insight.objects.filter(initiative=initiative).exists():
        return
    coordinator = User.objects.filter(email="koordinator@example.no").first()
    created = {}
    for text, kind, source, theme, actors, groups, priority, selected in INSIGHTS:
        source = {"own_experience": "experience"}.get(source, source)
        groups = [TargetGroup.objects.get_or_create(name=name)[0] for name in groups]
        insight = services.insight_create(
            initiative=initiative, user=coordinator, text=text, kind=kind, source=source,
            source_description="Nærmiljøprat 27. mai 2021" if source == "citizens" else "",
            theme_names=[theme], target_groups=groups, actors=actors, is_priority=priority,
            said_on=date(2021, 5, 27) if source == "citizens" else None,
        )
        if selected:
            services.insights_set_feedback(initiative=initiative, insights=[insight], value=True, approve_public=True)
        created[text] = insight
    surplus = created["Kommunens busstilbud om kvelden er for dårlig til at ungdom kommer seg hjem."]
    services.insight_update(insight=surplus, is_surplus=True, surplus_receiver="Vestfold fylkeskommune, kollektivtrafikk",
                            surplus_status="sent")

    for title, owner, responsible, status, (start, end), prefixes, published, note in ACTIONS:
        insights = [i for text, i in created.items() if any(text.startswith(p) for p in prefixes)]
        action = services.action_create(
            initiative=initiative, user=coordinator, insights=insights, title=title, owner=owner,
            responsible=responsible, status=status, period_start=start, period_end=end, published=published,
            approve_public=True,
        )
        if note:
            services.progress_note_add(action=action, user=coordinator, date=date(2021, 7, 1), text=note)

    kuba_input = services.kuba_input_save(
        initiative=initiative,
        intro="Innspill fra nærmiljøpraten 27. mai (70 påmeldte) og ungdomsskoleelevenes beskrivelser av en god sommer.",
        meeting_date=date(2021, 6, 3),
        items=[],
    )
    services.kuba_items_fill(kuba_input=kuba_input)
    services.kuba_decisions_record(
        kuba_input=kuba_input,
        decisions={
            action.pk: "Vedtatt. Politiet prioriterer patruljer i sentrum i helgene."
            for action in initiative.followup_actions.filter(owner="police")
        },
    )

    page = services.feedback_page_get_or_create(initiative=initiative)
    services.feedback_page_update(
        page=page,
        intro="Takk for alle innspillene i nærmiljøpraten! Her er noe av det dere sa, og hva politiet, kommunen, "
        "frivillige og næringslivet har gjort i sommer.",
    )
    # Published directly, without e-mailing the demo participants.
    FeedbackPage.objects.filter(pk=page.pk).update(published_at=timezone.now(), publication_number=1)
    _national_themes_and_oslo(coordinator)
    if stdout:
        stdout.write(f"Insights: {len(created)} insights, {len(ACTIONS)} actions, feedback page /sa-vi-gjorde/{page.slug}/")


# The national team's shared themes, and what Oslo heard that says the same as Tønsberg: the national theme
# filter and "similar in other initiatives" (with a merge across them) have something to show.
NATIONAL_THEMES = [("Trygghet", "Trygghet i sentrum, Trygt sentrum"), ("Møteplasser", "Steder å være")]
OSLO_INSIGHTS = [
    ("Det finnes nesten ingen steder for ungdom å være om kvelden uten å bruke penger i sentrum.", "Steder å være"),
    ("Flere voksne ute i sentrum på fredagskvelder.", "Trygt sentrum"),
]


def _national_themes_and_oslo(user) -> None:
    oslo = Initiative.objects.filter(title="Trygg i Oslo sentrum").first()
    if oslo is not None and not Insight.objects.filter(initiative=oslo).exists():
        for text, theme in OSLO_INSIGHTS:
            services.insight_create(
                initiative=oslo, user=user, text=text, kind="idea", source="citizens",
                source_description="Dialogmøte i Oslo sentrum", theme_names=[theme],
            )
    for name, synonyms in NATIONAL_THEMES:
        if not NationalTheme.objects.filter(name=name).exists():
            national_theme_save(name=name, synonyms=synonyms)

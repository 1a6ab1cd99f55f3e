from django.db import connection

from insights import search, selectors
from insights.models import Insight, Theme
from tests.insights.factories import InsightFactory, ThemeFactory


def test_counts_by_theme_source_and_actor_leave_out_merged(initiative):
    theme = ThemeFactory(initiative=initiative, name="Trygghet")
    kept = InsightFactory(initiative=initiative, actor_police=True)
    kept.themes.add(theme)
    merged = InsightFactory(initiative=initiative, actor_police=True, merged_into=kept)
    merged.themes.add(theme)
    InsightFactory(initiative=initiative, source="research")
    # An insight under two themes is still one insight in every count but the per-theme ones.
    both = InsightFactory(initiative=initiative, actor_police=True)
    both.themes.add(theme, ThemeFactory(initiative=initiative, name="Aktiviteter"))
    counts = selectors.insight_counts(initiative=initiative)
    assert counts.total == 3 and counts.without_theme == 1
    assert [(t.name, t.n) for t in counts.by_theme] == [("Trygghet", 2), ("Aktiviteter", 1)]
    assert dict(counts.by_source) == {"Innbyggere": 2, "Forskning og data": 1, "Egen erfaring": 0}
    assert dict(counts.by_actor)["Politiet"] == 2


def test_search_only_sees_visible_initiatives(coordinator, initiative, other_initiative, national):
    InsightFactory(initiative=initiative, text="Skatepark ønskes")
    InsightFactory(initiative=other_initiative, text="Skatepark i Oslo")
    mine = selectors.insight_search(user=coordinator, query="skatepark")
    assert [i.initiative for i in mine] == [initiative]
    assert selectors.insight_search(user=national, query="skatepark").count() == 2


def test_search_facets_count_the_results(coordinator, initiative):
    theme = ThemeFactory(initiative=initiative, name="Aktiviteter")
    InsightFactory(initiative=initiative, text="Sommerjobb for ungdom").themes.add(theme)
    InsightFactory(initiative=initiative, text="Sommerjobb i butikk", source="research")
    InsightFactory(initiative=initiative, text="Noe helt annet")
    results = selectors.insight_search(user=coordinator, query="sommerjobb")
    facets = selectors.insight_search_facets(queryset=results)
    assert [(label, n) for _v, label, n in facets["theme"]] == [("Aktiviteter", 1)]
    assert sorted(n for _v, _l, n in facets["source"]) == [1, 1]
    assert facets["organisation"][0][2] == 2


def test_search_facets_count_each_insight_once_per_tag_and_a_theme_name_across_initiatives(
    national, initiative, other_initiative
):
    """Themes are counted by name (an initiative's own tags, the same name in many), target groups by group;
    an insight with two themes counts once in each, and the counts follow the results, not the tags."""
    from initiatives.models import TargetGroup

    youth, elderly = TargetGroup.objects.create(name="Ungdom 13–18"), TargetGroup.objects.create(name="Eldre")
    here = ThemeFactory(initiative=initiative, name="Møteplasser")
    there = ThemeFactory(initiative=other_initiative, name="Møteplasser")
    light = ThemeFactory(initiative=initiative, name="Lys")
    first = InsightFactory(initiative=initiative, text="Trygt i parken")
    first.themes.add(here, light)
    first.target_groups.add(youth, elderly)
    second = InsightFactory(initiative=other_initiative, text="Trygt på stasjonen")
    second.themes.add(there)
    second.target_groups.add(youth)
    InsightFactory(initiative=initiative, text="Noe annet").themes.add(light)  # not a result: not counted
    facets = selectors.insight_search_facets(queryset=selectors.insight_search(user=national, query="trygt"))
    assert [(label, n) for _v, label, n in facets["theme"]] == [("Møteplasser", 2), ("Lys", 1)]
    assert [(label, n) for _v, label, n in facets["target_group"]] == [("Ungdom 13–18", 2), ("Eldre", 1)]
    assert facets["total"] == 2 and all(isinstance(n, int) for _v, _l, n in facets["theme"])


def test_highlight_escapes_before_marking():
    html = search.highlight("<script>alert(1)</script> ungdom & Ungdom", "ungdom")
    assert html == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>ungdom</mark> &amp; <mark>Ungdom</mark>"
    assert search.highlight("amp &", "amp") == "<mark>amp</mark> &amp;"


def test_search_index_is_used_on_postgresql_and_the_fallback_works_elsewhere(coordinator, initiative):
    """On PostgreSQL the plan uses the GIN index; on SQLite the substring fallback finds the row."""
    InsightFactory(initiative=initiative, text="Ungdommene ønsker flere møteplasser i sentrum")
    InsightFactory.create_batch(20, initiative=initiative, text="Noe annet om trafikk")
    queryset = search.search_filter(Insight.objects.all(), "møteplasser")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A handful of rows: forbid reading the table or an ordered index in full, as the planner avoids
            # at national size, and see which index answers the search.
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("SET enable_indexscan = off")
            plan = queryset.explain()
            # Which themes a search word names: 12,000 at national size, read through their names' trigrams.
            themes_plan = Theme.objects.filter(name__icontains="plass").order_by().explain()
            cursor.execute("SET enable_seqscan = on")
            cursor.execute("SET enable_indexscan = on")
        assert search.DOCUMENT_INDEX_NAME in plan, plan
        assert "insight_theme_name_trgm" in themes_plan, themes_plan
        # Norwegian stemming: the singular finds the plural.
        assert search.search_filter(Insight.objects.all(), "møteplass").count() == 1
    else:
        assert connection.vendor == "sqlite"
        assert [i.text for i in queryset] == ["Ungdommene ønsker flere møteplasser i sentrum"]
    results = selectors.insight_search_results(
        queryset=selectors.insight_search(user=coordinator, query="møteplasser"), query="møteplasser"
    )
    [found] = list(results)
    html = search.highlight(found.text, "møteplasser", getattr(found, "headline", None))
    assert "<mark>møteplasser</mark>" in html


def test_list_filters_are_answered_from_the_live_insights_index(initiative):
    """Kind, source and actor filters keep the right insights; on PostgreSQL through the covering index."""
    wanted = InsightFactory(initiative=initiative, kind="idea", source="citizens", actor_police=True)
    InsightFactory(initiative=initiative, kind="idea", source="research", actor_police=True)
    InsightFactory(initiative=initiative, kind="concern", source="citizens", actor_police=True)
    InsightFactory(initiative=initiative, kind="idea", source="citizens", merged_into=wanted, actor_police=True)
    ids = selectors.insight_list(
        initiative=initiative, filters={"kind": "idea", "source": "citizens", "actor": "police"}
    ).values_list("pk", flat=True)
    assert list(ids) == [wanted.pk]
    if connection.vendor == "postgresql":
        # A handful of rows and no statistics: tell the planner to read in list order from an index,
        # as it does at size, and check which index can give that order under these filters.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            plan = ids.explain()
        assert "insight_live_filter_idx" in plan, plan


def test_a_question_typed_into_search_finds_what_its_subject_finds_in_text_and_tags(client_for, coordinator, initiative):
    from django.urls import reverse

    from initiatives.models import TargetGroup

    said = InsightFactory(initiative=initiative, text="Ungdom savner et sted å være om kvelden")
    tagged = InsightFactory(initiative=initiative, text="Flere voksne ute i helgene")
    tagged.target_groups.add(TargetGroup.objects.create(name="Ungdom 13–15 år"))
    InsightFactory(initiative=initiative, text="Bedre busstilbud")
    client = client_for(coordinator)

    def found(query):
        page = client.get(reverse("insights:search"), {"q": query})
        return {insight.pk for insight in page.context["page"].object_list}

    assert found("ungdom") == {said.pk, tagged.pk}
    for question in ("hva vet vi om ungdom?", "Kva veit vi om ungdom", "Hvem er ungdommen?"):
        assert found(question) == {said.pk, tagged.pk}, question
    bus = Insight.objects.get(text="Bedre busstilbud")
    assert found("hva vet vi om busstilbudet?") == {bus.pk}  # the subject still has to be found
    assert found("hva vet vi om ungdom og buss") == set()  # every meaningful word counts


def test_filler_words_alone_are_still_searched_for(initiative):
    from insights import search

    assert search.words("Hva vet vi om ungdom?") == ["ungdom"]
    assert search.words("Kva veit vi om sommaren i Tønsberg") == ["sommaren", "tønsberg"]
    assert search.words("hva") == ["hva"]


def test_a_word_misspelt_by_one_letter_still_finds_on_postgresql(initiative):
    youth = InsightFactory(initiative=initiative, text="Ungdom savner et sted å være om kvelden")
    InsightFactory(initiative=initiative, text="Bedre busstilbud om kvelden")
    found = {i.pk for i in search.search_filter(Insight.objects.all(), "hva vet vi om ungdon?")}
    if connection.vendor == "postgresql":
        assert found == {youth.pk}
        with connection.cursor() as cursor:  # both conditions are answered by an index, not a scan
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("SET enable_indexscan = off")
            plan = search.search_filter(Insight.objects.all(), "ungdon").explain()
            spelt = search.search_filter(Insight.objects.all(), "ungdom").explain()
            cursor.execute("SET enable_seqscan = on")
            cursor.execute("SET enable_indexscan = on")
        # A word no insight has is matched by similarity (its trigram index); a word that is there, by the text
        # search index alone: the similarity recheck of every candidate is what cost 7 s at national size.
        assert "insight_text_trgm" in plan, plan
        assert search.DOCUMENT_INDEX_NAME in spelt and "insight_text_trgm" not in spelt, spelt
    else:  # SQLite matches substrings only: the correct spelling still finds
        assert found == set()
        assert {i.pk for i in search.search_filter(Insight.objects.all(), "ungdom")} == {youth.pk}


def test_search_results_put_prioritised_insights_first_then_the_best_match_then_the_newest(coordinator, initiative):
    prioritised = InsightFactory(initiative=initiative, text="Mer lys for ungdom", is_priority=True)  # the oldest
    older = InsightFactory(initiative=initiative, text="Ungdom i parken")
    newer = InsightFactory(initiative=initiative, text="Ungdom ved skolen")
    results = selectors.insight_search_results(
        queryset=selectors.insight_search(user=coordinator, query="ungdom"), query="ungdom"
    )
    order = [insight.pk for insight in results]
    # The prioritised one first; the other two match equally well, so the newest comes next.
    assert order == [prioritised.pk, newer.pk, older.pk]


def test_search_results_are_counted_by_initiative_and_district_and_can_be_narrowed_to_one(
    client_for, national, initiative, other_initiative
):
    from django.urls import reverse

    InsightFactory.create_batch(2, initiative=initiative, text="Ungdom i sentrum")
    InsightFactory(initiative=other_initiative, text="Ungdom på stasjonen")
    client = client_for(national)
    page = client.get(reverse("insights:search"), {"q": "ungdom"})
    groups = {group["label"]: group["options"] for group in page.context["facet_groups"]}
    assert [(o["label"], o["count"]) for o in groups["Initiativ"]] == [(initiative.title, 2), (other_initiative.title, 1)]
    assert sorted(o["count"] for o in groups["Organisasjon"]) == [1, 2]
    narrowed = client.get(reverse("insights:search"), {"q": "ungdom", "initiative": other_initiative.pk})
    assert [i.text for i in narrowed.context["page"].object_list] == ["Ungdom på stasjonen"]
    year = {o["label"] for o in groups["År"]}
    assert year and all(isinstance(y, int) for y in year)  # the columns of the counting query line up


def test_the_national_team_sees_what_other_initiatives_heard_that_says_the_same(
    client_for, national, coordinator, initiative, other_initiative
):
    from django.urls import reverse

    mine = InsightFactory(initiative=initiative, text="Mer lys i parken om kvelden")
    elsewhere = InsightFactory(initiative=other_initiative, text="Mer lys i parken om natten")
    InsightFactory(initiative=other_initiative, text="Bussen går for sjelden")
    assert [i.pk for i in selectors.similar_insights(insight=mine, across=True)] == [elsewhere.pk]
    assert selectors.similar_insights(insight=mine) == []  # its own initiative has nothing like it
    url = reverse("insights:insight_detail", args=[initiative.pk, mine.pk])
    assert "Mer lys i parken om natten" in client_for(national).get(url).content.decode()
    assert "Mer lys i parken om natten" not in client_for(coordinator).get(url).content.decode()  # another district's



def test_the_kept_similar_insights_see_every_write_at_once(initiative, other_initiative):
    """Which insights are similar, as shown (text, initiative, themes), is kept between looks (two lookups of 2,000
    candidates each); a new one, an edited text, a theme, a renamed initiative and a merge are each seen on the
    next look."""
    from insights import services

    mine = InsightFactory(initiative=initiative, text="Mer lys i parken om kvelden")
    InsightFactory(initiative=initiative, text="Bussen går for sjelden")

    def shown(across=False) -> list[tuple]:
        return [(i.pk, i.text, i.initiative_title, i.theme_names)
                for i in selectors.similar_insights(insight=mine, across=across)]

    assert shown() == [] and shown(across=True) == []
    near = InsightFactory(initiative=initiative, text="Mer lys i parken om natten")
    elsewhere = InsightFactory(initiative=other_initiative, text="Mer lys i parken om kvelden, takk")
    assert shown() == [(near.pk, near.text, initiative.title, ())]
    assert shown(across=True) == [(elsewhere.pk, elsewhere.text, other_initiative.title, ())]
    services.insights_assign_theme(initiative=initiative, insights=[near], name="Lys")
    assert shown() == [(near.pk, near.text, initiative.title, ("Lys",))]
    assert selectors.theme_suggestions(insight=mine, similar=selectors.similar_insights(insight=mine)) == ["Lys"]
    other_initiative.title = "Trygg by"
    other_initiative.save()
    assert shown(across=True) == [(elsewhere.pk, elsewhere.text, "Trygg by", ())]
    services.insight_update(insight=elsewhere, text="Bussen går for sjelden")
    assert shown(across=True) == []
    services.insight_merge(initiative=initiative, insights=[mine, near])
    assert shown() == []  # merged into it: no longer another insight

def test_similar_insights_are_found_through_indexes_without_reading_every_insight(initiative, other_initiative):
    """At a million insights a lookup must not read the table: the newest candidates through the initiative's
    index, or across initiatives through the recency index; never a sequential scan of insights."""
    mine = InsightFactory(initiative=initiative, text="Mer lys i parken om kvelden")
    elsewhere = InsightFactory.create_batch(3, initiative=other_initiative, text="Mer lys i parken om natten")
    assert {i.pk for i in selectors.similar_insights(insight=mine, across=True)} == {i.pk for i in elsewhere}
    if connection.vendor != "postgresql":
        return  # SQLite compares the newest by their words, in Python
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        # A handful of rows are cheaper sorted than walked in order; at national size the walk is what runs.
        cursor.execute("SET enable_sort = off")
        own = selectors.similar_insights_query(insight=mine).explain()
        across = selectors.similar_insights_query(insight=mine, across=True).explain()
        cursor.execute("SET enable_sort = on")
        cursor.execute("SET enable_seqscan = on")
    for plan in (own, across):
        assert "Seq Scan on insights_insight" not in plan, plan
    assert "insight_live_filter_idx" in own, own
    assert "insight_recent_idx" in across, across


def test_search_ranks_the_newest_matches_and_lists_older_ones_newest_first(coordinator, initiative, monkeypatch):
    """Ranking every match of a common word cost seconds at a million insights; the newest are ranked."""
    monkeypatch.setattr(search, "RANK_WINDOW", 2)
    oldest_prioritised = InsightFactory(initiative=initiative, text="Ungdom trenger lys", is_priority=True)
    old = InsightFactory(initiative=initiative, text="Ungdom i parken")
    newer = InsightFactory(initiative=initiative, text="Ungdom ved skolen")
    newest_prioritised = InsightFactory(initiative=initiative, text="Ungdom på bussen", is_priority=True)
    results = selectors.insight_search_results(
        queryset=selectors.insight_search(user=coordinator, query="ungdom"), query="ungdom"
    )
    assert len(results) == 4
    assert [i.pk for i in results] == [newest_prioritised.pk, newer.pk, old.pk, oldest_prioritised.pk]
    assert [i.pk for i in results[1:3]] == [newer.pk, old.pk]  # a page across the window's end
    assert [i.pk for i in results[3:25]] == [oldest_prioritised.pk]


def test_the_kept_ranking_sees_a_new_insight_and_a_new_priority_at_once(coordinator, initiative, settings):
    """The ranked order is kept between pages and visits while the searched initiatives' content is unchanged:
    every write in them is seen."""
    from insights import services

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    first = InsightFactory(initiative=initiative, text="Ungdom i parken")

    def order():
        results = selectors.insight_search(user=coordinator, query="ungdom")
        key = selectors.insight_search_key(user=coordinator, query="ungdom", filters={})
        return [i.pk for i in selectors.insight_search_results(queryset=results, query="ungdom", cache_key=key)]

    assert order() == [first.pk]
    second = InsightFactory(initiative=initiative, text="Ungdom ved skolen")
    assert order() == [second.pk, first.pk]
    services.insights_set_priority(initiative=initiative, insights=[first], value=True)
    assert order() == [first.pk, second.pk]


def _board_of(initiative):
    """The theme board as its page reads it: each column's name, its total and the ids of its cards."""

    def board():
        counts = selectors.insight_counts(initiative=initiative)
        themes = list(selectors.themes_for(initiative=initiative))
        columns = selectors.theme_board(initiative=initiative, themes=themes, counts=counts)
        return {(c.theme.name if c.theme else None): (c.total, [i.pk for i in c.insights]) for c in columns}

    return board


def test_the_kept_theme_board_shows_every_change_at_once(initiative, settings):
    """The board's counts and cards are kept while the initiative's content is unchanged: a new card, a renamed or
    emptied theme and a priority are seen on the next look."""
    from insights import services

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    light = ThemeFactory(initiative=initiative, name="Lys")
    first = InsightFactory(initiative=initiative, text="Mer lys i parken")
    first.themes.add(light)

    board = _board_of(initiative)

    assert board()["Lys"] == (1, [first.pk])
    second = InsightFactory(initiative=initiative, text="Lys ved skolen")
    second.themes.add(light)
    assert board()["Lys"] == (2, [second.pk, first.pk])
    services.insights_set_priority(initiative=initiative, insights=[first], value=True)
    assert board()["Lys"] == (2, [first.pk, second.pk])
    services.insights_remove_theme(initiative=initiative, insights=[second], name="Lys")
    assert board()["Lys"] == (1, [first.pk]) and board()[None] == (1, [second.pk])
    third = InsightFactory(initiative=initiative, text="Bussen går for sjelden")  # no theme: the last column
    assert board()[None] == (2, [third.pk, second.pk])


def _queries_of(look) -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        look()
    return len(queries)


def test_a_write_elsewhere_leaves_this_initiatives_kept_board_and_its_own_write_is_seen_at_once(
    initiative, other_initiative, settings
):
    """The board's counts and cards are kept per initiative: an insight, a theme or a signup in another district
    does not make this board's next look a cold one, and a write in this initiative is still seen at once."""
    from tests.dialogues.factories import MeetingFactory, RegistrationFactory

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    light = ThemeFactory(initiative=initiative, name="Lys")
    first = InsightFactory(initiative=initiative, text="Mer lys i parken")
    first.themes.add(light)

    board = _board_of(initiative)

    cold = _queries_of(board)
    kept = _queries_of(board)
    assert kept < cold
    elsewhere = InsightFactory(initiative=other_initiative, text="Mer lys ved stasjonen")
    elsewhere.themes.add(ThemeFactory(initiative=other_initiative, name="Lys"))
    RegistrationFactory(meeting=MeetingFactory(initiative=other_initiative))
    assert _queries_of(board) == kept
    second = InsightFactory(initiative=initiative, text="Lys ved skolen")
    second.themes.add(light)
    assert board()["Lys"] == (2, [second.pk, first.pk])


def test_search_is_kept_until_an_initiative_it_searches_changes(
    coordinator, national, initiative, other_initiative, settings
):
    """A district's search is kept while none of its own initiatives changes: an insight in another district leaves
    it kept, and shows at once in the national team's search, which searches them all."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    mine = InsightFactory(initiative=initiative, text="Ungdom i parken")

    def found(user):
        def look():
            results = selectors.insight_search(user=user, query="ungdom")
            key = selectors.insight_search_key(user=user, query="ungdom", filters={})
            facets = selectors.insight_search_facets_cached(cache_key=key, queryset=results)
            ranked = selectors.insight_search_results(
                queryset=results, query="ungdom", total=facets["total"], cache_key=key
            )
            return facets["total"], [i.pk for i in ranked]

        return look

    assert found(coordinator)() == (1, [mine.pk])
    kept = _queries_of(found(coordinator))
    assert found(national)() == (1, [mine.pk])
    elsewhere = InsightFactory(initiative=other_initiative, text="Ungdom i Oslo")
    assert _queries_of(found(coordinator)) == kept
    assert found(coordinator)() == (1, [mine.pk])
    assert found(national)() == (2, [elsewhere.pk, mine.pk])
    newer = InsightFactory(initiative=initiative, text="Ungdom ved skolen")
    assert found(coordinator)() == (2, [newer.pk, mine.pk])

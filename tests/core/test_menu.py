"""The main menu offers only pages the user may open."""
import re

import pytest

pytestmark = pytest.mark.django_db


def menu_links(body: str) -> dict[str, str]:
    nav = body.split('aria-label="Hovedmeny"', 1)[1].split("</nav>", 1)[0]
    return {label.strip(): href for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


@pytest.mark.parametrize("who", ["viewer", "editor", "facilitator", "coordinator", "national"])
def test_every_menu_link_opens(request, client_for, who):
    user = request.getfixturevalue(who)
    client = client_for(user)
    links = menu_links(client.get("/initiativer/").content.decode())
    assert links, "the menu is empty"
    for label, href in links.items():
        assert client.get(href).status_code == 200, f"{who}: {label} ({href})"


def test_a_partner_is_not_offered_action_plans_or_stories(client_for, viewer):
    links = menu_links(client_for(viewer).get("/initiativer/").content.decode())
    assert "Handlingsplaner" not in links and "Historier" not in links and "Oversikt" not in links
    assert "Initiativer" in links


def test_police_staff_are_offered_them(client_for, coordinator):
    links = menu_links(client_for(coordinator).get("/initiativer/").content.decode())
    assert {"Handlingsplaner", "Historier", "Oversikt"} <= set(links)


def test_the_menu_reads_whether_someone_is_police_staff_once_a_page(client_for, coordinator, monkeypatch):
    """Three menu links ask the same question: the page asks the cache once, not once per link."""
    from django.core.cache import caches

    from initiatives.rules import police_staff_key

    client = client_for(coordinator)
    client.get("/initiativer/")  # remembered in the cache
    reads = []
    cache = caches["default"]
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: reads.append(key) or real_get(key, *args, **kwargs))
    links = menu_links(client.get("/initiativer/").content.decode())
    assert {"Handlingsplaner", "Historier", "Oversikt"} <= set(links)
    assert reads.count(police_staff_key(coordinator.pk)) == 1

"""Every URL that takes an object id, slug or token, walked from the URL resolver.

For each one, people who must not reach an initiative's data are refused —
anonymous visitors are sent to log in, another organisation's coordinator and
a partner without an invitation get 403/404, a viewer-role partner cannot
change anything — and public URLs are declared as such. A new pattern whose
arguments this test cannot fill fails it, so no URL goes unchecked.
"""
import re
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innbyggerstemmen.core.urlwalk import named_urls
from tests.world import build_world, url_for

# Citizens' pages: reachable without an account by design; each shows only public data.
PUBLIC = {
    "dialogues:public_meeting",
    "dialogues:public_thanks",
    "dialogues:manage_registration",
    "surveys:public",
    "surveys:personal",
    "surveys:thanks",
    "insights:public_feedback",
    "invitations:accept",
    "live:post",
    "live:shared",
    "surveys:hear_back",
    "insights:unsubscribe",
    "insights:handoff_receipt",
}
# Not tied to one initiative: action plans and stories are read by all police staff, the method
# library by staff and partners; only the national team (or, for copying a method, the user's own
# initiatives) may change anything.
# What a partner without police membership gets from each: an action plan is not there for them (404);
# stories and the copy of a method are there, and forbidden (403).
POLICE_WIDE = {"plans": 404, "stories": 403, "dialogues:method_detail": 403, "dialogues:method_copy": 403}


def refused_get(response, status: int) -> bool:
    """The exact refusal: ``status``, or 405 naming POST for an action that is only ever posted
    (such a URL refuses a GET before it looks at anything)."""
    if response.status_code == 405:
        return response["Allow"] == "POST"
    return response.status_code == status
# Bookkeeping a request may write whoever sends it: sessions, login throttling, the audit log (its events
# and the people it names), and a stored PDF of what the person may read (a rendering, not the portal's data).
BOOKKEEPING_TABLES = ("django_session", "axes_", "core_auditevent", "core_auditactor", "core_storedpdf")
WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?([a-z_]+)"?', re.IGNORECASE)


def data_writes(queries) -> list[str]:
    """The SQL statements that changed portal data (not bookkeeping)."""
    found = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and not match.group(2).lower().startswith(BOOKKEEPING_TABLES):
            found.append(query["sql"][:120])
    return found


def post_changes_nothing(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.post(url)
    return data_writes(queries.captured_queries)


# Every URL that names an object, by its arguments (allauth's own flows apart).
OBJECT_PATTERNS = sorted(
    {(name, arguments) for name, arguments in named_urls() if arguments and not name.startswith("account_")}
)


@pytest.fixture
def world(initiative, editor, viewer):
    return build_world(initiative=initiative, editor=editor)


def test_every_object_url_is_walked():
    names = {name for name, _ in OBJECT_PATTERNS}
    assert {"initiatives:detail", "dialogues:participants", "insights:insight_detail", "surveys:results"} <= names
    assert PUBLIC <= names, "a public URL listed here no longer exists"


@pytest.mark.parametrize(("name", "kwarg_names"), OBJECT_PATTERNS, ids=[n for n, _ in OBJECT_PATTERNS])
def test_outsiders_are_refused(client, world, other_coordinator, stranger, viewer, name, kwarg_names):
    if name in PUBLIC:
        url = url_for(name, kwarg_names, world)
        assert client.get(url).status_code < 500
        return
    url = url_for(name, kwarg_names, world)
    namespace = name.split(":")[0]

    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, f"anonymous {method.__name__} {url}"
        assert urlparse(response.url).path == reverse("account_login"), f"anonymous {method.__name__} {url}"

    if namespace in POLICE_WIDE or name in POLICE_WIDE:
        client.force_login(stranger)  # an account with no organisation and no invitation
        assert refused_get(client.get(url), POLICE_WIDE.get(name, POLICE_WIDE.get(namespace))), f"partner GET {url}"
        assert post_changes_nothing(client, url) == [], f"partner POST {url}"
        client.force_login(other_coordinator)
        assert post_changes_nothing(client, url) == [], f"police staff POST {url}"
        return

    for outsider in (other_coordinator, stranger):
        client.force_login(outsider)
        assert refused_get(client.get(url), 404), f"{outsider.email} GET {url}"
        assert client.post(url).status_code == 404, f"{outsider.email} POST {url}"
        assert post_changes_nothing(client, url) == [], f"{outsider.email} POST {url}"

    # A viewer may read (a read-only page may answer a POST like a GET) but never change anything.
    client.force_login(viewer)
    assert post_changes_nothing(client, url) == [], f"viewer POST {url}"


# Every named URL, with or without arguments (allauth's own flows and logout apart).
ALL_PATTERNS = sorted(
    {(name, arguments) for name, arguments in named_urls() if not name.startswith("account_")}
)


@pytest.mark.parametrize(("name", "kwarg_names"), ALL_PATTERNS, ids=[n for n, _ in ALL_PATTERNS])
def test_no_get_changes_anything(client, world, coordinator, name, kwarg_names):
    # The one who may do most on the world's initiative opens every page: a GET (a prefetch, a
    # crawler, a link preview in a chat) must never change what the portal holds.
    url = url_for(name, kwarg_names, world)
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code < 500, f"GET {url}"
    assert data_writes(queries.captured_queries) == [], f"GET {url}"

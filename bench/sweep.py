"""Every page of the portal once, at the bench database's size: which are slow that the load run does not cover.

    python -m bench.sweep                 # after `make bench` has filled the database
    python -m bench.sweep --slower-than 50 -n 5

Walks the URL resolver as the access and accessibility tests do, fills each page's arguments with
the bench's large initiative and its meeting, survey, insight …, and requests every GET page
(files and exports included) as the coordinator who owns that initiative, and the staff-only pages
as the national team. Prints the median time and queries of each, slowest first; pages whose
arguments the bench data has no object for are listed as skipped.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

from bench.profile import in_process_server, wsgi_request
from bench.run import logged_in_session

# Not pages: actions that change state on GET-less forms, or leave the portal.
NOT_REQUESTED = ("logout", "set_language", "account_")
STAFF_ONLY = ("audit_log", "data_request", "admin:", "surveys:indicator_trends")


def url_arguments(t) -> dict:
    """URL argument values by name (or "namespace:name"), from the bench's large initiative."""
    from django.apps import apps

    initiative = t.large_initiative

    def first(label, **filters):
        return apps.get_model(label).objects.filter(**filters).order_by("pk").first()

    objects = {
        "pk": initiative,
        "activity_pk": first("initiatives.Activity", initiative=initiative),
        "invitation_pk": first("initiatives.Invitation", initiative=initiative),
        "partnership_pk": first("initiatives.Partnership", initiative=initiative),
        "meeting_pk": t.large_meeting,
        "registration_pk": first("dialogues.Registration", meeting=t.large_meeting),
        "group_pk": first("dialogues.Group", meeting=t.large_meeting),
        "survey_pk": t.large_survey,
        "question_pk": first("surveys.Question", survey=t.large_survey),
        "answer_pk": first("surveys.Answer", response__survey=t.large_survey, question__kind="long_text"),
        "insight_pk": first("insights.Insight", initiative=initiative),
        "action_pk": first("insights.FollowUpAction", initiative=initiative),
        "import_pk": first("insights.IdeaWallImport", initiative=initiative),
        "plans:pk": first("initiatives.StatusReport"),
        "stories:pk": first("reports.Story"),
    }
    values = {name: obj.pk for name, obj in objects.items() if obj is not None}
    slugs = {
        "plans:slug": first("initiatives.ActionPlan"),
        "dialogues:method_detail:slug": first("dialogues.MethodCard"),
        "dialogues:method_copy:slug": first("dialogues.MethodCard"),
        "dialogues:slug": t.signup_meeting,
        "surveys:slug": t.large_survey,
        "insights:slug": first("insights.FeedbackPage", initiative=initiative),
    }
    values.update({name: obj.slug for name, obj in slugs.items() if obj is not None})
    tokens = {
        "dialogues:token": first("dialogues.Registration", meeting=t.signup_meeting),
        "surveys:token": first("surveys.Recipient", survey=t.large_survey),
    }
    values.update({name: obj.token for name, obj in tokens.items() if obj is not None})
    values.update({"fmt": "svg", "number": 1})
    return values


def page_urls(values: dict):
    """(name, path or None) of every named page; None where the bench data lacks an argument."""
    from django.urls import reverse

    from innbyggerstemmen.core.urlwalk import named_urls, url_arguments

    for name, arguments in sorted(set(named_urls())):
        if any(word in name for word in NOT_REQUESTED):
            continue
        kwargs = url_arguments(name, arguments, values)
        yield name, None if kwargs is None else reverse(name, kwargs=kwargs)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=3, help="Requests per page after one warm-up (default 3).")
    parser.add_argument("--slower-than", type=float, default=0, help="Only list pages slower than this (ms).")
    args = parser.parse_args(argv)

    t, handler = in_process_server()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cookies = {
        "coordinator": f"sessionid={logged_in_session(t.coordinator)}",
        "national": f"sessionid={logged_in_session(t.national)}",
    }
    rows, skipped = [], []
    for name, path in page_urls(url_arguments(t)):
        if path is None:
            skipped.append(name)
            continue
        who = "national" if any(name.startswith(prefix) for prefix in STAFF_ONLY) else "coordinator"
        status = wsgi_request(handler, path, cookies[who])
        times = []
        with CaptureQueriesContext(connection) as queries:
            for _ in range(args.n):
                started = time.perf_counter()
                wsgi_request(handler, path, cookies[who])
                times.append((time.perf_counter() - started) * 1000)
        rows.append((statistics.median(times), len(queries) // args.n, status, who, name, path))
    rows.sort(reverse=True)
    print(f"{'ms':>8} {'queries':>7} {'status':>6}  {'as':<11} page")
    for ms, count, status, who, name, path in rows:
        if ms >= args.slower_than:
            print(f"{ms:8.1f} {count:7d} {status:6d}  {who:<11} {name}  {path}")
    if skipped:
        print(f"\nSkipped (no such object in the bench data): {', '.join(skipped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

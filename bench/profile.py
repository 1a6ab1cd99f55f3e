"""Where a page's time goes: run it in this process as gunicorn would, under cProfile.

    python -m bench.profile insight_list            # after `make bench` has filled the database
    python -m bench.profile dashboard search -n 100 --sort cumulative --top 50
    python -m bench.profile --cpu-table -n 60 dashboard search   # least CPU per page against the floor's

Each page (by its bench key, see ``bench.run.pages``) is requested through Django's WSGI handler
with the production settings of the load run (``DJANGO_PRODUCTION``, cached templates, the bench
database) and the user's session cookie; no test client, which would copy every template context.
Prints the median wall time per request, the median CPU time of this process per request (the Python
side alone, without waiting for PostgreSQL: steadier than wall time on a shared machine, so compare
pages by it within one run), the mean under the profiler, then the profile.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import time

from bench.run import DEFAULT_DATABASE_URL, ROOT, SETTINGS, logged_in_session, pages, server_env


def in_process_server():
    """Django set up in this process as the load run's gunicorn has it; the bench targets and a WSGI handler."""
    database_url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    os.environ.update(server_env({}, database_url=database_url, secret=secrets.token_urlsafe(50), redis_url=redis_url))
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    from bench.generate import targets

    return targets(), WSGIHandler()


def wsgi_request(handler, path: str, cookie: str) -> int:
    from wsgiref.util import setup_testing_defaults

    target, _, query = path.partition("?")
    environ = {
        "PATH_INFO": target, "QUERY_STRING": query, "REQUEST_METHOD": "GET", "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": cookie, "HTTP_ACCEPT_ENCODING": "gzip, deflate, br", "REMOTE_ADDR": "127.0.0.1",
    }
    setup_testing_defaults(environ)
    statuses = []
    body = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    for _chunk in body:
        pass
    if hasattr(body, "close"):
        body.close()
    return int(statuses[0].split()[0])


def print_queries(request) -> None:
    from django.db import connection

    timings = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(timed):
        request()
    for ms, sql in timings:
        print(f"  {ms:6.2f} ms  {sql[:300]}")
    print(f"  {sum(ms for ms, _ in timings):6.2f} ms in {len(timings)} queries")


def cpu_table(handler, targets: list[tuple[str, str, str]], n: int) -> None:
    """Each page's least CPU time of ``n`` requests, and against the floor's (the first target).

    The pages take turns, one request each, so a minute in which the shared machine is slow slows them all
    alike, and the least time is the one least disturbed: a change is compared by it, old and new in turn.
    """
    for _key, path, cookie in targets:
        for _ in range(3):
            if (status := wsgi_request(handler, path, cookie)) != 200:
                raise SystemExit(f"{path} answered {status}")
    least = {key: float("inf") for key, _path, _cookie in targets}
    for _ in range(n):
        for key, path, cookie in targets:
            started = time.process_time()
            wsgi_request(handler, path, cookie)
            least[key] = min(least[key], (time.process_time() - started) * 1000)
    floor = least[targets[0][0]]
    print(f"least CPU time of {n} requests per page, in turn")
    for key, _path, _cookie in targets:
        print(f"  {key:24} {least[key]:6.2f} ms  {least[key] / floor:4.2f} × the floor")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="+", help="Page keys (dashboard, insight_list, …), 'ceiling', or a path (requested as --as).")
    parser.add_argument("--as", dest="as_user", default="coordinator", choices=["coordinator", "national"],
                        help="Who requests a path given as an argument (default the coordinator).")
    parser.add_argument("-n", type=int, default=50, help="Requests per page (default 50).")
    parser.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative, …).")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--queries", action="store_true", help="Also list each SQL query of one request with its time.")
    parser.add_argument("--cpu-table", action="store_true",
                        help="Only each page's least CPU time of -n requests against the floor's, all in turn.")
    args = parser.parse_args(argv)

    t, handler = in_process_server()
    by_key = {page.key: page for page in pages(t, [])}
    users = {"coordinator": t.coordinator, "national": t.national}
    targets = []
    for key in args.pages:
        if key == "ceiling":
            path, user = "/healthz", None
        elif key.startswith("/"):  # any path, as --as
            path, user = key, users[args.as_user]
        else:
            page = by_key[key]
            if page.method != "GET":
                raise SystemExit(f"{key}: only GET pages can be profiled here")
            path, user = page.large, users.get(page.user)
        targets.append((key, path, f"sessionid={logged_in_session(user)}" if user is not None else ""))
    if args.cpu_table:
        floor = ("floor", "/personvern/", f"sessionid={logged_in_session(t.coordinator)}")
        cpu_table(handler, [floor, *targets], args.n)
        return 0
    for key, path, cookie in targets:
        for _ in range(3):
            status = wsgi_request(handler, path, cookie)
        if status != 200:
            raise SystemExit(f"{key} answered {status}")
        times, cpu = [], []
        for _ in range(args.n):
            started, started_cpu = time.perf_counter(), time.process_time()
            wsgi_request(handler, path, cookie)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        plain = statistics.median(times)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(args.n):
            wsgi_request(handler, path, cookie)
        profiler.disable()
        profiled = (time.perf_counter() - started) / args.n * 1000
        if args.queries:
            print_queries(lambda: wsgi_request(handler, path, cookie))
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(
            f"\n=== {key} {path}: {plain:.1f} ms per request (median; {statistics.median(cpu):.1f} ms of this "
            f"process's CPU; {profiled:.1f} ms under the profiler), n={args.n}"
        )
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())

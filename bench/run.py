"""``make bench``: fill a PostgreSQL database, run the portal under gunicorn as in production, measure.

    python -m bench.run --size small            # about a minute of generation, a few minutes in all
    python -m bench.run --size national --reuse # reuse the database if it already holds that size

Steps: (1) create, migrate and fill the database named by BENCH_DATABASE_URL (dropped and made
again unless --reuse finds the same size in it); (2) count SQL queries per page with Django's
test client for a large and a small object of each page; (3) collect static files and start
gunicorn with DJANGO_PRODUCTION=true on 127.0.0.1; (4) load each page with wrk at 8 connections,
bounded in time and requests, and the trivial /healthz view as the ceiling; (5) time the PDFs,
the survey reminder task and the anonymisation job in this process (e-mail to the locmem
backend, so nothing is sent); (6) write bench/results.json and bench/RESULTS.md and print a table.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from bench import bursts, live_meeting

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/innbyggerstemmen_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
RESULTS_JSON = BENCH_DIR / "results.json"
RESULTS_MD = BENCH_DIR / "RESULTS.md"
SETTINGS = "bench.settings"

# Targets from issue 22 (2-core machine, national size, 8 connections): every page within three times the
# cost of the bare frame, the floor row, measured in the same run.
P95_TARGET_MS = 100
FLOOR_RATIO_TARGET = 1 / 3
FLOOR_PATH = "/personvern/"  # the privacy notice: the layout and nothing else


def log(message: str = "") -> None:
    print(message, flush=True)


# Database ------------------------------------------------------------------------------------


def _maintenance_dsn(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def prepare_database(url: str, size_name: str, *, reuse: bool) -> bool:
    """Make sure the database exists; returns True when it must be (re)generated."""
    import psycopg

    dsn, name = _maintenance_dsn(url)
    marker = f"innbyggerstemmen bench size={size_name}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if row is not None and reuse and row[0] == marker:
            log(f"Reusing database {name} ({marker}).")
            return False
        quoted = psycopg.sql.Identifier(name)
        if row is not None:
            log(f"Dropping database {name}.")
            conn.execute(psycopg.sql.SQL("DROP DATABASE {} WITH (FORCE)").format(quoted))
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(quoted))
        log(f"Created database {name}.")
    return True


def mark_database(url: str, size_name: str) -> None:
    import psycopg

    dsn, name = _maintenance_dsn(url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            psycopg.sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                psycopg.sql.Identifier(name), psycopg.sql.Literal(f"innbyggerstemmen bench size={size_name}")
            )
        )


# Results -------------------------------------------------------------------------------------


@dataclass
class Results:
    data_size: str
    commit: str
    records: list[dict] = field(default_factory=list)

    def add(self, name: str, value, unit: str, **extra) -> None:
        self.records.append(
            {"name": name, "unit": unit, "value": value, "data_size": self.data_size, "git_commit": self.commit, **extra}
        )

    def value(self, name: str):
        return next((r["value"] for r in self.records if r["name"] == name), None)


def git_commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        # Changed tracked files only: an untracked file (a checkout's symlinked .venv) changes no measured code.
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout
        return commit + ("-dirty" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


# Pages ---------------------------------------------------------------------------------------


@dataclass
class Page:
    key: str
    label: str
    user: str  # "coordinator" or "national"
    large: str  # path with the large object
    small: str | None = None  # same page for a small object (query counts)
    small_user: str | None = None
    method: str = "GET"
    expect: int = 200
    p95_target_ms: int = P95_TARGET_MS


def pages(t, todo: list[str]) -> list[Page]:
    from django.urls import NoReverseMatch, reverse

    large, small = t.large_initiative.pk, t.small_initiative.pk
    theme = t.large_theme_id
    result = [
        Page("dashboard", "Coordinator dashboard", "coordinator", reverse("initiatives:dashboard"),
             reverse("initiatives:dashboard"), small_user="small_coordinator"),
        Page("initiative", "Initiative page", "coordinator", reverse("initiatives:detail", args=[large]),
             reverse("initiatives:detail", args=[small])),
        Page("insight_list", "Insight list, filtered", "coordinator",
             reverse("insights:insight_list", args=[large]) + f"?kind=idea&source=citizens&theme={theme}",
             reverse("insights:insight_list", args=[small]) + f"?kind=idea&source=citizens&theme={t.small_theme_id}"),
        Page("insight_list_all", "Insight list, page 1", "coordinator", reverse("insights:insight_list", args=[large]),
             reverse("insights:insight_list", args=[small])),
        Page("search", "Search across initiatives", "coordinator", reverse("insights:search") + "?q=trygt",
             reverse("insights:search") + "?q=trygt", small_user="small_coordinator"),
        Page("search_national", "Search, national team (all insights)", "national",
             reverse("insights:search") + "?q=trygt+sted", reverse("insights:search") + "?q=trygt+sted",
             small_user="small_coordinator"),
        # Its similar insights in the initiative and, for the national team, in the others (issue 21: under 200 ms).
        Page("insight_national", "Insight page with similar ones, national team", "national",
             reverse("insights:insight_detail", args=[large, newest_insight(large)]),
             reverse("insights:insight_detail", args=[small, newest_insight(small)])),
        Page("board", "Theme board", "coordinator", reverse("insights:board", args=[large]),
             reverse("insights:board", args=[small])),
        Page("kuba", "KUBA input", "coordinator", reverse("insights:kuba", args=[large]),
             reverse("insights:kuba", args=[small])),
        Page("my_actions", "Mine tiltak", "coordinator", reverse("insights:my_actions"), reverse("insights:my_actions"),
             small_user="small_coordinator"),
        # The public POST is measured by the school class burst: its form token is single-use, as wrk's is not.
        Page("survey_public", "Public survey page", "anonymous", reverse("surveys:public", args=[t.large_survey.slug]),
             reverse("surveys:public", args=[t.small_survey.slug])),
        Page("participants", "Meeting participant list", "coordinator",
             reverse("dialogues:participants", args=[large, t.large_meeting.pk]),
             reverse("dialogues:participants", args=[small, t.small_meeting.pk])),
        Page("survey_results", "Survey results", "coordinator",
             reverse("surveys:results", args=[large, t.large_survey.pk]),
             reverse("surveys:results", args=[small, t.small_survey.pk])),
    ]
    try:
        overview = reverse("overview:overview")
    except NoReverseMatch:
        todo.append("National overview page (overview:overview) does not exist yet: not measured.")
    else:
        result.append(Page("overview", "National overview", "national", overview, overview,
                           small_user="small_coordinator"))
    audit_log = reverse("audit_log")
    oldest_page = audit_log + "?" + urlencode({"older": audit_log_position(from_oldest=50)})
    # One of the 2,000 generated users: a few hundred events among a million at national size.
    one_person = audit_log + "?" + urlencode({"q": "bruker1234@"})
    result += [
        Page("audit_log", "Audit log, newest", "national", audit_log, audit_log),
        Page("audit_log_oldest", "Audit log, oldest page", "national", oldest_page, oldest_page),
        Page("audit_log_search", "Audit log, one person's events", "national", one_person, one_person),
        Page("data_request", "Access and erasure request", "national",
             reverse("data_request"), reverse("data_request")),
    ]
    signup = reverse("dialogues:public_meeting", args=[t.signup_meeting.slug])
    result += [
        Page("signup_page", "Public signup page", "anonymous", signup, signup),
        Page("signup_post", "Public signup POST", "anonymous", signup, signup, method="POST", expect=302),
    ]
    return result


def newest_insight(initiative_id: int) -> int:
    from insights.models import Insight

    return Insight.objects.filter(initiative_id=initiative_id, merged_into__isnull=True).order_by("-id").first().pk


def logged_in_session(user) -> str:
    """The key of a new session in which ``user`` is logged in, as after a sign-in."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def audit_log_position(*, from_oldest: int) -> str:
    """The page position ("older than") of the audit event that many from the oldest one."""
    from innbyggerstemmen.core.models import AuditEvent
    from innbyggerstemmen.core.pagination import position_of

    return position_of(AuditEvent.objects.order_by("at", "id")[from_oldest])


def signup_form_fields(path: str) -> dict:
    """The hidden fields of the public signup form (the signed start time), read as a browser would."""
    import re

    from django.test import Client

    html = Client().get(path).content.decode()
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        if 'type="hidden"' in tag and "csrfmiddlewaretoken" not in tag:
            name = re.search(r'name="([^"]*)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name.group(1)] = html_unescape(value.group(1)) if value else ""
    return fields


SIGNUP_HIDDEN: dict = {}


def signup_body(run_id: str, number: str = "XNUMX") -> dict:
    return {
        "name_or_nickname": "Bench",
        "email": f"bench-{run_id}-{number}@example.no",
        "age_group": "26-66",
        "consent": "on",
        "website": "",
        **SIGNUP_HIDDEN,
    }


def prepare_signup(path: str) -> None:
    """Fetch the form once and wait until a person could have filled it (the bot check's minimum)."""
    SIGNUP_HIDDEN.update(signup_form_fields(path))
    time.sleep(4)


# Query counts ----------------------------------------------------------------------------------


def count_queries(page_list: list[Page], users: dict, run_id: str, results: Results) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    log("\nSQL queries per request (Django test client, second request of each):")
    clients = {}
    for name, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients[name] = client
    for page in page_list:
        counts = {}
        for variant, path, user in (("large", page.large, page.user), ("small", page.small, page.small_user or page.user)):
            client = clients[user]
            for attempt in range(2):
                with CaptureQueriesContext(connection) as queries:
                    if page.method == "POST":
                        response = client.post(path, signup_body(run_id, f"q{variant}{attempt}"))
                    else:
                        response = client.get(path)
                if response.status_code != page.expect:
                    raise SystemExit(f"{page.key} ({variant}) answered {response.status_code}, expected {page.expect}")
            counts[variant] = len(queries)
        grows = counts["large"] > counts["small"]
        results.add(f"{page.key}.queries.large", counts["large"], "queries", page=page.key)
        results.add(f"{page.key}.queries.small", counts["small"], "queries", page=page.key)
        log(f"  {page.label:42} small {counts['small']:3}  large {counts['large']:3}" + ("  GROWS" if grows else ""))


# The server and the load ---------------------------------------------------------------------


def redis_reachable(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


def server_env(base: dict, *, database_url: str, secret: str, redis_url: str) -> dict:
    env = dict(base)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DJANGO_PRODUCTION="true",
        DJANGO_SECRET_KEY=secret,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        EMAIL_HOST="127.0.0.1",  # production refuses to start without one; the dummy backend sends nothing
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.pop("DJANGO_DEBUG", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def collectstatic(env: dict) -> None:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    log(f"collectstatic: {time.perf_counter() - started:.1f} s")


class Server:
    def __init__(self, env: dict, port: int, workers: int):
        self.env, self.port, self.workers = env, port, workers
        self.process = None
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self):
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        self.log_file = (BENCH_DIR / "gunicorn.log").open("w")
        self.process = subprocess.Popen(
            [gunicorn, "innbyggerstemmen.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--timeout", "60"],
            cwd=ROOT, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {BENCH_DIR / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        log(f"gunicorn ({self.workers} workers) answers on {self.base}")
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise SystemExit("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_status(base: str, page: Page, cookie: str, csrf: str, body: str) -> int:
    opener = urllib.request.build_opener(NoRedirect)
    data = body.replace("XNUMX", "check-" + secrets.token_hex(4)).encode() if page.method == "POST" else None
    request = urllib.request.Request(base + page.large, data=data, method=page.method)
    request.add_header("Cookie", cookie)
    if page.method == "POST":
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        request.add_header("X-CSRFToken", csrf)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(url: str, *, connections: int, threads: int, duration: int, max_requests: int, env: dict) -> dict:
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
        "-s", str(BENCH_DIR / "wrk.lua"), url,
    ]
    run_env = {**os.environ, **env, "BENCH_MAX_REQUESTS": str(max(max_requests // threads, 1))}
    output = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=duration + 60)
    for line in output.stdout.splitlines():
        if line.startswith("BENCHJSON "):
            return json.loads(line[len("BENCHJSON "):])
    raise SystemExit(f"wrk gave no result for {url}:\n{output.stdout}\n{output.stderr}")


@dataclass(frozen=True)
class Loaded:
    """One page's load over all rounds: ``floor_ratio`` is the median of its rounds' throughput against the floor's
    in the same round (None for the ceiling and the floor), p50/p95/p99 the medians of the rounds'."""

    requests: int
    throughput: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    floor_ratio: float | None
    round_ratios: tuple[float, ...]


def _throughput(data: dict) -> float:
    seconds = data["duration_us"] / 1e6
    return data["requests"] / seconds if seconds else 0.0


def combine_rounds(rounds: list[dict], floor_rounds: list[dict] | None) -> Loaded:
    """A page's wrk results of each round, judged against the floor's of the same rounds.

    On a shared machine the speed changes from minute to minute: a page loaded at a slow moment and the floor
    at a fast one compare wrongly. Each round loads the floor and every page within a minute or two, so a
    round's ratio compares like with like, and the median of the rounds leaves out one that a change of speed
    in the middle of it spoilt.
    """
    requests = sum(data["requests"] for data in rounds)
    seconds = sum(data["duration_us"] for data in rounds) / 1e6
    ratios = ()
    if floor_rounds is not None:
        ratios = tuple(
            round(_throughput(page) / _throughput(floor), 3) if _throughput(floor) else 0.0
            for page, floor in zip(rounds, floor_rounds, strict=True)
        )
    return Loaded(
        requests=requests,
        throughput=requests / seconds if seconds else 0.0,
        p50_ms=round(statistics.median(data["p50_us"] for data in rounds) / 1000, 1),
        p95_ms=round(statistics.median(data["p95_us"] for data in rounds) / 1000, 1),
        p99_ms=round(statistics.median(data["p99_us"] for data in rounds) / 1000, 1),
        errors=sum(data["unexpected_status"] + data["socket_errors"] for data in rounds),
        floor_ratio=round(statistics.median(ratios), 3) if ratios else None,
        round_ratios=ratios,
    )


def load(page_list, server: Server, sessions: dict, csrf: str, body: str, args, results: Results) -> None:
    def cookie_for(user):
        cookie = f"csrftoken={csrf}"
        return cookie + (f"; sessionid={sessions[user]}" if user in sessions else "")

    rounds = max(1, args.rounds)
    per_round = max(1, -(-args.duration // rounds))  # whole seconds, rounded up
    log(f"\nLoad: wrk, {args.connections} connections, {rounds} rounds of {per_round} s or "
        f"{args.max_requests // rounds} requests per page, the floor and every page in each round")
    ceiling_page = Page("ceiling", "Trivial view /healthz (ceiling)", "anonymous", "/healthz")
    # What any signed-in page costs before its own work (session, user, layout): the targets' yardstick.
    floor_page = Page("floor", "Signed-in page without data (floor)", "coordinator", FLOOR_PATH)
    measured = [ceiling_page, floor_page, *page_list]
    envs = {}
    for page in measured:
        cookie = cookie_for(page.user)
        for _ in range(3):  # warm the workers and check the page answers as it should
            status = check_status(server.base, page, cookie, csrf, body)
        if status != page.expect:
            raise SystemExit(f"{page.key} answered {status} under gunicorn, expected {page.expect}")
        envs[page.key] = {
            "BENCH_COOKIE": cookie, "BENCH_METHOD": page.method, "BENCH_EXPECT": str(page.expect),
            "BENCH_CSRF": csrf, "BENCH_BODY": body if page.method == "POST" else "",
        }
    samples: dict[str, list[dict]] = {page.key: [] for page in measured}
    for number in range(rounds):
        log(f"  round {number + 1} of {rounds}")
        for page in measured:
            samples[page.key].append(
                wrk(server.base + page.large, connections=args.connections, threads=args.threads,
                    duration=per_round, max_requests=max(args.max_requests // rounds, 1), env=envs[page.key])
            )
    ceiling = combine_rounds(samples["ceiling"], None).throughput
    for page in measured:
        key = page.key
        loaded = combine_rounds(samples[key], None if key in ("ceiling", "floor") else samples["floor"])
        results.add(f"{key}.latency.p50", loaded.p50_ms, "ms", page=key)
        results.add(f"{key}.latency.p95", loaded.p95_ms, "ms", page=key)
        results.add(f"{key}.latency.p99", loaded.p99_ms, "ms", page=key)
        results.add(f"{key}.throughput", round(loaded.throughput, 1), "requests/s", page=key)
        results.add(f"{key}.requests", loaded.requests, "requests", page=key)
        results.add(f"{key}.errors", loaded.errors, "requests", page=key)
        if key != "ceiling":
            results.add(f"{key}.ceiling_ratio", round(loaded.throughput / ceiling, 3) if ceiling else None, "ratio",
                        page=key)
        if loaded.floor_ratio is not None:
            results.add(f"{key}.floor_ratio", loaded.floor_ratio, "ratio", page=key)
        by_round = " / ".join(f"{ratio:.2f}" for ratio in loaded.round_ratios)
        spread = f" ÷ floor by round {by_round}" if by_round else ""
        log(f"  {page.label:42} p50 {loaded.p50_ms:7.1f} ms  p95 {loaded.p95_ms:7.1f} ms  "
            f"{loaded.throughput:7.1f} req/s  ({loaded.requests} requests"
            + (f", {loaded.errors} unexpected" if loaded.errors else "") + f"){spread}")


# Jobs ------------------------------------------------------------------------------------------


def _timed(work, repeat: int = 1) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


# Pages whose parts are kept until a write replaces them (initiatives.cache_scopes): per initiative, across all
# initiatives (the national team's), or every counted figure (the overview).
FIRST_LOOK_PAGES = ("search", "search_national", "insight_national", "board", "insight_list_all", "overview")


def job_first_look(results: Results, t, page_list: list[Page], users: dict) -> None:
    """The first look a user gets after any write, which the load run (the same page again and again) does not
    see: an insight is written in another district's initiative, then the page is asked for once, in this process;
    then one in the page's own (large) initiative, and the page asked for again; then once more for comparison
    (median of 3 each). The insights written are deleted afterwards."""
    from django.test import Client

    from initiatives.models import Initiative
    from insights import selectors, services
    from insights.models import Insight, Kind, Source

    # Another district's initiative: one the coordinator cannot see (the small one is in a unit it belongs to too).
    elsewhere = Initiative.objects.exclude(pk__in=selectors.visible_initiative_ids(user=t.coordinator)).first()
    clients, written = {}, []
    for page in page_list:
        if page.key not in FIRST_LOOK_PAGES:
            continue
        if page.user not in clients:
            clients[page.user] = Client()
            clients[page.user].force_login(users[page.user], backend="django.contrib.auth.backends.ModelBackend")
        looks = {"first_look": [], "first_look_own": [], "repeated_look": []}
        for n in range(3):
            for initiative, user, after in (
                (elsewhere, t.small_coordinator, "first_look"),
                (t.large_initiative, t.coordinator, "first_look_own"),
                (None, None, "repeated_look"),
            ):
                if initiative is not None:
                    written.append(services.insight_create(
                        initiative=initiative, user=user, text=f"Bench: skrevet før første blikk {n}",
                        kind=Kind.IDEA, source=Source.CITIZENS,
                    ))
                started = time.perf_counter()
                status = clients[page.user].get(page.large).status_code
                looks[after].append(time.perf_counter() - started)
                if status != page.expect:
                    raise SystemExit(f"{page.key} answered {status} in the first-look timing, expected {page.expect}")
        ms = {name: round(statistics.median(times) * 1000, 1) for name, times in looks.items()}
        for name, value in ms.items():
            results.add(f"{page.key}.{name}", value, "ms", page=page.key)
        log(f"  {page.label:42} first look after a write elsewhere {ms['first_look']:8.1f} ms, in its initiative "
            f"{ms['first_look_own']:8.1f} ms, repeated {ms['repeated_look']:7.1f} ms")
    Insight.objects.filter(pk__in=[insight.pk for insight in written]).delete()


def job_status_report_pdf(results: Results, todo: list[str]) -> None:
    from django.utils import timezone, translation

    from initiatives.plans.models import ActionPlan
    from initiatives.plans.services import (
        action_plan_csv_parse,
        action_plan_import,
        status_report_create,
        status_report_pdf,
    )

    csv_path = ROOT / "initiatives" / "plans" / "data" / "gode-krefter-2009-2012.csv"
    name = "Gode krefter (bench)"
    action_plan_import(name=name, rows=action_plan_csv_parse(csv_path.read_bytes()), period="2009–2012")
    plan = ActionPlan.objects.get(name=name)
    report = status_report_create(plan=plan, title="Status (bench)", as_of=timezone.localdate())
    measures = plan.measures.count()
    with translation.override("nb"):
        seconds, pdf = _timed(lambda: status_report_pdf(plan=plan, report=report), repeat=3)
    results.add("status_report_pdf", round(seconds, 2), "s", measures=measures, bytes=len(pdf))
    log(f"  Status report PDF, {measures} measures: {seconds:.2f} s (median of 3)")


def job_summary_pdf(results: Results, t, todo: list[str]) -> None:
    try:
        from reports.summary_services import summary_pdf_render
    except ImportError:
        todo.append("Initiative summary PDF (reports.summary_services.summary_pdf_render) does not exist yet.")
        return
    import random

    from django.utils import timezone

    from bench.generate import insert, insight_text
    from initiatives.models import Initiative
    from insights.models import FollowUpAction, Insight

    rng = random.Random(500)
    Initiative.objects.filter(title="Bench: sammendrag").delete()
    initiative = Initiative.objects.create(
        title="Bench: sammendrag", owner_organisation=t.large_initiative.owner_organisation,
        problem="Uro blant ungdom om kvelden.", goal="Tryggere sommer.",
    )
    now = timezone.now()
    insert(Insight, ({"initiative_id": initiative.pk, "text": insight_text(rng), "is_priority": n % 10 == 0,
                      "created_at": now - timedelta(hours=n)} for n in range(500)))
    insert(FollowUpAction, ({"initiative_id": initiative.pk, "title": f"Tiltak {n + 1}",
                             "status": ["not_started", "started", "completed"][n % 3]} for n in range(50)))
    ids = list(Insight.objects.filter(initiative=initiative).values_list("pk", flat=True))
    actions = list(FollowUpAction.objects.filter(initiative=initiative).values_list("pk", flat=True))
    insert(FollowUpAction.insights.through, ({"followupaction_id": a, "insight_id": ids[(n * 7 + k) % len(ids)]}
                                             for n, a in enumerate(actions) for k in range(3)))
    seconds, pdf = _timed(lambda: summary_pdf_render(initiative=initiative, language="nb"), repeat=3)
    results.add("summary_pdf", round(seconds, 2), "s", insights=500, actions=50, bytes=len(pdf))
    log(f"  Initiative summary PDF, 500 insights and 50 actions: {seconds:.2f} s (median of 3)")


def job_survey_reminders(results: Results, t, count: int) -> None:
    from django.core import mail
    from django.utils import timezone

    from bench.generate import insert
    from dialogues.surveys.models import Recipient, Survey
    from dialogues.surveys.services import reminders_send_due

    now = timezone.now()
    Survey.objects.filter(title="Bench: påminnelser").delete()
    survey = Survey.objects.create(
        initiative=t.large_initiative, title="Bench: påminnelser", opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=20), anonymous=True, reminder_schedule_days=[3, 7], max_reminders=2,
    )
    insert(Recipient, ({"survey_id": survey.pk, "email": f"mottaker{n}@example.no",
                        "invited_at": now - timedelta(days=4)} for n in range(count)))
    mail.outbox = []
    seconds, sent = _timed(reminders_send_due)
    delivered = len(mail.outbox)
    mail.outbox = []
    results.add("survey_reminders", round(seconds, 2), "s", due=count, sent=sent, delivered=delivered)
    log(f"  Survey reminders, {count} due: {seconds:.2f} s ({sent} sent, {delivered} e-mails delivered to locmem)")
    if sent != count:
        log(f"  WARNING: {count} reminders were due but {sent} were sent")


def job_weekly_digest(results: Results) -> None:
    """Staff's weekly summary in a heavy week: "now" six weeks on, so every open action is a month quiet."""
    from django.core import mail
    from django.utils import timezone

    from innbyggerstemmen.core.models import OutgoingEmail
    from reports.digest import digest_send, digests

    later = timezone.now() + timedelta(days=45)
    OutgoingEmail.objects.filter(dedupe_key__startswith="digest:").delete()  # an earlier run's week
    found = digests(now=later)
    due = sum(len(d.actions) + len(d.handoffs) + len(d.meetings) + len(d.surveys) for d in found.values())
    mail.outbox = []
    seconds, sent = _timed(lambda: digest_send(now=later))
    mail.outbox = []
    results.add("weekly_digest", round(seconds, 2), "s", recipients=sent, due_items=due)
    log(f"  Weekly digest: {seconds:.2f} s for {sent} recipients and {due} due items (sent to locmem)")


def job_anonymise(results: Results, t, count: int) -> None:
    from django.conf import settings
    from django.utils import timezone

    from bench.generate import insert
    from dialogues.models import Meeting, Registration
    from initiatives.models import Initiative
    from initiatives.retention import personal_data_anonymise_expired

    Initiative.objects.filter(title="Bench: avsluttet").delete()
    today = timezone.localdate()
    ended = today - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS + 10)
    initiative = Initiative.objects.create(
        title="Bench: avsluttet", owner_organisation=t.large_initiative.owner_organisation,
        start_date=ended - timedelta(days=100), end_date=ended, status="completed",
    )
    now = timezone.now()
    meetings = []
    for n in range(20):
        starts = now - timedelta(days=120 + n)
        meetings.append(Meeting.objects.create(initiative=initiative, title=f"Avsluttet møte {n + 1}",
                                               starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=600))
    per = count // len(meetings)
    insert(Registration, ({"meeting_id": m.pk, "name_or_nickname": f"Person {i}", "email": f"p{m.pk}-{i}@example.no",
                           "age_group": "26-66", "consent_given_at": now - timedelta(days=150),
                           "consent_text_version": "2021-1"} for m in meetings for i in range(per)))
    seconds, touched = _timed(personal_data_anonymise_expired)
    results.add("anonymise_participants", round(seconds, 2), "s", participants=per * len(meetings), rows=touched)
    log(f"  Anonymisation job, {per * len(meetings)} participants: {seconds:.2f} s ({touched} rows anonymised)")


# Reporting -------------------------------------------------------------------------------------


def table(results: Results, page_list: list[Page], sizes: dict, todo: list[str]) -> str:
    r = results.value
    lines = [
        f"### Size `{results.data_size}` — commit {results.commit}",
        "",
        "Data: " + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in sizes.items()) + ".",
        "",
        "| page | p50 ms | p95 ms | req/s | ÷ floor | queries small / large | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    ceiling = r("ceiling.throughput")
    if ceiling is not None:
        lines.append(f"| Trivial view `/healthz` (ceiling, for scale) | {r('ceiling.latency.p50')} "
                     f"| {r('ceiling.latency.p95')} | {ceiling} | – | – | – |")
        floor = [_fmt(r(f"floor.{name}")) for name in ("latency.p50", "latency.p95", "throughput")]
        lines.append(f"| Signed-in page without data `{FLOOR_PATH}` (floor) | {' | '.join(floor)} | 1 | – | – |")
    for page in page_list:
        p95, ratio = r(f"{page.key}.latency.p95"), r(f"{page.key}.floor_ratio")
        small, large = r(f"{page.key}.queries.small"), r(f"{page.key}.queries.large")
        checks = []
        if p95 is not None:
            checks.append(("p95 ok" if p95 < page.p95_target_ms else f"p95 > {page.p95_target_ms}"))
        if ratio is not None:
            checks.append("≥ ⅓ floor" if ratio >= FLOOR_RATIO_TARGET else "< ⅓ floor")
        if small is not None:
            checks.append("queries constant" if large <= small else "QUERIES GROW")
        lines.append(
            f"| {page.label} | {_fmt(r(f'{page.key}.latency.p50'))} | {_fmt(p95)} | {_fmt(r(f'{page.key}.throughput'))} "
            f"| {_fmt(ratio)} | {small} / {large} | {', '.join(checks)} |"
        )
    if first_looks := [(page, r(f"{page.key}.first_look")) for page in page_list if r(f"{page.key}.first_look")]:
        lines += ["", "First look after a write: one request in this process right after an insight was written in "
                  "another district's initiative, and right after one in the page's own initiative, median of 3, "
                  "against a repeated look.", "",
                  "| page | after a write elsewhere ms | after a write in its initiative ms | repeated look ms |",
                  "| --- | ---: | ---: | ---: |"]
        for page, first in first_looks:
            own, repeated = r(f"{page.key}.first_look_own"), r(f"{page.key}.repeated_look")
            lines.append(f"| {page.label} | {first} | {_fmt(own)} | {_fmt(repeated)} |")
    jobs = [
        ("summary_pdf", "Initiative summary PDF (500 insights, 50 actions)", 5),
        ("status_report_pdf", "Status report PDF (35 measures)", 2),
        ("survey_reminders", "Survey reminder task, 10,000 due", 60),
        ("anonymise_participants", "Anonymisation job, 10,000 participants", None),
        ("weekly_digest", "Weekly digest for staff, every open action a month quiet", None),
    ]
    lines += ["", "| job | seconds | target |", "| --- | ---: | --- |"]
    for key, label, target in jobs:
        value = r(key)
        if value is None:
            continue
        verdict = "–" if target is None else ("ok" if value < target else f"> {target} s")
        lines.append(f"| {label} | {value} | {verdict} |")
    lines += live_meeting.table_lines(r)
    if burst_lines := bursts.table_lines(r):
        lines += ["", *burst_lines]
    if todo:
        lines += ["", "Not measured:", *[f"- {item}" for item in todo]]
    return "\n".join(lines)


def _fmt(value) -> str:
    return "–" if value is None else f"{value}"


def write_results(results: Results, text: str, machine: str) -> None:
    existing = []
    if RESULTS_JSON.exists():
        try:
            existing = [r for r in json.loads(RESULTS_JSON.read_text()) if r.get("data_size") != results.data_size]
        except (ValueError, AttributeError):
            existing = []
    RESULTS_JSON.write_text(json.dumps(existing + results.records, indent=1, ensure_ascii=False) + "\n")

    sections = {}
    if RESULTS_MD.exists():
        current, buffer = None, []
        for line in RESULTS_MD.read_text().splitlines():
            if line.startswith("<!-- size:"):
                current = line.split(":", 1)[1].strip(" ->")
                buffer = []
                sections[current] = buffer
            elif line.startswith("<!-- end -->"):
                current = None
            elif current:
                buffer.append(line)
    sections[results.data_size] = [f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {machine}.", "", text]
    order = sorted(sections, key=lambda s: ["tiny", "small", "national"].index(s) if s in ("tiny", "small", "national") else 9)
    out = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py); the figures of the latest run of each size. "
        "Targets (issue 22, national size, 8 connections): every page at p95 under 100 ms and at least a third "
        "of the floor row's throughput in the same run (÷ floor: the median of the rounds, each of which loads "
        "the floor and every page in turn), queries per page constant; the bursts with none "
        "refused or lost and p95 under 300 ms; summary PDF under 5 s, status report PDF under 2 s, 10,000 reminders "
        "under 60 s.",
        "",
    ]
    for size in order:
        out += [f"<!-- size: {size} -->", *sections[size], "<!-- end -->", ""]
    RESULTS_MD.write_text("\n".join(out))


def machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPU ({cpu}), PostgreSQL on 127.0.0.1, wrk and gunicorn on the same machine"


# Main ------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small", choices=["tiny", "small", "national"])
    parser.add_argument("--reuse", action="store_true", help="Keep the database if it already holds this size.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds of load per page (default 10).")
    parser.add_argument("--rounds", type=int, default=3,
                        help="Rounds the duration is split into, the floor and every page in each (default 3).")
    # wrk reports its whole -d duration even when the request bound stopped it early, so the bound must be
    # well above what a page serves in that time or the throughput (the ceiling's above all) reads low.
    parser.add_argument("--max-requests", type=int, default=100_000, help="At most this many requests per page.")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2).")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3, as in the Dockerfile).")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8765")))
    parser.add_argument("--skip-load", action="store_true", help="Only generate, count queries and time the jobs.")
    parser.add_argument("--skip-jobs", action="store_true", help="Do not time the PDFs, reminders and anonymisation.")
    parser.add_argument("--pages", default="", help="Only these pages, by key, comma-separated (e.g. search,overview).")
    parser.add_argument("--live-window", type=int, default=60,
                        help="Seconds the live meeting's 210 posts are spread over (default 60; 0 skips it).")
    parser.add_argument("--bursts", type=int, default=120,
                        help="Seconds a school class's 400 answers are spread over; the 70 signups take half "
                             "(default 120; 0 skips them).")
    parser.add_argument("--jobs-count", type=int, default=10_000, help="Due reminders and participants to anonymise.")
    return parser.parse_args(argv)


def run(argv=None) -> int:
    args = parse_args(argv)
    database_url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    if redis_url and not redis_reachable(redis_url):
        log(f"Redis at {redis_url} does not answer: the server runs Celery tasks in-process instead.")
        redis_url = ""
    secret = secrets.token_urlsafe(50)
    base_env = dict(os.environ)
    # This process: the bench database, the shared secret (sessions, signed forms), in-process tasks and
    # the locmem e-mail backend, so the jobs are timed end to end and nothing is sent.
    os.environ.update(
        DJANGO_SETTINGS_MODULE=SETTINGS, DATABASE_URL=database_url, DJANGO_SECRET_KEY=secret,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", DJANGO_LOG_LEVEL="WARNING",
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("DJANGO_PRODUCTION", None)
    sys.path.insert(0, str(ROOT))

    regenerate = prepare_database(database_url, args.size, reuse=args.reuse)
    import django

    django.setup()
    from django.core.management import call_command

    from bench.generate import SIZES, generate, table_counts, targets

    results = Results(data_size=args.size, commit=git_commit())
    todo: list[str] = []
    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    log(f"migrate: {time.perf_counter() - started:.1f} s")
    if regenerate:
        started = time.perf_counter()
        steps = generate(SIZES[args.size])
        total = time.perf_counter() - started
        results.add("generate", round(total, 1), "s", steps={k: round(v, 1) for k, v in steps.items()})
        log(f"generate: {total:.1f} s")
        mark_database(database_url, args.size)
    sizes = table_counts()
    log(f"Data: {sizes}")
    t = targets()
    page_list = pages(t, todo)
    if args.pages:
        chosen = set(args.pages.split(","))
        unknown = chosen - {page.key for page in page_list}
        if unknown:
            raise SystemExit(f"Unknown page keys: {', '.join(sorted(unknown))}")
        page_list = [page for page in page_list if page.key in chosen]
    run_id = secrets.token_hex(4)
    users = {"coordinator": t.coordinator, "small_coordinator": t.small_coordinator, "national": t.national,
             "anonymous": None}
    prepare_signup(t.signup_meeting.get_public_url())
    count_queries(page_list, users, run_id, results)

    if not args.skip_load:
        from django.middleware.csrf import _get_new_csrf_string

        sessions = {name: logged_in_session(users[name]) for name in ("coordinator", "national")}
        csrf = _get_new_csrf_string()
        body = urlencode(signup_body(run_id))
        env = server_env(base_env, database_url=database_url, secret=secret, redis_url=redis_url)
        collectstatic(env)
        with Server(env, args.port, args.workers) as server:
            load(page_list, server, sessions, csrf, body, args, results)
            if args.live_window:
                log(f"\nLive meeting: {live_meeting.PARTICIPANTS} phones post {live_meeting.IDEAS_EACH} ideas each "
                    f"within {args.live_window} s while {live_meeting.SCREENS} screens poll")
                live_meeting.run_scenario(server.base, t.large_initiative, f"sessionid={sessions['coordinator']}",
                                          results, window=args.live_window)
                log("  " + ", ".join(f"{record['name']} {record['value']}" for record in results.records
                                     if record["name"].startswith("live.")))
        if args.bursts:
            if redis_url:
                import redis

                # The rate limits count in the bench's Redis db: start from none, as a new hour would.
                redis.Redis.from_url(redis_url).flushdb()
            log(f"\nBursts with the production rate limits: {bursts.PUPILS} pupils on one network answer a survey "
                f"within {args.bursts} s, {bursts.SIGNUPS} signups within {args.bursts // 2} s")
            with Server({**env, "BENCH_RATE_LIMITS": "on"}, args.port, args.workers) as server:
                bursts.run_school_class(server.base, t.large_initiative, results, window=args.bursts)
                bursts.run_signups(server.base, t.large_initiative, results, window=args.bursts // 2)
            log("  " + ", ".join(f"{record['name']} {record['value']}" for record in results.records
                                 if record["name"].startswith("burst.")))
        if redis_url:
            import redis

            # Signup confirmations queued for a worker that never ran: drop them from the bench's Redis db.
            redis.Redis.from_url(redis_url).delete("celery")
    else:
        todo.append("Load run skipped (--skip-load).")

    if args.skip_jobs:
        todo.append("Jobs skipped (--skip-jobs).")
    else:
        log("\nFirst look after a write (in this process):")
        job_first_look(results, t, page_list, users)
        log("\nJobs (in this process; e-mail to the locmem backend):")
        job_summary_pdf(results, t, todo)
        job_status_report_pdf(results, todo)
        job_survey_reminders(results, t, args.jobs_count)
        job_anonymise(results, t, args.jobs_count)
        job_weekly_digest(results)

    text = table(results, page_list, sizes, todo)
    write_results(results, text, machine_description())
    log("\n" + text)
    log(f"\nWrote {RESULTS_JSON.relative_to(ROOT)} and {RESULTS_MD.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(run())

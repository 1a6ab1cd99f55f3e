"""`make scaleout-check`: the production topology on this machine, under load and a killed worker.

Two web nodes (gunicorn on two ports), two Celery workers and exactly one beat, against one
PostgreSQL database and one Redis, all on 127.0.0.1. While 400 survey answers from one address
and 70 meeting signups are spread over both web nodes, a reminder batch of 5,000 survey e-mails
is sent and one worker is killed with SIGKILL in the middle of it, then started again. The check
then counts: every answer and registration stored, every reminder and confirmation delivered
exactly once (the mail server is Django's file backend: each delivered message is a file entry),
all within five minutes of the restart. It prints the figures and exits non-zero when anything is
lost, sent twice or late.

Bounded and on loopback only. Needs the machine's PostgreSQL and Redis (see README, "Operations").
"""
from __future__ import annotations

import argparse
import concurrent.futures
import http.cookiejar
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
WEB_PORTS = (8201, 8202)
RECIPIENTS = 5000
ANSWERS = 400
SIGNUPS = 70
SCHOOL_ADDRESS = "127.0.0.1"  # every answer comes from one address, as from a school's network
FILL_SECONDS = 3.5  # above the forms' minimum fill time (3 s)
SUBMITTERS = 32  # people filling in forms at the same time


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Topology:
    """The processes of the two-node deployment, started by hand."""

    def __init__(self, env: dict, workdir: Path):
        self.env = env
        self.workdir = workdir
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, args: list[str]) -> None:
        out = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 - kept open for the process's life
        # Each process in its own group, so a kill reaches its children (gunicorn and Celery fork).
        self.processes[name] = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )

    def start_web(self, index: int) -> None:
        self.start(f"web{index}", [
            str(BIN / "gunicorn"), "innbyggerstemmen.wsgi:application", "--bind", f"127.0.0.1:{WEB_PORTS[index]}",
            "--workers", "2", "--timeout", "30",
        ])

    def start_worker(self, index: int) -> None:
        self.start(f"worker{index}", [
            str(BIN / "celery"), "-A", "innbyggerstemmen", "worker", "--concurrency", "2", "--loglevel", "warning",
            "-n", f"scaleout{index}@%h", "--without-gossip", "--without-mingle",
        ])

    def start_beat(self) -> None:
        self.start("beat", [str(BIN / "celery"), "-A", "innbyggerstemmen", "beat", "--loglevel", "warning"])

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            process = self.processes.pop(name)
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)


def manage(env: dict, *args: str, check: bool = True) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if check and result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "--no-imports", "-c", code)


SETUP = f"""
from datetime import timedelta
from django.utils import timezone
from initiatives.models import Initiative
from innbyggerstemmen.accounts.models import Organisation
from dialogues.models import Meeting, MeetingFormat
from dialogues.surveys.models import Question, QuestionKind, Recipient, Survey
now = timezone.now()
org = Organisation.objects.create(name="Sør-Øst politidistrikt")
initiative = Initiative.objects.create(title="Skaleringsprøve", owner_organisation=org)
meeting = Meeting.objects.create(
    initiative=initiative, title="Nærmiljøprat", format=MeetingFormat.DIGITAL, meeting_link="https://meet.example.no/p",
    starts_at=now + timedelta(days=5), ends_at=now + timedelta(days=5, hours=2), capacity=100, slug="skalering",
)
survey = Survey.objects.create(
    initiative=initiative, title="Trygghet", opens_at=now - timedelta(days=10), closes_at=now + timedelta(days=10),
    reminder_schedule_days=[3], max_reminders=1, slug="skalering",
)
question = Question.objects.create(survey=survey, position=0, kind=QuestionKind.AGE_GROUP, text="Alder", required=True)
Recipient.objects.bulk_create(
    [Recipient(survey=survey, email=f"elev{{n}}@skole.example.no", invited_at=now - timedelta(days=4))
     for n in range({RECIPIENTS})]
)
print(meeting.slug, survey.slug, question.field_name)
"""

COUNTS = """
from dialogues.models import Registration
from dialogues.surveys.models import Response
from innbyggerstemmen.core.models import OutgoingEmail
unsent = OutgoingEmail.objects.filter(sent_at__isnull=True, failed_at__isnull=True, cancelled_at__isnull=True)
print(Response.objects.count(), Registration.objects.count(), OutgoingEmail.objects.count(),
      OutgoingEmail.objects.filter(sent_at__isnull=False).count(), unsent.count(),
      OutgoingEmail.objects.filter(failed_at__isnull=False).count())
"""


def counts(env: dict) -> dict:
    answers, registrations, emails, sent, unsent, failed = map(int, shell(env, COUNTS).split())
    return {"answers": answers, "registrations": registrations, "emails": emails, "sent": sent,
            "unsent": unsent, "failed": failed}


def submit(url: str, fields: dict) -> int:
    """A citizen on a phone: load the form (cookie, CSRF token, signed start time), fill it in, send it."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(url, timeout=30).read().decode()
    time.sleep(FILL_SECONDS)  # a person takes a few seconds; faster is refused as a bot
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "started": started, "website": "", **fields}).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    try:
        return opener.open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def delivered(outbox: Path) -> dict[str, int]:
    """How many messages each address got, read from the file backend's output."""
    per_address: dict[str, int] = {}
    for path in outbox.glob("*"):
        for to in re.findall(r"^To: (.+)$", path.read_text(errors="replace"), flags=re.MULTILINE):
            per_address[to.strip()] = per_address.get(to.strip(), 0) + 1
    return per_address


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/innbyggerstemmen_scaleout")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--kill-after", type=int, default=1500, help="kill a worker after this many reminders")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="innbyggerstemmen-scaleout-"))  # logs and the delivered e-mails
    outbox = workdir / "outbox"
    outbox.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=args.database,
        REDIS_URL=args.redis,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(outbox),
        DJANGO_LOG_LEVEL="WARNING",
        SITE_URL=f"http://127.0.0.1:{WEB_PORTS[0]}",
    )
    database = urllib.parse.urlparse(args.database)
    admin_url = args.database.rsplit("/", 1)[0] + "/postgres"
    name = database.path.lstrip("/")
    subprocess.run(["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True)
    subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    subprocess.run([PYTHON, "-c", f"import redis; redis.Redis.from_url('{args.redis}').flushdb()"], check=True)

    log("migrate (once, before anything starts)")
    manage(env, "migrate", "--noinput")
    meeting_slug, survey_slug, age_field = shell(env, SETUP).split()

    topology = Topology(env, workdir)
    failures: list[str] = []
    try:
        for index in (0, 1):
            topology.start_web(index)
            topology.start_worker(index)
        topology.start_beat()
        for port in WEB_PORTS:
            for _ in range(60):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # nosec B310 - a fixed http URL on loopback
                    break
                except OSError:
                    time.sleep(0.5)
        log(f"two web nodes on {WEB_PORTS}, two workers, one beat")

        # The reminder batch: 5,000 e-mails queued by the job, sent by both workers.
        shell(env, "from dialogues.surveys.tasks import send_due_reminders; send_due_reminders.delay()")
        log(f"reminder batch of {RECIPIENTS} queued; {ANSWERS} answers and {SIGNUPS} signups start")

        jobs = [(f"http://127.0.0.1:{WEB_PORTS[n % 2]}/u/{survey_slug}/", {age_field: "13-15"}) for n in range(ANSWERS)]
        jobs += [
            (f"http://127.0.0.1:{WEB_PORTS[n % 2]}/m/{meeting_slug}/",
             {"name_or_nickname": f"Deltaker {n}", "email": f"deltaker{n}@example.no", "age_group": "16-18",
              "consent": "on"})
            for n in range(SIGNUPS)
        ]
        with concurrent.futures.ThreadPoolExecutor(max_workers=SUBMITTERS) as pool:
            submitted = pool.map(lambda job: submit(*job), jobs)
            # Meanwhile: kill one worker in the middle of sending the batch, once the job has queued all of it.
            # (A worker killed while the job itself runs loses no reminder either, but the broker hands the
            # job back only after its visibility timeout, ten minutes, or the next hourly run sends the rest:
            # later than this check's five minutes.)
            deadline = time.monotonic() + 300
            while (now := counts(env))["emails"] < RECIPIENTS or now["sent"] < args.kill_after:
                if time.monotonic() > deadline:
                    raise SystemExit("the reminder batch was not queued and sending within five minutes")
                time.sleep(0.5)
            if now["sent"] >= RECIPIENTS:
                raise SystemExit("the whole batch was sent before a worker could be killed in the middle of it")
            topology.kill("worker0")
            killed_at = counts(env)
            log(f"worker0 killed with SIGKILL after {killed_at['sent']} e-mails had been sent")
            time.sleep(2)
            topology.start_worker(0)
            restarted = time.monotonic()
            log("worker0 started again")
            statuses = list(submitted)
        rejected = [status for status in statuses if status != 200]  # urllib follows the redirect to "thanks"
        if rejected:
            failures.append(f"{len(rejected)} submissions were refused: {sorted(set(rejected))}")

        while time.monotonic() - restarted < 300:
            now = counts(env)
            if now["unsent"] == 0 and now["sent"] >= RECIPIENTS + SIGNUPS:
                break
            time.sleep(2)
        elapsed = time.monotonic() - restarted
        final = counts(env)
    finally:
        topology.stop_all()

    per_address = delivered(outbox)
    reminders = {a: n for a, n in per_address.items() if a.endswith("@skole.example.no")}
    confirmations = {a: n for a, n in per_address.items() if a.endswith("@example.no") and "skole" not in a}
    twice = {a: n for a, n in per_address.items() if n > 1}
    print()
    print(f"answers stored:            {final['answers']} of {ANSWERS}")
    print(f"registrations stored:      {final['registrations']} of {SIGNUPS}")
    print(f"reminders delivered:       {len(reminders)} of {RECIPIENTS} addresses, {sum(reminders.values())} messages")
    print(f"confirmations delivered:   {len(confirmations)} of {SIGNUPS} addresses, {sum(confirmations.values())} messages")
    print(f"addresses sent twice:      {len(twice)}")
    print(f"e-mail rows unsent/failed: {final['unsent']}/{final['failed']}")
    print(f"all sent, after restart:   {elapsed:.0f} s (limit 300 s)")
    if final["answers"] != ANSWERS:
        failures.append("answers lost")
    if final["registrations"] != SIGNUPS:
        failures.append("registrations lost")
    if len(reminders) != RECIPIENTS or len(confirmations) != SIGNUPS or final["unsent"] or final["failed"]:
        failures.append("e-mails not delivered")
    if twice:
        failures.append(f"{len(twice)} addresses got an e-mail twice: {sorted(twice)[:5]}")
    if elapsed >= 300:
        failures.append("not all sent within five minutes of the restart")
    print("\nOK: nothing lost, nothing sent twice." if not failures else "\nFAILED: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

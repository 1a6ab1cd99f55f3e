"""Realistic bursts through the production stack, with the production rate limits on (issue 22).

- A school class: 400 pupils on one network (one address, as behind a school's NAT) answer a survey within
  two minutes, each on their own phone (own cookies): open the survey, fill it in, send.
- A meeting's signup: 70 people sign up for one meeting within a minute.

bench/run.py starts gunicorn for these with BENCH_RATE_LIMITS=on, so django-ratelimit counts as in production
(the page load run turns the limits off: wrk's every request comes from 127.0.0.1). Afterwards every answer and
every signup must be in the database: none refused, none lost.
"""
from __future__ import annotations

import html
import http.cookiejar
import random
import re
import statistics
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlencode

from bench.live_meeting import LoopbackCookies, percentile

PUPILS = 400
SIGNUPS = 70
INPUT = re.compile(r"<input[^>]*>")
TEXTAREA = re.compile(r'<textarea[^>]*name="([^"]+)"')
SELECT = re.compile(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.DOTALL)
OPTION = re.compile(r'<option[^>]*value="([^"]+)"')
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')


def filled_form(page: str, number: int, text_values: dict[str, str]) -> dict:
    """The form's fields as a person fills them: hidden fields kept, the first choice of each question,
    ``text_values`` by field name, any other text field a short answer, the honeypot left empty."""
    fields: dict[str, str] = {}
    for tag in INPUT.findall(page):
        attributes = dict(ATTRIBUTE.findall(tag))
        name, kind = attributes.get("name"), attributes.get("type", "text")
        if not name or name == "website":
            fields.setdefault("website", "") if name == "website" else None
            continue
        value = html.unescape(attributes.get("value", ""))
        if kind == "hidden":
            fields[name] = value
        elif kind == "radio":
            fields.setdefault(name, text_values.get(name, value))
        elif kind == "checkbox":  # ticked, as "on" when it names no value (a consent box)
            fields.setdefault(name, value or "on")
        elif kind in ("text", "email", "number", "tel"):
            fields[name] = text_values.get(name, f"Svar {number}")
    for name in TEXTAREA.findall(page):
        fields[name] = text_values.get(name, f"Mer å gjøre for ungdom om sommeren ({number})")
    for name, options in SELECT.findall(page):
        choices = [value for value in OPTION.findall(options) if value]
        if choices:
            fields[name] = text_values.get(name, choices[0])
    return fields


class Person(threading.Thread):
    """One phone: its own cookies; opens the form, takes ``think`` seconds, sends it once."""

    def __init__(self, url: str, number: int, start: float, think: float, text_values: dict, outcome: dict, lock):
        super().__init__(daemon=True)
        self.url, self.number, self.start_at, self.think = url, number, start, think
        self.text_values, self.outcome, self.lock = text_values, outcome, lock
        self.jar = http.cookiejar.CookieJar(policy=LoopbackCookies())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def run(self):
        time.sleep(self.start_at)
        accepted, elapsed = False, None
        try:
            with self.opener.open(self.url, timeout=30) as response:
                page = response.read().decode()
            time.sleep(self.think)
            body = urlencode(filled_form(page, self.number, self.text_values), doseq=True).encode()
            request = urllib.request.Request(self.url, data=body, method="POST", headers={
                "Content-Type": "application/x-www-form-urlencoded", "Referer": self.url,
            })
            begun = time.perf_counter()
            # A success redirects to the thanks page; the redirect is followed as a browser does.
            with self.opener.open(request, timeout=30) as response:
                response.read()
                accepted = response.status == 200 and response.url != self.url
            elapsed = (time.perf_counter() - begun) * 1000
        except urllib.error.HTTPError as error:
            self.outcome["statuses"].append(error.code)
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            self.outcome["statuses"].append("connection")
        with self.lock:
            if elapsed is not None:
                self.outcome["ms"].append(elapsed)
            self.outcome["accepted" if accepted else "refused"] += 1


def _run(url: str, people: int, window: float, think: float, text_values, name_for) -> dict:
    outcome = {"ms": [], "accepted": 0, "refused": 0, "statuses": []}
    lock = threading.Lock()
    rng = random.Random(22)
    # Arrivals spread over the window, less the time to fill the form in.
    threads = [
        Person(url, n, rng.uniform(0, max(window - think, 1)), think, {**text_values, **name_for(n)}, outcome, lock)
        for n in range(people)
    ]
    begun = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=window + 120)
    outcome["seconds"] = time.perf_counter() - begun
    return outcome


def prepare_survey(initiative):
    """An open anonymous survey as a school class gets it: who you are, two choices, a scale and a comment."""
    from django.utils import timezone

    from dialogues.surveys.models import Question, QuestionKind, Survey

    now = timezone.now()
    survey = Survey.objects.create(
        initiative=initiative, title=f"Bench: skoleklassen {now:%H:%M:%S}", introduction="Hvordan var sommeren?",
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=1), anonymous=True,
    )
    Question.objects.bulk_create([
        Question(survey=survey, position=1, kind=QuestionKind.SINGLE, text="Hvor bor du?",
                 choices=["Sentrum", "Utenfor sentrum"], required=True),
        Question(survey=survey, position=2, kind=QuestionKind.LIKERT, text="Jeg føler meg trygg i nærmiljøet",
                 choices=[], required=True),
        Question(survey=survey, position=3, kind=QuestionKind.MULTIPLE, text="Hva gjorde du i sommer?",
                 choices=["Jobbet", "Reiste", "Var hjemme"]),
        Question(survey=survey, position=4, kind=QuestionKind.LONG_TEXT, text="Hva kan gjøre sommeren bedre?",
                 choices=[]),
    ])
    return survey


def run_school_class(base: str, initiative, results, *, window: float = 120.0) -> None:
    from dialogues.surveys.models import Response

    survey = prepare_survey(initiative)
    outcome = _run(f"{base}{survey.get_public_url()}", PUPILS, window, 5.0, {}, lambda n: {})
    stored = Response.objects.filter(survey=survey, completed=True).count()
    _record(results, "burst.survey", PUPILS, outcome, stored)


def prepare_meeting(initiative):
    """A meeting next week with room for everyone, its signup open."""
    from django.utils import timezone

    from dialogues.models import Meeting

    starts = timezone.now() + timedelta(days=7)
    return Meeting.objects.create(
        initiative=initiative, title=f"Bench: nærmiljøprat {timezone.now():%H:%M:%S}", format="physical",
        address="Bench", starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=SIGNUPS,
    )


def run_signups(base: str, initiative, results, *, window: float = 60.0) -> None:
    from dialogues.models import Registration

    meeting = prepare_meeting(initiative)
    before = 0
    outcome = _run(
        f"{base}{meeting.get_public_url()}", SIGNUPS, window, 4.0, {"name_or_nickname": "Bench", "age_group": "26-66"},
        lambda n: {"email": f"burst-{n}-{time.time_ns()}@example.no"},
    )
    stored = Registration.objects.filter(meeting=meeting).count() - before
    _record(results, "burst.signup", SIGNUPS, outcome, stored)


def _record(results, prefix: str, sent: int, outcome: dict, stored: int) -> None:
    figures = {
        f"{prefix}.sent": (sent, "requests"),
        f"{prefix}.accepted": (outcome["accepted"], "requests"),
        f"{prefix}.refused": (outcome["refused"], "requests"),
        f"{prefix}.stored": (stored, "rows"),
        f"{prefix}.lost": (outcome["accepted"] - stored, "rows"),
        f"{prefix}.latency.p50": (round(statistics.median(outcome["ms"] or [0]), 1), "ms"),
        f"{prefix}.latency.p95": (round(percentile(outcome["ms"], 0.95), 1), "ms"),
        f"{prefix}.seconds": (round(outcome["seconds"], 1), "s"),
    }
    for name, (value, unit) in figures.items():
        results.add(name, value, unit)
    if outcome["statuses"]:
        results.add(f"{prefix}.errors", ", ".join(map(str, sorted(set(map(str, outcome["statuses"]))))), "")


def table_lines(value) -> list[str]:
    """The scenarios' rows for RESULTS.md, from ``value(name)``; nothing when they were not run."""
    lines = []
    for prefix, label, target in (
        ("burst.survey", f"A school class: {PUPILS} pupils on one network answer a survey", "p95 under 300 ms"),
        ("burst.signup", f"A meeting's signup: {SIGNUPS} people sign up", "p95 under 300 ms"),
    ):
        if value(f"{prefix}.sent") is None:
            continue
        ok = (
            value(f"{prefix}.refused") == 0 and value(f"{prefix}.lost") == 0
            and value(f"{prefix}.latency.p95") < 300
        )
        lines.append(
            f"{label} in {value(f'{prefix}.seconds')} s: {value(f'{prefix}.accepted')} accepted, "
            f"{value(f'{prefix}.refused')} refused, {value(f'{prefix}.stored')} stored, {value(f'{prefix}.lost')} lost, "
            f"p50 {value(f'{prefix}.latency.p50')} ms, p95 {value(f'{prefix}.latency.p95')} ms "
            f"(target: none refused or lost, {target}: {'ok' if ok else 'not met'})."
        )
    return lines

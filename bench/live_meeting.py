"""The live meeting under load: 70 phones post 3 ideas each while the room's screens poll (issue 18).

Through the production stack that bench/run.py starts (gunicorn, PostgreSQL). Each participant is a
thread with its own cookies, like a phone: it opens its group's link, thinks, posts with htmx, takes
the fresh form from the answer and posts again. The Tønsberg meeting spread this over about 5 minutes;
the bench squeezes it into ``window`` seconds (60 by default: five times the real rate). Meanwhile
three screens ask for the wall every second (a real screen asks every 3 s). Afterwards every post must
be in the database: none refused, none lost.
"""
from __future__ import annotations

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

PARTICIPANTS = 70
IDEAS_EACH = 3
GROUPS = 7
SCREENS = 3
SCREEN_EVERY = 1.0
STARTED = re.compile(r'name="started" value="([^"]+)"')
PROMPT = re.compile(r'name="prompt" value="(\d+)"')


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(int(round(share * (len(ordered) - 1))), len(ordered) - 1)]


def prepare(initiative):
    """A meeting going on now with groups, live capture on and two prompts; returns (meeting, wall, codes)."""
    from django.utils import timezone

    from dialogues.live import services
    from dialogues.models import Group, Meeting

    now = timezone.now()
    meeting = Meeting.objects.create(
        initiative=initiative, title=f"Bench: live meeting {now:%H:%M:%S}", format="physical", address="Bench",
        starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1), capacity=70,
    )
    Group.objects.bulk_create([Group(meeting=meeting, name=f"Gruppe {n}") for n in range(1, GROUPS + 1)])
    wall = services.wall_open(meeting=meeting)
    services.prompt_add(wall=wall, text="Hva er en god sommer?")
    services.prompt_add(wall=wall, text="Hva kan du selv bidra med?")
    codes = list(wall.codes.filter(group__isnull=False).values_list("code", flat=True))
    return meeting, wall, codes


class LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    """Production marks the cookies Secure; the bench talks plain HTTP to 127.0.0.1, so send them anyway."""

    def return_ok_secure(self, cookie, request):
        return True


class Participant(threading.Thread):
    def __init__(self, base: str, code: str, number: int, window: float, outcome: dict, lock: threading.Lock):
        super().__init__(daemon=True)
        self.base, self.code, self.number, self.window = base, code, number, window
        self.outcome, self.lock = outcome, lock
        self.jar = http.cookiejar.CookieJar(policy=LoopbackCookies())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next((cookie.value for cookie in self.jar if cookie.name == "csrftoken"), "")

    def run(self):
        url = f"{self.base}/l/{self.code}/"
        rng = random.Random(self.number)
        # Arrive at some point in the first third of the window, then post three times, spread over the rest.
        time.sleep(rng.uniform(0, self.window / 3))
        with self.opener.open(url, timeout=30) as response:
            page = response.read().decode()
        gap = (self.window * 2 / 3) / IDEAS_EACH
        for idea in range(IDEAS_EACH):
            time.sleep(max(2.2, rng.uniform(0.5, 1.0) * gap))  # the minimum fill time is 2 s
            started, prompts = STARTED.search(page), PROMPT.findall(page)
            body = urlencode({
                "csrfmiddlewaretoken": self._csrf(), "started": started.group(1) if started else "",
                "prompt": prompts[idea % len(prompts)] if prompts else "", "website": "",
                "text": f"Idé {idea + 1} fra deltaker {self.number}: mer å gjøre for ungdom om sommeren",
            }).encode()
            request = urllib.request.Request(url, data=body, method="POST", headers={
                "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded", "Referer": url,
            })
            begun = time.perf_counter()
            try:
                with self.opener.open(request, timeout=30) as response:
                    page = response.read().decode()
                    accepted = response.status == 200 and "live-post-status" in page and "ds-alert\" data-color=\"success" in page
            except urllib.error.HTTPError as error:
                accepted, page = False, error.read().decode()
            except (urllib.error.URLError, TimeoutError, ConnectionError):
                accepted = False
            elapsed = (time.perf_counter() - begun) * 1000
            with self.lock:
                self.outcome["post_ms"].append(elapsed)
                self.outcome["accepted" if accepted else "refused"] += 1


class Screen(threading.Thread):
    def __init__(self, url: str, cookie: str, stop: threading.Event, outcome: dict, lock: threading.Lock):
        super().__init__(daemon=True)
        self.url, self.cookie, self.stop, self.outcome, self.lock = url, cookie, stop, outcome, lock

    def run(self):
        while not self.stop.is_set():
            request = urllib.request.Request(self.url, headers={"Cookie": self.cookie, "HX-Request": "true"})
            begun = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                    ok = response.status == 200
            except (urllib.error.URLError, TimeoutError, ConnectionError):
                ok = False
            elapsed = (time.perf_counter() - begun) * 1000
            with self.lock:
                self.outcome["screen_ms"].append(elapsed)
                self.outcome["screen_errors"] += 0 if ok else 1
            self.stop.wait(SCREEN_EVERY)


def run_scenario(base: str, initiative, coordinator_cookie: str, results, *, window: float = 60.0) -> None:
    from dialogues.live.models import LivePost

    meeting, wall, codes = prepare(initiative)
    outcome = {"post_ms": [], "screen_ms": [], "accepted": 0, "refused": 0, "screen_errors": 0}
    lock, stop = threading.Lock(), threading.Event()
    screen_url = f"{base}/initiativer/{initiative.pk}/moter/{meeting.pk}/direkte/skjerm/innhold/"
    screens = [Screen(screen_url, coordinator_cookie, stop, outcome, lock) for _ in range(SCREENS)]
    people = [Participant(base, codes[n % len(codes)], n, window, outcome, lock) for n in range(PARTICIPANTS)]
    begun = time.perf_counter()
    for thread in [*screens, *people]:
        thread.start()
    for person in people:
        person.join(timeout=window + 120)
    stop.set()
    for screen in screens:
        screen.join(timeout=30)
    took = time.perf_counter() - begun
    stored = LivePost.objects.filter(wall=wall).count()
    sent = PARTICIPANTS * IDEAS_EACH
    figures = {
        "live.posts.sent": (sent, "posts"),
        "live.posts.accepted": (outcome["accepted"], "posts"),
        "live.posts.refused": (outcome["refused"], "posts"),
        "live.posts.stored": (stored, "posts"),
        "live.posts.lost": (outcome["accepted"] - stored, "posts"),
        "live.post.latency.p50": (round(statistics.median(outcome["post_ms"] or [0]), 1), "ms"),
        "live.post.latency.p95": (round(percentile(outcome["post_ms"], 0.95), 1), "ms"),
        "live.screen.requests": (len(outcome["screen_ms"]), "requests"),
        "live.screen.errors": (outcome["screen_errors"], "requests"),
        "live.screen.latency.p50": (round(statistics.median(outcome["screen_ms"] or [0]), 1), "ms"),
        "live.screen.latency.p95": (round(percentile(outcome["screen_ms"], 0.95), 1), "ms"),
        "live.seconds": (round(took, 1), "s"),
    }
    for name, (value, unit) in figures.items():
        results.add(name, value, unit)


def table_lines(value) -> list[str]:
    """The scenario's rows for RESULTS.md, from ``value(name)``; nothing when it was not run."""
    if value("live.posts.sent") is None:
        return []
    screen_p95 = value("live.screen.latency.p95")
    no_loss = value("live.posts.refused") == 0 and value("live.posts.lost") == 0
    return [
        "",
        f"Live meeting: {PARTICIPANTS} phones × {IDEAS_EACH} ideas in {value('live.seconds')} s, "
        f"{SCREENS} screens asking every {SCREEN_EVERY:g} s (target: none refused or lost, screen p95 under 100 ms).",
        "",
        "| live meeting | sent | stored | refused | lost | post p95 ms | screen requests | screen p50 / p95 ms | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        f"| 70 × 3 posts while screens poll | {value('live.posts.sent')} | {value('live.posts.stored')} "
        f"| {value('live.posts.refused')} | {value('live.posts.lost')} | {value('live.post.latency.p95')} "
        f"| {value('live.screen.requests')} | {value('live.screen.latency.p50')} / {screen_p95} "
        f"| {'none lost' if no_loss else 'POSTS LOST OR REFUSED'}, {'p95 ok' if screen_p95 < 100 else 'p95 > 100'} |",
    ]

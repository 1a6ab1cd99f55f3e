"""The portal's own settings with only what a load test from one address needs changed.

- The per-address rate limits are off (every request comes from 127.0.0.1), except for the bursts
  (bench/bursts.py), which run with BENCH_RATE_LIMITS=on to count as production does.
- Static files are collected into bench/staticfiles (git-ignored), not the deployment's folder.
Everything else — DJANGO_PRODUCTION, the database, Redis — comes from the environment as usual.
"""
import os

from innbyggerstemmen.settings import *  # noqa: F403
from innbyggerstemmen.settings import BASE_DIR

RATELIMIT_ENABLE = os.environ.get("BENCH_RATE_LIMITS") == "on"
STATIC_ROOT = BASE_DIR / "bench" / "staticfiles"

"""Fixtures shared by every test: the four kinds of people the portal serves."""
import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.factories import (  # noqa: E402
    CoordinatorFactory,
    InitiativeFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Tasks run in-process in tests; the broker itself is tested in tests/core/test_celery_broker.py.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "nb"
    # Every factory user gets a password; PBKDF2's deliberate slowness is for attackers, not for the suite.
    # PBKDF2 stays second so a password hashed outside a test's settings still checks.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    # Each test starts with an empty cache (rate-limit counters included), whatever REDIS_URL says.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Sør-Øst politidistrikt")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Oslo politidistrikt")


@pytest.fixture
def coordinator(organisation):
    return CoordinatorFactory(organisation=organisation, email="koordinator@example.no")


@pytest.fixture
def other_coordinator(other_organisation):
    return CoordinatorFactory(organisation=other_organisation, email="annen@example.no")


@pytest.fixture
def national(db):
    return UserFactory(email="nasjonal@example.no", is_staff=True)


@pytest.fixture
def initiative(organisation, coordinator):
    return InitiativeFactory(owner_organisation=organisation, title="En god sommer i Tønsberg", created_by=coordinator)


@pytest.fixture
def other_initiative(other_organisation):
    return InitiativeFactory(owner_organisation=other_organisation, title="Trygg i Oslo")


def _partner(initiative, role, email):
    return PartnershipFactory(initiative=initiative, role=role, user=UserFactory(email=email)).user


@pytest.fixture
def editor(initiative):
    return _partner(initiative, "editor", "redaktor@example.no")


@pytest.fixture
def facilitator(initiative):
    return _partner(initiative, "facilitator", "fasilitator@example.no")


@pytest.fixture
def viewer(initiative):
    return _partner(initiative, "viewer", "leser@example.no")


@pytest.fixture
def stranger(db):
    """A partner with an account but no invitation to this initiative."""
    return UserFactory(email="uinvitert@example.no")


@pytest.fixture
def client_for(client):
    """Log a user in (force_login: django-axes guards the real login form)."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _on_commit_as_in_production(monkeypatch):
    """Run on_commit callbacks when the code's own outermost transaction commits.

    pytest-django wraps each test in a transaction that never commits, so
    ``delay_on_commit`` would never fire. Here a callback runs when only the
    test's own atomic blocks remain — just as it would after a real commit —
    and is dropped when the code's transaction rolls back.
    """
    from django.db import transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    def only_test_blocks(connection):
        return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)

    original_exit = transaction.Atomic.__exit__
    original_on_commit = BaseDatabaseWrapper.on_commit

    def atomic_exit(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if exc_type is None and connection.in_atomic_block and only_test_blocks(connection):
            pending, connection.run_on_commit = connection.run_on_commit, []
            for _savepoints, func, _robust in pending:
                func()
        return result

    def on_commit(self, func, robust=False):
        if self.in_atomic_block and only_test_blocks(self):
            return func()
        return original_on_commit(self, func, robust)

    monkeypatch.setattr(transaction.Atomic, "__exit__", atomic_exit)
    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)

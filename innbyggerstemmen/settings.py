"""Settings for Innbyggerstemmen.

One source of truth: every deployment value comes from the environment with a
safe local default. The embedded default (no variables set) is SQLite and
in-process Celery tasks; DATABASE_URL and REDIS_URL switch to PostgreSQL and
Redis; DJANGO_PRODUCTION=true switches on the production hardening.
"""
import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

PRODUCTION = env.bool("DJANGO_PRODUCTION", default=False)
# Off by default, under `make run` too: a citizen's mistyped link gets the portal's own 404 page,
# never Django's technical one. A developer sets DJANGO_DEBUG=true.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
DEVELOPMENT_SECRET_KEY = "local-development-key-only-never-used-in-production-0123456789abcdef"
SECRET_KEY = env("DJANGO_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Links in e-mails, QR codes and public pages. Without SITE_URL, the host and port `make run` serves on.
SITE_URL = env("SITE_URL", default=f"http://{env('HOST', default='127.0.0.1')}:{env('PORT', default='8000')}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Its lookups (trigram word similarity for misspelt search words); harmless on SQLite.
    "django.contrib.postgres",
    "django.contrib.sites",
    "django.forms",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "axes",
    "django_celery_beat",
    "innbyggerstemmen.core",
    "innbyggerstemmen.accounts",
    "initiatives",
    "initiatives.plans",
    "dialogues",
    "dialogues.surveys",
    "dialogues.live",
    "insights",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "innbyggerstemmen.core.language.ChosenLanguageMiddleware",
    # Before anything reads the body (CSRF, forms): too large is refused from the header alone.
    "innbyggerstemmen.core.request_size.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Axes last, as its documentation asks, so it sees the final login result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "innbyggerstemmen.urls"
WSGI_APPLICATION = "innbyggerstemmen.wsgi.application"
FORM_RENDERER = "innbyggerstemmen.core.forms.FormRenderer"
CSRF_FAILURE_VIEW = "innbyggerstemmen.core.error_views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "innbyggerstemmen.core.context_processors.site",
            ],
        },
    },
    {
        # Partials rendered many times per page (rows, cards, form fields): see core/jinja_env.py.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "innbyggerstemmen.core.jinja_env.environment"},
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out client before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "initiatives:dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail login; accounts come from invitations or staff, not open signup.
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_ADAPTER = "innbyggerstemmen.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Innbyggerstemmen] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Failed logins lock the address they come from, not the account for everyone: allauth's default
# (5 per 5 minutes per account) let anyone lock a colleague out. Per address as below, and
# django-axes per (account, address); a ceiling per account only against a spread-out attack.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,100/h/key"}

# django-axes: lock out after repeated failed logins, admin included.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "innbyggerstemmen.accounts.adapter.axes_username"
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_VERBOSE = False

# How many reverse proxies stand in front of the portal (the TLS proxy in docker-compose is one).
# One setting for the rate limits and the login lockout: core/client_address.py.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "innbyggerstemmen.core.client_address.client_address"
RATELIMIT_IP_META_KEY = "innbyggerstemmen.core.client_address.client_address"
# Public forms (core/bot_protection.py): per address, sized for a school of 400 pupils behind one
# network address; per meeting or survey, a ceiling whatever the number of addresses.
DIALOGUES_SIGNUP_RATE = env("DIALOGUES_SIGNUP_RATE", default="450/h")
DIALOGUES_SIGNUP_MEETING_RATE = env("DIALOGUES_SIGNUP_MEETING_RATE", default="1000/h")
SURVEYS_ANSWER_RATE = env("SURVEYS_ANSWER_RATE", default="450/h")
SURVEYS_ANSWER_SURVEY_RATE = env("SURVEYS_ANSWER_SURVEY_RATE", default="5000/h")
# A live wall (dialogues/live): a room of 70 posting at once on one network is not refused; a script is.
# Per phone (a cookie, never stored with the post), per network address, and per group's link.
LIVE_POST_DEVICE_RATE = env("LIVE_POST_DEVICE_RATE", default="30/10m")
LIVE_POST_RATE = env("LIVE_POST_RATE", default="600/h")
LIVE_POST_CODE_RATE = env("LIVE_POST_CODE_RATE", default="400/10m")
LIVE_POST_MIN_SECONDS = env.int("LIVE_POST_MIN_SECONDS", default=2)
# Leaving an address at the end of a survey (typing it takes a person a few seconds).
SURVEYS_HEAR_BACK_MIN_SECONDS = env.int("SURVEYS_HEAR_BACK_MIN_SECONDS", default=2)

LANGUAGE_CODE = "nb"
# Bokmål and nynorsk side by side (språklova § 14: the public's forms in both at the same time), and English.
LANGUAGES = [("nb", _("Norwegian bokmål")), ("nn", _("Norwegian nynorsk")), ("en", _("English"))]
# allauth_locale: django-allauth's texts in nynorsk (allauth has none); kept by hand, not by `make messages`.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "innbyggerstemmen" / "accounts" / "allauth_locale"]
# Dates and numbers follow the chosen language; English ones as written in Europe (formats/en).
FORMAT_MODULE_PATH = ["innbyggerstemmen.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Vendor packages are installed by npm and served from node_modules, never copied by hand.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/designsystemet", NODE_MODULES / "@digdir" / "designsystemet-css" / "dist"),
    ("vendor/inter", NODE_MODULES / "@fontsource" / "inter"),
    ("vendor/axe-core", NODE_MODULES / "axe-core"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (development, tests) WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = not PRODUCTION
# The largest upload a form accepts is 2 MB (an idea wall); a little more for the rest of the form.
MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail goes out through Celery tasks (innbyggerstemmen.core.tasks); the backend is the transport.
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# A mail server that stops answering fails the send (recorded, retried) instead of holding a worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# For the file backend (make scaleout-check counts delivered messages in this folder).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=None)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Innbyggerstemmen <ikke-svar@innbyggerstemmen.no>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis when REDIS_URL is set, otherwise tasks run in-process.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_ACKS_LATE = True
# A task whose worker was killed goes back to the queue at once, not after the visibility timeout.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Redis redelivers an unacknowledged task after this long: longer than the longest task
# (CELERY_TASK_TIME_LIMIT), or a slow task would run twice; short enough that a lost one
# is not an hour late (the e-mail sweeper covers the rest).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * CELERY_TASK_TIME_LIMIT}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Schedules live in the database (django-celery-beat), as wall-clock crontabs: a restart or a
# daily deploy does not restart the clock, so a nightly job runs every night. Beat copies this
# dict into the database at start. Run exactly one beat.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
DJANGO_CELERY_BEAT_TZ_AWARE = True
CELERY_BEAT_SCHEDULE = {
    # The schedule's own heartbeat, every minute: /healthz reports a stale one (core/jobs.py).
    "core-beat-heartbeat": {"task": "innbyggerstemmen.core.tasks.beat_heartbeat", "schedule": crontab()},
    # E-mails whose task was lost (a killed worker, a broker outage) are queued again, every minute.
    "core-sweep-unsent-emails": {"task": "innbyggerstemmen.core.tasks.sweep_unsent_emails", "schedule": crontab()},
    # Work whose task was lost to a broker outage or a killed worker, queued again from its row
    # every five minutes: requested PDFs, survey invitations, idea-wall imports, "page published" e-mails.
    "core-requeue-stalled-pdfs": {"task": "innbyggerstemmen.core.tasks.requeue_stalled_pdfs", "schedule": crontab(minute="*/5")},
    "surveys-requeue-stalled-invitations": {
        "task": "dialogues.surveys.tasks.requeue_stalled_invitations",
        "schedule": crontab(minute="*/5"),
    },
    "insights-requeue-stalled-work": {"task": "insights.tasks.requeue_stalled_work", "schedule": crontab(minute="*/5")},
    # Used public-form tokens older than a form may be: hourly.
    "core-purge-used-form-tokens": {
        "task": "innbyggerstemmen.core.tasks.purge_used_form_tokens",
        "schedule": crontab(minute=45),
    },
    # Retention (initiatives/retention.py, the one policy): nightly at 02:15 Oslo time.
    "initiatives-anonymise-expired-personal-data": {
        "task": "initiatives.tasks.anonymise_expired_personal_data",
        "schedule": crontab(hour=2, minute=15),
    },
    # "You said, we did": what changed since the citizens were last told, checked daily at 10:00, sent at most weekly.
    "insights-send-feedback-updates": {"task": "insights.tasks.send_feedback_updates", "schedule": crontab(hour=10, minute=0)},
    # Staff's weekly summary (reports/digest.py): Monday 07:00, one per person per week.
    "reports-send-weekly-digest": {"task": "reports.tasks.send_weekly_digest", "schedule": crontab(hour=7, minute=0, day_of_week=1)},
    # Dialogue meetings: reminders every five minutes (each sent once).
    "dialogues-send-due-reminders": {
        "task": "dialogues.tasks.send_due_reminders",
        "schedule": crontab(minute="*/5"),
    },
    # Surveys: reminders to personal-link recipients who have not answered, at five past each hour (each sent once).
    "surveys-send-due-reminders": {
        "task": "dialogues.surveys.tasks.send_due_reminders",
        "schedule": crontab(minute=5),
    },
    # Insights: unconfirmed idea wall uploads (raw CSV that may name authors) deleted after two days, hourly.
    "insights-purge-idea-wall-imports": {
        "task": "insights.tasks.purge_idea_wall_imports",
        "schedule": crontab(minute=35),
    },
}

# With Redis away the cache degrades to misses and the rate limits let requests through
# (django-redis IGNORE_EXCEPTIONS, RATELIMIT_FAIL_OPEN): a citizen's signup is saved, staff pages
# work; the abuse limits the cache keeps come back with Redis. Short timeouts keep pages fast meanwhile.
CACHES = {
    "default": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
RATELIMIT_FAIL_OPEN = True
# Handing a task to a broker that is away fails in about a second, not after minutes of retries;
# e-mails are then sent by the sweeper (core.services.emails_sweep) when it is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}

# Content-Security-Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # The proxy's and compose's health checks talk plain HTTP to the web process.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Participants' and respondents' personal data is anonymised this many days after their initiative ends.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=90)

# Signed invitation links expire after this many days.
INVITATION_MAX_AGE_DAYS = env.int("INVITATION_MAX_AGE_DAYS", default=14)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}


def _refuse_half_configured_production() -> None:
    """Production starts only with what it cannot run safely without, each missing one named.

    With the source code's key anyone can forge invitation links; without a broker the cache
    is per process (rate limits per process) and tasks run inside web requests.
    """
    missing = []
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        missing.append("DJANGO_SECRET_KEY: a random secret of at least 50 characters (never the development key)")
    if not REDIS_URL:
        missing.append("REDIS_URL: the Celery broker and shared cache, e.g. redis://redis:6379/0")
    if "DJANGO_ALLOWED_HOSTS" not in os.environ:
        missing.append("DJANGO_ALLOWED_HOSTS: the portal's host name(s), e.g. innbyggerstemmen.politiet.no")
    if "EMAIL_HOST" not in os.environ:
        missing.append("EMAIL_HOST: the mail server that sends invitations, confirmations and reminders")
    if missing:
        raise ImproperlyConfigured(
            "DJANGO_PRODUCTION=true, but these settings are missing or unsafe:\n  - " + "\n  - ".join(missing)
        )


if PRODUCTION:
    _refuse_half_configured_production()

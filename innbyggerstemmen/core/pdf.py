"""PDF rendering with WeasyPrint that fetches nothing but the portal's own static files, within a time limit.

Templates refer to stylesheets and fonts with ``{% static %}`` ("/static/css/pdf.css"). The
document's base URL is a host under the reserved ``.invalid`` top-level domain, which can
never resolve, and the URL fetcher maps only that host's STATIC_URL paths to files found by
Django's staticfiles finders. Every other URL — file:///etc/passwd, http://127.0.0.1/,
data:, a path that climbs out of the static folders — raises ``ResourceRefused`` and
nothing is read or requested.
"""
from __future__ import annotations

import logging
import mimetypes
import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
# WeasyPrint logs every rendering step at INFO; keep its warnings (e.g. a refused URL) only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

PDF_BASE_URL = "https://pdf.innbyggerstemmen.invalid/"
DEFAULT_TIME_LIMIT = 60  # seconds


class ResourceRefused(ValueError):
    """The PDF asked for something that is not one of the portal's static files."""


class PdfTimeout(RuntimeError):
    """Rendering took longer than the time limit."""


def _static_roots() -> list[Path]:
    roots = []
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, (tuple, list)) else entry))
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def static_file_for(url: str) -> Path:
    """The static file a URL stands for, or ResourceRefused."""
    parts = urlsplit(url)
    base = urlsplit(PDF_BASE_URL)
    static_prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(static_prefix):
        raise ResourceRefused(f"Only the portal's static files may be used in a PDF, not {url!r}")
    relative = unquote(parts.path[len(static_prefix):])
    if not relative or relative.startswith("/") or "\x00" in relative or ".." in Path(relative).parts:
        raise ResourceRefused(f"Not a static file: {url!r}")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation as error:
        raise ResourceRefused(f"Not a static file: {url!r}") from error
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / relative
        found = str(candidate) if candidate.is_file() else None
    if not found:
        raise ResourceRefused(f"No such static file: {url!r}")
    path = Path(found).resolve()
    if not any(path.is_relative_to(root) for root in _static_roots()) and not _in_app_static(path):
        raise ResourceRefused(f"Not a static file: {url!r}")
    return path


def _in_app_static(path: Path) -> bool:
    from django.apps import apps

    return any(path.is_relative_to((Path(app.path) / "static").resolve()) for app in apps.get_app_configs())


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesURLFetcher(URLFetcher):
        """WeasyPrint's fetcher, narrowed to the portal's static files; never opens a network connection."""

        def __init__(self):
            super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

        def fetch(self, url, headers=None):
            path = static_file_for(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

        def open(self, url, data=None, timeout=None):
            raise ResourceRefused("Direct opening is not allowed")

    return StaticFilesURLFetcher


def static_url_fetcher():
    return _fetcher_class()()


class _Expired(BaseException):
    """Raised by the timer; a BaseException so that no ``except Exception`` inside WeasyPrint swallows it."""


@contextmanager
def _alarm(seconds: float):
    def expire(signum, frame):
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    # Fire again every second after the limit, in case one interruption lands somewhere harmless; not
    # sooner, or a second one can land in the clean-up of the frames the first is unwinding.
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    except _Expired:
        signal.setitimer(signal.ITIMER_REAL, 0)
        raise PdfTimeout(f"PDF rendering took longer than {seconds} seconds") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _with_time_limit(work, seconds: float):
    """Run ``work()``; raise PdfTimeout after ``seconds``.

    In the main thread (management commands, Celery workers) a timer signal interrupts
    the rendering itself. In a web server's worker thread signals are not available, so
    the rendering runs in a helper thread and the caller stops waiting at the limit.
    """
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            return work()
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the caller below
            outcome["error"] = error

    worker = threading.Thread(target=run, name="pdf-render", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        logger.warning("PDF rendering passed the time limit of %s seconds", seconds)
        raise PdfTimeout(f"PDF rendering took longer than {seconds} seconds")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def html_to_pdf(html: str, *, time_limit: float | None = None) -> bytes:
    """Render an HTML string to PDF bytes: PDF/UA-1, tagged, with the document's <title> and lang as metadata.

    Every PDF of the portal is made here, so all of them are accessible in the same way.
    """
    from weasyprint import HTML

    limit = time_limit or getattr(settings, "PDF_TIME_LIMIT", DEFAULT_TIME_LIMIT)

    def render():
        document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=static_url_fetcher())
        return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)

    return _with_time_limit(render, limit)


def render_pdf(template_name: str, context: dict, *, time_limit: float | None = None) -> bytes:
    return html_to_pdf(render_to_string(template_name, context), time_limit=time_limit)

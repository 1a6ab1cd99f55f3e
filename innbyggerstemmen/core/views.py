"""Site-wide pages: front page, health check, privacy notice and accessibility statement."""
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.views.decorators.cache import never_cache

from .audit import audit_list
from .models import AuditEvent


def home(request):
    if request.user.is_authenticated:
        return redirect("initiatives:dashboard")
    return render(request, "core/home.html")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not answering"
        return False


def _broker_ok() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        return bool(client.ping())
    except redis.RedisError:
        return False


@never_cache
def healthz(request):
    checks = {"database": "ok" if _database_ok() else "error"}
    if settings.REDIS_URL:
        checks["broker"] = "ok" if _broker_ok() else "error"
    else:
        checks["broker"] = "not configured"
    healthy = "error" not in checks.values()
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def privacy(request):
    return render(request, "core/privacy.html")


def accessibility(request):
    return render(request, "core/accessibility.html")


@login_required
def audit_log(request):
    """The audit log, for the national team only."""
    if not request.user.is_staff:
        raise PermissionDenied
    action = request.GET.get("action") or None
    if action not in AuditEvent.Action.values:
        action = None
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(audit_list(action=action, query=query), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {"page": page, "actions": AuditEvent.Action.choices, "action": action or "", "query": query},
    )

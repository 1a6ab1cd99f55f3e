"""Site-wide pages: front page, health check, privacy notice and accessibility statement."""
import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .audit import audit_list
from .exports import attachment
from .forms import StyledFormMixin
from .jobs import beat_state
from .models import AuditEvent
from .pagination import keyset_page, parse_position
from .personal_data import (
    personal_data_erase,
    personal_data_export,
    personal_data_report,
)


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
    body = {"status": "ok" if healthy else "error", **checks}
    if settings.REDIS_URL and checks["database"] == "ok":
        # The schedule is reported, not failed on: a web node without beat still serves pages,
        # but an operator must see that nightly jobs (retention) have stopped.
        state, last = beat_state()
        body["scheduler"] = state
        body["scheduler_last_heartbeat"] = last.isoformat() if last else None
        if healthy and state != "ok":
            body["status"] = "degraded"
    return JsonResponse(body, status=200 if healthy else 503)


def privacy(request):
    return render(request, "core/privacy.html")


def accessibility(request):
    return render(request, "core/accessibility.html")


AUDIT_PAGE_SIZE = 50
# Fewer letters occur in nearly every name, and the trigram indexes cannot narrow them down (core 0004).
AUDIT_QUERY_MIN_LENGTH = 3


@login_required
def audit_log(request):
    """The audit log, for the national team only."""
    if not request.user.is_staff:
        raise PermissionDenied
    action = request.GET.get("action") or None
    if action not in AuditEvent.Action.values:
        action = None
    query = request.GET.get("q", "").strip()[:100]
    query_too_short = 0 < len(query) < AUDIT_QUERY_MIN_LENGTH
    # The log only grows: paged from the last row shown, never counted or skipped through.
    older, newer = request.GET.get("older"), request.GET.get("newer")
    older_than, newer_than = parse_position(older), parse_position(newer)
    bad_position = bool(older and older_than is None or newer and newer_than is None)
    page = keyset_page(
        audit_list(action=action, query="" if query_too_short else query),
        per_page=AUDIT_PAGE_SIZE,
        older_than=None if bad_position else older_than,
        newer_than=None if bad_position or older_than else newer_than,
    )
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "bad_position": bad_position,
            "actions": AuditEvent.Action.choices,
            "action": action or "",
            "query": query,
            "query_too_short": query_too_short,
        },
    )


class DataRequestForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))


@login_required
def data_request(request):
    """Access request and erasure for one e-mail address, across the whole portal (national team)."""
    if not request.user.is_staff:
        raise PermissionDenied
    form = DataRequestForm(request.POST or request.GET or None)
    if not form.is_valid():
        return render(request, "core/data_request.html", {"form": form})
    email = form.cleaned_data["email"]
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "export":
        data = personal_data_export(email=email, actor=request.user)
        content = json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)  # dates as ISO 8601
        return attachment(content, filename="personopplysninger.json", content_type="application/json")
    if action == "erase":
        count = personal_data_erase(email=email, actor=request.user)
        messages.success(request, _("Personal data for %(email)s was erased (%(count)s records).") % {"email": email, "count": count})
        return redirect(f"{reverse('data_request')}?email={email}")
    sections = personal_data_report(email=email, actor=request.user)
    return render(request, "core/data_request.html", {"form": form, "email": email, "sections": sections})

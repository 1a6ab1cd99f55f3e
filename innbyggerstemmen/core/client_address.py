"""The citizen's address as the rate limits and the login lockout see it: one rule for both.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, REMOTE_ADDR is the nearest proxy and each
proxy appends the address it received the request from to X-Forwarded-For, so the client is
the entry that many places from the right. Entries further left are whatever the client
wrote and are never believed. With no proxy configured the header is ignored.
"""
from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        # Fewer hops than proxies: the request did not come through them all; use what connected.
        return remote
    return forwarded[-count]

"""Signed invitation links: the token names the invitation and expires with it."""
from django.conf import settings
from django.core import signing

SALT = "innbyggerstemmen.invitation"


def invitation_token(invitation) -> str:
    return signing.dumps({"invitation": invitation.pk, "email": invitation.email}, salt=SALT, compress=True)


def invitation_id_from_token(token: str) -> tuple[int, str] | None:
    """The invitation id and address in a valid, unexpired token, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.INVITATION_MAX_AGE_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    return data.get("invitation"), data.get("email")

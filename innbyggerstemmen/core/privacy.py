"""The register of personal data: every model field that holds it, why, and for how long.

Each app lists its own fields in its ``privacy`` module and registers them
with the provider (core.personal_data.register_provider). A test
(tests/core/test_privacy_register.py) fails when a model gains a field that
looks personal (an e-mail field, or a name such as ``full_name``) and is not
registered, or when an entry names a field that no longer exists.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

AFTER_INITIATIVE = _("Anonymised a set number of days after the initiative ends (default 90).")
WHILE_ACCOUNT = _("As long as the account exists; erased on request.")
AUDIT = _("Kept as part of the audit log.")
QUEUE = _("Kept with the outgoing e-mail for delivery and error tracing; erased on request.")


@dataclass(frozen=True)
class PersonalField:
    purpose: str
    retention: str


# Filled from each app's AppConfig.ready through core.personal_data.register_provider.
REGISTER: dict[str, PersonalField] = {}

# Field names that, wherever they appear, hold personal data unless registered as not.
PERSONAL_FIELD_NAMES = {
    "email",
    "full_name",
    "name_or_nickname",
    "nickname",
    "phone",
    "ip_address",
    "to",
    "actor_label",
    "facilitator",
    "note_taker",
    "needs",
    "free_text",
}

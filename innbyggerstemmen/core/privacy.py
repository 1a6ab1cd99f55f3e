"""The register of personal data: every model field that holds it, why, and for how long.

A test (tests/core/test_privacy_register.py) fails when a model gains a field
that looks personal (an e-mail field, or a name such as ``full_name``) and is
not listed here, or when an entry here names a field that no longer exists.
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


REGISTER: dict[str, PersonalField] = {
    # Staff and partner accounts
    "accounts.User.email": PersonalField(_("Log in and receive e-mail from the portal."), WHILE_ACCOUNT),
    "accounts.User.full_name": PersonalField(_("Show who did what to colleagues."), WHILE_ACCOUNT),
    "accounts.Invitation.email": PersonalField(_("Send the partner invitation."), WHILE_ACCOUNT),
    "accounts.Invitation.organisation_name": PersonalField(_("Show which organisation a partner represents."), WHILE_ACCOUNT),
    # Outgoing e-mail and the audit log
    "core.OutgoingEmail.to": PersonalField(_("Deliver the e-mail."), QUEUE),
    "core.OutgoingEmail.body": PersonalField(_("Deliver the e-mail (it may greet the person by name)."), QUEUE),
    "core.AuditEvent.actor_label": PersonalField(_("Record who did what."), AUDIT),
    "core.AuditEvent.detail": PersonalField(_("Record which address was tried at a failed sign-in."), AUDIT),
    # Citizens who sign up for meetings
    "dialogues.Registration.name_or_nickname": PersonalField(_("Address the participant at the meeting."), AFTER_INITIATIVE),
    "dialogues.Registration.email": PersonalField(
        _("Send confirmation, reminders and – with consent – news about the initiative."), AFTER_INITIATIVE
    ),
    "dialogues.Registration.area": PersonalField(_("Plan groups and understand who took part."), AFTER_INITIATIVE),
    "dialogues.Registration.organisation": PersonalField(_("Plan groups and understand who took part."), AFTER_INITIATIVE),
    "dialogues.Registration.needs": PersonalField(_("Meet dietary and accessibility needs at the meeting."), AFTER_INITIATIVE),
    "dialogues.Registration.free_text": PersonalField(_("Read what the participant wanted to tell us."), AFTER_INITIATIVE),
    "dialogues.Group.facilitator": PersonalField(_("Show who leads a group."), AFTER_INITIATIVE),
    "dialogues.Group.note_taker": PersonalField(_("Show who takes notes in a group."), AFTER_INITIATIVE),
    # Idea-wall imports keep the uploaded CSV (which may name its authors) only until the import has run.
    "insights.IdeaWallImport.content": PersonalField(
        _("Read the uploaded idea-wall file between upload and import; author columns are never imported."),
        _("Cleared when the import has run; unconfirmed uploads are deleted after two days."),
    ),
    # Survey recipients (who was asked and who has answered — never what they answered)
    "surveys.Recipient.email": PersonalField(_("Send the personal survey link and reminders."), AFTER_INITIATIVE),
    "surveys.Answer.text": PersonalField(
        _("Free-text answers; respondents are asked not to write personal data, and may anyway."), AFTER_INITIATIVE
    ),
}

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

"""Writes: build surveys, invite recipients, store answers, send reminders exactly once."""
from __future__ import annotations

import csv
import io
import logging
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from innbyggerstemmen.core.fields import checked_fields, int_or_none
from innbyggerstemmen.core.language import is_language
from innbyggerstemmen.core.services import email_queue_many, email_render
from innbyggerstemmen.core.task_queue import STALLED_AFTER, enqueue, enqueue_on_commit
from insights import services as insight_services

from .models import (
    CHOICE_KINDS,
    CONDITION_KINDS,
    NUMBER_KINDS,
    TEXT_KINDS,
    YOUTH_AGE_GROUPS,
    Answer,
    Audience,
    IndicatorQuestion,
    Question,
    QuestionKind,
    Recipient,
    ReminderSent,
    RespondentGroup,
    Response,
    Survey,
    token_hash,
)
from .privacy import ANONYMISED_SUFFIX

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
MAX_RECIPIENTS_PER_UPLOAD = 20_000
MAX_REMINDER_DAYS = 60
SURVEY_FIELDS = {
    "title",
    "audience",
    "opens_at",
    "closes_at",
    "introduction",
    "anonymous",
    "reminder_schedule_days",
    "max_reminders",
    "content_language",
    "translations",
}


class SurveyClosed(ValidationError):
    pass


class AlreadyAnswered(ValidationError):
    pass


# Surveys ---------------------------------------------------------------------------------


def survey_validate(survey: Survey) -> None:
    """A survey's rules: it closes after it opens; reminders fall within their limits."""
    if survey.opens_at and survey.closes_at and survey.closes_at <= survey.opens_at:
        raise ValidationError({"closes_at": _("The survey must close after it opens.")})
    days = survey.reminder_schedule_days or []
    if any(not isinstance(d, int) or not 1 <= d <= MAX_REMINDER_DAYS for d in days):
        raise ValidationError(_("Each reminder must be between 1 and %(max)s days after the invitation.") % {"max": MAX_REMINDER_DAYS})


@transaction.atomic
def survey_create(*, initiative, user=None, **fields) -> Survey:
    checked_fields(fields, allowed=SURVEY_FIELDS, service="survey_create")
    survey = Survey(initiative=initiative, created_by=user, **fields)
    survey_validate(survey)
    survey.save()
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, **fields) -> Survey:
    checked_fields(fields, allowed=SURVEY_FIELDS, service="survey_update")
    if "anonymous" in fields and fields["anonymous"] != survey.anonymous and survey.responses.exists():
        raise ValidationError(_("Whether answers are anonymous cannot be changed after the first answer."))
    for name, value in fields.items():
        setattr(survey, name, value)
    survey_validate(survey)
    survey.save(update_fields=[*fields, "updated_at"])
    return survey


# Questions -------------------------------------------------------------------------------


def _clean_choices(kind: str, choices: Iterable[str]) -> list[str]:
    seen, cleaned = set(), []
    for choice in choices or []:
        choice = " ".join(str(choice).split())[:100]
        if choice and choice.lower() not in seen:
            seen.add(choice.lower())
            cleaned.append(choice)
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.AREA):
        if len(cleaned) < 2:
            raise ValidationError(_("Give at least two options, one per line."))
        return cleaned
    return []


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(str(value) for value in values))


def _validate_condition(question: Question) -> None:
    condition = question.show_if_question
    if condition is None:
        question.show_if_values = []
        return
    if condition.survey_id != question.survey_id or (question.pk and condition.pk == question.pk):
        raise ValidationError(_("A question can only depend on an earlier question in the same survey."))
    if question.pk and (condition.position, condition.pk) >= (question.position, question.pk):
        raise ValidationError(_("A question can only depend on an earlier question in the same survey."))
    if condition.kind not in CONDITION_KINDS:
        raise ValidationError(_("A question can only depend on a question answered by choosing."))
    options = condition.option_pairs()
    if not question.show_if_values or set(question.show_if_values) - {value for value, _label in options}:
        raise ValidationError(
            {
                "show_if_values": _("Choose among the options of “%(question)s”: %(options)s.")
                % {"question": condition.text, "options": ", ".join(label for _value, label in options)}
            }
        )


@transaction.atomic
def question_create(
    *,
    survey: Survey,
    kind: str,
    text: str,
    help: str = "",
    required: bool = False,
    choices: Iterable[str] = (),
    show_if_question: Question | None = None,
    show_if_values: Iterable[str] = (),
    indicator: IndicatorQuestion | None = None,
    content_language: str = settings.LANGUAGE_CODE,
    translations: dict | None = None,
) -> Question:
    last = survey.questions.aggregate(last=Max("position"))["last"]
    question = Question(
        survey=survey,
        position=0 if last is None else last + 1,
        kind=kind,
        text=text.strip(),
        help=help.strip(),
        required=required,
        choices=_clean_choices(kind, choices),
        show_if_question=show_if_question,
        show_if_values=_distinct(show_if_values),
        indicator=indicator,
        content_language=content_language,
        translations=translations or {},
    )
    _validate_condition(question)
    question.save()
    return question


@transaction.atomic
def question_update(
    *,
    question: Question,
    kind: str,
    text: str,
    help: str = "",
    required: bool = False,
    choices: Iterable[str] = (),
    show_if_question: Question | None = None,
    show_if_values: Iterable[str] = (),
    content_language: str | None = None,
    translations: dict | None = None,
) -> Question:
    if question.indicator_id and (kind != question.kind or text.strip() != question.text):
        raise ValidationError(_("An indicator question is asked the same way everywhere; it cannot be reworded."))
    if kind != question.kind and question.answers.exists():
        raise ValidationError(_("The kind of question cannot be changed after it has been answered."))
    question.kind = kind
    question.text = text.strip()
    question.help = help.strip()
    question.required = required
    question.choices = _clean_choices(kind, choices)
    question.show_if_question = show_if_question
    question.show_if_values = _distinct(show_if_values)
    if not question.indicator_id:  # an indicator keeps the library's wording and versions
        if content_language is not None:
            question.content_language = content_language
        if translations is not None:
            question.translations = translations
    _validate_condition(question)
    question.save(
        update_fields=[
            "kind", "text", "help", "required", "choices", "show_if_question", "show_if_values",
            "content_language", "translations",
        ]
    )
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    question.delete()


@transaction.atomic
def question_move(*, question: Question, direction: str) -> None:
    """Swap the question with its neighbour above ("up") or below ("down"), renumbering the survey."""
    ordered = list(Question.objects.select_for_update().filter(survey_id=question.survey_id).order_by("position", "id"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    # A question must stay after the one it depends on, and before those depending on it.
    positions = {q.pk: i for i, q in enumerate(ordered)}
    for q in ordered:
        if q.show_if_question_id and positions.get(q.show_if_question_id, -1) >= positions[q.pk]:
            raise ValidationError(_("A question cannot be moved above the question it depends on."))
    for i, q in enumerate(ordered):
        if q.position != i:
            q.position = i
            q.save(update_fields=["position"])


@transaction.atomic
def indicators_add(*, survey: Survey, indicators: Iterable[IndicatorQuestion]) -> int:
    """Add library questions not yet in the survey, at the end. Returns how many were added."""
    present = set(survey.questions.filter(indicator__isnull=False).values_list("indicator_id", flat=True))
    added = 0
    for indicator in indicators:
        if indicator.pk in present or not indicator.active:
            continue
        question_create(
            survey=survey, kind=indicator.kind, text=indicator.text, required=False, indicator=indicator,
            content_language=indicator.content_language, translations=indicator.translations,
        )
        added += 1
    return added


# Recipients and invitations --------------------------------------------------------------

EMAIL_SPLIT = re.compile(r"[\s,;]+")


def emails_parse(text: str) -> tuple[list[str], list[str]]:
    """Pasted or uploaded text -> (valid addresses lower-cased, repeats kept for recipients_add to count; invalid pieces)."""
    valid, invalid = [], []
    for piece in EMAIL_SPLIT.split(text or ""):
        piece = piece.strip().strip("<>\"'")
        if not piece:
            continue
        try:
            validate_email(piece)
        except ValidationError:
            if "@" in piece:
                invalid.append(piece)
            continue  # a header cell or a name, not an address
        valid.append(piece.lower())
    return valid, invalid


def emails_from_csv(data: bytes) -> tuple[list[str], list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    cells = []
    for row in csv.reader(io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ","):
        cells.extend(row)
    return emails_parse("\n".join(cells))


@dataclass(frozen=True)
class RecipientsAdded:
    """What adding a list of addresses did, told to the coordinator as it is."""

    added: int  # new recipients: each gets one invitation
    already: int  # already recipients of this survey: nothing is sent to them again
    repeated: int  # addresses that appeared more than once in the list: counted once


def recipients_add(
    *, survey: Survey, emails: Iterable[str], language: str = settings.LANGUAGE_CODE, languages: dict | None = None
) -> RecipientsAdded:
    """Add recipients (existing addresses are kept as they are, and not invited again) and send their invitations.

    Their e-mails are in ``language`` (the inviter's), or for an address in ``languages`` in that one (a meeting
    participant's own).
    """
    languages = {email.lower(): code for email, code in (languages or {}).items()}
    if survey.state == "closed":
        raise SurveyClosed(_("The survey is closed; no one new can be invited."))
    given = [e.lower() for e in emails]
    emails = list(dict.fromkeys(given))
    if len(emails) > MAX_RECIPIENTS_PER_UPLOAD:
        raise ValidationError(
            _("At most %(max)s addresses at a time.") % {"max": MAX_RECIPIENTS_PER_UPLOAD}
        )
    added = 0
    with transaction.atomic():
        for start in range(0, len(emails), CHUNK_SIZE):
            chunk = emails[start : start + CHUNK_SIZE]
            existing = set(Recipient.objects.filter(survey=survey, email__in=chunk).values_list("email", flat=True))
            new = [
                Recipient(survey=survey, email=e, language=languages.get(e, language)) for e in chunk if e not in existing
            ]
            Recipient.objects.bulk_create(new, ignore_conflicts=True, batch_size=CHUNK_SIZE)
            added += len(new)
        from .tasks import send_invitations

        if added:
            enqueue_on_commit(send_invitations, survey.pk)
    return RecipientsAdded(added=added, already=len(emails) - added, repeated=len(given) - len(emails))


# A coordinator may send one person's invitation again, a few times (a lost e-mail, a spam filter), not endlessly.
MAX_INVITATION_RESENDS = 3


def recipient_for(*, survey: Survey, recipient_id) -> Recipient:
    """One recipient of this survey, by an id from a form: another survey's recipient is not found."""
    recipient = Recipient.objects.filter(survey=survey, pk=int_or_none(recipient_id)).first()
    if recipient is None:
        raise ValidationError(_("Choose a recipient of this survey."))
    return recipient


@transaction.atomic
def recipient_invitation_resend(*, recipient: Recipient) -> Recipient:
    """E-mail the same personal link once more. Counted on the row, so each resend is one e-mail (its dedupe key)."""
    recipient = Recipient.objects.select_for_update().select_related("survey").get(pk=recipient.pk)
    if recipient.survey.state == "closed":
        raise ValidationError(_("The survey is closed; no invitations can be sent."))
    if recipient.answered_at:
        raise ValidationError(_("%(email)s has already answered.") % {"email": recipient.email})
    if recipient.invited_at is None:
        raise ValidationError(_("The first invitation to %(email)s is still on its way.") % {"email": recipient.email})
    if recipient.invitations_resent >= MAX_INVITATION_RESENDS:
        raise ValidationError(
            _("The invitation has been sent again %(count)s times; it is not sent more.")
            % {"count": MAX_INVITATION_RESENDS}
        )
    recipient.invitations_resent += 1
    recipient.invitation_resent_at = timezone.now()
    recipient.save(update_fields=["invitations_resent", "invitation_resent_at"])
    email_queue_many(emails=[
        _personal_email(
            recipient, "invitation", {}, dedupe_key=f"survey-invitation-{recipient.pk}-again-{recipient.invitations_resent}"
        )
    ])
    return recipient


@transaction.atomic
def recipient_remove(*, recipient: Recipient) -> None:
    """Take someone off the list: no more reminders, and their address is gone. An answer already given stays,
    no longer tied to the address."""
    recipient.delete()


def invitations_requeue_stalled(*, now=None) -> int:
    """Queue the invitations again for every open survey with recipients left uninvited; returns how many surveys."""
    from .tasks import send_invitations

    now = now or timezone.now()
    survey_ids = list(
        Recipient.objects.filter(
            invited_at__isnull=True, created_at__lt=now - STALLED_AFTER, survey__closes_at__gt=now
        )
        .order_by()
        .values_list("survey_id", flat=True)
        .distinct()
    )
    for survey_id in survey_ids:
        enqueue(send_invitations, survey_id)
    return len(survey_ids)


def invitations_send(*, survey_id: int) -> int:
    """E-mail every recipient not yet invited, in chunks. Each invitation is sent once (by its dedupe key)."""
    survey = Survey.objects.select_related("initiative").get(pk=survey_id)
    if survey.state == "closed":
        return 0
    sent, last_pk, rendered = 0, 0, {}
    while True:
        with transaction.atomic():
            chunk = list(
                Recipient.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(survey=survey, invited_at__isnull=True, pk__gt=last_pk)
                .select_related("survey")
                .order_by("pk")[:CHUNK_SIZE]
            )
            if not chunk:
                return sent
            now = timezone.now()
            email_queue_many(emails=[
                _personal_email(recipient, "invitation", rendered, dedupe_key=f"survey-invitation-{recipient.pk}")
                for recipient in chunk
            ])
            Recipient.objects.filter(pk__in=[r.pk for r in chunk]).update(invited_at=now)
            sent += len(chunk)
            last_pk = chunk[-1].pk


def reminders_send_due(*, now=None, chunk_size: int = CHUNK_SIZE) -> int:
    """Send every due reminder once. Returns how many were sent now.

    Recipients are walked by primary key in chunks, each chunk its own short
    transaction that locks the chunk's recipients (rows another run holds are
    skipped; that run sends them). A reminder's ReminderSent row (unique per
    recipient and number) is created in the same transaction as its queued
    e-mail, so a second run, or a run after a worker died mid-chunk, never
    sends it twice.
    """
    now = now or timezone.now()
    sent, last_pk, rendered = 0, 0, {}
    while True:
        for attempt in range(3):
            try:
                with transaction.atomic():
                    count, chunk_last_pk = _reminder_chunk_send(
                        now=now, after_pk=last_pk, chunk_size=chunk_size, rendered=rendered
                    )
                break
            except IntegrityError:
                # A run without the row locks (SQLite) recorded some of these meanwhile: read the chunk again.
                if attempt == 2:
                    raise
        if chunk_last_pk is None:
            return sent
        sent += count
        last_pk = chunk_last_pk


def _reminder_chunk_send(*, now, after_pk: int, chunk_size: int, rendered: dict) -> tuple[int, int | None]:
    """Record and queue the due reminders of the next chunk; returns (how many, the chunk's last pk or None)."""
    chunk = list(
        Recipient.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            pk__gt=after_pk,
            invited_at__isnull=False,
            answered_at__isnull=True,
            survey__opens_at__lte=now,
            survey__closes_at__gt=now,
        )
        .exclude(email__endswith=ANONYMISED_SUFFIX)  # erased: no more reminders
        .select_related("survey")
        .order_by("pk")[:chunk_size]
    )
    if not chunk:
        return 0, None
    already_sent = defaultdict(set)
    for recipient_id, number in ReminderSent.objects.filter(recipient__in=chunk).values_list("recipient_id", "number"):
        already_sent[recipient_id].add(number)
    due = []
    for recipient in chunk:
        numbers = already_sent[recipient.pk]
        upcoming = recipient.survey.reminder_next(invited_at=recipient.invited_at, sent_count=len(numbers))
        if upcoming is None or upcoming[0] in numbers or now < upcoming[1]:
            continue
        due.append((recipient, upcoming[0]))
    ReminderSent.objects.bulk_create([ReminderSent(recipient=r, number=n) for r, n in due], batch_size=chunk_size)
    email_queue_many(emails=[
        _personal_email(recipient, "reminder", rendered, dedupe_key=f"survey-reminder-{recipient.pk}-{number}",
                        number=number)
        for recipient, number in due
    ])
    return len(due), chunk[-1].pk


# Stand-ins rendered into an invitation or reminder once per survey, number and language, replaced per recipient.
_TOKEN_STAND_IN = "tokenstandin" + secrets.token_hex(8)
_EMAIL_STAND_IN = f"x{secrets.token_hex(8)}@standin.invalid"


def _personal_email(recipient: Recipient, template: str, rendered: dict, *, dedupe_key: str, **context) -> dict:
    """The ``surveys/email/<template>`` e-mail for one recipient, rendered from templates cached in ``rendered``.

    Only the recipient's address and personal link (its token) differ between
    the recipients of one survey, so the templates are rendered once with
    stand-ins for them.
    """
    with translation.override(recipient.language):
        return _personal_email_rendered(recipient, template, rendered, dedupe_key=dedupe_key, **context)


def _personal_email_rendered(recipient: Recipient, template: str, rendered: dict, *, dedupe_key: str, **context):
    key = (recipient.survey_id, template, tuple(sorted(context.items())), translation.get_language())
    if key not in rendered:
        stand_in = Recipient(survey=recipient.survey, email=_EMAIL_STAND_IN, token=_TOKEN_STAND_IN)
        rendered[key] = (
            stand_in.answer_link,
            email_render(
                template=f"surveys/email/{template}",
                context={"survey": recipient.survey, "recipient": stand_in, **context},
            ),
        )
    stand_in_link, parts = rendered[key]
    link = recipient.answer_link  # reversed once: three parts use it

    def personal(text: str, *, html: bool = False) -> str:
        quote = escape if html else str
        return (
            text.replace(stand_in_link, quote(link))
            .replace(_TOKEN_STAND_IN, quote(recipient.token))
            .replace(_EMAIL_STAND_IN, quote(recipient.email))
        )

    return {
        "to": recipient.email,
        "subject": personal(parts["subject"]),
        "body": personal(parts["body"]),
        "html_body": personal(parts["html_body"], html=True),
        "dedupe_key": dedupe_key,
    }


# Answers ---------------------------------------------------------------------------------


def _check_open(survey: Survey) -> None:
    if not survey.is_open():
        raise SurveyClosed(
            _("The survey is not open yet.") if survey.state == "upcoming" else _("The survey is closed.")
        )


def _respondent_group(survey: Survey, values: dict) -> str:
    if survey.audience == Audience.STAFF:
        return RespondentGroup.STAFF
    if survey.audience == Audience.PARTNERS:
        return RespondentGroup.PARTNERS
    for question, value in values.items():
        if question.kind == QuestionKind.AGE_GROUP and value:
            return RespondentGroup.YOUTH if value in YOUTH_AGE_GROUPS else RespondentGroup.ADULTS
    return RespondentGroup.UNKNOWN


def _answer_rows(response: Response, values: dict) -> list[Answer]:
    rows = []
    for question, value in values.items():
        if value in (None, "", []):
            continue
        if question.kind == QuestionKind.MULTIPLE:
            rows.extend(Answer(response=response, question=question, choice=v) for v in value)
        elif question.kind in CHOICE_KINDS:
            rows.append(Answer(response=response, question=question, choice=str(value)))
        elif question.kind in NUMBER_KINDS:
            rows.append(Answer(response=response, question=question, number=int(value)))
        elif question.kind in TEXT_KINDS:
            rows.append(Answer(response=response, question=question, text=str(value)))
    return rows


def _day(moment):
    """Anonymous answers are timed to the day only, so a time cannot be matched to a recipient."""
    local = timezone.localtime(moment)
    return local.replace(hour=12, minute=0, second=0, microsecond=0)


@transaction.atomic
def response_submit_public(*, survey: Survey, values: dict) -> Response:
    """Store a complete answer from the public link. ``values`` maps Question -> cleaned value."""
    _check_open(survey)
    now = timezone.now()
    response = Response.objects.create(
        survey=survey,
        anonymous=survey.anonymous,
        completed=True,
        submitted_at=_day(now) if survey.anonymous else now,
        respondent_group=_respondent_group(survey, values),
    )
    Answer.objects.bulk_create(_answer_rows(response, values))
    return response


def draft_for(*, recipient: Recipient) -> Response | None:
    return (
        Response.objects.filter(survey_id=recipient.survey_id, draft_key=token_hash(recipient.token), completed=False)
        .prefetch_related("answers")
        .first()
    )


@transaction.atomic
def response_save_personal(*, recipient: Recipient, values: dict, complete: bool, language: str = "") -> Response:
    """Save (``complete=False``) or submit the answer of a personal link; it can be submitted once.

    ``language`` is the one the person answers in: their reminders follow it from now on.
    """
    recipient = Recipient.objects.select_for_update().select_related("survey").get(pk=recipient.pk)
    if is_language(language) and language != recipient.language:
        recipient.language = language
        recipient.save(update_fields=["language"])
    survey = recipient.survey
    _check_open(survey)
    if recipient.answered_at:
        raise AlreadyAnswered(_("You have already answered this survey. Thank you!"))
    key = token_hash(recipient.token)
    response = Response.objects.filter(survey=survey, draft_key=key, completed=False).first()
    if response is None:
        response = Response.objects.create(
            survey=survey,
            anonymous=survey.anonymous,
            draft_key=key,
            recipient=None if survey.anonymous else recipient,
        )
    else:
        response.answers.all().delete()
    Answer.objects.bulk_create(_answer_rows(response, values))
    response.respondent_group = _respondent_group(survey, values)
    if complete:
        now = timezone.now()
        response.completed = True
        response.draft_key = None
        response.submitted_at = _day(now) if survey.anonymous else now
        recipient.answered_at = _day(now) if survey.anonymous else now
        recipient.save(update_fields=["answered_at"])
    response.save(update_fields=["respondent_group", "completed", "draft_key", "submitted_at"])
    return response


# Insights --------------------------------------------------------------------------------


def _answer_source(question: Question) -> dict:
    """Where an answer-turned-insight came from: the survey, its date and the question (never the respondent)."""
    survey = question.survey
    description = _("Survey “%(title)s” (%(date)s), question: %(question)s") % {
        "title": survey.title,
        "date": timezone.localtime(survey.opens_at).strftime("%d.%m.%Y"),
        "question": question.text,
    }
    return {
        "kind": "quote",
        "source": "citizens" if survey.audience == Audience.CITIZENS else "experience",
        "source_description": description[:200],
    }


def insight_from_answer(*, answer: Answer, user=None):
    """Turn one free-text answer into an insight of the survey's initiative, citing the survey (once)."""
    created = insights_from_answers(survey=answer.question.survey, answer_ids=[answer.pk], user=user)
    return created[0]


# One request turns this many answers into insights (a survey's free texts on one question, filtered by a word).
MAX_ANSWERS_AT_ONCE = 2000


@transaction.atomic
def insights_from_answers(*, survey: Survey, answer_ids: Iterable, theme_name: str = "", user=None) -> list:
    """Turn many free-text answers of this survey into insights at once, each citing its survey and question,
    all in ``theme_name`` if given. Ids from another survey (or not free text) refuse the whole request.

    Exactly once: the answers are locked and marked as made, so a double click or a second request makes
    nothing new; the mark is on the answer and nothing links it to the insight (anonymity holds).
    """
    ids = {pk for pk in (int_or_none(value) for value in answer_ids) if pk is not None}
    if not ids:
        raise ValidationError(_("Choose at least one answer."))
    if len(ids) > MAX_ANSWERS_AT_ONCE:
        raise ValidationError(_("Choose at most %(max)s answers at a time.") % {"max": MAX_ANSWERS_AT_ONCE})
    answers = list(
        Answer.objects.select_for_update()
        .filter(pk__in=ids, question__survey=survey, question__kind__in=TEXT_KINDS)
        .exclude(text="")
        .select_related("question__survey")
        .order_by("question__position", "id")
    )
    if len(answers) != len(ids):
        raise ValidationError(_("Choose free-text answers of this survey."))
    answers = [answer for answer in answers if not answer.made_insight]
    if not answers:
        raise ValidationError(_("The chosen answers are insights already."))
    created = []
    by_question: dict = {}
    for answer in answers:
        by_question.setdefault(answer.question, []).append(answer.text)
    for question, texts in by_question.items():
        created += insight_services.insight_bulk_create(
            initiative=survey.initiative, user=user, texts=texts, theme_names=[theme_name] if theme_name.strip() else [],
            **_answer_source(question),
        )
    Answer.objects.filter(pk__in=[answer.pk for answer in answers]).update(made_insight=True)
    return created


def matching_answer_ids(*, survey: Survey, question_id, word: str = "", group: str = "") -> list[int]:
    """The free-text answers to one question not yet made insights, with ``word`` in them (any case)."""
    answers = Answer.objects.filter(
        question__survey=survey, question_id=int_or_none(question_id), question__kind__in=TEXT_KINDS,
        response__completed=True, made_insight=False,
    ).exclude(text="")
    if word:
        answers = answers.filter(text__icontains=word)
    if group:
        answers = answers.filter(response__respondent_group=group)
    return list(answers.order_by("id").values_list("pk", flat=True)[: MAX_ANSWERS_AT_ONCE + 1])

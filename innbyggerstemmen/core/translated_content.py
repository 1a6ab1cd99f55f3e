"""Text written once in one language, with versions in the others: method cards, indicator questions, and what a
coordinator writes for the public (a meeting's description, a survey's questions).

A model lists its ``translated_fields``; ``content_language`` is the language they are written in, and
``translations`` holds the other versions: ``{"nn": {"description": "…"}, "en": {…}}``. ``localized()``
gives an unsaved copy with the visitor's version put in, or the original with ``falls_back`` set, so a
page can say that a text is only in another language (and mark it with its ``lang``).
"""
import copy

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .language import reading_language


class TranslatedContent(models.Model):
    translated_fields: tuple[str, ...] = ()

    content_language = models.CharField(
        _("written in"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    translations = models.JSONField(_("in other languages"), default=dict, blank=True)

    class Meta:
        abstract = True

    def version(self, language: str) -> dict:
        """The fields written for ``language`` (only those given)."""
        return {field: text for field, text in (self.translations or {}).get(language, {}).items() if text}

    def localized(self, language: str | None = None):
        """This object as a reader of ``language`` (default: the active one) should see it; never saved."""
        language = reading_language(language)
        shown = copy.copy(self)
        shown.shown_language, shown.falls_back = self.content_language, False
        if language == self.content_language:
            return shown
        version = self.version(language)
        for field in self.translated_fields:
            if field in version:
                setattr(shown, field, version[field])
        if version:
            shown.shown_language = language
        else:
            shown.falls_back = any(getattr(self, field) for field in self.translated_fields)
        return shown

"""Every field that holds personal data is in the register, with its purpose and retention."""
from django.apps import apps
from django.db import models

from innbyggerstemmen.core.privacy import PERSONAL_FIELD_NAMES, REGISTER

PROJECT_APPS = {"accounts", "core", "initiatives", "dialogues", "surveys", "insights"}


def looks_personal(field) -> bool:
    return isinstance(field, models.EmailField) or field.name in PERSONAL_FIELD_NAMES


def test_every_personal_field_is_registered():
    unregistered = [
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        for field in model._meta.concrete_fields
        if looks_personal(field)
        and f"{model._meta.app_label}.{model.__name__}.{field.name}" not in REGISTER
    ]
    assert unregistered == [], "Add these to innbyggerstemmen/core/privacy.py REGISTER"


def test_every_register_entry_names_an_existing_field_with_purpose_and_retention():
    for key, entry in REGISTER.items():
        app_label, model_name, field_name = key.split(".")
        model = apps.get_model(app_label, model_name)
        model._meta.get_field(field_name)  # raises if the field is gone
        assert str(entry.purpose) and str(entry.retention)


def test_the_check_recognises_personal_fields_and_leaves_others():
    email = models.EmailField()
    email.name = "contact"
    nickname = models.CharField()
    nickname.name = "nickname"
    title = models.CharField()
    title.name = "title"
    assert looks_personal(email) and looks_personal(nickname) and not looks_personal(title)

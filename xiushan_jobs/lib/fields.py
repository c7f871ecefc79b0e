"""Model fields for personal identifiers that normalise what people type before any
validation runs, and the project's date field, so forms, the admin and imports share one
set of rules."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from .clock import today
from .dates import validate_plausible_date
from .idnumber import normalize_id_number, parse_id_number
from .phone import normalize_phone, validate_mobile
from .text import forbidden_character


def validate_id_number(value: str) -> None:
    parse_id_number(value, today=today())


class _NormalisingFormField(forms.CharField):
    normalise = staticmethod(lambda value: value)

    def to_python(self, value):
        return self.normalise(super().to_python(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # People paste numbers with spaces; the browser must not cut them off.
        attrs.pop("maxlength", None)
        return attrs


class IdNumberFormField(_NormalisingFormField):
    normalise = staticmethod(normalize_id_number)


class PhoneFormField(_NormalisingFormField):
    normalise = staticmethod(normalize_phone)


class IdNumberField(models.CharField):
    """公民身份号码: normalised (half-width, no spaces, upper-case X), GB 11643 validated."""

    default_validators = [validate_id_number]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_id_number(value) if value is not None else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": IdNumberFormField, **kwargs})


class MobilePhoneField(models.CharField):
    """A Chinese mobile number, normalised (no spaces, dashes or +86) and validated."""

    default_validators = [validate_mobile]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_phone(value) if value is not None else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneFormField, **kwargs})


class PlausibleDateField(models.DateField):
    """Every date of the project's models: one between 1900 and 2099
    (``dates.validate_plausible_date``), whatever form, import or admin page it comes
    through. Field-specific rules (not in the future, not before 2014…) stay in the models'
    ``clean()``. ``xiushan_jobs/tests/test_dates_everywhere.py`` checks that every date
    field of the project is one of these."""

    default_validators = [validate_plausible_date]


def plain_text_error(label: str, value: str, *, multiline: bool) -> ValidationError | None:
    """The refusal of text holding a character ``forbidden_character`` names, or None: the
    message says which field and which character. ``PlainTextMixin`` uses it for models;
    ``PlainTextFormField`` for the text fields of forms that are not model forms."""
    found = forbidden_character(value, multiline=multiline)
    if found is None:
        return None
    return ValidationError(
        f"“{label}”含有不允许的字符 {found}（多为从网页或聊天软件复制时带入的不可见字符）："
        "请删除后重新填写。",
        code="forbidden_character",
    )


class PlainTextFormField(forms.CharField):
    """A text field of a plain (non-model) form, held to ``PlainTextMixin``'s rule: its text
    reaches a model through a service that may not run the model's ``clean_fields``. Line
    breaks and tabs are allowed when the widget is a text area."""

    def validate(self, value) -> None:
        super().validate(value)
        if value:
            multiline = isinstance(self.widget, forms.Textarea)
            if error := plain_text_error(str(self.label or ""), value, multiline=multiline):
                raise error


class PlainTextMixin:
    """Text fields hold no control characters, zero-width characters or bidirectional
    overrides (line breaks and tabs only in a multi-line ``TextField``).

    A model mixin rather than a field validator so that the message names the field and
    every text field of a model is covered without a migration: model forms, the admin,
    django-import-export resources and the survey import all call ``clean_fields``.
    Every model people type text into inherits it (a test keeps the list complete).
    """

    def clean_fields(self, exclude=None) -> None:
        errors: dict = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if (exclude and field.name in exclude) or field.name in errors:
                continue
            value = getattr(self, field.attname)
            if not isinstance(value, str):
                continue
            error = plain_text_error(
                field.verbose_name, value, multiline=isinstance(field, models.TextField)
            )
            if error:
                errors[field.name] = [error]
        if errors:
            raise ValidationError(errors)

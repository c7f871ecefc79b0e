"""Model fields for personal identifiers that normalise what people type before any
validation runs, and the project's date field, so forms, the admin and imports share one
set of rules."""

from __future__ import annotations

from django import forms
from django.db import models

from .clock import today
from .dates import validate_plausible_date
from .idnumber import normalize_id_number, parse_id_number
from .phone import normalize_phone, validate_mobile


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

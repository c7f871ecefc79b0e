"""Changing one's own password."""

from __future__ import annotations

from django.contrib.admin.forms import AdminPasswordChangeForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.views.decorators.debug import sensitive_variables


class ThrottledOldPasswordMixin:
    """The old password is checked the way a login is (``authenticate``), so that guessing
    it is throttled like guessing at the login page: a wrong one counts as a login failure
    for django-axes (per user name and address), and while that pair is locked out even
    the right one is refused and the lockout page answers."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    @sensitive_variables("old_password")
    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class ThrottledPasswordChangeForm(ThrottledOldPasswordMixin, PasswordChangeForm):
    pass


class ThrottledAdminPasswordChangeForm(ThrottledOldPasswordMixin, AdminPasswordChangeForm):
    pass

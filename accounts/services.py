from __future__ import annotations

import secrets

from django.contrib.auth.models import Permission
from django.db import transaction

from accounts.models import User
from xiushan_jobs.lib.roles import Role

#: roles that may reveal a full ID number or phone on a record they can see (each reveal
#: is logged); leaders read masked data only.
REVEAL_ROLES = (Role.TOWNSHIP, Role.VILLAGE)


def generate_password() -> str:
    return secrets.token_urlsafe(9)


@transaction.atomic
def user_upsert(
    *,
    username: str,
    role: str,
    township=None,
    village=None,
    password: str | None = None,
    full_name: str = "",
) -> tuple[User, bool]:
    """Create the user, or bring an existing one to the given role and area.

    The password changes only when one is given. Returns ``(user, created)``.
    """
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    user.role = role
    user.township = township
    user.village = village
    user.full_name = full_name or user.full_name
    # County staff run the back office (admin); nobody else reaches it.
    user.is_staff = role == Role.COUNTY
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()  # can sign in only after a password is set
    user.full_clean(exclude=["password"])
    user.save()
    reveal = Permission.objects.get(
        content_type__app_label="laborers", codename="reveal_personal_data"
    )
    if role in REVEAL_ROLES:
        user.user_permissions.add(reveal)
    else:
        user.user_permissions.remove(reveal)
    return user, created

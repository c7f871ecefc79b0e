"""Geographic scoping: the security backbone.

Every model whose rows belong to a place uses a QuerySet derived from ``ScopedQuerySet``
and names the lookups from itself to its township and village. ``visible_to(user)`` is
then the one way views, forms, exports, imports and searches start their querysets.

Rules (DOMAIN.md, "Who uses the system"):
- county bureau and leaders see everything (leaders change nothing);
- a township officer sees rows of their township only;
- a village information officer sees rows of their village only;
- anyone else (no role, inactive, anonymous) sees nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from .roles import Role


def role_of(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    role = getattr(user, "role", "") or ""
    if not role and user.is_superuser:
        return Role.COUNTY
    return role or None


def is_county(user: Any) -> bool:
    return role_of(user) == Role.COUNTY


def is_read_only(user: Any) -> bool:
    """Leaders and users without a role may not change anything."""
    return role_of(user) in (None, Role.LEADER)


#: complete ID and phone numbers: shown, exported or searched for only by users holding it
REVEAL_PERMISSION = "laborers.reveal_personal_data"


def may_reveal(user: Any) -> bool:
    """Whether ``user`` may see complete ID numbers and phones (each time logged);
    leaders never may."""
    return not is_read_only(user) and user.has_perm(REVEAL_PERMISSION)


class ScopedQuerySet(models.QuerySet):
    #: lookup from this model to its Township (``None``: the model is county-wide)
    township_lookup: str | None = None
    #: lookup from this model to its Village (``None``: village officers see nothing of it,
    #: unless the model is county-wide)
    village_lookup: str | None = None
    #: whether a village officer may change rows of their own village
    village_may_edit: bool = False

    def visible_to(self, user: Any) -> ScopedQuerySet:
        role = role_of(user)
        if role in (Role.COUNTY, Role.LEADER):
            return self.all()
        if self.township_lookup is None and self.village_lookup is None:
            # County-wide records (targets, rectification tasks): readable by every role.
            return self.all() if role else self.none()
        if role == Role.TOWNSHIP and user.township_id and self.township_lookup:
            return self.filter(**{self.township_lookup: user.township_id})
        if role == Role.VILLAGE and user.village_id and self.village_lookup:
            return self.filter(**{self.village_lookup: user.village_id})
        return self.none()

    def editable_by(self, user: Any) -> ScopedQuerySet:
        role = role_of(user)
        if role == Role.COUNTY:
            return self.all()
        if self.township_lookup is None and self.village_lookup is None:
            return self.none()  # county-wide records are the bureau's to change
        if role == Role.TOWNSHIP:
            return self.visible_to(user)
        if role == Role.VILLAGE and self.village_may_edit:
            return self.visible_to(user)
        return self.none()


class CountyOrTownshipQuerySet(ScopedQuerySet):
    """Records organised at county level (no ``township``) or by one township (recruitment
    events, training classes): county-level ones are open to every township and village,
    whose officers bring their laborers; a township's own are its own. The county changes
    every one, a township officer their township's."""

    township_lookup = "township"
    village_lookup = "township__villages"

    def visible_to(self, user: Any) -> ScopedQuerySet:
        if role_of(user) in (Role.TOWNSHIP, Role.VILLAGE) and user.township_id:
            return self.filter(
                models.Q(township__isnull=True) | models.Q(township=user.township_id)
            )
        return super().visible_to(user)

    def editable_by(self, user: Any) -> ScopedQuerySet:
        role = role_of(user)
        if role == Role.COUNTY:
            return self.all()
        if role == Role.TOWNSHIP and user.township_id:
            return self.filter(township=user.township_id)
        return self.none()

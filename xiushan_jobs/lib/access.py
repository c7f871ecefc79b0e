"""Access checks for views: one helper each, so views stay thin and uniform."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from .scope import is_read_only, role_of


def role_required(*roles: str, write: bool = False) -> Callable:
    """Logged-in users with one of ``roles`` (any role when empty); ``write`` refuses
    read-only users. Anonymous users go to the login page; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            role = role_of(user)
            if role is None or (roles and role not in roles):
                raise PermissionDenied("您的角色无权访问此页面。")
            if write and is_read_only(user):
                raise PermissionDenied("只读账号不能修改数据。")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def visible_or_404(source: type[models.Model] | models.QuerySet, user: Any, **lookup: Any):
    """The object if ``user`` may see it; 404 otherwise, so that ids outside the user's
    area are indistinguishable from ids that do not exist."""
    queryset = source._default_manager.all() if isinstance(source, type) else source
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404("没有找到该记录，或它不在您的管辖范围内。") from None


def editable_or_404(source: type[models.Model] | models.QuerySet, user: Any, **lookup: Any):
    """Like ``visible_or_404`` but for changes: invisible → 404, visible but read-only → 403."""
    obj = visible_or_404(source, user, **lookup)
    queryset = source._default_manager.all() if isinstance(source, type) else source
    if not queryset.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied("您无权修改此记录。")
    return obj

"""Small helpers shared by the workspace's views."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme

from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import is_read_only, role_of

REVEAL_PERMISSION = "laborers.reveal_personal_data"
PER_PAGE = 25


def may_change(model: type[models.Model], user: Any) -> bool:
    """Whether ``user`` may change rows of ``model`` they can see (no query: within the
    user's area, the role alone decides — see ``ScopedQuerySet.editable_by``)."""
    if is_read_only(user):
        return False
    if role_of(user) == Role.VILLAGE:
        return model.objects.all().village_may_edit
    return True


def may_reveal(user: Any) -> bool:
    return not is_read_only(user) and user.has_perm(REVEAL_PERMISSION)


def gone_is_404(view):
    """A record deleted by someone else while this request ran is a 404, not an error."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("这条记录刚刚被他人删除。") from None

    return wrapper


def redirect_back(request, default: str):
    """To the page the user came from (``next``), when it is on this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


class CountedPaginator(Paginator):
    """A paginator told its count (already computed with the page's totals)."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count


def paginate(request, object_list, *, count: int | None = None, per_page: int = PER_PAGE) -> Page:
    if count is None:
        paginator = Paginator(object_list, per_page)
    else:
        paginator = CountedPaginator(object_list, per_page, count=count)
    return paginator.get_page(request.GET.get("page"))

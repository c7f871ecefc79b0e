"""Small helpers shared by the workspace's views."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models.deletion import ProtectedError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme

from laborers.history import changes_since
from laborers.services import EditConflict, record_delete, record_save_checked
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import is_read_only, role_of
from xiushan_jobs.lib.scope import may_reveal as may_reveal  # views import it from here

PER_PAGE = 25


def may_change(model: type[models.Model], user: Any) -> bool:
    """Whether ``user`` may change rows of ``model`` they can see (no query: within the
    user's area, the role alone decides — see ``ScopedQuerySet.editable_by``)."""
    if is_read_only(user):
        return False
    if role_of(user) == Role.VILLAGE:
        return model.objects.all().village_may_edit
    return True


def gone_is_404(view):
    """A record deleted by someone else while this request ran is a 404, not an error."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("这条记录刚刚被他人删除。") from None

    return wrapper


def safe_next(request) -> str:
    """The page the user came from (``next``, posted or in the query), when it is a page of
    this site; "" otherwise, so a crafted link can never send an officer elsewhere."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def redirect_back(request, default: str):
    """To the page the user came from (``next``), when it is on this site."""
    return redirect(safe_next(request) or default)


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


def save_edited(request, form, *, make_form, conflict_message: str):
    """Save a valid edit form unless the record changed since the page was read.

    Returns ``(saved, form, conflict)``: after a refused save, ``form`` is a fresh form on
    the record as it is now, holding what the user typed with the version moved on, and
    ``conflict`` the history entries that came in between.
    """
    seen = form.cleaned_data.get("seen_history")
    instance = form.instance
    try:
        record_save_checked(
            instance=instance,
            expected_version=form.cleaned_data.get("version"),
            seen_history=seen,
            by=request.user,
        )
    except EditConflict as exc:
        model = type(instance)
        current = model.objects.get(pk=instance.pk)
        fresh = make_form(current)
        fresh.refresh_version(exc.current_version, exc.newest_history)
        messages.error(request, conflict_message)
        seen_record = (
            model.history.filter(id=instance.pk, history_id=seen).first()
            if seen is not None
            else None
        )
        if seen_record is not None:
            taken = fresh.keep_others_changes(form.cleaned_data, seen_record, current)
            if taken:
                messages.info(
                    request,
                    "您未改动而对方已修改的字段已换成对方的新值：" + "、".join(taken) + "。",
                )
        return False, fresh, changes_since(model, instance.pk, seen)
    return True, form, None


def delete_with_confirmation(
    request,
    instance: models.Model,
    *,
    title: str,
    consequences: list[str],
    cancel_url: str,
    done_url: str,
    done_message: str,
    blocked: str = "",
):
    """GET asks, POST deletes (with the user on the history row) unless ``blocked``."""
    if request.method == "POST" and not blocked:
        try:
            record_delete(instance=instance, by=request.user)
        except ProtectedError:
            messages.error(request, "这条记录还被其他记录引用，不能删除。")
            return redirect(cancel_url)
        messages.success(request, done_message)
        return redirect(done_url)
    return render(
        request,
        "laborers/confirm_delete.html",
        {
            "title": title,
            "consequences": consequences,
            "cancel_url": cancel_url,
            "blocked": blocked,
        },
    )


def render_sections(request, contributors, **subject) -> list[dict]:
    """Blocks other apps contribute to a page (trainings, placements, cases…), each called
    with the page's subject and the user and rendered with its own context plus the
    subject and the request."""
    out = []
    for contribute in contributors:
        section = contribute(*subject.values(), request.user)
        if section is None:
            continue
        html = render_to_string(section.template, {**section.context, **subject}, request=request)
        out.append({"title": section.title, "html": html})
    return out

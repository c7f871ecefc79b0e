"""What the views of workshops and posts share: the two kinds of site, pagination, and
the redirect after a change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import models

from workshops import filters, forms
from workshops.models import Post, PostPlacement, Workshop, WorkshopPlacement


@dataclass(frozen=True)
class SiteKind:
    key: str  # "workshop" or "post": the URL names' prefix
    model: type[models.Model]
    placement_model: type[models.Model]
    site_field: str  # the placement's foreign key to the site
    form: type
    filterset: type
    noun: str
    capacity_field: str
    capacity_label: str


SITE_KINDS = {
    "workshop": SiteKind(
        "workshop",
        Workshop,
        WorkshopPlacement,
        "workshop",
        forms.WorkshopForm,
        filters.WorkshopFilter,
        "扶贫车间",
        "jobs_offered",
        "就业岗位",
    ),
    "post": SiteKind(
        "post",
        Post,
        PostPlacement,
        "post",
        forms.PostForm,
        filters.PostFilter,
        "公益性岗位",
        "positions",
        "岗位数",
    ),
}

PAGE_SIZE = 30


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The current query string without ``page``, for pagination and export links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: each message at its field, or above the form
    when the form has no such field."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def site_of(placement: Any):
    return placement.workshop if isinstance(placement, WorkshopPlacement) else placement.post

"""What the views of workshops and posts share: the two kinds of site, pagination, and
the redirect after a change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from workshops import filters, forms
from workshops.models import Post, PostPlacement, Workshop, WorkshopPlacement
from xiushan_jobs.lib.pages import PAGE_SIZE, add_service_errors, paginate, query_without_page

__all__ = ["PAGE_SIZE", "add_service_errors", "paginate", "query_without_page"]


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


def site_of(placement: Any):
    return placement.workshop if isinstance(placement, WorkshopPlacement) else placement.post

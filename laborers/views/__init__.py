"""The township officer's workspace, split by subject."""

from laborers.views.households import (
    household_create,
    household_delete,
    household_detail,
    household_edit,
    household_list,
)
from laborers.views.people import (
    laborer_create,
    laborer_delete,
    laborer_detail,
    laborer_edit,
    laborer_export,
    laborer_list,
    laborer_reveal,
    laborer_surveyed,
)
from laborers.views.records import (
    episode_delete,
    episode_edit,
    episode_finish,
    episode_new,
    service_delete,
    service_new,
)
from laborers.views.summary import quality_list, quality_overview, warnings, workspace

__all__ = [
    "episode_delete",
    "episode_edit",
    "episode_finish",
    "episode_new",
    "household_create",
    "household_delete",
    "household_detail",
    "household_edit",
    "household_list",
    "laborer_create",
    "laborer_delete",
    "laborer_detail",
    "laborer_edit",
    "laborer_export",
    "laborer_list",
    "laborer_reveal",
    "laborer_surveyed",
    "quality_list",
    "quality_overview",
    "service_delete",
    "service_new",
    "warnings",
    "workspace",
]

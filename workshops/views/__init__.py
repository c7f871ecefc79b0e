from workshops.views.lists import laborer_group, unlinked
from workshops.views.parts import (
    attachment_file,
    attachment_remove,
    attachment_upload,
    funding_add,
    funding_delete,
)
from workshops.views.placements import laborer_place, placement_finish, site_place
from workshops.views.sites import (
    site_create,
    site_delete,
    site_detail,
    site_edit,
    site_export,
    site_list,
)

__all__ = [
    "attachment_file",
    "attachment_remove",
    "attachment_upload",
    "funding_add",
    "funding_delete",
    "laborer_group",
    "laborer_place",
    "placement_finish",
    "site_create",
    "site_delete",
    "site_detail",
    "site_edit",
    "site_export",
    "site_list",
    "site_place",
    "unlinked",
]

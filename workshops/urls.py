"""Mounted at the site root: /workshops/… for workshops, /posts/… for public-welfare posts,
/placements/… for lists across both."""

from django.urls import path

from workshops import views

app_name = "workshops"


def _site_urls(prefix: str, kind: str) -> list:
    k = {"kind": kind}
    return [
        path(f"{prefix}/", views.site_list, k, name=f"{kind}_list"),
        path(f"{prefix}/ledger.xlsx", views.site_export, k, name=f"{kind}_export"),
        path(f"{prefix}/new/", views.site_create, k, name=f"{kind}_create"),
        path(f"{prefix}/<int:pk>/", views.site_detail, k, name=f"{kind}_detail"),
        path(f"{prefix}/<int:pk>/edit/", views.site_edit, k, name=f"{kind}_edit"),
        path(f"{prefix}/<int:pk>/delete/", views.site_delete, k, name=f"{kind}_delete"),
        path(f"{prefix}/<int:pk>/place/", views.site_place, k, name=f"{kind}_place"),
        path(
            f"{prefix}/placements/<int:pk>/end/",
            views.placement_finish,
            k,
            name=f"{kind}_placement_end",
        ),
    ]


urlpatterns = [
    *_site_urls("workshops", "workshop"),
    *_site_urls("posts", "post"),
    path("workshops/<int:pk>/fundings/new/", views.funding_add, name="funding_add"),
    path("workshops/fundings/<int:pk>/delete/", views.funding_delete, name="funding_delete"),
    path("workshops/<int:pk>/files/", views.attachment_upload, name="attachment_upload"),
    path("workshops/files/<int:pk>/", views.attachment_file, name="attachment_file"),
    path("workshops/files/<int:pk>/delete/", views.attachment_remove, name="attachment_delete"),
    path("placements/laborer/<int:laborer_pk>/", views.laborer_place, name="laborer_place"),
    path("placements/unlinked/", views.unlinked, name="unlinked"),
    path("placements/laborers/<slug:group>/", views.laborer_group, name="laborer_group"),
]

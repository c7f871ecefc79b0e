from django.urls import path
from django.views.generic import RedirectView

from laborers import views

app_name = "laborers"

urlpatterns = [
    path("workspace/", views.workspace, name="workspace"),
    # the foundation's 辖区概况 is part of the workspace now
    path("overview/", RedirectView.as_view(pattern_name="laborers:workspace"), name="overview"),
    path("warnings/", views.warnings, name="warnings"),
    path("quality/", views.quality_overview, name="quality"),
    path("quality/<slug:key>/", views.quality_list, name="quality_list"),
    # laborers
    path("people/", views.laborer_list, name="laborer_list"),
    path("people/export/", views.laborer_export, name="laborer_export"),
    path("people/<int:pk>/", views.laborer_detail, name="laborer_detail"),
    path("people/<int:pk>/edit/", views.laborer_edit, name="laborer_edit"),
    path("people/<int:pk>/reveal/", views.laborer_reveal, name="laborer_reveal"),
    path("people/<int:pk>/surveyed/", views.laborer_surveyed, name="laborer_surveyed"),
    path("people/<int:pk>/delete/", views.laborer_delete, name="laborer_delete"),
    path("people/<int:pk>/jobs/new/", views.episode_new, name="episode_new"),
    path("people/<int:pk>/services/new/", views.service_new, name="service_new"),
    # employment episodes and services
    path("jobs/<int:pk>/edit/", views.episode_edit, name="episode_edit"),
    path("jobs/<int:pk>/end/", views.episode_finish, name="episode_end"),
    path("jobs/<int:pk>/delete/", views.episode_delete, name="episode_delete"),
    path("services/<int:pk>/delete/", views.service_delete, name="service_delete"),
    # households
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/delete/", views.household_delete, name="household_delete"),
    path("households/<int:household_pk>/members/new/", views.laborer_create, name="laborer_create"),
]

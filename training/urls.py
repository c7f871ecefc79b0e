"""Mounted at the site root: /training/… for skills training, /entrepreneurship/… for
entrepreneurship support (mentors, guidance, loans, work stations)."""

from django.urls import path

from training import views

app_name = "training"

T = "training"
E = "entrepreneurship"

urlpatterns = [
    # skills training
    path(f"{T}/", views.class_list, name="class_list"),
    path(f"{T}/ledger.xlsx", views.class_export, name="class_export"),
    path(f"{T}/new/", views.class_create, name="class_create"),
    path(f"{T}/<int:pk>/", views.class_detail, name="class_detail"),
    path(f"{T}/<int:pk>/edit/", views.class_edit, name="class_edit"),
    path(f"{T}/<int:pk>/delete/", views.class_delete, name="class_delete"),
    path(f"{T}/<int:pk>/enroll/", views.enroll, name="enroll"),
    path(f"{T}/trainees/<int:pk>/edit/", views.enrollment_edit, name="enrollment_edit"),
    path(f"{T}/trainees/<int:pk>/delete/", views.enrollment_delete, name="enrollment_delete"),
    path(f"{T}/laborer/<int:laborer_pk>/enroll/", views.laborer_enroll, name="laborer_enroll"),
    path(f"{T}/subsidies/", views.subsidy_report, name="subsidy_report"),
    path(f"{T}/subsidies.xlsx", views.subsidy_export, name="subsidy_export"),
    path(f"{T}/demand/", views.demand, name="demand"),
    path(
        f"{T}/laborers/<slug:group>/",
        views.laborer_group,
        {"section": "training"},
        name="training_group",
    ),
    path(f"{T}/trainees/<slug:group>/", views.trainee_group, name="trainee_group"),
    # entrepreneurship support
    path(f"{E}/", views.overview, name="overview"),
    path(
        f"{E}/laborers/<slug:group>/",
        views.laborer_group,
        {"section": "entrepreneur"},
        name="entrepreneur_group",
    ),
    path(f"{E}/mentors/", views.mentor_list, name="mentor_list"),
    path(f"{E}/mentors/new/", views.mentor_create, name="mentor_create"),
    path(f"{E}/mentors/<int:pk>/", views.mentor_detail, name="mentor_detail"),
    path(f"{E}/mentors/<int:pk>/edit/", views.mentor_edit, name="mentor_edit"),
    path(f"{E}/mentors/<int:pk>/delete/", views.mentor_delete, name="mentor_delete"),
    path(f"{E}/guidance/", views.session_list, name="session_list"),
    path(f"{E}/guidance/new/", views.session_create, name="session_create"),
    path(f"{E}/guidance/<int:pk>/", views.session_detail, name="session_detail"),
    path(f"{E}/guidance/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path(f"{E}/guidance/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path(f"{E}/loans/", views.loan_list, name="loan_list"),
    path(f"{E}/loans/ledger.xlsx", views.loan_export, name="loan_export"),
    path(f"{E}/loans/new/", views.loan_create, name="loan_create"),
    path(f"{E}/loans/<int:pk>/", views.loan_detail, name="loan_detail"),
    path(f"{E}/loans/<int:pk>/edit/", views.loan_edit, name="loan_edit"),
    path(f"{E}/loans/<int:pk>/delete/", views.loan_delete, name="loan_delete"),
    path(f"{E}/stations/", views.station_list, name="station_list"),
    path(f"{E}/stations/ledger.xlsx", views.station_export, name="station_export"),
    path(f"{E}/stations/new/", views.station_create, name="station_create"),
    path(f"{E}/stations/<int:pk>/", views.station_detail, name="station_detail"),
    path(f"{E}/stations/<int:pk>/edit/", views.station_edit, name="station_edit"),
    path(f"{E}/stations/<int:pk>/delete/", views.station_delete, name="station_delete"),
    path(f"{E}/stations/<int:pk>/occupy/", views.occupancy_start, name="occupancy_start"),
    path(f"{E}/occupancies/<int:pk>/end/", views.occupancy_end, name="occupancy_end"),
    path(f"{E}/occupancies/<int:pk>/delete/", views.occupancy_delete, name="occupancy_delete"),
]

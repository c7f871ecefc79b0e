from django.urls import path

from cases import helper_views, views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("handling/", views.handling, name="handling"),
    path("helpers/", helper_views.helper_list, name="helper_list"),
    path("helpers/new/", helper_views.helper_create, name="helper_create"),
    path("helpers/assign/", helper_views.helper_assign, name="helper_assign"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/verify/", views.case_verify, name="verify"),
    path("<int:pk>/note/", views.case_note, name="note"),
    path("<int:pk>/dismiss/", views.case_dismiss, name="dismiss"),
    path("<int:pk>/approve/", views.case_approve, name="approve"),
    path("<int:pk>/reject/", views.case_reject, name="reject"),
    path("<int:pk>/supervise/", views.case_supervise, name="supervise"),
]

from django.urls import path

from rectification import views

app_name = "rectification"

urlpatterns = [
    path("", views.task_list, name="list"),
    path("ledger/", views.ledger_export, name="ledger"),
    path("new/", views.task_edit, name="create"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/edit/", views.task_edit, name="edit"),
    path("<int:pk>/reports/new/", views.report_create, name="report_create"),
    path("<int:pk>/request-closeout/", views.closeout_request, name="closeout_request"),
    path("<int:pk>/approve-closeout/", views.closeout_approve, name="closeout_approve"),
    path("<int:pk>/reject-closeout/", views.closeout_reject, name="closeout_reject"),
    path("<int:pk>/reopen/", views.task_reopen, name="reopen"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]

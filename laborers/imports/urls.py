from django.urls import path

from laborers.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("template/<slug:kind>.xlsx", views.template, name="template"),
    path("<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/status.json", views.batch_status, name="status"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/annotated.xlsx", views.annotated, name="annotated"),
    path("<int:pk>/rows/<int:row>/", views.fix_row, name="fix_row"),
]

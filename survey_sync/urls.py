from django.urls import path

from survey_sync import views

app_name = "survey_sync"

urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("new/", views.run_new, name="run_new"),
    path("<int:pk>/", views.run_detail, name="run_detail"),
    path("<int:pk>/file/", views.run_download, name="run_download"),
]

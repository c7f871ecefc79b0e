from django.urls import path

from transfer import views

app_name = "transfer"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("export/", views.event_export, name="event_export"),
    path("new/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("<int:pk>/hire/", views.hire_create, name="hire_create"),
    path("hires/<int:pk>/delete/", views.hire_delete, name="hire_delete"),
]

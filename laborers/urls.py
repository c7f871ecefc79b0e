from django.urls import path

from laborers import views

app_name = "laborers"

urlpatterns = [
    path("overview/", views.overview, name="overview"),
]

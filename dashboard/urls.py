from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.county, name="county"),
    path("report.xlsx", views.county_report, name="county_report"),
    path("township/", views.township, name="township_home"),
    path("township/<int:pk>/", views.township, name="township"),
    path("township/<int:pk>/report.xlsx", views.township_report, name="township_report"),
    path("targets/<int:pk>/<slug:part>/", views.drilldown, name="drilldown"),
]

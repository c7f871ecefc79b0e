from django.urls import path

from vacancies import report, views

app_name = "vacancies"

urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("new/", views.vacancy_create, name="create"),
    path("<int:pk>/", views.vacancy_detail, name="detail"),
    path("<int:pk>/edit/", views.vacancy_edit, name="edit"),
    path("<int:pk>/push/", views.push_create, name="push"),
    path("answers/<int:pk>/", views.answer_edit, name="answer"),
    path("village/<int:pk>/message/", views.village_message, name="village_message"),
    path("village/<int:pk>/sheet/", views.village_sheet, name="village_sheet"),
    path("report/", report.push_report, name="report"),
    path("report/export/", report.push_export, name="export"),
]

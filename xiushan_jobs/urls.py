from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.views import PasswordChangeView
from xiushan_jobs import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("healthz", views.healthz, name="healthz"),
    path("laborers/", include("laborers.urls")),
    path("audit/", include("audit.urls")),
    path("imports/", include("laborers.imports.urls")),
    path("", include("workshops.urls")),
    path("recruitment/", include("transfer.urls")),
    path("", include("training.urls")),
    path("rectification/", include("rectification.urls")),
    path("cases/", include("cases.urls")),
    path("sync/", include("survey_sync.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("bulletins/", include("bulletins.urls")),
    path("vacancies/", include("vacancies.urls")),
    path("jobs/", include("vacancies.public_urls")),
    path("admin/", admin.site.urls),
]

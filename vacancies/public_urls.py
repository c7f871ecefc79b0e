from django.urls import path

from vacancies import public

app_name = "public_jobs"

urlpatterns = [
    path("", public.job_list, name="list"),
    path("<int:pk>/", public.job_detail, name="detail"),
    path("village/<int:pk>/", public.village_jobs, name="village"),
]

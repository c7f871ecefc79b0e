from django.urls import path

from bulletins import views

app_name = "bulletins"

urlpatterns = [
    path("", views.bulletin_list, name="list"),
    path("new/", views.bulletin_new, name="new"),
    path("<int:pk>/", views.bulletin_detail, name="detail"),
    path("<int:pk>/edit/", views.bulletin_edit, name="edit"),
    path("<int:pk>/issue/", views.bulletin_issue_view, name="issue"),
    path("<int:pk>/delete/", views.bulletin_delete, name="delete"),
    path("<int:pk>/docx/", views.bulletin_docx_view, name="docx"),
    path("<int:pk>/pdf/", views.bulletin_pdf_view, name="pdf"),
]

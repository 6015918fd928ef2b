from django.urls import path

from . import views

app_name = "interviews"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("interviews/new/", views.interview_add, name="create"),
    path("interviews/<int:pk>/", views.interview_detail, name="detail"),
    path("interviews/<int:pk>/edit/", views.interview_edit, name="edit"),
    path("interviews/<int:pk>/delete/", views.interview_confirm_delete, name="delete"),
]

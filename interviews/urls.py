from django.urls import path

from . import views, views_flow

app_name = "interviews"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("interviews/new/", views.interview_add, name="create"),
    path("interviews/<int:pk>/", views.interview_detail, name="detail"),
    path("interviews/<int:pk>/edit/", views.interview_edit, name="edit"),
    path("interviews/<int:pk>/delete/", views.interview_confirm_delete, name="delete"),
    path("interviews/<int:pk>/notes/", views.interview_note_add, name="note_add"),
    # The notice-or-reschedule flow (views_flow.py): the start redirects to the step the interview is at.
    path("interviews/<int:pk>/flow/", views_flow.flow_start, name="flow"),
    path("interviews/<int:pk>/flow/<slug:step>/", views_flow.flow_step, name="flow_step"),
    path("interviews/<int:pk>/follow-up/", views_flow.flow_follow_up, name="flow_follow_up"),
]

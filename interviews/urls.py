from django.urls import path

from . import views, views_flow, views_reminders

app_name = "interviews"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("interviews/new/", views.interview_add, name="create"),
    path("interviews/<int:pk>/", views.interview_detail, name="detail"),
    path("interviews/<int:pk>/edit/", views.interview_edit, name="edit"),
    path("interviews/<int:pk>/delete/", views.interview_confirm_delete, name="delete"),
    # The notice-or-reschedule flow (views_flow.py): the start redirects to the step the interview is at.
    path("interviews/<int:pk>/flow/", views_flow.flow_start, name="flow"),
    path("interviews/<int:pk>/flow/<slug:step>/", views_flow.flow_step, name="flow_step"),
    path("interviews/<int:pk>/follow-up/", views_flow.flow_follow_up, name="flow_follow_up"),
    path("interviews/<int:pk>/follow-up/again/", views_reminders.follow_up_again_view, name="follow_up_again"),
    # This interview's reminders (views_reminders.py); the settings page keeps the defaults.
    path("interviews/<int:pk>/reminders/add/", views_reminders.reminder_add_view, name="reminder_add"),
    path("interviews/<int:pk>/reminders/on/", views_reminders.reminder_on_view, name="reminder_on"),
    path(
        "interviews/<int:pk>/reminders/<int:reminder_id>/off/", views_reminders.reminder_off_view, name="reminder_off"
    ),
    # The reminder e-mail's signed snooze link: no log-in (interviews.tokens).
    path("snooze/<str:token>/", views_reminders.snooze, name="snooze"),
]

from django.urls import path

from . import views, views_calendar, views_flow, views_record, views_reminders

app_name = "interviews"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("past/", views.past_interviews, name="past"),
    path("interviews/new/", views.interview_add, name="create"),
    path("interviews/<int:pk>/", views.interview_detail, name="detail"),
    path("interviews/<int:pk>/edit/", views.interview_edit, name="edit"),
    path("interviews/<int:pk>/delete/", views.interview_confirm_delete, name="delete"),
    path("interviews/<int:pk>/notes/", views.interview_note_add, name="note_add"),
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
    # RainCheck in the user's calendar (views_calendar.py): the feed, .ics, import, clashes.
    path("calendar/<str:token>.ics", views_calendar.calendar_feed_view, name="calendar_feed"),
    path("calendar/link/new/", views_calendar.calendar_link_new, name="calendar_link_new"),
    path("calendar/link/off/", views_calendar.calendar_link_off, name="calendar_link_off"),
    path("interviews/<int:pk>/calendar.ics", views_calendar.interview_ics, name="ics"),
    path("interviews/import/", views_calendar.interview_import, name="import"),
    path("interviews/import/pick/", views_calendar.interview_import_pick, name="import_pick"),
    path("interviews/<int:pk>/move-for-clash/", views_calendar.clash_move, name="clash_move"),
    # The user's record (views_record.py): statistics, proof of notice, export and import.
    path("stats/", views_record.statistics, name="statistics"),
    path("record/notice/", views_record.notice_report, name="notice_report"),
    path("record/notice.csv", views_record.notice_report_csv, name="notice_report_csv"),
    path("interviews/<int:pk>/notice/", views_record.interview_notice_report, name="interview_notice_report"),
    path(
        "interviews/<int:pk>/notice.csv", views_record.interview_notice_report_csv, name="interview_notice_report_csv"
    ),
    path("record/export.json", views_record.export_record_json, name="export_json"),
    path("record/export.csv", views_record.export_record_csv, name="export_csv"),
    path("record/import/", views_record.import_upload, name="record_import"),
    path("record/import/confirm/", views_record.import_confirm, name="record_import_confirm"),
]

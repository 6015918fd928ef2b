from django.urls import path

from . import views

app_name = "interviews"

# Placeholder routes so base.html renders; the interview pages replace these views.
urlpatterns = [
    path("", views.placeholder, name="dashboard"),
    path("interviews/new/", views.placeholder, name="create"),
]

from django.urls import path

from . import views

app_name = "accounts"

# Placeholder routes so base.html renders; the accounts work replaces these views.
urlpatterns = [
    path("login/", views.placeholder, name="login"),
    path("logout/", views.placeholder, name="logout"),
    path("signup/", views.placeholder, name="signup"),
    path("settings/", views.placeholder, name="settings"),
    path("verify/resend/", views.placeholder, name="verification_resend"),
]

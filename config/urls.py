from django.contrib import admin
from django.urls import include, path

from config.health import healthz

admin.site.site_header = "RainCheck administration"
admin.site.site_title = "RainCheck admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("", include("interviews.urls")),
]

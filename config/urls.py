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

# The site's own error pages; none reads the request body (config/errors.py).
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"

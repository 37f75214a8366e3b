from django.contrib import admin
from django.urls import include, path

from marketplace.api.urls import api

handler400 = "marketplace.web.errors.bad_request"
handler403 = "marketplace.web.errors.permission_denied"
handler404 = "marketplace.web.errors.page_not_found"
handler500 = "marketplace.web.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("marketplace.insights.urls")),
    path("", include("marketplace.opendata.urls")),
    path("", include("marketplace.web.urls")),
]

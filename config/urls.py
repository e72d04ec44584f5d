"""One namespaced include per app; the API under /api/v1/; JSON errors for /api/."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("cleanprod.reporting.urls")),
    path("accounts/", include("cleanprod.accounts.urls")),
    path("regions/", include("cleanprod.regions.urls")),
    path("registry/", include("cleanprod.registry.urls")),
    path("trail/", include("cleanprod.trail.urls")),
    path("workdays/", include("cleanprod.workdays.urls")),
    path("agencies/", include("cleanprod.agencies.urls")),
    path("experts/", include("cleanprod.experts.urls")),
    path("audits/", include("cleanprod.audits.urls")),
    path("performance/", include("cleanprod.performance.urls")),
    path("reviews/", include("cleanprod.reviews.urls")),
    path("public/", include("cleanprod.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include("config.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("maintenance/", admin.site.urls),
]

handler400 = "cleanprod.core.views.bad_request"
handler403 = "cleanprod.core.views.permission_denied"
handler404 = "cleanprod.core.views.page_not_found"

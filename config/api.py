"""/api/v1/, assembled from each app's api/urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("cleanprod.accounts.api.urls")),
    path("", include("cleanprod.regions.api.urls")),
    path("", include("cleanprod.registry.api.urls")),
    path("", include("cleanprod.experts.api.urls")),
    path("", include("cleanprod.agencies.api.urls")),
    path("", include("cleanprod.audits.api.urls")),
    path("", include("cleanprod.reviews.api.urls")),
]

"""Pages of the expert pool."""

from cleanprod.experts.views import app_name, urlpatterns

__all__ = ["app_name", "urlpatterns"]

"""Pages of evaluation and acceptance."""

from cleanprod.reviews.views import config, flow, stats

app_name = "reviews"
urlpatterns = [
    *flow.urlpatterns,
    *stats.urlpatterns,
    *config.urlpatterns,
]

"""/api/v1/agencies/ and /api/v1/agency-filings/."""

from rest_framework.routers import SimpleRouter

from cleanprod.agencies.api.views import AgencyFilingViewSet, AgencyViewSet

router = SimpleRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("agency-filings", AgencyFilingViewSet, basename="agency-filing")
urlpatterns = router.urls

"""/api/v1/lists/ and /api/v1/audits/ with action endpoints for transitions."""

from rest_framework.routers import SimpleRouter

from cleanprod.audits.api import audits, lists

router = SimpleRouter()
lists.register(router)
audits.register(router)
urlpatterns = router.urls

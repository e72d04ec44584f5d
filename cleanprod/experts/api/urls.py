"""/api/v1/experts/ with action endpoints for admission and status changes."""

from rest_framework.routers import SimpleRouter

from cleanprod.experts.api import views

router = SimpleRouter()
views.register(router)
urlpatterns = router.urls

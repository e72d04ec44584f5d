"""/api/v1/reviews/ and /api/v1/seats/ with action endpoints for each step."""

from rest_framework.routers import SimpleRouter

from cleanprod.reviews.api import views

router = SimpleRouter()
views.register(router)
urlpatterns = router.urls

from rest_framework.routers import SimpleRouter

from cleanprod.registry.api import views

router = SimpleRouter()
router.register("industries", views.IndustryViewSet, basename="industry")
router.register("catalogues", views.CatalogueViewSet, basename="catalogue")
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("parks", views.ParkViewSet, basename="park")
router.register("permits", views.PermitViewSet, basename="permit")
urlpatterns = router.urls

"""Public pages: no sign-in; published information only."""

from django.urls import path

from cleanprod.portal import views

app_name = "portal"
urlpatterns = [
    path("lists/", views.PublicListIndexView.as_view(), name="lists"),
    path("lists/<int:pk>/", views.PublicListDetailView.as_view(), name="list"),
    path("lists/<int:pk>/export.xlsx", views.PublicListExportView.as_view(), name="list_export"),
]

from django.urls import path

from cleanprod.trail import views

app_name = "trail"

urlpatterns = [
    path("", views.TrailListView.as_view(), name="list"),
    path("export.xlsx", views.TrailExportView.as_view(), name="export"),
]

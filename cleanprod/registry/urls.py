from django.urls import path

from cleanprod.registry import (
    views,
    views_catalogues,
    views_corrections,
    views_edit,
    views_excel,
    views_lists,
)

app_name = "registry"

urlpatterns = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprises"),
    path("enterprises/new/", views_edit.EnterpriseEditView.as_view(), name="enterprise_new"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise"),
    path(
        "enterprises/<int:pk>/edit/",
        views_edit.EnterpriseEditView.as_view(),
        name="enterprise_edit",
    ),
    path("enterprises/<int:pk>/contacts/", views.EnterpriseContactsView.as_view(), name="contacts"),
    path(
        "enterprises/<int:pk>/corrections/",
        views_corrections.CorrectionProposeView.as_view(),
        name="correction_propose",
    ),
    path("corrections/", views_corrections.CorrectionListView.as_view(), name="corrections"),
    path(
        "corrections/<int:pk>/<str:decision>/",
        views_corrections.CorrectionDecideView.as_view(),
        name="correction_decide",
    ),
    path("catalogues/", views_catalogues.CatalogueListView.as_view(), name="catalogues"),
    path(
        "catalogues/new/", views_catalogues.CatalogueActionView.as_view(), name="catalogue_create"
    ),
    path("catalogues/<int:pk>/", views_catalogues.CatalogueDetailView.as_view(), name="catalogue"),
    path(
        "catalogues/<int:pk>/<slug:action>/",
        views_catalogues.CatalogueActionView.as_view(),
        name="catalogue_action",
    ),
    path("parks/", views_lists.ParkListView.as_view(), name="parks"),
    path("permits/", views_lists.PermitListView.as_view(), name="permits"),
    path("import/<slug:kind>/", views_excel.ImportView.as_view(), name="import"),
    path("template/<slug:kind>.xlsx", views_excel.TemplateDownloadView.as_view(), name="template"),
    path("export/<slug:kind>.xlsx", views_excel.ExportView.as_view(), name="export"),
]

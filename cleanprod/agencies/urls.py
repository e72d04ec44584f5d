"""Pages of the agency register, an agency's own page and filing decisions."""

from django.urls import path

from cleanprod.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.RegisterView.as_view(), name="register"),
    path("mine/", views.MineView.as_view(), name="mine"),
    path("rules/", views.RulesView.as_view(), name="rules"),
    path("mine/filing/", views.FilingSubmitView.as_view(), name="filing_submit"),
    path("<int:pk>/", views.AgencyDetailView.as_view(), name="detail"),
    path("staff/<int:pk>/", views.StaffEditView.as_view(), name="staff_edit"),
    path("filings/<int:pk>/", views.FilingView.as_view(), name="filing"),
    path(
        "filings/<int:pk>/<str:decision>/",
        views.FilingDecideView.as_view(),
        name="filing_decide",
    ),
    path("documents/<int:pk>/", views.DocumentView.as_view(), name="document"),
]

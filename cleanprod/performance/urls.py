"""Pages of the options of an audit."""

from django.urls import path

from cleanprod.performance.views import OptionDetailView, OptionListView

app_name = "performance"
urlpatterns = [
    path("audits/<int:audit_pk>/options/", OptionListView.as_view(), name="options"),
    path("audits/<int:audit_pk>/options/<int:pk>/", OptionDetailView.as_view(), name="option"),
    path(
        "audits/<int:audit_pk>/options/<int:pk>/<slug:action>/",
        OptionDetailView.as_view(),
        name="option_action",
    ),
]

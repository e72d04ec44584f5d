"""Pages of the working-day calendar."""

from django.urls import path

from cleanprod.workdays.views import CurrentYearView, YearView

app_name = "workdays"
urlpatterns = [
    path("", CurrentYearView.as_view(), name="current"),
    path("<int:year>/", YearView.as_view(), name="year"),
]

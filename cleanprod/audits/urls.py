"""Pages of lists, audit cases, their phases, the clock and voluntary applications."""

from cleanprod.audits.views import cases, clock, lists, phases, voluntary

app_name = "audits"
urlpatterns = [
    *lists.urlpatterns,
    *cases.urlpatterns,
    *phases.urlpatterns,
    *clock.urlpatterns,
    *voluntary.urlpatterns,
]

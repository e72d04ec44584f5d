"""RegionFilterSet, shared by the list page and the API."""

import django_filters
from django.db.models import Q

from cleanprod.regions.models import Region


class RegionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="q")
    parent = django_filters.CharFilter(field_name="parent__code")
    current = django_filters.BooleanFilter(method="filter_current")

    class Meta:
        model = Region
        fields = ["level", "code"]

    def search(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(Q(name__contains=value) | Q(code__startswith=value))

    def filter_current(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(valid_to__isnull=value)

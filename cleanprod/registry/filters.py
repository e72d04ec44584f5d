"""EnterpriseFilterSet and friends, shared by the list pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cleanprod.core.search import search_filter
from cleanprod.registry.models import Enterprise, Industry, IndustryCatalogue, Park, Permit

FLAGS = {
    "key_pollutant_unit": _("Key pollutant discharge unit"),
    "exceeds_standard": _("Exceeds discharge standards"),
    "exceeds_cap": _("Exceeds total-emission caps"),
    "over_energy_quota": _("Over the energy quota"),
    "uses_toxic": _("Uses or discharges toxic substances"),
}


def industry_q(field: str, paths: list[str]) -> Q:
    q = Q()
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


class EnterpriseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    region = django_filters.CharFilter(method="filter_region", label=_("Region code"))
    industry = django_filters.CharFilter(method="filter_industry", label=_("Industry code"))
    catalogue = django_filters.CharFilter(method="filter_catalogue", label=_("Catalogue"))
    flag = django_filters.MultipleChoiceFilter(
        choices=list(FLAGS.items()), method="filter_flags", label=_("Flags")
    )
    park = django_filters.NumberFilter(field_name="park_id", label=_("Industrial park"))
    status = django_filters.ChoiceFilter(
        choices=Enterprise.Status.choices, label=_("Operating status")
    )
    scale = django_filters.ChoiceFilter(choices=Enterprise.Scale.choices, label=_("Scale"))

    class Meta:
        model = Enterprise
        fields = ["q", "region", "industry", "catalogue", "flag", "park", "status", "scale"]

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return qs
        code = value.upper()
        if len(code) >= 6 and code.isalnum() and code.isascii():
            return qs.filter(credit_code__startswith=code)
        return search_filter(qs, value, fallback_fields=("name", "former_names", "address"))

    def filter_region(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        from cleanprod.regions.models import Region

        region = Region.objects.filter(code=value.strip()).order_by("valid_to").first()
        return qs.filter(region__path__startswith=region.path) if region else qs.none()

    def filter_industry(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        industry = Industry.objects.filter(code=value.strip().upper()).first()
        return qs.filter(industry_path__startswith=industry.path) if industry else qs.none()

    def filter_catalogue(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        catalogue = IndustryCatalogue.objects.published().filter(slug=value).first()
        if catalogue is None:
            return qs.none()
        paths = list(catalogue.industries.values_list("path", flat=True))
        return qs.filter(industry_q("industry_path", paths)) if paths else qs.none()

    def filter_flags(self, qs: QuerySet, name: str, value: list[str]) -> QuerySet:
        for flag in value:
            if flag in FLAGS:
                qs = qs.filter(**{flag: True})
        return qs


class ParkFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Name"))
    level = django_filters.ChoiceFilter(choices=Park.Level.choices, label=_("Level"))

    class Meta:
        model = Park
        fields = ["q", "level"]


class PermitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Permit number or enterprise"))
    category = django_filters.ChoiceFilter(
        choices=Permit.Category.choices, label=_("Management category")
    )
    enterprise = django_filters.CharFilter(
        field_name="enterprise__credit_code", label=_("Credit code")
    )

    class Meta:
        model = Permit
        fields = ["q", "category", "enterprise"]

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(Q(number__startswith=value.strip()) | Q(enterprise__name__contains=value))


class IndustryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Code or name"))
    level = django_filters.ChoiceFilter(choices=Industry.Level.choices, label=_("Level"))
    parent = django_filters.CharFilter(field_name="parent__code", label=_("Parent code"))

    class Meta:
        model = Industry
        fields = ["q", "level", "parent"]

    def filter_q(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        return qs.filter(Q(code__startswith=value.strip().upper()) | Q(name__contains=value))

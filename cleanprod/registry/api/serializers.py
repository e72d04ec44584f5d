from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cleanprod.registry.models import (
    Enterprise,
    Industry,
    IndustryCatalogue,
    Park,
    Permit,
    PermitAllowance,
)
from cleanprod.registry.privacy import mask_name, mask_phone


class IndustrySerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)

    class Meta:
        model = Industry
        fields = ["code", "name", "name_en", "level", "parent", "path"]


class CatalogueSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    # declared, so the schema is the same on SQLite and PostgreSQL (small-integer ranges differ)
    version = serializers.IntegerField(read_only=True)
    cycle_years = serializers.IntegerField(read_only=True, allow_null=True)
    entries = serializers.SerializerMethodField()

    class Meta:
        model = IndustryCatalogue
        fields = [
            "slug",
            "name",
            "kind",
            "region",
            "version",
            "status",
            "cycle_years",
            "source",
            "published_at",
            "entries",
        ]

    def get_entries(self, obj: IndustryCatalogue) -> list[dict[str, str]]:
        return [{"code": e.industry.code, "tag": e.tag} for e in obj.entries.all()]


class EnterpriseSerializer(serializers.ModelSerializer):
    """Contacts are masked unless the caller may see them (their own enterprise, or officials
    who show them on the enterprise page, where it is recorded)."""

    region = serializers.CharField(source="region.code")
    industry = serializers.CharField(source="industry.code")
    park = serializers.CharField(source="park.name", allow_null=True, default=None)
    contact_name = serializers.SerializerMethodField()
    contact_phone = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "credit_code",
            "name",
            "former_names",
            "region",
            "address",
            "longitude",
            "latitude",
            "industry",
            "scale",
            "park",
            "status",
            "key_pollutant_unit",
            "exceeds_standard",
            "exceeds_cap",
            "over_energy_quota",
            "uses_toxic",
            "contact_name",
            "contact_phone",
            "updated_at",
        ]

    def _own(self, obj: Enterprise) -> bool:
        scope: Any = self.context["request"].scope
        return obj.pk in scope.parties.get("enterprise", ())

    def get_contact_name(self, obj: Enterprise) -> str:
        return obj.contact_name if self._own(obj) else mask_name(obj.contact_name)

    def get_contact_phone(self, obj: Enterprise) -> str:
        return obj.contact_phone if self._own(obj) else mask_phone(obj.contact_phone)


class ParkSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")

    class Meta:
        model = Park
        fields = ["id", "name", "level", "region", "address", "established_on"]


class AllowanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = PermitAllowance
        fields = ["pollutant", "annual_t"]


class PermitSerializer(serializers.ModelSerializer):
    enterprise = serializers.CharField(source="enterprise.credit_code")
    allowances = AllowanceSerializer(many=True)

    class Meta:
        model = Permit
        fields = [
            "id",
            "number",
            "enterprise",
            "category",
            "issued_by",
            "valid_from",
            "valid_to",
            "allowances",
        ]

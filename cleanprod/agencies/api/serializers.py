"""API shapes of agencies, their staff and filings (output) and the inputs of each action."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from cleanprod.agencies.models import Agency, AgencyFiling, AgencyFilingDocument, AgencyStaff


def _codes() -> serializers.SlugRelatedField:
    """GB/T 4754 division codes."""
    return serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)


class AgencySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    industry_scope = _codes()
    filing_status = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = [
            "id",
            "credit_code",
            "name",
            "region",
            "status",
            "filing_status",
            "filed_until",
            "industry_scope",
            "grade",
        ]

    def get_filing_status(self, obj: Agency) -> str:
        """The filing status today (a filing whose validity has passed reads as expired)."""
        return obj.filing_status_on(timezone.localdate())


class AgencyStaffSerializer(serializers.ModelSerializer):
    industries = _codes()

    class Meta:
        model = AgencyStaff
        fields = [
            "id",
            "agency",
            "name",
            "position",
            "certificate_no",
            "certificate_valid_until",
            "industries",
            "user",
            "active",
        ]


class FilingDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgencyFilingDocument
        fields = ["id", "title", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class AgencyFilingSerializer(serializers.ModelSerializer):
    industry_scope = _codes()
    documents = FilingDocumentSerializer(many=True, read_only=True)
    submitted_by = serializers.CharField(source="submitted_by.username", default=None)
    decided_by = serializers.CharField(source="decided_by.username", default=None)
    # declared, so the schema does not take the database's small-integer range (it differs
    # between SQLite and PostgreSQL)
    staff_count = serializers.IntegerField(
        read_only=True, label=AgencyFiling._meta.get_field("staff_count").verbose_name
    )

    class Meta:
        model = AgencyFiling
        fields = [
            "id",
            "agency",
            "status",
            "submitted_by",
            "submitted_at",
            "independent_legal_person",
            "quality_system",
            "quality_system_description",
            "balance_test_equipment",
            "industry_scope",
            "staff_count",
            "documents",
            "decided_by",
            "decided_at",
            "decision_reason",
            "valid_from",
            "valid_until",
        ]


# --- input ------------------------------------------------------------------------------------


class StaffInput(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    position = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    certificate_no = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    certificate_valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    industries = serializers.ListField(
        child=serializers.CharField(max_length=4), required=False, default=list
    )


class FilingInput(serializers.Serializer):
    agency = serializers.IntegerField()
    independent_legal_person = serializers.BooleanField(default=False)
    quality_system = serializers.BooleanField(default=False)
    quality_system_description = serializers.CharField(required=False, allow_blank=True, default="")
    balance_test_equipment = serializers.CharField(required=False, allow_blank=True, default="")
    industry_scope = serializers.ListField(child=serializers.CharField(max_length=4))
    documents = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class DecisionInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")

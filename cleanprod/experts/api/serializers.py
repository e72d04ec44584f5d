"""Shapes of the expert API: output, and one input serializer per action."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cleanprod.experts.models import Conflict, Expert, ExpertDocument, Field, StatusChange


class ConflictSerializer(serializers.ModelSerializer):
    class Meta:
        model = Conflict
        fields = ["id", "kind", "credit_code", "organisation", "note", "until", "declared_at"]
        read_only_fields = fields


class StatusChangeSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", read_only=True, default=None)

    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "reason", "rule", "by", "at"]
        read_only_fields = fields


class ExpertSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    specialties = serializers.SerializerMethodField()
    expertise = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Expert
        fields = [
            "id",
            "pool_no",
            "name",
            "region",
            "region_name",
            "title",
            "employer",
            "employer_credit_code",
            "specialties",
            "expertise",
            "status",
            "status_reason",
            "applied_on",
            "admitted_on",
            "next_reevaluation_on",
        ]
        read_only_fields = fields

    def get_specialties(self, obj: Expert) -> list[str]:
        return [i.code for i in obj.specialties.all()]


class ContactsSerializer(serializers.Serializer):
    phone = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)


class ExpertDetailSerializer(ExpertSerializer):
    """One expert with status history and conflicts; contacts masked per the caller."""

    phone = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    qualifications = serializers.CharField(read_only=True)
    history = serializers.SerializerMethodField()
    conflicts = serializers.SerializerMethodField()
    rating_average = serializers.SerializerMethodField()
    rating_count = serializers.SerializerMethodField()

    class Meta(ExpertSerializer.Meta):
        fields = [
            *ExpertSerializer.Meta.fields,
            "qualifications",
            "phone",
            "email",
            "history",
            "conflicts",
            "rating_average",
            "rating_count",
        ]
        read_only_fields = fields

    def _file(self) -> Any:
        return self.context["file"]

    def get_phone(self, obj: Expert) -> str:
        return str(self._file().phone)

    def get_email(self, obj: Expert) -> str:
        return str(self._file().email)

    def get_history(self, obj: Expert) -> list[dict[str, Any]]:
        return StatusChangeSerializer(self._file().history, many=True).data  # type: ignore[return-value]

    def get_conflicts(self, obj: Expert) -> list[dict[str, Any]]:
        return ConflictSerializer(self._file().conflicts, many=True).data  # type: ignore[return-value]

    def get_rating_average(self, obj: Expert) -> str | None:
        avg = self._file().average
        return None if avg.average is None else avg.shown

    def get_rating_count(self, obj: Expert) -> int:
        return int(self._file().average.count)


class ApplyInput(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    region = serializers.CharField(max_length=6, help_text="Division code of the expert's region.")
    title = serializers.CharField(max_length=60)
    employer = serializers.CharField(max_length=120)
    employer_credit_code = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default=""
    )
    specialties = serializers.ListField(
        child=serializers.CharField(max_length=4), help_text="GB/T 4754 division codes."
    )
    expertise = serializers.ListField(
        child=serializers.ChoiceField(Field.choices), required=False, default=list
    )
    qualifications = serializers.CharField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField()


class ConflictInput(serializers.Serializer):
    kind = serializers.ChoiceField(Conflict.Kind.choices)
    credit_code = serializers.CharField(max_length=30)
    organisation = serializers.CharField(max_length=120)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    until = serializers.DateField(required=False, allow_null=True, default=None)


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExpertDocument
        fields = ["id", "kind", "original_name", "sha256", "uploaded_at"]
        read_only_fields = fields

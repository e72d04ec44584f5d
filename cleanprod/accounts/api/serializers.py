from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cleanprod.accounts.models import RoleAssignment, User


class RoleAssignmentSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.slug")
    role_label = serializers.CharField(source="role.label")
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")

    class Meta:
        model = RoleAssignment
        fields = ["role", "role_label", "region", "region_name", "include_descendants", "party_id"]


class UserSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", allow_null=True, default=None)
    roles = RoleAssignmentSerializer(source="assignments", many=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "display_name",
            "organisation",
            "region",
            "is_active",
            "last_login",
            "roles",
        ]


class MeSerializer(UserSerializer):
    permissions = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "email", "permissions", "language"]

    def get_permissions(self, obj: User) -> list[str]:
        return sorted(self.context["request"].scope.by_perm)

    def get_language(self, obj: Any) -> str:
        return str(getattr(self.context["request"], "LANGUAGE_CODE", ""))

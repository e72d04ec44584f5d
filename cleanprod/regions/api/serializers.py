from rest_framework import serializers

from cleanprod.regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    depth = serializers.IntegerField(read_only=True)  # same schema on SQLite and PostgreSQL
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)
    superseded_by = serializers.CharField(
        source="superseded_by.code", allow_null=True, default=None
    )

    class Meta:
        model = Region
        fields = [
            "code",
            "name",
            "level",
            "parent",
            "path",
            "depth",
            "valid_from",
            "valid_to",
            "superseded_by",
        ]

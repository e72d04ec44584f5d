"""Staff maintenance: the trail is read-only here too."""

from typing import Any

from django.contrib import admin

from cleanprod.trail.models import TrailEvent


@admin.register(TrailEvent)
class TrailEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_username", "action", "result", "source_ip", "object_repr"]
    list_filter = ["action", "result"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

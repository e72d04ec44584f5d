"""Staff maintenance, not the product UI."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cleanprod.regions.models import Region


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "superseded_by"]

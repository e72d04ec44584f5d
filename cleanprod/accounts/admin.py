"""Staff maintenance, not the product UI."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from cleanprod.accounts.models import Role, RoleAssignment, User


class AssignmentInline(admin.TabularInline):
    """Read-only: roles are granted through `role_grant()` (add_account), which keeps the
    administrators exclusive and writes the trail."""

    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = readonly_fields = ["role", "region", "include_descendants", "granted_at", "granted_by"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "region", "is_active", "last_login"]
    raw_id_fields = ["region"]
    inlines = [AssignmentInline]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("CleanProd", {"fields": ("display_name", "organisation", "region")}),
    )


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    """Read-only: roles are data in roles.py, applied by `sync_roles`."""

    list_display = ["slug", "is_admin", "party"]
    readonly_fields = ["slug", "is_admin", "party", "permissions"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

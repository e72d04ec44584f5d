from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cleanprod.accounts.api.serializers import MeSerializer, UserSerializer
from cleanprod.accounts.models import RoleAssignment, User
from cleanprod.core.api import ScopedViewSetMixin


class MeView(APIView):
    """The signed-in person, their roles and permissions (always their own record)."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = (
            User.objects.select_related("region")
            .prefetch_related(
                Prefetch("assignments", RoleAssignment.objects.select_related("role", "region"))
            )
            .get(pk=request.user.pk)
        )
        return Response(MeSerializer(user, context={"request": request}).data)


class UserViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Accounts in the caller's jurisdiction."""

    queryset = User.objects.all()
    serializer_class = UserSerializer
    scope_perm = "accounts.view_user"
    filterset_fields = ["is_active"]

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("region")
            .prefetch_related(
                Prefetch("assignments", RoleAssignment.objects.select_related("role", "region"))
            )
        )

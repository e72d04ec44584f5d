"""/api/v1/experts/: the pool, scoped; admission and status changes are action endpoints, each
with an input serializer calling one service and returning the expert;
/api/v1/experts/{id}/conflicts/ lists and declares conflicts, …/conflicts/{cid}/ withdraws."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cleanprod.core.api import ScopedViewSetMixin
from cleanprod.core.errors import DomainError
from cleanprod.experts.api.serializers import (
    ApplyInput,
    ConflictInput,
    ConflictSerializer,
    ContactsSerializer,
    ExpertDetailSerializer,
    ExpertSerializer,
    NoteInput,
    ReasonInput,
)
from cleanprod.experts.models import Expert
from cleanprod.experts.selectors import expert_file, expert_queryset
from cleanprod.experts.services import (
    conflict_declare,
    conflict_withdraw,
    expert_admit,
    expert_apply,
    expert_contacts_show,
    expert_reinstate,
    expert_reject,
    expert_remove,
    expert_suspend,
)
from cleanprod.regions.models import Region


class ExpertViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The expert pool of the caller's reach; filters `status`, `specialty` (any GB/T 4754
    code: a class finds its division's experts), `region` (subtree), `field`, `q`."""

    queryset = Expert.objects.all()
    serializer_class = ExpertSerializer

    def get_queryset(self) -> Any:
        return expert_queryset(scope=self.request.scope, filters=self.request.query_params)  # type: ignore[attr-defined]

    def _done(self, expert: Expert, code: int = status.HTTP_200_OK) -> Response:
        fresh = Expert.objects.select_related("region").get(pk=expert.pk)
        scope = self.request.scope  # type: ignore[attr-defined]
        own = fresh.pk in getattr(scope, "parties", {}).get("expert", ())
        file = expert_file(expert=fresh, scope=scope, own=own)
        return Response(ExpertDetailSerializer(fresh, context={"file": file}).data, status=code)

    def _input(self, serializer_class: Any) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(responses=ExpertDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._done(self.get_object())

    @extend_schema(request=ApplyInput, responses={201: ExpertDetailSerializer})
    def create(self, request: Request) -> Response:
        data = self._input(ApplyInput)
        code = data.pop("region")
        region = Region.objects.current().filter(code=code).first()
        if region is None:
            raise DomainError(
                "expert.region_unknown",
                _("No region %(code)s.") % {"code": code},
                fields={"region": [_("Unknown region.")]},
            )
        specialties = data.pop("specialties")
        expert = expert_apply(
            by=request.user, data={**data, "region": region}, specialties=specialties
        )
        return self._done(expert, status.HTTP_201_CREATED)

    @extend_schema(request=NoteInput, responses=ExpertDetailSerializer)
    @action(detail=True, methods=["post"])
    def admit(self, request: Request, pk: str) -> Response:
        data = self._input(NoteInput)
        return self._done(expert_admit(expert=self.get_object(), by=request.user, **data))

    @extend_schema(request=ReasonInput, responses=ExpertDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        data = self._input(ReasonInput)
        return self._done(expert_reject(expert=self.get_object(), by=request.user, **data))

    @extend_schema(request=ReasonInput, responses=ExpertDetailSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, pk: str) -> Response:
        data = self._input(ReasonInput)
        return self._done(expert_suspend(expert=self.get_object(), by=request.user, **data))

    @extend_schema(request=ReasonInput, responses=ExpertDetailSerializer)
    @action(detail=True, methods=["post"])
    def reinstate(self, request: Request, pk: str) -> Response:
        data = self._input(ReasonInput)
        return self._done(expert_reinstate(expert=self.get_object(), by=request.user, **data))

    @extend_schema(request=ReasonInput, responses=ExpertDetailSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request: Request, pk: str) -> Response:
        data = self._input(ReasonInput)
        return self._done(expert_remove(expert=self.get_object(), by=request.user, **data))

    @extend_schema(methods=["GET"], request=None, responses=ConflictSerializer(many=True))
    @extend_schema(methods=["POST"], request=ConflictInput, responses={201: ConflictSerializer})
    @action(detail=True, methods=["get", "post"])
    def conflicts(self, request: Request, pk: str) -> Response:
        expert = self.get_object()
        if request.method == "POST":
            conflict = conflict_declare(
                expert=expert, by=request.user, **self._input(ConflictInput)
            )
            return Response(ConflictSerializer(conflict).data, status=status.HTTP_201_CREATED)
        return Response(ConflictSerializer(expert.conflicts.all(), many=True).data)

    @extend_schema(request=None, responses=ContactsSerializer)
    @action(detail=True, methods=["post"])
    def contacts(self, request: Request, pk: str) -> Response:
        """The expert's phone and email in full, for an examiner; recorded in the trail."""
        shown = expert_contacts_show(expert=self.get_object(), by=request.user)
        return Response(ContactsSerializer(shown).data)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"conflicts/(?P<conflict_id>\d+)",
        url_name="conflict",
    )
    def conflict(self, request: Request, pk: str, conflict_id: str) -> Response:
        expert = self.get_object()
        found = expert.conflicts.filter(pk=int(conflict_id)).first()
        if found is None:
            raise Http404
        conflict_withdraw(
            conflict=found, by=request.user, reason=str(request.query_params.get("reason", ""))
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def register(router: Any) -> None:
    router.register("experts", ExpertViewSet, basename="expert")

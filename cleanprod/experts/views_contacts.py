"""Showing an expert's contacts on purpose (htmx): the examiner asks, the trail records it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from cleanprod.core.views import ScopedObjectMixin
from cleanprod.experts.models import Expert
from cleanprod.experts.services import expert_contacts_show
from cleanprod.experts.workflow import ADMIT_PERM


class ExpertContactsView(ScopedObjectMixin, View):
    model = Expert
    object_perm = ADMIT_PERM

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        contacts = expert_contacts_show(expert=self.get_object(), by=request.user)
        return render(request, "experts/_contacts.html", {"contacts": contacts})

"""Experts for tests: saved through the real services (apply, admit), or straight rows where a
test needs many."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from cleanprod.accounts.models import Role, User
from cleanprod.accounts.services import role_bind_party, role_grant
from cleanprod.experts.models import Expert
from cleanprod.experts.services import expert_admit, expert_apply
from cleanprod.regions.models import Region
from cleanprod.testing.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def apply_data(region: Region | str = "370000", **data: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "马林",
        "region": region,
        "title": "教授级高级工程师",
        "employer": "山东示范大学环境学院",
        "phone": "13912345678",
        "email": "malin@example.cn",
        "expertise": ["cp_audit", "environment"],
    }
    values.update(data)
    return values


def make_expert(
    by: User,
    *,
    region: Region | str = "370000",
    specialties: tuple[str, ...] = ("26",),
    admit: bool = True,
    **data: Any,
) -> Expert:
    """An expert applied for (and admitted) by `by`, an official who may do both."""
    expert = expert_apply(by=by, data=apply_data(region, **data), specialties=specialties)
    if admit:
        expert = expert_admit(expert=expert, by=by)
    return expert


def bind_expert_account(expert: Expert, *, username: str | None = None) -> User:
    """An account with the expert role acting for `expert`."""
    user = UserFactory(username=username or f"expert_{expert.pk}", region=expert.region)
    assignment = role_grant(user=user, role=Role.objects.get(slug="expert"), region=expert.region)
    role_bind_party(assignment=assignment, party_id=expert.pk)
    return user

"""Audit test data: national rules, agencies, party accounts and open audit cases."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.test import Client

from cleanprod.accounts.models import Role, User
from cleanprod.accounts.services import role_grant
from cleanprod.agencies.models import Agency
from cleanprod.audits.models import Audit, Track
from cleanprod.audits.services.config import rules_seed_national
from cleanprod.audits.services.opening import audit_open
from cleanprod.regions.models import Region
from cleanprod.registry.models import Enterprise
from cleanprod.testing.factories import UserFactory
from cleanprod.testing.registry import credit_code_for, make_enterprise

_serial = itertools.count(1)


def seed_rules() -> None:
    """The national rules of the clock and of reviews (data migrations seed them, but
    transactional tests flush the database)."""
    from django.apps import apps

    from cleanprod.reviews.defaults import seed

    rules_seed_national()
    seed(apps)


def make_agency(region: str = "370300", *, filed: bool = True, **data: Any) -> Agency:
    """An agency; `filed`: with an approved filing covering every industry division loaded,
    so it may serve the test enterprises (agencies.selectors.agency_may_serve)."""
    from cleanprod.testing.agencies import file_agency

    values = {
        "credit_code": credit_code_for(region[:4] + "00", 9_000_000 + next(_serial)),
        "name": f"测试咨询{next(_serial)}有限公司",
        "region": Region.objects.get(code=region),
    }
    values.update(data)
    agency = Agency.objects.create(**values)
    if filed:
        file_agency(agency)
    return agency


def party_account(role: str, party_id: int, region: str, *, username: str = "") -> User:
    """An enterprise_user or agency_staff account acting for one enterprise or agency."""
    where = Region.objects.get(code=region)
    user = UserFactory(username=username or f"{role}_{party_id}_{next(_serial)}", region=where)
    role_grant(user=user, role=Role.objects.get(slug=role), region=where, party_id=party_id)
    return user


def enterprise_account(enterprise: Enterprise, **kw: Any) -> User:
    return party_account("enterprise_user", enterprise.pk, enterprise.region.code, **kw)


def agency_account(agency: Agency, **kw: Any) -> User:
    return party_account("agency_staff", agency.pk, agency.region.code, **kw)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_audit(
    enterprise: Enterprise | None = None,
    *,
    county: str = "370303",
    listed_on: date = date(2026, 1, 31),
    track: str = Track.MANDATORY,
    **kw: Any,
) -> Audit:
    """An open (not started) case; the national rules must be seeded (seed_rules)."""
    enterprise = enterprise or make_enterprise(county)
    return audit_open(track=track, listed_on=listed_on, by=None, enterprise=enterprise, **kw)


# --- audit cases: uploaded files and completed phases (test data) ----------------------------

_OLE = bytes.fromhex("D0CF11E0A1B11AE1")
_PNG = b"\x89PNG\r\n\x1a\n"


def ooxml_bytes(part: str = "word/document.xml") -> bytes:
    """A minimal OOXML package: [Content_Types].xml plus the main part."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<document/>")
    return buffer.getvalue()


def file_content(name: str) -> bytes:
    """Bytes whose signature matches the extension of `name`."""
    ext = name.rsplit(".", 1)[-1].lower()
    parts = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/slide1.xml"}
    if ext in parts:
        return ooxml_bytes(parts[ext])
    heads = {"pdf": b"%PDF-1.7\n", "png": _PNG, "jpg": b"\xff\xd8\xff\xe0", "jpeg": b"\xff\xd8\xff"}
    return heads.get(ext, _OLE) + b"\x00" * 64


def upload(name: str = "report.pdf", content: bytes | None = None) -> Any:
    """An uploaded file as a browser would send it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, file_content(name) if content is None else content)


def complete_phases(audit: Audit, upto: int = 5, on: date = date(2026, 6, 1)) -> None:
    """Mark phases 1..upto completed (test data: bypasses the phase service)."""
    from cleanprod.audits.models import PhaseRecord

    PhaseRecord.objects.filter(audit=audit, phase__lte=upto).update(
        status=PhaseRecord.Status.COMPLETED, completed_on=on
    )


def working_audit(enterprise: Enterprise | None = None, **kw: Any) -> Audit:
    """An audit in progress at phase 1, its start filed as a self-audit (test data: bypasses
    the start-filing service); `make_audit`'s arguments apply."""
    audit = make_audit(enterprise, **kw)
    Audit.objects.filter(pk=audit.pk).update(
        status=Audit.Status.IN_PROGRESS,
        self_audit=True,
        started_on=audit.listed_on,
        current_phase=1,
    )
    audit.refresh_from_db()
    return audit


def audit_set_status(audit: Audit, status: str) -> Audit:
    """Force a status (test data), e.g. to check that phase work is refused after submission."""
    Audit.objects.filter(pk=audit.pk).update(status=status)
    audit.refresh_from_db()
    return audit


def grant_role_perms(role: str, *perms: str) -> None:
    """Give a role permissions roles.py does not grant yet (test data; `make sync-roles` would
    take them away again)."""
    from django.contrib.auth.models import Permission

    for perm in perms:
        app, codename = perm.split(".")
        Role.objects.get(slug=role).permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )

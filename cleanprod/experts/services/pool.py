"""Applications to the expert pool and their documents. An official records the application
(status applied) under a fresh pool number; examination follows in `status.py`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.core.errors import DomainError
from cleanprod.experts import workflow
from cleanprod.experts.documents import document_check, sha256_of
from cleanprod.experts.events import ExpertAction
from cleanprod.experts.models import Expert, ExpertDocument, Field, StatusChange, province_path
from cleanprod.experts.services.common import history_user, required
from cleanprod.regions.models import Region
from cleanprod.registry.credit_codes import normalise, problems
from cleanprod.registry.models import Industry
from cleanprod.trail.services import trail_record

TEXT_FIELDS = ("qualifications", "phone", "email")


def pool_no_prefix(region: Region) -> str:
    """ "ZJ370000-": the pool of the region's province."""
    parts = [p for p in province_path(region.path).split("/") if p]
    return f"ZJ{parts[-1]}-"


def pool_no_next(region: Region) -> str:
    """The next free number in the province's pool, e.g. ZJ370000-0025."""
    prefix = pool_no_prefix(region)
    taken = Expert.objects.filter(pool_no__startswith=prefix).values_list("pool_no", flat=True)
    numbers = [int(n[len(prefix) :]) for n in taken if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _region(value: Any) -> Region:
    if isinstance(value, Region):
        return value
    region = Region.objects.current().filter(code=str(value or "").strip()).first()
    if region is None:
        message = _("Choose the region the expert belongs to.")
        raise DomainError("expert.region_unknown", message, fields={"region": [message]})
    return region


def specialties_check(values: Iterable[Any]) -> list[Industry]:
    """GB/T 4754 divisions (two-digit codes) from Industry rows or codes; refuses any other
    level, naming the codes."""
    values = list(values)
    codes = [v.code if isinstance(v, Industry) else str(v).strip() for v in values]
    found = {i.code: i for i in Industry.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    not_division = [c for c in codes if c in found and found[c].level != Industry.Level.DIVISION]
    if not codes:
        message = _("Choose at least one specialty industry (a GB/T 4754 division).")
    elif unknown:
        message = _("Unknown industry codes: %(codes)s.") % {"codes": ", ".join(unknown)}
    elif not_division:
        message = _(
            "Specialties are GB/T 4754 divisions (two-digit codes); %(codes)s is not one."
        ) % {"codes": ", ".join(not_division)}
    else:
        return [found[c] for c in dict.fromkeys(codes)]
    raise DomainError("expert.specialties", message, fields={"specialties": [message]})


def _expertise(values: Iterable[str]) -> list[str]:
    chosen = [str(v) for v in values or ()]
    wrong = [v for v in chosen if v not in Field.values]
    if wrong:
        message = _("Unknown fields of expertise: %(values)s.") % {"values": ", ".join(wrong)}
        raise DomainError("expert.expertise", message, fields={"expertise": [message]})
    return list(dict.fromkeys(chosen))


def _credit_code(raw: str) -> str:
    code = normalise(raw or "")
    if not code:
        return ""
    errors = problems(code)
    if errors:
        raise DomainError(
            "expert.employer_credit_code",
            "; ".join(errors),
            fields={"employer_credit_code": errors},
        )
    return code


@transaction.atomic
def expert_apply(
    *,
    by: Any,
    data: Mapping[str, Any],
    specialties: Iterable[Any],
    documents: Iterable[tuple[str, Any]] = (),
) -> Expert:
    """Record an application (status applied) under the next pool number of the province,
    with its specialties (GB/T 4754 divisions) and documents; all or nothing."""
    region = _region(data.get("region"))
    ensure_allowed(by, workflow.ADD_PERM, region)
    name = required(data.get("name", ""), "name", _("Give the expert's name."))
    title = required(data.get("title", ""), "title", _("Give the professional title."))
    employer = required(data.get("employer", ""), "employer", _("Give the employer."))
    industries = specialties_check(specialties)
    applied_on = data.get("applied_on") or timezone.localdate()
    if isinstance(applied_on, str):
        applied_on = datetime.date.fromisoformat(applied_on)
    # the pool number is taken under the lock of the province's last expert
    prefix = pool_no_prefix(region)
    list(
        Expert.objects.select_for_update(of=("self",))
        .filter(pool_no__startswith=prefix)
        .order_by("-pk")[:1]
    )
    expert = Expert(
        pool_no=pool_no_next(region),
        name=name,
        region=region,
        title=title,
        employer=employer,
        employer_credit_code=_credit_code(data.get("employer_credit_code", "")),
        expertise=_expertise(data.get("expertise", ())),
        status=Expert.Status.APPLIED,
        applied_on=applied_on,
        **{f: str(data.get(f) or "").strip() for f in TEXT_FIELDS},
    )
    try:
        expert.full_clean(exclude=["user"])
    except ValidationError as exc:
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        message = " ".join(m for msgs in fields.values() for m in msgs)
        raise DomainError("expert.invalid", message, fields=fields) from exc
    history_user(expert, by)
    expert.save()
    expert.specialties.set(industries)
    StatusChange.objects.create(
        expert=expert,
        from_status="",
        to_status=Expert.Status.APPLIED,
        reason=_("Application recorded."),
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    trail_record(
        ExpertAction.APPLIED,
        by=by,
        obj=expert,
        region_path=region.path,
        details={"pool_no": expert.pool_no, "specialties": [i.code for i in industries]},
    )
    for kind, file in documents:
        _document_store(expert=expert, kind=kind, file=file, by=by)
    return expert


def _document_store(*, expert: Expert, kind: str, file: Any, by: Any) -> ExpertDocument:
    if kind not in ExpertDocument.Kind.values:
        message = _("Choose the kind of document.")
        raise DomainError("expert.document_kind", message, fields={"kind": [message]})
    document_check(file)
    original = PurePath(file.name).name
    document = ExpertDocument(
        expert=expert,
        kind=kind,
        original_name=original[-200:],
        sha256=sha256_of(file),
        uploaded_by=by,
    )
    document.file = File(file, name=original[-100:])
    document.save()
    trail_record(
        ExpertAction.DOCUMENT_ADDED,
        by=by,
        obj=expert,
        region_path=expert.region.path,
        details={"document": document.pk, "kind": kind, "sha256": document.sha256},
    )
    return document


@transaction.atomic
def expert_document_add(*, expert: Expert, kind: str, file: Any, by: Any) -> ExpertDocument:
    """File a document with an application or a member's record (type checked by content,
    hashed, never overwritten); refused once the expert is removed or rejected."""
    expert = (
        Expert.objects.select_for_update(of=("self",)).select_related("region").get(pk=expert.pk)
    )
    ensure_allowed(by, workflow.ADD_PERM, expert)
    if expert.status in workflow.FINAL:
        raise DomainError(
            "expert.final",
            _("The expert's status %(status)s is final; no documents can be added.")
            % {"status": expert.get_status_display()},
            status=409,
        )
    return _document_store(expert=expert, kind=kind, file=file, by=by)

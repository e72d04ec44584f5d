"""Writing enterprises: one at a time (page, API) and the screening flags."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.core.errors import DomainError
from cleanprod.core.search import tokens
from cleanprod.registry.models import EnergyUse, Enterprise, Exceedance, ToxicSubstance
from cleanprod.registry.rules import Lookups, enterprise_apply, enterprise_clean
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record

TOKEN_FIELDS = ("name", "former_names", "address", "credit_code")


def enterprise_tokens(enterprise: Enterprise) -> str:
    """The search tokens of name, former names, address and credit code."""
    return tokens(*(getattr(enterprise, f) for f in TOKEN_FIELDS))


@transaction.atomic
def enterprise_save(
    *, data: dict[str, Any], by: Any, enterprise: Enterprise | None = None
) -> Enterprise:
    """Create or change one enterprise; the region must be inside the person's scope
    (`by=None` is the system itself: the demo loader, a data migration)."""
    if enterprise is not None:
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        if by is not None:
            ensure_allowed(by, "registry.change_enterprise", enterprise)
    clean, errors = enterprise_clean(data, Lookups())
    code = clean.get("credit_code")
    taken = Enterprise.objects.filter(credit_code=code)
    if code and taken.exclude(pk=enterprise.pk if enterprise else None).exists():
        errors.setdefault("credit_code", []).append(
            _("An enterprise with this credit code is already registered.")
        )
    if errors:
        raise DomainError("registry.invalid", _("The enterprise has errors."), fields=errors)
    created = enterprise is None
    saved = enterprise or Enterprise()
    changed = enterprise_apply(saved, clean)
    if by is not None:
        perm = "registry.add_enterprise" if created else "registry.change_enterprise"
        ensure_allowed(by, perm, saved.region)
    saved.search_tokens = enterprise_tokens(saved)
    if by is not None:
        saved._history_user = by  # the request's user would be missing outside a request
    saved.save()
    saved.other_industries.set(clean["other_industries"])
    action = (
        TrailEvent.Action.ENTERPRISE_CREATED if created else TrailEvent.Action.ENTERPRISE_UPDATED
    )
    trail_record(
        action,
        by=by,
        obj=saved,
        region_path=saved.region.path,
        details={"credit_code": saved.credit_code, "changed": sorted(changed)},
    )
    return saved


def enterprise_refresh_flags(*, enterprise: Enterprise) -> Enterprise:
    """Recompute the screening flags from the fact records (call after writing facts)."""
    mine = (
        Enterprise.objects.filter(pk=enterprise.pk)
        .annotate(
            _std=Exists(
                Exceedance.objects.filter(enterprise=OuterRef("pk"), kind=Exceedance.Kind.STANDARD)
            ),
            _cap=Exists(
                Exceedance.objects.filter(enterprise=OuterRef("pk"), kind=Exceedance.Kind.CAP)
            ),
            _toxic=Exists(ToxicSubstance.objects.filter(enterprise=OuterRef("pk"))),
        )
        .get()
    )
    latest = EnergyUse.objects.filter(enterprise=enterprise).order_by("-year").first()
    enterprise.exceeds_standard = mine._std
    enterprise.exceeds_cap = mine._cap
    enterprise.uses_toxic = mine._toxic
    enterprise.over_energy_quota = bool(latest and latest.over_quota)
    enterprise.save(
        update_fields=[
            "exceeds_standard",
            "exceeds_cap",
            "uses_toxic",
            "over_energy_quota",
            "updated_at",
        ]
    )
    return enterprise

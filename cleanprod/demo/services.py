"""Load the demo; running it again changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from cleanprod.accounts.models import Role, RoleAssignment, User
from cleanprod.accounts.services import account_create, role_bind_party
from cleanprod.audits.services.config import rules_seed_national
from cleanprod.demo import enterprises as demo
from cleanprod.demo.audits import agencies_load, audits_load
from cleanprod.demo.data import ACCOUNTS, AGENCY_BINDINGS, DEMO_PASSWORD, ENTERPRISE_BINDINGS
from cleanprod.demo.experts import experts_load
from cleanprod.demo.reviews import reviews_load
from cleanprod.regions.models import Region
from cleanprod.regions.services import BUNDLED_FILE, read_region_file, regions_load
from cleanprod.registry.models import Enterprise
from cleanprod.registry.services.enterprises import enterprise_save
from cleanprod.registry.services.facts import fact_add
from cleanprod.registry.services.industries import catalogues_seed, industries_load
from cleanprod.registry.services.parks_permits import park_save, permit_save


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Regions (if missing) and one account per demo person; skips what is already there."""
    loaded = regions_load(rows=read_region_file(BUNDLED_FILE))
    created = 0
    for spec in ACCOUNTS:
        if User.objects.filter(username=spec.username).exists():
            continue
        account_create(
            username=spec.username,
            password=DEMO_PASSWORD,
            region=Region.objects.current().get(code=spec.region),
            role=Role.objects.get(slug=spec.role),
            display_name=spec.display_name,
            organisation=spec.organisation,
        )
        created += 1
    industries_load()
    catalogues_seed()
    enterprises = _enterprises()
    rules_seed_national()
    _bind_parties()
    audits = audits_load()
    experts = experts_load()
    reviews = reviews_load()
    return {
        "regions_created": loaded.created,
        "accounts_created": created,
        "enterprises_created": enterprises,
        "audits_created": audits["audits"],
        "experts": experts["experts"],
        "reviews_created": reviews["reviews"],
    }


def _enterprises() -> int:
    """The demo enterprises with their facts and permits; skipped when already there."""
    if Enterprise.objects.filter(credit_code=demo.credit_code(0, "370305")).exists():
        return 0
    regions = {r.code: r for r in Region.objects.current().filter(code__startswith="37")}
    parks = [park_save(name=n, level=lv, region=regions[c], by=None) for n, lv, c in demo.PARKS]
    made = []
    for i, (name, county, industry, scale, park, key_unit, contact) in enumerate(demo.ENTERPRISES):
        made.append(
            enterprise_save(
                by=None,
                data={
                    "credit_code": demo.credit_code(i, county),
                    "name": name,
                    "region": county,
                    "address": f"{regions[county].name}示范路{i + 1}号",
                    "industry": industry,
                    "scale": scale,
                    "park": parks[park].name if park is not None else "",
                    "status": "operating",
                    "key_pollutant_unit": key_unit,
                    "contact_name": contact[0],
                    "contact_phone": contact[1],
                },
            )
        )
    for i, rows in demo.EXCEEDANCES.items():
        for kind, pollutant, day, source, ref, measured, limit, unit in rows:
            fact_add(
                fact="exceedance",
                enterprise=made[i],
                by=None,
                kind=kind,
                pollutant=pollutant,
                occurred_on=datetime.date.fromisoformat(day),
                source=source,
                reference=ref,
                measured=Decimal(measured),
                limit=Decimal(limit),
                unit=unit,
            )
    for i, rows in demo.ENERGY.items():
        for year, total, product, unit_use, quota, unit, standard in rows:
            fact_add(
                fact="energy_use",
                enterprise=made[i],
                by=None,
                year=year,
                total_tce=Decimal(total),
                product=product,
                unit_consumption=Decimal(unit_use),
                quota=Decimal(quota),
                quota_unit=unit,
                quota_standard=standard,
            )
    for i, rows in demo.TOXIC.items():
        for category, substance, mode, year, amount in rows:
            fact_add(
                fact="toxic_substance",
                enterprise=made[i],
                by=None,
                category=category,
                name=substance,
                mode=mode,
                year=year,
                amount_t=Decimal(amount),
            )
    for i, rows in demo.WASTE.items():
        for year, code, amount in rows:
            fact_add(
                fact="hazardous_waste",
                enterprise=made[i],
                by=None,
                year=year,
                waste_code=code,
                amount_t=Decimal(amount),
            )
    for i, (category, start, end, allowed) in demo.PERMITS.items():
        permit_save(
            number=f"{made[i].credit_code}001P",
            enterprise=made[i],
            category=category,
            valid_from=datetime.date.fromisoformat(start),
            valid_to=datetime.date.fromisoformat(end),
            allowances=[(p, Decimal(t)) for p, t in allowed],
            by=None,
            issued_by="淄博市生态环境局",
        )
    return len(made)


def _bind_parties() -> None:
    """Demo enterprise users act for their enterprise, agency staff for their agency."""
    agencies = agencies_load()
    bindings = [
        (
            username,
            "enterprise_user",
            Enterprise.objects.get(credit_code=demo.credit_code(i, demo.ENTERPRISES[i][1])).pk,
        )
        for username, i in ENTERPRISE_BINDINGS.items()
    ] + [(username, "agency_staff", agencies[i].pk) for username, i in AGENCY_BINDINGS.items()]
    for username, role, party_id in bindings:
        assignment = RoleAssignment.objects.filter(
            user__username=username, role__slug=role, party_id__isnull=True
        ).first()
        if assignment is not None:
            role_bind_party(assignment=assignment, party_id=party_id)

"""Loading GB/T 4754-2017 and the bundled industry catalogues; catalogue versions."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.core.errors import DomainError
from cleanprod.regions.models import ROOT_CODE, Region
from cleanprod.registry.models import CatalogueEntry, Industry, IndustryCatalogue
from cleanprod.trail.models import TrailEvent
from cleanprod.trail.services import trail_record

DATA = Path(__file__).resolve().parent.parent / "data"
INDUSTRY_FILE = DATA / "gbt4754-2017.csv"
CATALOGUE_FILE = DATA / "catalogues.csv"
LEVELS = ["section", "division", "group", "class"]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def industries_load(*, path: Path = INDUSTRY_FILE) -> int:
    """Create the codes missing from the table (parents first); returns how many were added.
    Running it again adds nothing; names already there are updated if the file changed."""
    rows = sorted(_read(path), key=lambda r: LEVELS.index(r["level"]))
    known = {i.code: i for i in Industry.objects.all()}
    added = 0
    for row in rows:
        code = row["code"].strip()
        existing = known.get(code)
        if existing is not None:
            if existing.name != row["name_zh"] or existing.name_en != row["name_en"]:
                existing.name, existing.name_en = row["name_zh"], row["name_en"]
                existing.save(update_fields=["name", "name_en"])
            continue
        parent = known.get(row["parent_code"].strip()) if row["parent_code"] else None
        industry = Industry.objects.create(
            code=code,
            name=row["name_zh"],
            name_en=row["name_en"],
            level=row["level"],
            parent=parent,
            path=f"{parent.path if parent else ''}{code}/",
        )
        known[code] = industry
        added += 1
    return added


@transaction.atomic
def catalogues_seed(*, path: Path = CATALOGUE_FILE) -> int:
    """Create the bundled national catalogues as published version 1 (once)."""
    root = Region.objects.current().get(code=ROOT_CODE)
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _read(path):
        grouped[row["slug"]].append(row)
    wanted = {code for rows in grouped.values() for row in rows for code in row["codes"].split()}
    industries = dict(Industry.objects.filter(code__in=wanted).values_list("code", "pk"))
    created = 0
    for slug, rows in grouped.items():
        if IndustryCatalogue.objects.filter(slug=slug, region=root).exists():
            continue
        head = rows[0]
        catalogue = IndustryCatalogue.objects.create(
            slug=slug,
            name=head["name"],
            kind=head["kind"],
            region=root,
            cycle_years=int(head["cycle_years"]) if head["cycle_years"] else None,
            source=head["source"],
            status=IndustryCatalogue.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        entries = []
        for row in rows:
            for code in row["codes"].split():
                if code not in industries:
                    raise DomainError(
                        "catalogue.unknown_code",
                        _("Unknown industry code %(code)s.") % {"code": code},
                    )
                industry = industries[code]
                entries.append(
                    CatalogueEntry(catalogue=catalogue, industry_id=industry, tag=row["tag"])
                )
        CatalogueEntry.objects.bulk_create(entries)
        created += 1
    return created


@transaction.atomic
def catalogue_new_version(*, catalogue: IndustryCatalogue, by: Any) -> IndustryCatalogue:
    """Copy a frozen catalogue into a new draft version; the published one stays in force."""
    catalogue = IndustryCatalogue.objects.select_for_update().get(pk=catalogue.pk)
    ensure_allowed(by, "registry.change_industrycatalogue", catalogue)
    latest = (
        IndustryCatalogue.objects.filter(slug=catalogue.slug, region=catalogue.region)
        .order_by("-version")
        .first()
    )
    if latest is not None and latest.status == IndustryCatalogue.Status.DRAFT:
        raise DomainError(
            "catalogue.draft_exists",
            _("Version %(v)d is already a draft; edit that one.") % {"v": latest.version},
        )
    draft = IndustryCatalogue.objects.create(
        slug=catalogue.slug,
        name=catalogue.name,
        kind=catalogue.kind,
        region=catalogue.region,
        cycle_years=catalogue.cycle_years,
        source=catalogue.source,
        version=(latest.version if latest else catalogue.version) + 1,
    )
    CatalogueEntry.objects.bulk_create(
        CatalogueEntry(catalogue=draft, industry_id=e.industry_id, tag=e.tag)
        for e in catalogue.entries.all()
    )
    trail_record(
        TrailEvent.Action.CATALOGUE_CHANGED,
        by=by,
        obj=draft,
        region_path=catalogue.region.path,
        details={"slug": draft.slug, "version": draft.version, "step": "new_version"},
    )
    return draft


@transaction.atomic
def catalogue_publish(*, catalogue: IndustryCatalogue, by: Any) -> IndustryCatalogue:
    """Publish a draft: it becomes the version in force and the previous one retires."""
    catalogue = IndustryCatalogue.objects.select_for_update().get(pk=catalogue.pk)
    ensure_allowed(by, "registry.change_industrycatalogue", catalogue)
    if catalogue.is_frozen:
        raise DomainError("catalogue.frozen", _("Only a draft can be published."), status=409)
    for old in IndustryCatalogue.objects.select_for_update().filter(
        slug=catalogue.slug, region=catalogue.region, status=IndustryCatalogue.Status.PUBLISHED
    ):
        old.status = IndustryCatalogue.Status.RETIRED
        old.save(update_fields=["status"])
    catalogue.status = IndustryCatalogue.Status.PUBLISHED
    catalogue.published_at, catalogue.published_by = timezone.now(), by
    catalogue.save(update_fields=["status", "published_at", "published_by"])
    trail_record(
        TrailEvent.Action.CATALOGUE_CHANGED,
        by=by,
        obj=catalogue,
        region_path=catalogue.region.path,
        details={"slug": catalogue.slug, "version": catalogue.version, "step": "published"},
    )
    return catalogue


@transaction.atomic
def catalogue_create(
    *,
    slug: str,
    name: str,
    region: Region,
    by: Any,
    cycle_years: int | None = None,
    source: str = "",
) -> IndustryCatalogue:
    """A region's own catalogue, as a draft version 1."""
    ensure_allowed(by, "registry.add_industrycatalogue", region)
    if IndustryCatalogue.objects.filter(slug=slug, region=region).exists():
        raise DomainError(
            "catalogue.exists",
            _("%(region)s already has a catalogue “%(slug)s”.") % {"region": region, "slug": slug},
            fields={"slug": [slug]},
        )
    catalogue = IndustryCatalogue(
        slug=slug,
        name=name,
        region=region,
        cycle_years=cycle_years,
        kind=IndustryCatalogue.Kind.LOCAL,
        source=source,
    )
    catalogue.full_clean()
    catalogue.save()
    trail_record(
        TrailEvent.Action.CATALOGUE_CHANGED,
        by=by,
        obj=catalogue,
        region_path=region.path,
        details={"slug": slug, "step": "created"},
    )
    return catalogue


def _draft(catalogue: IndustryCatalogue, by: Any) -> IndustryCatalogue:
    catalogue = IndustryCatalogue.objects.select_for_update().get(pk=catalogue.pk)
    ensure_allowed(by, "registry.change_industrycatalogue", catalogue)
    if catalogue.is_frozen:
        raise DomainError(
            "catalogue.frozen",
            _("A published version is frozen; start a new version to change it."),
            status=409,
        )
    return catalogue


@transaction.atomic
def catalogue_entry_add(
    *, catalogue: IndustryCatalogue, code: str, tag: str, by: Any
) -> CatalogueEntry:
    """Add a code (covering its sub-codes) to a draft."""
    catalogue = _draft(catalogue, by)
    industry = Industry.objects.filter(code=code.strip().upper()).first()
    if industry is None:
        raise DomainError(
            "catalogue.unknown_code",
            _("Unknown industry code %(code)s.") % {"code": code},
            fields={"code": [code]},
        )
    entry, _created = CatalogueEntry.objects.update_or_create(
        catalogue=catalogue, industry=industry, defaults={"tag": tag.strip()}
    )
    trail_record(
        TrailEvent.Action.CATALOGUE_CHANGED,
        by=by,
        obj=catalogue,
        region_path=catalogue.region.path,
        details={"slug": catalogue.slug, "added": industry.code, "tag": entry.tag},
    )
    return entry


@transaction.atomic
def catalogue_entry_remove(*, entry: CatalogueEntry, by: Any) -> None:
    """Take a code out of a draft."""
    catalogue = _draft(entry.catalogue, by)
    trail_record(
        TrailEvent.Action.CATALOGUE_CHANGED,
        by=by,
        obj=catalogue,
        region_path=catalogue.region.path,
        details={"slug": catalogue.slug, "removed": entry.industry.code},
    )
    entry.delete()

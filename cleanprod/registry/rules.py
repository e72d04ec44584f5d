"""The rules one enterprise record must meet, as a plain function: the single check behind a
page edit, an API write and every row of an imported spreadsheet (fast enough for 10,000s of
rows, which a Django form per row is not)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from cleanprod.regions.models import Region
from cleanprod.registry import credit_codes
from cleanprod.registry.models import Enterprise, Industry, Park

TEXT_LIMITS = {
    "name": 120,
    "former_names": 400,
    "address": 200,
    "contact_name": 40,
    "contact_phone": 30,
}
COORDINATES = {"longitude": (Decimal(73), Decimal(136)), "latitude": (Decimal(3), Decimal(54))}
SCALES = {v for v, _label in Enterprise.Scale.choices}
STATUSES = {v for v, _label in Enterprise.Status.choices}


class Lookups:
    """Regions, industries and parks by code or name, read once (for a whole spreadsheet)."""

    def __init__(self) -> None:
        self._regions: dict[str, Region] | None = None
        self._by_name: dict[str, list[Region]] = {}
        self._industries: dict[str, Industry] | None = None
        self._parks: dict[str, Park] | None = None

    def load(self) -> Lookups:
        """Read everything now, so that no later look-up queries the database (an import
        checks rows while a COPY holds the connection)."""
        self._load_regions()
        self._load_industries()
        self._load_parks()
        return self

    def region(self, code_or_name: str) -> Region | list[Region] | None:
        """The unit in force with this code, or the county-level units with this name."""
        regions = self._load_regions()
        if code_or_name.isdigit():
            return regions.get(code_or_name)
        return self._by_name.get(code_or_name, [])

    def industry(self, code: str) -> Industry | None:
        return self._load_industries().get(code.strip().upper())

    def park(self, name: str) -> Park | None:
        return self._load_parks().get(name)

    def _load_regions(self) -> dict[str, Region]:
        if self._regions is None:
            self._regions = {}
            for r in Region.objects.current():
                self._regions[r.code] = r
                if r.level == Region.Level.COUNTY:
                    self._by_name.setdefault(r.name, []).append(r)
        return self._regions

    def _load_industries(self) -> dict[str, Industry]:
        if self._industries is None:
            self._industries = {i.code: i for i in Industry.objects.all()}
        return self._industries

    def _load_parks(self) -> dict[str, Park]:
        if self._parks is None:
            self._parks = {p.name: p for p in Park.objects.select_related("region")}
        return self._parks


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _industry(lookups: Lookups, code: str) -> Industry:
    industry = lookups.industry(code)
    if industry is None or industry.level == Industry.Level.SECTION:
        raise ValueError(
            _("“%(code)s” is not a GB/T 4754-2017 division, group or class code.") % {"code": code}
        )
    return industry


def _region(lookups: Lookups, value: str) -> Region:
    found = lookups.region(value)
    if isinstance(found, list):
        if len(found) > 1:
            raise ValueError(
                _("Several counties are called %(name)s (%(codes)s); give the code.")
                % {"name": value, "codes": ", ".join(r.code for r in found)}
            )
        found = found[0] if found else None
    if found is None:
        raise ValueError(_("No region in force has the code or name %(code)s.") % {"code": value})
    if found.level != Region.Level.COUNTY:
        raise ValueError(_("%(region)s is not a county-level region.") % {"region": found})
    return found


def enterprise_clean(
    data: Mapping[str, Any], lookups: Lookups
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Check one enterprise record given as raw values (codes for region and industries, the
    park's name). Returns the cleaned values (model instances for references) and the errors
    by field; a field with an error is absent from the cleaned values."""
    clean: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    code = credit_codes.normalise(_text(data.get("credit_code")))
    if not code:
        fail("credit_code", _("This value is required."))
    elif problems := credit_codes.problems(code):
        fail("credit_code", problems[0])
    else:
        clean["credit_code"] = code
    for field, limit in TEXT_LIMITS.items():
        value = _text(data.get(field))
        if len(value) > limit:
            fail(field, _("At most %(n)d characters.") % {"n": limit})
        else:
            clean[field] = value
    if "name" in clean and not clean["name"]:
        del clean["name"]
        fail("name", _("This value is required."))
    for field, parse in (("region", _region), ("industry", _industry)):
        value = _text(data.get(field))
        if not value:
            fail(field, _("This value is required."))
            continue
        try:
            clean[field] = parse(lookups, value)
        except ValueError as exc:
            fail(field, str(exc))
    others = data.get("other_industries") or []
    if isinstance(others, str):
        others = others.replace("；", ";").split(";")
    try:
        clean["other_industries"] = [_industry(lookups, _text(c)) for c in others if _text(c)]
    except ValueError as exc:
        fail("other_industries", str(exc))
    for field, (low, high) in COORDINATES.items():
        value = data.get(field)
        if value in (None, ""):
            clean[field] = None
            continue
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            fail(field, _("Enter a number."))
            continue
        if not low <= number <= high:
            fail(field, _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high})
        else:
            clean[field] = number.quantize(Decimal("0.000001"))
    scale, status = _text(data.get("scale")), _text(data.get("status")) or "operating"
    if scale and scale not in SCALES:
        fail("scale", _("“%(value)s” is not an allowed scale.") % {"value": scale})
    else:
        clean["scale"] = scale
    if status not in STATUSES:
        fail("status", _("“%(value)s” is not an allowed status.") % {"value": status})
    else:
        clean["status"] = status
    clean["key_pollutant_unit"] = bool(data.get("key_pollutant_unit"))
    park_name = _text(data.get("park"))
    clean["park"] = None
    if park_name:
        park = lookups.park(park_name)
        if park is None:
            fail("park", _("No industrial park is called “%(name)s”.") % {"name": park_name})
        elif "region" in clean and not clean["region"].path.startswith(park.region.path):
            fail(
                "park",
                _("%(park)s is not in %(region)s.") % {"park": park, "region": clean["region"]},
            )
        else:
            clean["park"] = park
    return clean, errors


# What an enterprise may correct in its own record (officials confirm each correction): how to
# reach it and whom to call. Identity, region, industry and the screening facts stay with the
# authorities.
ENTERPRISE_EDITABLE = (
    "former_names",
    "address",
    "longitude",
    "latitude",
    "scale",
    "contact_name",
    "contact_phone",
)

FIELDS = [
    "credit_code",
    "name",
    "former_names",
    "region",
    "address",
    "longitude",
    "latitude",
    "industry",
    "scale",
    "park",
    "status",
    "key_pollutant_unit",
    "contact_name",
    "contact_phone",
]


def enterprise_values(enterprise: Enterprise) -> dict[str, Any]:
    """The record as raw values, in the shape `enterprise_clean` reads."""
    return {
        **{f: getattr(enterprise, f) for f in FIELDS if f not in ("region", "industry", "park")},
        "region": enterprise.region.code,
        "industry": enterprise.industry.code,
        "park": enterprise.park.name if enterprise.park else "",
        "other_industries": [i.code for i in enterprise.other_industries.all()],
    }


def enterprise_apply(enterprise: Enterprise, clean: Mapping[str, Any]) -> list[str]:
    """Copy cleaned values onto the record; returns the names of the fields that changed."""
    changed = []
    for field in FIELDS:
        attname = f"{field}_id" if field in ("region", "industry", "park") else field
        value = clean[field]
        new = value.pk if attname.endswith("_id") and value is not None else value
        if getattr(enterprise, attname) != new:
            changed.append(field)
            setattr(enterprise, field, value)
    enterprise.industry_path = enterprise.industry.path
    return changed

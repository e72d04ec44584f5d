"""Column specs of the screening-fact spreadsheets (exceedances, energy use, toxic substances,
hazardous waste); each row names its enterprise by credit code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from cleanprod.core.excel import Column, ColumnSpec
from cleanprod.registry.models import EnergyUse, Exceedance, HazardousWaste, ToxicSubstance

CREDIT = Column(
    "credit_code",
    _("Unified social credit code"),
    "code",
    required=True,
    width=22,
    help=_("The enterprise; it must be in the enterprise registry."),
)
YEAR = Column("year", _("Year"), "int", required=True, min_value=1990, max_value=2100)


@dataclass(frozen=True)
class FactSheet:
    """A fact registry: its spec, its model and the fields that identify a row (with the
    enterprise), so a second import of the same file changes nothing."""

    spec: ColumnSpec
    model: type[models.Model]
    key: tuple[str, ...]
    example: dict[str, Any]


FACT_SHEETS: dict[str, FactSheet] = {
    "exceedances": FactSheet(
        ColumnSpec(
            _("Exceedances"),
            [
                CREDIT,
                Column("kind", _("Kind"), "choice", required=True, choices=Exceedance.Kind.choices),
                Column("pollutant", _("Pollutant"), required=True, max_length=40),
                Column("occurred_on", _("Date"), "date", required=True),
                Column(
                    "source",
                    _("Source"),
                    "choice",
                    required=True,
                    choices=Exceedance.Source.choices,
                ),
                Column("reference", _("Reference"), max_length=120),
                Column("measured", _("Measured"), "decimal"),
                Column("limit", _("Limit"), "decimal"),
                Column("unit", _("Unit"), max_length=20),
            ],
        ),
        Exceedance,
        ("kind", "pollutant", "occurred_on"),
        {
            "credit_code": "91370305MA0000001J",
            "kind": "standard",
            "pollutant": "化学需氧量",
            "source": "online",
            "measured": "112.5",
            "limit": "100",
            "unit": "mg/L",
        },
    ),
    "energy": FactSheet(
        ColumnSpec(
            _("Energy use"),
            [
                CREDIT,
                YEAR,
                Column(
                    "total_tce",
                    _("Comprehensive energy consumption (tce)"),
                    "decimal",
                    required=True,
                    min_value=0,
                ),
                Column("product", _("Product"), max_length=60),
                Column("unit_consumption", _("Unit-product consumption"), "decimal", min_value=0),
                Column("quota", _("Unit-product quota"), "decimal", min_value=0),
                Column("quota_unit", _("Unit"), max_length=30),
                Column("quota_standard", _("Quota standard"), max_length=60),
            ],
        ),
        EnergyUse,
        ("year", "product"),
        {
            "credit_code": "91370303MA0000007B",
            "year": 2025,
            "total_tce": "42000",
            "product": "陶瓷砖",
            "unit_consumption": "7.4",
            "quota": "6.5",
            "quota_unit": "kgce/m²",
            "quota_standard": "GB 21252-2013",
        },
    ),
    "toxic": FactSheet(
        ColumnSpec(
            _("Toxic and harmful substances"),
            [
                CREDIT,
                YEAR,
                Column(
                    "category",
                    _("Category"),
                    "choice",
                    required=True,
                    choices=ToxicSubstance.Category.choices,
                ),
                Column("name", _("Substance"), required=True, max_length=80),
                Column(
                    "mode",
                    _("Use or discharge"),
                    "choice",
                    required=True,
                    choices=ToxicSubstance.Mode.choices,
                ),
                Column("amount_t", _("Amount (t/a)"), "decimal", min_value=0),
            ],
        ),
        ToxicSubstance,
        ("year", "category", "name"),
        {
            "credit_code": "91370303MA0000006R",
            "year": 2025,
            "category": "heavy_metal",
            "name": "六价铬",
            "mode": "both",
            "amount_t": "0.85",
        },
    ),
    "hazardous-waste": FactSheet(
        ColumnSpec(
            _("Hazardous waste generated"),
            [
                CREDIT,
                YEAR,
                Column("waste_code", _("Waste category"), "code", required=True, max_length=10),
                Column("amount_t", _("Generated (t)"), "decimal", required=True, min_value=0),
            ],
        ),
        HazardousWaste,
        ("year", "waste_code"),
        {
            "credit_code": "91370303MA0000006R",
            "year": 2025,
            "waste_code": "HW17",
            "amount_t": "46.5",
        },
    ),
}
